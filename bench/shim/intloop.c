/* CPU-bound integer work: a sieve, Collatz lengths and a hash loop. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  enum { N = 2000000 };
  static unsigned char comp[N];
  long primes = 0;
  for (long i = 2; i < N; i++) {
    if (comp[i]) continue;
    primes++;
    for (long j = i * i; j < N; j += i) comp[j] = 1;
  }
  long best = 0, arg = 0;
  for (long n = 1; n < 300000; n++) {
    long x = n, steps = 0;
    while (x != 1) { x = (x & 1) ? 3 * x + 1 : x >> 1; steps++; }
    if (steps > best) { best = steps; arg = n; }
  }
  unsigned long h = 1469598103934665603ul;
  for (unsigned long i = 0; i < 20000000ul; i++) h = (h ^ i) * 1099511628211ul;
  printf("%ld %ld %ld %lu\n", primes, arg, best, h);
  return 0;
}
