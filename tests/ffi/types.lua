-- The declaration parser and type layout: sizes, offsets, names, and values stored and read.
local ffi = require "ffi"
ffi.cdef [[
struct point { int x, y; };
typedef struct point point_t;
struct rect { point_t min, max; const char *name; };
union num { int32_t i; float f; uint8_t bytes[4]; };
enum color { RED, GREEN = 5, BLUE, BLACK = -1 };
typedef enum { A1 = 1 << 2, A2 = A1 | 1, A3 = sizeof(int) * 2 } flags_t;
struct bits { unsigned a : 3; unsigned b : 5; int c : 4; unsigned : 0; unsigned d : 1; };
struct __attribute__((packed)) packed { char c; int i; short s; };
struct aligned { char c; } __attribute__((aligned(16)));
struct nested { struct { int a, b; } inner; union { int u; float v; }; int arr[3]; };
struct vls { int n; double d[?]; };
struct flex { int n; char data[]; };
typedef int (*binop_t)(int, int);
struct withfp { binop_t op; void (*cb)(void *, ...); };
typedef int int_arr3[3];
static const int MAGIC = 0x2a;
#pragma pack(push, 2)
struct pp { char c; double d; };
#pragma pack(pop)
struct after_pop { char c; double d; };
]]
--## sizes
print(ffi.sizeof("struct point"), ffi.sizeof("struct rect"), ffi.sizeof("union num"),
      ffi.sizeof("enum color"), ffi.sizeof("struct bits"), ffi.sizeof("struct packed"),
      ffi.sizeof("struct aligned"), ffi.sizeof("struct nested"), ffi.sizeof("int_arr3"))
--## alignment
print(ffi.alignof("struct aligned"), ffi.alignof("struct packed"), ffi.alignof("double"),
      ffi.alignof("struct rect"), ffi.sizeof("struct pp"), ffi.sizeof("struct after_pop"))
--## offsets
print(ffi.offsetof("struct rect", "max"), ffi.offsetof("struct rect", "name"),
      ffi.offsetof("struct packed", "s"), ffi.offsetof("struct nested", "arr"),
      ffi.offsetof("struct nested", "u"), ffi.offsetof("struct pp", "d"))
--## bitfield-offsets
print(ffi.offsetof("struct bits", "a"))
print(ffi.offsetof("struct bits", "b"))
print(ffi.offsetof("struct bits", "c"))
print(ffi.offsetof("struct bits", "d"))
--## type-names
for _, t in ipairs { "int", "unsigned char", "const char *", "char *const", "int [10]",
  "int (*)(int, int)", "char (*)[4]", "int *[3]", "struct point", "point_t *", "enum color",
  "union num", "uint8_t", "int16_t", "long", "unsigned long long", "size_t", "bool", "float",
  "double", "void *", "binop_t", "volatile int", "int8_t", "uint32_t" } do
  print(t, tostring(ffi.typeof(t)))
end
--## enums
print(ffi.C.RED, ffi.C.GREEN, ffi.C.BLUE, ffi.C.BLACK, ffi.C.A1, ffi.C.A2, ffi.C.A3, ffi.C.MAGIC)
local c = ffi.new("enum color", "BLUE")
print(tonumber(c), tonumber(ffi.new("struct { enum color c; }", { "GREEN" }).c))
--## struct-fields
local r = ffi.new("struct rect", { { 1, 2 }, { x = 3, y = 4 }, "box" })
print(r.min.x, r.min.y, r.max.x, r.max.y, ffi.string(r.name))
r.min.x = 10
r.max = { 7, 8 }
print(r.min.x, r.max.x, r.max.y)
--## struct-constructor-positional
local p = ffi.new("struct point", 5, 6)
local q = ffi.new("point_t")
print(p.x, p.y, q.x, q.y)
--## union
local u = ffi.new("union num")
u.i = 0x01020304
print(u.bytes[0], u.bytes[3])
u.f = 1.0
print(u.i)
--## bitfields
local b = ffi.new("struct bits")
b.a, b.b, b.c, b.d = 5, 17, -3, 1
print(b.a, b.b, b.c, b.d)
b.a = 9
print(b.a, b.b)
--## packed
local pk = ffi.new("struct packed", { 1, 0x12345678, 7 })
print(pk.c, pk.i, pk.s)
--## nested-anonymous
local n = ffi.new("struct nested")
n.inner.a, n.u, n.arr[2] = 3, 65, 9
print(n.inner.a, n.u, n.arr[2], n.arr[0])
--## vla-vls
local v = ffi.new("int[?]", 5, { 1, 2, 3 })
print(ffi.sizeof(v), v[0], v[2])
local s = ffi.new("struct vls", 3)
s.n = 3
s.d[2] = 2.5
print(ffi.sizeof(s), ffi.sizeof("struct vls", 5), s.n, string.format("%g", s.d[2]))
print(ffi.sizeof("struct flex"), ffi.offsetof("struct flex", "data"))
--## arrays
local a = ffi.new("int[2][3]", { { 1, 2, 3 }, { 4, 5, 6 } })
print(a[0][2], a[1][0], ffi.sizeof(a), ffi.sizeof(a[1]))
local f = ffi.new("int[4]", 7)
print(f[0], f[3])
local str = ffi.new("char[8]", "hi")
print(ffi.string(str), #ffi.string(str, 4))
--## function-pointer-fields
local w = ffi.new("struct withfp")
print(ffi.cast("void *", w.op) == ffi.cast("void *", 0))
w.op = function(x, y) return x - y end
print(w.op(10, 3))
--## typeof-params
local pt = ffi.typeof("struct point")
local arr_t = ffi.typeof("$[$]", pt, 4)
print(ffi.sizeof(arr_t), tostring(ffi.typeof("$ *", pt)))
--## istype
print(ffi.istype("struct point", p), ffi.istype(pt, q), ffi.istype("int", p), ffi.istype("int", 1))
--## numbers-by-type
local i8 = ffi.new("int8_t", 200)
local u16 = ffi.new("uint16_t", -1)
print(tonumber(i8), tonumber(u16), tonumber(ffi.new("float", 0.5)))
print(tonumber(ffi.cast("int", 3.9)), tonumber(ffi.cast("int", -3.9)), tonumber(ffi.cast("uint8_t", 257)))
