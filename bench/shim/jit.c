/* A JIT's pattern: code is written into an RWX page and run, over and over, between calls to
 * ordinary library code (qsort, snprintf). A code cache that forgets everything at each code
 * write re-decodes the library every time; one that forgets per page does not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(void) {
  uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long sum = 0;
  char buf[64];
  int a[32];
  for (int k = 0; k < 100000; k++) {
    p[0] = 0xb8; /* mov eax, k; ret */
    memcpy(p + 1, &k, 4);
    p[5] = 0xc3;
    sum += ((int (*)(void))p)();
    for (int j = 0; j < 32; j++) a[j] = (j * 7919 + k) % 101;
    qsort(a, 32, sizeof a[0], cmp);
    sum += a[k % 32] + snprintf(buf, sizeof buf, "%d %s", k, "x");
  }
  printf("%ld\n", sum);
  return 0;
}
