/* The nacre executable does not link libm: the math functions it calls are defined here and
 * load libm on their first call. Mapping and relocating libm at start-up (its ifunc resolvers
 * run across the whole library) took a tenth of `nacre -e ''` and its pages a third of a MB
 * of a small script's peak memory, for functions most scripts never call (floor, ceil and
 * sqrt compile to instructions; frexp and ldexp are in libc). C modules and ffi.C lookups
 * that expect libm in the process, as lua(1) has it, load it too (stdlib/package.c,
 * stdlib/ffi/clib.c), and so does a descriptor limit (runtime/limits.c). libnacre.so links libm
 * as usual. */
#include <dlfcn.h>
#include <gnu/lib-names.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The function named `name` in libm. A process that cannot load libm stops, as it would not
 * have started had libm been linked. */
static void *libmsym(const char *name) {
  void *lib = dlopen(LIBM_SO, RTLD_NOW | RTLD_GLOBAL), *f = lib != NULL ? dlsym(lib, name) : NULL;
  if (f == NULL) {
    fprintf(stderr, "nacre: cannot load %s from libm: %s\n", name, dlerror());
    abort();
  }
  return f;
}

/* Each function resolves itself on its first call; a race resolves twice to the same address. */
#define LIBM1(name)                                                          \
  double name(double x) {                                                    \
    static double (*f)(double);                                              \
    double (*g)(double) = __atomic_load_n(&f, __ATOMIC_RELAXED);             \
    if (g == NULL) {                                                         \
      g = (double (*)(double))libmsym(#name);                                \
      __atomic_store_n(&f, g, __ATOMIC_RELAXED);                             \
    }                                                                        \
    return g(x);                                                             \
  }
#define LIBM2(name)                                                          \
  double name(double x, double y) {                                          \
    static double (*f)(double, double);                                      \
    double (*g)(double, double) = __atomic_load_n(&f, __ATOMIC_RELAXED);     \
    if (g == NULL) {                                                         \
      g = (double (*)(double, double))libmsym(#name);                        \
      __atomic_store_n(&f, g, __ATOMIC_RELAXED);                             \
    }                                                                        \
    return g(x, y);                                                          \
  }

LIBM1(acos) LIBM1(asin) LIBM1(cos) LIBM1(cosh) LIBM1(exp) LIBM1(log) LIBM1(log10) LIBM1(log2)
LIBM1(sin) LIBM1(sinh) LIBM1(sqrt) LIBM1(tan) LIBM1(tanh)
LIBM2(atan2) LIBM2(fmod) LIBM2(pow)
