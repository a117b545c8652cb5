/* The nacre executable does not link libm: the math functions it calls are defined here and
 * load libm on their first call. Mapping and relocating libm at start-up (its ifunc resolvers
 * run across the whole library) took a tenth of `nacre -e ''` and its pages a third of a MB
 * of a small script's peak memory, for functions most scripts never call (sqrt compiles to an
 * instruction, floor and ceil are below, frexp, ldexp and modf are in libc). C modules and
 * ffi.C lookups that expect libm in the process, as lua(1) has it, load it too
 * (stdlib/package.c, stdlib/ffi/clib.c), and so does a descriptor limit (runtime/limits.c).
 * A function missing here fails the executable's link. libnacre.so links libm as usual. */
#define _GNU_SOURCE  /* O_PATH */
#include <dlfcn.h>
#include <fcntl.h>
#include <gnu/lib-names.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

/* Loading libm opens its file, which fails once a script has used up its descriptors (a loop
 * of io.open until nil, then math.sin). One descriptor is set aside at start for that load:
 * a descriptor of "/" moved to number 1023 (or the limit's last one, if lower), so that the
 * numbers a script's files get are the ones they would get without it. */
static int sparefd = -1;

__attribute__((constructor)) static void reservefd(void) {
  struct rlimit r;
  rlim_t top = 1024;
  int fd;
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < top) top = r.rlim_cur;
  if (top < 16 || (fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) return;
  sparefd = fcntl(fd, F_DUPFD_CLOEXEC, (int)top - 1);
  close(fd);
}

/* The function named `name` in libm, its first load through the spare descriptor if need be.
 * A process that still cannot load libm stops, as it would not have started had libm been
 * linked. */
static void *libmsym(const char *name) {
  void *lib = dlopen(LIBM_SO, RTLD_NOW | RTLD_GLOBAL), *f;
  int spare = __atomic_exchange_n(&sparefd, -1, __ATOMIC_RELAXED);
  if (spare >= 0) {
    close(spare);  /* loaded or not, the spare's job ends here */
    if (lib == NULL) lib = dlopen(LIBM_SO, RTLD_NOW | RTLD_GLOBAL);
  }
  f = lib != NULL ? dlsym(lib, name) : NULL;
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

/* floor and ceil, which compilers emit as calls where they do not inline them (math.floor,
 * floor division), are done here: loading libm for them would undo the point. Exact for every
 * double: those of magnitude 2^52 or more (and infinities, NaN) are integers already; below,
 * truncation through int64_t is exact, and a zero result takes x's sign (floor(-0.0) and
 * ceil(-0.5) are -0.0). */
double floor(double x) {
  double t;
  if (!(x > -0x1p52 && x < 0x1p52)) return x;
  t = (double)(int64_t)x;
  if (t > x) t -= 1.0;
  return t != 0.0 ? t : copysign(0.0, x);
}

double ceil(double x) {
  double t;
  if (!(x > -0x1p52 && x < 0x1p52)) return x;
  t = (double)(int64_t)x;
  if (t < x) t += 1.0;
  return t != 0.0 ? t : copysign(0.0, x);
}

LIBM1(acos) LIBM1(asin) LIBM1(cos) LIBM1(cosh) LIBM1(exp) LIBM1(log) LIBM1(log10) LIBM1(log2)
LIBM1(sin) LIBM1(sinh) LIBM1(sqrt) LIBM1(tan) LIBM1(tanh)
LIBM2(atan2) LIBM2(fmod) LIBM2(pow)
