/* The math library: results printed to full precision; the host CPU is the oracle. */
#include <math.h>
#include <stdio.h>

int main(void) {
  double xs[] = {0.5, 1.0, 2.0, 3.14159265358979, 10.0, 1e-5, 123.456};
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    printf("x=%.17g sin=%.17g cos=%.17g tan=%.17g exp=%.17g log=%.17g\n", x, sin(x), cos(x),
           tan(x), exp(x), log(x));
    printf("  sqrt=%.17g cbrt=%.17g pow=%.17g atan2=%.17g fmod=%.17g hypot=%.17g\n", sqrt(x),
           cbrt(x), pow(x, 1.7), atan2(x, 2.0), fmod(x * 7, 3.0), hypot(x, 3.0));
    printf("  floor=%g ceil=%g round=%g trunc=%g lround=%ld log10=%.17g log2=%.17g\n",
           floor(x * 3.3), ceil(x * 3.3), round(x * 3.3), trunc(-x * 3.3), lround(x * 2.5),
           log10(x), log2(x));
  }
  printf("sinh=%.17g cosh=%.17g tanh=%.17g asin=%.17g acos=%.17g atan=%.17g\n", sinh(1.5),
         cosh(1.5), tanh(0.5), asin(0.3), acos(0.3), atan(7.0));
  printf("erf=%.17g lgamma=%.17g tgamma=%.17g expm1=%.17g log1p=%.17g\n", erf(0.5), lgamma(4.5),
         tgamma(4.5), expm1(1e-3), log1p(1e-3));
  printf("nan=%d inf=%d %g %g\n", isnan(sqrt(-1.0)), isinf(1.0 / 0.0), nan(""), -HUGE_VAL);
  float f = 1.1f;
  printf("float %.9g %.9g %.9g\n", f * f, sqrtf(f), sinf(f));
  long double l = 2.0L;
  printf("long double %.20Lg %.20Lg %.20Lg\n", sqrtl(l), expl(l), logl(l));
  int e;
  double m = frexp(1234.5, &e);
  printf("frexp %.17g %d ldexp %.17g modf ", m, e, ldexp(0.75, 10));
  double ip;
  printf("%.17g %.17g\n", modf(-3.75, &ip), ip);
  return 0;
}
