/* vm_fmtfloat (vm/number.c), the exact float formatter behind tostring and string.format's
 * %f/%g fast paths, against the C library's snprintf: wherever it answers it must write
 * exactly what snprintf writes. Values: random bit patterns, decimals with few digits, ties
 * at every rounding position, integers near powers of ten, halves and sevenths.
 * One PASS/FAIL line per kind of value; prints how many values took the fast path. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/number.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) { /* xorshift64 */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static long checked, fast, bad;

static void check(double d) {
  static const int precs[] = {0, 1, 2, 3, 5, 6, 10, 14, 16, 17, 19, 20};
  for (size_t i = 0; i < sizeof precs / sizeof precs[0]; i++) {
    for (int conv = 0; conv < 2; conv++) {
      char want[512], got[64], form[16];
      int prec = precs[i];
      int c = conv ? 'g' : 'f';
      snprintf(form, sizeof form, "%%.%d%c", prec, c);
      int wl = snprintf(want, sizeof want, form, d);
      int gl = vm_fmtfloat(got, d, c, prec);
      checked++;
      if (gl < 0) continue;
      fast++;
      if (gl != wl || strcmp(got, want) != 0) {
        if (bad++ < 10) printf("  %s of %a: printf \"%s\", fast \"%s\"\n", form, d, want, got);
      }
    }
  }
}

static void report(const char *name) {
  printf("%s c_fmtfloat_%s (%ld checks, %ld on the fast path)\n", bad ? "FAIL" : "PASS", name,
         checked, fast);
  checked = fast = bad = 0;
}

int main(void) {
  for (int i = 0; i < 50000; i++) { /* random bit patterns, all exponents */
    uint64_t b = next();
    double d;
    memcpy(&d, &b, sizeof d);
    check(d);
  }
  report("random_bits");
  for (int i = 0; i < 50000; i++) { /* magnitudes where the fast path applies */
    double d = ldexp((double)(next() >> 11), (int)(next() % 140) - 120);
    check(next() & 1 ? -d : d);
  }
  report("random_range");
  for (int i = 0; i < 25000; i++) { /* short decimals: n / 10^k */
    double d = (double)(int64_t)(next() % 2000000001 - 1000000000) / pow(10, (double)(next() % 12));
    check(d);
  }
  report("decimals");
  for (int i = 0; i < 25000; i++) { /* exact ties at each position: odd multiples of 2^-k */
    int k = (int)(next() % 12) + 1;
    double d = ldexp((double)(2 * (next() % 100000) + 1), -k);
    check(d);
    check(-d);
  }
  report("ties");
  for (int i = 1; i <= 50000; i++) { /* the benchmarks' values */
    check(i / 7.0);
    check(i + 0.5);
    check(i * 1.5);
    check(i * 0.1);
  }
  report("sequences");
  for (int k = -30; k <= 30; k++) { /* around powers of ten: carries into a new digit */
    double p = pow(10, k);
    for (int j = -3; j <= 3; j++) {
      check(nextafter(p, j < 0 ? 0 : INFINITY) * (1 + j * 1e-15));
      check(p * (1 - 5e-15) + 0 * j);
      check(p * 0.99999995);
      check(p * 9.9999995);
    }
  }
  check(0.0);
  check(-0.0);
  check(INFINITY);
  check(NAN);
  check(5e-324);
  check(1.7976931348623157e308);
  report("edges");
  return 0;
}
