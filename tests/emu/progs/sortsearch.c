/* qsort, bsearch and the string and memory functions of the C library. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int icmp(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int scmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  enum { N = 2000 };
  static int v[N];
  unsigned s = 12345;
  for (int i = 0; i < N; i++) { s = s * 1103515245u + 12345u; v[i] = (int)(s >> 8) % 100000; }
  qsort(v, N, sizeof v[0], icmp);
  long sum = 0;
  for (int i = 0; i < N; i++) sum += (long)v[i] * (i + 1);
  printf("sorted first %d last %d weighted %ld\n", v[0], v[N - 1], sum);
  int key = v[N / 3];
  int *hit = bsearch(&key, v, N, sizeof v[0], icmp);
  printf("bsearch found %d\n", hit ? *hit == key : -1);
  key = -5;
  printf("bsearch missing %p\n", bsearch(&key, v, N, sizeof v[0], icmp));
  const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry"};
  qsort(words, 7, sizeof words[0], scmp);
  for (int i = 0; i < 7; i++) printf("%s ", words[i]);
  printf("\n");

  char buf[128] = "The quick brown fox jumps over the lazy dog";
  printf("strlen %zu strchr %s strrchr %s strstr %s\n", strlen(buf), strchr(buf, 'q'),
         strrchr(buf, 'o'), strstr(buf, "fox"));
  printf("strcmp %d %d %d strncmp %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
         strcmp("x", "x"), strncmp("abcdef", "abcxyz", 3));
  printf("strspn %zu strcspn %zu\n", strspn(buf, "The "), strcspn(buf, "xyz"));
  char copy[128];
  memcpy(copy, buf, sizeof buf);
  memmove(copy + 4, copy, 20);
  printf("memmove %s\n", copy);
  memset(copy, '*', 10);
  printf("memset %.20s memcmp %d\n", copy, memcmp(buf, copy, 5) != 0);
  char tok[] = "a,b;;c,,d";
  for (char *t = strtok(tok, ",;"); t; t = strtok(NULL, ",;")) printf("tok %s ", t);
  printf("\n");
  for (char *c = buf; *c; c++) *c = (char)toupper((unsigned char)*c);
  printf("upper %s\n", buf);
  char *d = strdup("duplicate");
  strcat(copy, "!");
  printf("strdup %s strncpy ", d);
  strncpy(copy, "xyz", 2);
  printf("%.5s\n", copy);
  free(d);
  char big[10000];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  printf("long strlen %zu memchr %d\n", strlen(big), memchr(big, 'b', sizeof big) == NULL);
  void *m = malloc(1 << 20);
  memset(m, 1, 1 << 20);
  m = realloc(m, 1 << 22);
  printf("realloc kept %d\n", ((unsigned char *)m)[(1 << 20) - 1]);
  free(m);
  return 0;
}
