-- libc through ffi.C: strings, variadic calls, callbacks, errno, out-parameters.
local ffi = require "ffi"
ffi.cdef [[
size_t strlen(const char *s);
int snprintf(char *buf, size_t n, const char *fmt, ...);
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
int open(const char *path, int flags, ...);
char *strerror(int errnum);
long strtol(const char *s, char **end, int base);
int abs(int);
char *strcpy(char *dst, const char *src);
int memcmp(const void *a, const void *b, size_t n);
void *memset(void *p, int c, size_t n);
typedef struct { long quot, rem; } ldiv_t;
ldiv_t ldiv(long, long);
char *getenv(const char *name);
int atoi(const char *);
]]
local C = ffi.C
--## strlen
print(tonumber(C.strlen("hello")), tonumber(C.strlen("")))
--## snprintf-varargs
local buf = ffi.new("char[64]")
local n = C.snprintf(buf, 64, "%d|%s|%.3f|%c|%ld", ffi.new("int", 42), "str", 3.14159,
                     ffi.new("char", 65), ffi.new("long", -7))
print(n, ffi.string(buf))
--## snprintf-truncates
local small = ffi.new("char[4]")
print(C.snprintf(small, 4, "%s", "abcdef"), ffi.string(small))
--## qsort-lua-comparator
local arr = ffi.new("int[8]", {5, 3, 9, 1, 7, 2, 8, 0})
local calls = 0
C.qsort(arr, 8, ffi.sizeof("int"), function(a, b)
  calls = calls + 1
  local x, y = ffi.cast("const int *", a)[0], ffi.cast("const int *", b)[0]
  return x < y and -1 or (x > y and 1 or 0)
end)
local t = {}
for i = 0, 7 do t[#t + 1] = arr[i] end
print(table.concat(t, " "), calls > 0)
--## qsort-callback-object
local cmp = ffi.cast("int (*)(const void *, const void *)", function(a, b)
  return ffi.cast("const double *", b)[0] - ffi.cast("const double *", a)[0] > 0 and 1 or -1
end)
local d = ffi.new("double[4]", {1.5, -2, 8.25, 3})
C.qsort(d, 4, 8, cmp)
print(string.format("%g %g %g %g", d[0], d[1], d[2], d[3]))
cmp:free()
--## errno
print(C.open("/nonexistent/file", 0), ffi.errno(), ffi.string(C.strerror(ffi.errno())))
ffi.errno(0)
print(ffi.errno())
--## out-parameter
local e = ffi.new("char *[1]")
print(tonumber(C.strtol("123xyz", e, 10)), ffi.string(e[0]))
--## struct-by-value-return
local r = C.ldiv(17, 5)
print(tonumber(r.quot), tonumber(r.rem))
--## strcpy-memset-memcmp
local a, b = ffi.new("char[16]"), ffi.new("char[16]")
C.strcpy(a, "hello")
C.memset(b, 120, 3)
print(ffi.string(a), ffi.string(b), C.memcmp(a, "hello", 5), C.memcmp(a, b, 1) < 0)
--## null-pointer-return
print(ffi.cast("void *", C.getenv("NACRE_SURELY_UNSET_VARIABLE")) == ffi.cast("void *", 0))
--## callback-set
local cb = ffi.cast("int (*)(int)", function(x) return x * 2 end)
print(cb(21))
cb:set(function(x) return x + 1 end)
print(cb(21))
cb:free()
--## atoi
print(C.atoi("  -42"), C.abs(-5))
--## libm-through-C
-- ffi.C has libm's functions, which the nacre executable loads only when first needed
ffi.cdef "double cbrt(double); double hypot(double, double);"
print(string.format("%g %g", C.cbrt(27), C.hypot(5, 12)))
