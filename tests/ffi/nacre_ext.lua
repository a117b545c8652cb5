-- What nacre adds or decides differently from LuaJIT (docs/ffi.md): each piece spells out its
-- expected output with "-->" lines, since LuaJIT has no such behaviour to compare with.
local ffi = require "ffi"
ffi.cdef [[
typedef struct nx { int v; } nx;
struct wide { int64_t a; uint64_t b; size_t c; };
int snprintf(char *buf, size_t n, const char *fmt, ...);
]]
--## cffi-addressof-toretval-nullptr
local x = ffi.new("int[2]", 5, 6)
local p = ffi.addressof(x)
print(tostring(ffi.typeof(p)), p[0][1])
print(ffi.toretval(ffi.new("int", 7)), ffi.toretval("s"), ffi.tonumber(ffi.new("double", 0.5)), ffi.tonumber("12"))
print(ffi.nullptr == ffi.cast("void *", 0), ffi.cast("char *", 0) == ffi.nullptr, tostring(ffi.nullptr))
--> ctype<int (*)[2]>	6
--> 7	s	0.5	12
--> true	true	cdata<void *>: NULL
--## lua54-differences
local np = ffi.cast("void *", 0)
print(type(np), np == nil, np == ffi.nullptr, ffi.new("int64_t", 5) == 5, tonumber(ffi.new("int64_t", 5)) == 5)
print(getmetatable(np), math.type(tonumber(ffi.new("int64_t", 5))), math.type(tonumber(ffi.new("float", 1))))
--> userdata	false	true	false	true
--> ffi	integer	float
--## wide-integers-are-lua-integers
local w = ffi.new("struct wide", { -1, -1, 123 })
print(w.a, w.b, w.c, math.type(w.c), tostring(ffi.new("uint64_t", w.b)))
--> -1	-1	123	integer	18446744073709551615ULL
--## int64-lua54-operators
local i = ffi.new("int64_t", -7)
print(tostring(i // 2), tostring(i & 3), tostring(i | 8), tostring(i ~ 1), tostring(~i), tostring(i << 2), tostring(ffi.new("uint64_t", 256) >> 4))
--> -4LL	1LL	-7LL	-8LL	6LL	-28LL	16ULL
--## variadic-integers-as-int64
local buf = ffi.new("char[64]")
ffi.C.snprintf(buf, 64, "%d %ld %lld %.1f", 1, 2, 3, 4.0)
print(ffi.string(buf))
--> 1 2 3 4.0
--## metatype-lua54-metamethods
local N = ffi.metatype("nx", {
  __idiv = function(a, b) return a.v // b end,
  __band = function(a, b) return a.v & b end,
  __shl = function(a, b) return a.v << b end,
  __bnot = function(a) return ~a.v end,
  __mod = function(a, b) return a.v % b end,
  __pow = function(a, b) return a.v ^ b end,
  __div = function(a, b) return a.v / b end,
  __close = function(a) print("closed", a.v) end,
  __pairs = function(a) return function(_, k) if not k then return "v", a.v end end, a, nil end,
  __index = { double = function(a) return a.v * 2 end },
})
local n = N(7)
print(n // 2, n & 3, n << 1, ~n, n % 4, n ^ 2, n / 2, n:double())
for k, v in pairs(n) do print(k, v) end
do local c <close> = N(9) end
--> 3	3	14	-8	3	49.0	3.5	14
--> v	7
--> closed	9
--## parse-error-message
print(select(2, pcall(ffi.cdef, "struct s { int a; } x y;")))
print(select(2, pcall(ffi.typeof, "struct nosuch")))
--> ';' expected near 'y' at line 1, position 23 of "struct s { int a; } x y;"
--> undeclared or implicit tag 'nosuch' near '<eof>' at line 1, position 14 of "struct nosuch"
--## null-string-is-an-error
print(pcall(ffi.string, ffi.cast("char *", 0)))
--> false	bad argument #1 to 'ffi.string' (NULL pointer)
--## ffi-load-ld-script
ffi.cdef "double fabs(double);"
print(ffi.load("m").fabs(-2))
--> 2.0
