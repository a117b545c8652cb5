/* Two CPU-bound threads against one: each thread runs the same integer loop, sharing nothing,
 * so on a 2-core host `threads 2` should take about the wall time of `threads 1`. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *work(void *arg) {
  unsigned long h = 1469598103934665603ul + (unsigned long)arg;
  for (unsigned long i = 0; i < 60000000ul; i++) h = (h ^ i) * 1099511628211ul;
  return (void *)h;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  if (n < 1 || n > 64) n = 1;
  pthread_t th[64];
  for (long i = 0; i < n; i++) pthread_create(&th[i], NULL, work, (void *)i);
  unsigned long x = 0;
  for (int i = 0; i < n; i++) {
    void *r;
    pthread_join(th[i], &r);
    x ^= (unsigned long)r;
  }
  printf("%d threads: %lx\n", n, x);
  return 0;
}
