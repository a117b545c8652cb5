/* A C library for tests/ffi/abi.lua: every kind of value by value, in and out (register and
 * memory classes, floats, unions, bit fields, packed), variadic calls, callbacks that take and
 * return structs, and a global variable. Built by tests/ffi/run into a shared object. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct { int a, b; } ii;
typedef struct { float x, y; } ff;
typedef struct { double x; int y; } di;
typedef struct { int a[10]; } big;
typedef struct { char c; short s; } cs;
typedef struct { float x, y, z; } fff;
typedef union { int i; float f; } uif;
typedef struct { unsigned lo : 4, hi : 4; int rest; } bf;
typedef struct __attribute__((packed)) { char c; int i; } pk;

int ffitest_counter = 7;

int ii_sum(ii v) { return v.a + v.b; }
ii ii_make(int a, int b) { ii r = {a, b}; return r; }
float ff_dot(ff a, ff b) { return a.x * b.x + a.y * b.y; }
ff ff_scale(ff v, float k) { ff r = {v.x * k, v.y * k}; return r; }
double di_mix(di v) { return v.x * v.y; }
di di_make(double x, int y) { di r = {x, y}; return r; }
int big_sum(big v) { int s = 0; for (int i = 0; i < 10; i++) s += v.a[i]; return s; }
big big_make(int k) { big r; for (int i = 0; i < 10; i++) r.a[i] = k * i; return r; }
int cs_sum(cs v) { return v.c + v.s; }
cs cs_make(char c, short s) { cs r = {c, s}; return r; }
float fff_sum(fff v) { return v.x + v.y + v.z; }
fff fff_make(float a) { fff r = {a, a * 2, a * 3}; return r; }
int uif_int(uif u) { return u.i; }
uif uif_float(float f) { uif u; u.f = f; return u; }
int bf_sum(bf v) { return v.lo + v.hi * 100 + v.rest * 10000; }
bf bf_make(unsigned lo, unsigned hi, int rest) { bf r = {lo, hi, rest}; return r; }
int pk_sum(pk v) { return v.c + v.i; }
pk pk_make(char c, int i) { pk r = {c, i}; return r; }

int8_t ret_i8(void) { return -5; }
uint8_t ret_u8(void) { return 250; }
int16_t ret_i16(void) { return -30000; }
uint16_t ret_u16(void) { return 65000; }
bool ret_bool(int x) { return x > 0; }
int64_t ret_i64(void) { return INT64_MIN + 1; }
uint64_t ret_u64(void) { return UINT64_MAX; }
uint32_t ret_u32(void) { return 4000000000u; }
float fmul(float a, float b) { return a * b; }

double many(int a, int b, int c, int d, int e, int f, int g, double x1, double x2, double x3,
            double x4, double x5, double x6, double x7, double x8, double x9, int h) {
  return a + b + c + d + e + f + g + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + h;
}

double vsum(int n, ...) {
  va_list ap;
  double s = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) s += va_arg(ap, double);
  va_end(ap);
  return s;
}

long long vsumll(int n, ...) {
  va_list ap;
  long long s = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) s += va_arg(ap, long long);
  va_end(ap);
  return s;
}

int vstruct(int n, ...) { /* n ii structs by value */
  va_list ap;
  int s = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) { ii v = va_arg(ap, ii); s += v.a * v.b; }
  va_end(ap);
  return s;
}

ii apply_ii(ii (*f)(ii, int), ii v, int k) { return f(v, k); }
double apply_d(double (*f)(double, float, int8_t), double x) { return f(x, 0.5f, -3); }
int call_n(int (*f)(int), int n) { int s = 0; for (int i = 0; i < n; i++) s += f(i); return s; }
void fill_ptr(int *out, int n) { for (int i = 0; i < n; i++) out[i] = i * 3; }
const char *echo(const char *s) { return s; }
