-- Differential checks of metamethods: arithmetic, comparison, index/newindex chains,
-- __call, __concat, __len, __eq, __close, __tostring/__name, __metatable.
--## mm_arith_all
local mt = {}
for _, e in ipairs({"add","sub","mul","div","mod","pow","unm","idiv","band","bor","bxor","shl","shr","bnot"}) do
  mt["__" .. e] = function(a, b) return e end
end
local o = setmetatable({}, mt)
print(o + 1, 1 - o, o * o, o / 2, o % 2, o ^ 2, -o, o // 1, o & 1, 1 | o, o ~ o, o << 1, o >> 1, ~o)
--## mm_arith_string_coercion
print("10" + 1, "3" * "4", "2" ^ 2, 10 .. "", "0x10" + 0, "1e1" + 0, " 5 " + 1)
print(pcall(function() return "abc" + 1 end))
--## mm_concat
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and "T" or a
  local y = type(b) == "table" and "T" or b
  return x .. "&" .. y end}
local t = setmetatable({}, mt)
print(t .. "s", "s" .. t, 1 .. t, t .. t, "a" .. "b" .. t .. "c")
--## mm_len
print(#setmetatable({1, 2}, {__len = function() return 10 end}))
print(#setmetatable({1, 2}, {}))
--## mm_eq
local mt = {__eq = function(a, b) print("eq called"); return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b, a ~= b, a == a, a == 1)
local c = setmetatable({}, {__eq = function() return 1 end})
print(c == setmetatable({}, {}))
--## mm_lt_le
local mt = {__lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end}
local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(x < y, x <= y, x > y, x >= y, y < x)
local only_lt = {__lt = function(a, b) return true end}
print(pcall(function() return setmetatable({}, only_lt) <= setmetatable({}, only_lt) end))
--## mm_index_chain
local base = {greet = function() return "hi" end, val = 1}
local mid = setmetatable({}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.greet(), top.val, top.none)
local f = setmetatable({}, {__index = function(t, k) return k .. "!" end})
print(f.abc, f[1])
--## mm_newindex
local store = {}
local t = setmetatable({}, {__newindex = store})
t.x = 1
print(rawget(t, "x"), store.x)
local log = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end})
log.a = 5
print(log.a)
log.a = 7
print(log.a)
--## mm_call
local callable = setmetatable({}, {__call = function(self, a, b) return "called", a, b end})
print(callable(1, 2))
print(pcall(setmetatable({}, {__call = 1})))
local nested = setmetatable({}, {__call = callable})
local ok, r, self, a = pcall(nested, 5); print(ok, r, self == callable, a)
--## mm_tostring_name
local t = setmetatable({}, {__tostring = function() return "I am T" end})
print(t, tostring(t))
local u = setmetatable({}, {__name = "Point"})
print((tostring(u):gsub("0x%x+", "P")))
--## mm_metatable_field
local t = setmetatable({}, {__metatable = false})
print(getmetatable(t))
print(pcall(setmetatable, t, nil))
--## mm_index_on_string
print(("abc"):upper(), ("x"):rep(3), #"hello")
--## mm_inheritance_methods
local Animal = {}
Animal.__index = Animal
function Animal.new(name) return setmetatable({name = name}, Animal) end
function Animal:speak() return self.name .. " makes a sound" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name); return setmetatable(d, Dog) end
function Dog:speak() return self.name .. " barks" end
print(Animal.new("cat"):speak(), Dog.new("rex"):speak(), Dog.new("a").name)
--## mm_close_order
do
  local a <close> = setmetatable({}, {__close = function(_, e) print("close a", e) end})
  local b <close> = setmetatable({}, {__close = function(_, e) print("close b", e) end})
  local c <close> = nil
  print("body")
end
print("after")
--## mm_close_on_error
local ok, err = pcall(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("closing with", e) end})
  error("E", 0)
end)
print(ok, err)
--## mm_close_error_in_close
local ok, err = pcall(function()
  local a <close> = setmetatable({}, {__close = function() error("close failed", 0) end})
  return 1
end)
print(ok, err)
--## mm_close_not_closable
print(pcall(function() local x <close> = {} end))
print(pcall(function() local x <close> = 1 end))
--## mm_close_in_loop_break
for i = 1, 3 do
  local c <close> = setmetatable({}, {__close = function() print("close", i) end})
  if i == 2 then break end
end
--## mm_close_return_values
local function f()
  local c <close> = setmetatable({}, {__close = function() print("closing") end})
  return "r1", "r2"
end
print(f())
--## mm_close_for_iterator
local function iter()
  local closer = setmetatable({}, {__close = function() print("iterator closed") end})
  local i = 0
  return function() i = i + 1; if i <= 3 then return i end end, nil, nil, closer
end
for v in iter() do if v == 2 then break end print(v) end
--## mm_gc_on_close
setmetatable({}, {__gc = function() print("gc at close") end})
print("end of script")
--## mm_gc_order_on_close
for i = 1, 3 do setmetatable({}, {__gc = function() print("gc", i) end}) end
print("exiting")
--## mm_gc_set_after
local mt = {}
local t = setmetatable({}, mt)
mt.__gc = function() print("should not run") end
print("done")
--## mm_bnot_unm_strings
print(pcall(function() return ~"3" end))
print(-"2", - "2.5")
--## mm_index_rawequal_loop
local t = setmetatable({}, {})
getmetatable(t).__index = t
print(pcall(function() return t.x end))
--## mm_div_mod_mixed
local mt = {__div = function(a, b) return "div" end, __mod = function() return "mod" end}
local o = setmetatable({}, mt)
print(2 / o, o % 3, pcall(function() return 2 // o end))
