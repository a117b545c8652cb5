-- cdata behaviour: pointers, 64-bit integers, casts, memory functions, metatypes, ffi.gc.
local ffi = require "ffi"
ffi.cdef [[
typedef struct vec2 { double x, y; } vec2;
typedef struct { int n; int items[8]; } stack_t;
typedef struct { int id; } handle_t;
]]
--## pointer-arithmetic
local a = ffi.new("int[10]")
for i = 0, 9 do a[i] = i * i end
local p = a + 2
print(p[0], p[1], (p + 3)[0], (p - 1)[0], tonumber(p - a), tonumber((a + 9) - p))
local q = ffi.cast("int *", a)
q = q + 4
print(q[0], q[-1])
--## pointer-comparison
local base = ffi.cast("char *", ffi.new("char[4]"))
print(base < base + 1, base + 1 <= base + 1, base + 2 > base, base == base + 0, base + 1 == base)
--## pointer-cast-roundtrip
local x = ffi.new("int[1]", 77)
local addr = ffi.cast("uintptr_t", x)
local back = ffi.cast("int *", addr)
print(back[0], ffi.cast("void *", 0) == ffi.cast("void *", 0))
--## int64-arithmetic
local i = ffi.new("int64_t", 1000000007)
print(tostring(i * i), tostring(i + 1), tostring(i - 2000000014), tostring(-i))
print(tostring(i / 10), tostring(i % 10), tostring(ffi.new("int64_t", -7) / 2), tostring(ffi.new("int64_t", -7) % 3))
print(tostring(ffi.new("int64_t", 2) ^ 40), tostring(ffi.new("uint64_t", 0) - 1))
print(tostring(ffi.new("uint64_t", 18) / 4), tostring(ffi.new("int32_t", 5) + 1))
print(i < ffi.new("int64_t", 1000000008), i <= i, ffi.new("uint64_t", 1) < ffi.new("uint64_t", 2))
--## int64-tostring
print(tostring(ffi.new("int64_t", -5)), tostring(ffi.new("uint64_t", 5)), tostring(ffi.cast("int64_t", 2^40)))
--## cdata-tostring-prefix
print((tostring(ffi.new("int", 5)):gsub("0x%x+", "ADDR")), (tostring(ffi.cast("void *", 0))))
print((tostring(ffi.new("vec2")):gsub("0x%x+", "ADDR")), tostring(ffi.typeof("vec2 *")))
--## string-copy-fill
local buf = ffi.new("char[16]")
ffi.copy(buf, "hello")
print(ffi.string(buf), ffi.string(buf, 3))
ffi.fill(buf, 4, 65)
print(ffi.string(buf))
ffi.copy(buf + 8, buf, 2)
print(ffi.string(buf + 8))
ffi.fill(buf, 16)
print(#ffi.string(buf))
--## metatype-methods
local V = ffi.metatype("vec2", {
  __index = { len2 = function(v) return v.x * v.x + v.y * v.y end },
  __add = function(a, b) return ffi.new("vec2", a.x + b.x, a.y + b.y) end,
  __sub = function(a, b) return ffi.new("vec2", a.x - b.x, a.y - b.y) end,
  __mul = function(a, k) return ffi.new("vec2", a.x * k, a.y * k) end,
  __eq = function(a, b) return a.x == b.x and a.y == b.y end,
  __lt = function(a, b) return a:len2() < b:len2() end,
  __le = function(a, b) return a:len2() <= b:len2() end,
  __unm = function(a) return ffi.new("vec2", -a.x, -a.y) end,
  __len = function(a) return 2 end,
  __tostring = function(v) return string.format("vec2(%g, %g)", v.x, v.y) end,
  __concat = function(a, b) return tostring(a) .. tostring(b) end,
  __call = function(v, k) return v.x * k end,
})
local v1, v2 = V(1, 2), V(3, 4)
print(tostring(v1 + v2), tostring(v2 - v1), tostring(v1 * 3), tostring(-v1))
print(v1 == V(1, 2), v1 == v2, v1 < v2, v2 <= v1, #v1, string.format("%g %g", v1:len2(), v1(10)))
print(v1 .. v2)
--## metatype-index-function
ffi.metatype("stack_t", {
  __index = function(s, k)
    if k == "top" then return s.items[s.n - 1] end
    if k == "push" then return function(self, v) self.items[self.n] = v; self.n = self.n + 1 end end
  end,
  __newindex = function(s, k, v) if k == "top" then s.items[s.n - 1] = v else error("no field " .. k) end end,
})
local s = ffi.new("stack_t")
s:push(4)
s:push(9)
print(s.n, s.top)
s.top = 11
print(s.items[1], pcall(function() s.other = 1 end))
--## metatype-through-pointer
local sp = ffi.cast("stack_t *", s)
print(sp.top, sp.n)
--## ffi-gc
local freed = 0
do
  for k = 1, 20 do
    ffi.gc(ffi.new("handle_t", k), function(h) freed = freed + 1 end)
  end
end
for k = 1, 5 do collectgarbage() end
print(freed > 0)
--## ffi-gc-remove
local h = ffi.gc(ffi.new("handle_t", 1), function() print("must not run") end)
ffi.gc(h, nil)
h = nil
collectgarbage()
collectgarbage()
print("done")
--## ctype-call
local ct = ffi.typeof("vec2")
local v = ct(1.5, 2.5)
print(string.format("%g %g", v.x, v.y), ffi.istype(ct, v), ffi.typeof(v) == ct)
--## addressof-style
local arr = ffi.new("double[3]", 1, 2, 3)
local pd = ffi.cast("double *", arr)
pd[1] = 20
print(string.format("%g %g", arr[1], pd[2]))
--## bool-conversion
local bb = ffi.new("bool[2]", { true, false })
print(bb[0], bb[1], ffi.new("bool", 0) and "cdata-truthy")
--## metatype-gc-at-exit
local H = ffi.metatype("handle_t", { __gc = function(h) print("closed", h.id) end })
local keep = H(1)
local arr = ffi.new("handle_t[3]")
for k = 0, 2 do arr[k].id = k + 10 end
local r = arr[1]
print(r.id)
r = nil
collectgarbage()
collectgarbage()
print("end")
--## type-string-cache-and-retypedef
ffi.cdef "typedef int mytype_t;"
print(ffi.sizeof("mytype_t"))
ffi.cdef "typedef double mytype_t;"
print(ffi.sizeof("mytype_t"), ffi.typeof("struct { int a; }") == ffi.typeof("struct { int a; }"))
