-- The calling convention through a C library built for the test (tests/ffi/lib/ffitest.c):
-- structs, unions, bit fields and packed structs by value both ways, every integer width,
-- variadic calls, callbacks with structs, globals.
local ffi = require "ffi"
ffi.cdef [[
typedef struct { int a, b; } ii;
typedef struct { float x, y; } ff;
typedef struct { double x; int y; } di;
typedef struct { int a[10]; } big;
typedef struct { char c; short s; } cs;
typedef struct { float x, y, z; } fff;
typedef union { int i; float f; } uif;
typedef struct { unsigned lo : 4, hi : 4; int rest; } bf;
typedef struct __attribute__((packed)) { char c; int i; } pk;
extern int ffitest_counter;
int ii_sum(ii v); ii ii_make(int a, int b);
float ff_dot(ff a, ff b); ff ff_scale(ff v, float k);
double di_mix(di v); di di_make(double x, int y);
int big_sum(big v); big big_make(int k);
int cs_sum(cs v); cs cs_make(char c, short s);
float fff_sum(fff v); fff fff_make(float a);
int uif_int(uif u); uif uif_float(float f);
int bf_sum(bf v); bf bf_make(unsigned lo, unsigned hi, int rest);
int pk_sum(pk v); pk pk_make(char c, int i);
int8_t ret_i8(void); uint8_t ret_u8(void); int16_t ret_i16(void); uint16_t ret_u16(void);
bool ret_bool(int x); int64_t ret_i64(void); uint64_t ret_u64(void); uint32_t ret_u32(void);
float fmul(float a, float b);
double many(int a, int b, int c, int d, int e, int f, int g, double x1, double x2, double x3,
            double x4, double x5, double x6, double x7, double x8, double x9, int h);
double vsum(int n, ...);
long long vsumll(int n, ...);
int vstruct(int n, ...);
ii apply_ii(ii (*f)(ii, int), ii v, int k);
double apply_d(double (*f)(double, float, int8_t), double x);
int call_n(int (*f)(int), int n);
void fill_ptr(int *out, int n);
const char *echo(const char *s);
]]
local T = ffi.load(os.getenv("FFITEST_LIB"))
local function g(x) return string.format("%g", x) end
--## struct-int-pair
print(T.ii_sum(ffi.new("ii", 3, 4)), T.ii_sum({ 5, 6 }))
local r = T.ii_make(7, 8)
print(r.a, r.b)
--## struct-floats
print(g(T.ff_dot(ffi.new("ff", 1, 2), ffi.new("ff", 3, 4))))
local s = T.ff_scale(ffi.new("ff", 1.5, -2), 2)
print(g(s.x), g(s.y))
local f3 = T.fff_make(1.5)
print(g(T.fff_sum(f3)), g(f3.z))
--## struct-mixed
print(g(T.di_mix(ffi.new("di", 2.5, 4))))
local d = T.di_make(0.25, 9)
print(g(d.x), d.y)
--## struct-memory-class
local b = T.big_make(3)
print(b.a[9], T.big_sum(b))
--## struct-small
print(T.cs_sum(ffi.new("cs", 5, 1000)), T.cs_make(65, -2).s)
--## union
print(T.uif_int(ffi.new("uif", { i = 12345 })), g(T.uif_float(0.5).f))
--## bitfields
print(T.bf_sum(ffi.new("bf", { lo = 3, hi = 9, rest = 2 })))
local bb = T.bf_make(5, 6, 7)
print(bb.lo, bb.hi, bb.rest)
--## packed
-- a packed struct with an unaligned member goes in memory (SysV); LuaJIT passes it in registers
print(ffi.sizeof("pk"), T.pk_sum(ffi.new("pk", 2, 40)), T.pk_make(1, 99).i)
--> 5	42	99
--## integer-widths
print(T.ret_i8(), T.ret_u8(), T.ret_i16(), T.ret_u16(), T.ret_bool(1), T.ret_bool(-1))
print(tostring(T.ret_u32()), g(T.fmul(1.5, 4)))
--## int64-returns
print(tostring(ffi.new("int64_t", T.ret_i64())), tostring(ffi.new("uint64_t", T.ret_u64())))
--## many-arguments
print(g(T.many(1, 2, 3, 4, 5, 6, 7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 100)))
--## variadic
print(g(T.vsum(3, 1.5, 2.5, 3.0)), g(T.vsum(0)))
print(tostring(ffi.new("int64_t", T.vsumll(2, ffi.new("long long", 1e12), ffi.new("long long", 5)))))
--## variadic-struct
-- LuaJIT passes structs in varargs wrongly (prints garbage): the expected output is spelled out
print(T.vstruct(2, ffi.new("ii", 2, 3), ffi.new("ii", 4, 5)))
--> 26
--## callback-scalars
print(g(T.apply_d(function(x, f, i) return x * f + i end, 8)))
print(T.call_n(function(i) return i * i end, 5))
--## callback-structs
-- LuaJIT cannot make callbacks that take or return structs by value
local r2 = T.apply_ii(function(v, k) return ffi.new("ii", v.a * k, v.b + k) end, ffi.new("ii", 3, 4), 10)
print(r2.a, r2.b)
--> 30	14
--## global-variable
print(T.ffitest_counter)
T.ffitest_counter = 42
print(T.ffitest_counter)
--## out-array-and-strings
local out = ffi.new("int[4]")
T.fill_ptr(out, 4)
print(out[0], out[3], ffi.string(T.echo("round trip")))
