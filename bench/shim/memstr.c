/* memcpy, memset, strlen and strcmp over buffers of many sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  enum { SZ = 1 << 20 };
  char *a = malloc(SZ), *b = malloc(SZ);
  memset(a, 'x', SZ - 1);
  a[SZ - 1] = 0;
  unsigned long total = 0;
  for (int round = 0; round < 200; round++) {
    size_t n = (size_t)(round * 5237) % (SZ - 1) + 1;
    memcpy(b, a, n);
    b[n - 1] = 0;
    total += strlen(b);
    total += (unsigned long)(strcmp(a, b) > 0);
    memset(b, round & 0x7f, n);
  }
  char words[4096];
  for (int i = 0; i < 4095; i++) words[i] = (char)('a' + i % 26);
  words[4095] = 0;
  for (int i = 0; i < 200000; i++) total += strlen(words + (i & 4095));
  printf("%lu\n", total);
  return 0;
}
