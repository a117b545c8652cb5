-- Code generation: precedence, folding, assignments, varargs, closures, goto, loops.
--## precedence and associativity
print(2 + 3 * 4 ^ 2 / 2, 2 ^ 3 ^ 2, -2 ^ 2, not nil == true, 1 .. 2 .. 3)
print(1 + 2 .. 3 + 4, "a" .. "b" == "ab", 1 < 2 == true, 5 - 3 - 1, 2 ^ -1, -3 % 5, -(3 % 5))
print(1 << 2 + 1, 1 | 2 & 3, 5 ~ 3 | 1, ~0 >> 60, 3 & 5 == 1, 7 // 2 * 2, 2 * 7 // 2)
print(1 or 2 and nil, nil and 1 or 2, false or nil, nil or false, 1 and 2 or 3)
print(#"abc" + 1, -#"ab", not not nil, ~~5, - - 2, "10" + 1, "3" * "4", 10 .. "")
print(2^2^0, (2^2)^0, 1 - -1, 1 - - -1, "x" .. 1 + 2)
--## constant folding edge cases
print(pcall(load("return 1 // 0")))
print(pcall(load("return 1 % 0")), pcall(load("local x = 0 return 1 // x")))
print(1 / 0, -1 / 0, 0 / 0 ~= 0 / 0, 1 // 0.0, -1 // 0.0, 1 % 0.0, 0.0 / 0.0 ~= 0.0 / 0.0)
print(-0.0, 0.0, 0 * -1.0, -(0.0), 1 / -0.0, 1 / (0.0 * -1), math.tointeger(-0.0))
print(2^63, -2^63, math.mininteger // -1, math.mininteger % -1, math.maxinteger + 1 == math.mininteger)
print(0x7fffffffffffffff + 1, -(-9223372036854775807 - 1), math.mininteger * -1)
print(3 & 2.0, pcall(load("return 3 & 1.5")), pcall(load("return 1 << 64")), 1 << 63, 1 >> -1, -1 >> 1)
print(1 << 64, 1 << -64, 1 >> 64, 2^53 | 0, pcall(load("return 2^64 | 0")))
print(5 // 2, 5.0 // 2, -5 // 2, 5 % -2, -5 % 2, 5.5 % -2, -5.5 % 2, 3 % math.huge, -3 % math.huge)
print(7 // 0.0, -7 // 0.0, 0/0 == 0/0, 1e308 + 1e308, -(1e308 + 1e308))
print(-1 % -5.0, 1 % -5.0, -1 % 5.0, -6 % -3.0, 6 % -3.0, -0.0 % 1, 5.3 % -math.huge, -5.3 % math.huge)
local m1, m5 = -1, -5.0
print(m1 % m5, -m1 % m5, m1 % -m5, m1 // m5, 0.0 * -1, -0.0 + 0.0, 0 / -1)
print(math.type(2^2), math.type(4 // 2), math.type(4 / 2), math.type(-(2)), math.type(~2))
print(pcall(load("return -{}")), pcall(load("return ~1.5")), pcall(load("return #5")))
print("10" // "3", "7" % "2", "2" ^ "3", pcall(load("return 'a' + 1")))
local k <const> = 10
local s <const> = "str"
local f <const> = 1.5
local z <const> = 0
print(k + 1, s .. "x", f * 2, k // 3, pcall(function() return k // z end), k * f)
--## comparisons with immediates and constants
local a, b = 5, 5.0
print(a == 5, a == 5.0, b == 5, a ~= 6, a < 10, a <= 5, a > 4, a >= 5.5, 3 < a, 3.5 >= a)
print(a == "5", a == nil, nil == a, "x" == "x", a < 1000, a > -1000, 1000 > a, a == 1e100)
print(pcall(load("local a = 1 return a < 'x'")), pcall(load("local a = {} return 1 < a")))
print(a == math.huge, -math.huge < a, a < 0/0, a > 0/0, 2^53 == 2^53 + 1)
--## multiple assignment and evaluation order
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local x, y, w = 1
print(x, y, w)
local p, q = 1, 2, 3
print(p, q)
local function three() return 1, 2, 3 end
local r1, r2, r3, r4 = three()
print(r1, r2, r3, r4)
local s1, s2 = three(), 10
print(s1, s2)
t = {three(), three()}
print(#t, (three()))
a, b = b, a
print(a, b)
t = {1, 2}
i = 1
t[i], i = i, 2
print(t[1], t[2], i)
--## varargs and calls
local function v(...) return select('#', ...), ... end
print(v())
print(v(nil, nil))
print((v(1, 2, 3)))
print(v(v(1, 2)))
local function w(a, ...) local b, c = ... return a, b, c, ... end
print(w(1, 2, 3, 4))
print(pcall(select, -1, 1, 2, 3))
local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
print(tail(100000))
local obj = {n = 0}
function obj:inc(d) self.n = self.n + (d or 1) return self end
print(obj:inc():inc(5).n)
print(("x"):rep(3), #{...}, select('#', ...))
--## closures and upvalues
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local acc = {}
local j = 0
while j < 3 do j = j + 1; local c = j; acc[j] = function() c = c + 10 return c end end
print(acc[1](), acc[1](), acc[2]())
local function counter() local n = 0 return function() n = n + 1 return n end, function() return n end end
local inc, get = counter()
inc(); inc()
print(get())
repeat local cl = 1; fs[1] = function() return cl end until cl == 1
print(fs[1]())
local shared = 0
local function mk() return function() shared = shared + 1 return shared end end
print(mk()(), mk()())
--## goto and labels
do
  local n = 0
  ::top::
  n = n + 1
  if n < 3 then goto top end
  print("n", n)
end
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, j, " ")
    ::continue::
  end
end
print()
do
  local k = 0
  ::a:: do
    local c = k
    fs[k] = function() return c end
    k = k + 1
    if k < 3 then goto a end
  end
  print(fs[0](), fs[1](), fs[2]())
end
do goto e; local x; ::e:: end
print("after")
--## numeric and generic for
for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 2, 0.5 do io.write(i, " ") end print()
for i = 1.0, 3 do io.write(i, " ") end print()
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger, math.mininteger + 2 do io.write(i, " ") end print()
for i = 1, 0 do print("never") end
for i = 1, math.huge do if i > 3 then break end io.write(i, " ") end print()
print(pcall(load("for i = 1, 10, 0 do end")))
print(pcall(load("for i = 'a', 10 do end")))
print(pcall(load("for i = 1, {} do end")))
print(pcall(load("for i = 1, 2, nil do end")))
for k, v in ipairs({"a", "b"}) do io.write(k, v, " ") end print()
for a, b, c in function(s, c) if c < 3 then return c + 1, c * 2, c * 3 end end, nil, 0 do io.write(a, b, c, " ") end print()
do
  local closed = {}
  local mt = {__close = function(o) closed[#closed + 1] = o.name end}
  for x in function(s, c) if not c then return 1 end end, nil, nil, setmetatable({name = "it"}, mt) do end
  print(closed[1])
end
--## to-be-closed variables
do
  local log = {}
  local function mk(n) return setmetatable({}, {__close = function(_, e) log[#log + 1] = n .. ":" .. tostring(e) end}) end
  do
    local a <close> = mk("a")
    local b <close> = mk("b")
    local c <close> = nil
  end
  print(table.concat(log, " "))
  print(pcall(function() local x <close> = mk("x") error("boom", 0) end), log[#log])
  print(pcall(load("local x <close> = 1")))
  local function ret() local y <close> = mk("y") return "r" end
  print(ret(), log[#log])
end
--## table constructors
local big = {}
for n = 1, 600 do big[n] = n end
local src = "return {" .. table.concat(big, ",") .. "}"
local tt = load(src)()
print(#tt, tt[1], tt[300], tt[600])
tt = {1, 2, 3, nil}
print(#tt)
tt = {[1] = "a", "b", x = 1, ["y"] = 2, [3.0] = 3, 10, 20}
print(tt[1], tt[2], tt[3], tt.x, tt.y)
tt = {three(), three(), (three())}
print(#tt)
tt = {n = 1; 2; 3,}
print(tt.n, tt[1], tt[2])
--## method definitions and nested functions
local M = {sub = {}}
function M.sub.f(a) return a * 2 end
function M.sub:g(a) return self == M.sub, a end
print(M.sub.f(4), M.sub:g(5))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(20), fact(21))
--## long expressions and registers
local e = 0
local expr = "return " .. string.rep("1 + ", 500) .. "1"
print(load(expr)())
expr = "local a = 1 return " .. string.rep("(a + ", 100) .. "a" .. string.rep(")", 100)
print(load(expr)())
expr = "return " .. string.rep("'x' .. ", 150) .. "'y'"
print(#load(expr)())
local many = {}
for n = 1, 200 do many[n] = "v" .. n end
print(load("local " .. table.concat(many, ",") .. " = 1 return v1, v200")())
print(select('#', load("return " .. table.concat(big, ",", 1, 240))()))
--## and/or values and conditions
local function tf(v) return v and "t" or "f" end
print(tf(nil), tf(false), tf(0), tf(""), tf(1 == 1), tf(1 ~= 1))
local n1 = nil
print(n1 and n1.x, n1 or "d", false and error("x"), true or error("y"))
local c1 = 0
if (c1 == 0 and c1 < 1) or error("z") then print("ok") end
print(not (1 > 2) and "yes", not 1 == 2)
local function cnt(...) return select("#", ...) end
print(cnt(1 and nil), cnt((nil)), cnt(nil or false))
