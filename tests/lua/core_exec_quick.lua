-- Quickened instructions (issue 16) against lua5.4: an arithmetic instruction rewrites itself
-- into a float or integer form after a run with those types and back when the guard fails;
-- results, coercions, metamethods, error messages, hooks and dumps must not notice.
--## quick_arith_types
-- One instruction sees floats, integers (wrapping), mixed, strings and metamethods in turn,
-- each kind more than once so every rewrite and fallback runs.
local function ops(a, b)
  return a + b, a - b, a * b, a / b
end
local function opsk(a)
  return a + 1000, a - 1000, a * 1000, a / 1000, a + 0.25, a * 2.5
end
local mt = {__add = function() return "add" end, __sub = function() return "sub" end,
            __mul = function() return "mul" end, __div = function() return "div" end}
local obj = setmetatable({}, mt)
local args = {{1.5, 2.25}, {1.5, 2.25}, {3, 4}, {3, 4}, {math.maxinteger, 2},
  {math.mininteger, -1}, {1.5, 2}, {2, 1.5}, {"10", 4}, {4.5, "0x10"}, {obj, 1}, {2.5, obj},
  {0.0, -0.0}, {1e308, 1e308}, {-0.0, 0}, {7, 7}, {0.1, 0.2}}
for round = 1, 3 do
  for _, p in ipairs(args) do
    print(round, math.type(p[1]) or type(p[1]), ops(p[1], p[2]))
    if type(p[1]) ~= "table" then print(opsk(p[1])) end
  end
end
print(opsk(obj))

--## quick_arith_errors
-- Errors raised after the instruction was quickened name the operand as lua5.4 does.
local function f(t) return t.x * t.y + t.z end
local t = {x = 1.5, y = 2.5, z = 0.5}
for _ = 1, 5 do f(t) end
t.y = nil
print(pcall(f, t))
t.y, t.z = 2.5, "a"
print(pcall(f, t))
t.z = {}
print(pcall(f, t))
local function g(a, b) local s = a - b; return s / 2.0 end
for _ = 1, 5 do g(3.5, 1.25) end
print(pcall(g, 3.5, nil))
print(pcall(g, true, 1.0))
local function h(u) return u * 10 end
for _ = 1, 5 do h(2.5) end
print(pcall(h, "x"))
print(select(2, pcall(h, nil)))

--## quick_coroutine_yield
-- A metamethod that yields inside a quickened-then-generic ADD resumes correctly.
local co = coroutine.wrap(function()
  local function add(a, b) return a + b end
  local s = 0.0
  for i = 1, 4 do s = add(s, i + 0.5) end
  local y = setmetatable({}, {__add = function(_, b) coroutine.yield("yielded") return b * 2 end})
  local r = add(y, 21)
  return s, r, add(1.5, 1.5)
end)
print(co())
print(co())

--## quick_hooks_count
-- A count hook sees the same number of instructions before and after quickening, and a line
-- hook the same lines.
local function work(n)
  local s, k = 0.0, 0
  for i = 1, n do s = s + i * 0.5; k = k + i * 3 - 1 end
  return s, k
end
local function counted(n)
  local c = 0
  debug.sethook(function() c = c + 1 end, "", 1)
  local a, b = work(n)
  debug.sethook()
  return c, a, b
end
local c1, a1, b1 = counted(50)
local c2, a2, b2 = counted(50)
print(c1 == c2, a1, b1, a1 == a2, b1 == b2)
local function traced()
  local lines = {}
  debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
  work(3)
  debug.sethook()
  return table.concat(lines, " ")
end
local l1 = traced()
print(l1, l1 == traced())

--## quick_arith_mixed
-- Mixed integer/float operands quicken into the number forms (ADD_N..DIV_N, ADDK_I..DIVK_I);
-- each guard then fails with two integers (integer results, wrapping), a float register with
-- a constant, strings, nil and a metamethod, and the instruction requickens.
local function ops(a, b) return a + b, a - b, a * b, a / b end
local function opsk(a) return a + 0.5, a - 0.25, a * 1.5, a / 4, a / 0.5 end
local mt = {__add = function() return "add" end, __sub = function() return "sub" end,
            __mul = function() return "mul" end, __div = function() return "div" end}
local obj = setmetatable({}, mt)
local seq = {{3, 0.5}, {0.5, 3}, {3, 0.5}, {math.maxinteger, 1}, {2, -0.0}, {2.5, 1.5},
  {-0.0, 7}, {math.mininteger, -1}, {1, 2}, {1e308, 10}, {"3", 0.5}, {0.5, "3"},
  {2, 0.5}, {obj, 2}, {2, 0.25}, {0, 0.0}, {0, 0}, {0.0, 0}, {math.maxinteger, 1.0}}
for round = 1, 2 do
  for _, p in ipairs(seq) do
    print(round, math.type(p[1]) or type(p[1]), math.type(p[2]) or type(p[2]), ops(p[1], p[2]))
  end
  for _, a in ipairs({3, 3, math.maxinteger, 2.5, 7, "8", 9, -0.0, 0, math.mininteger}) do
    print(round, math.type(a) or type(a), opsk(a))
  end
end
print(pcall(ops, 2, nil))
print(pcall(ops, 2, {}))
print(pcall(opsk, nil))
print(pcall(opsk, "x"))
print(opsk(obj) == nil)
-- a float `for` accumulator mixed with the integer loop variable, and the reverse
local s, t = 0.0, 0
for i = 1, 100 do s = s + i; t = t + i * 0.5; s = s - i / 3 end
print(s, t, math.type(s), math.type(t))

--## quick_compare_float
-- Comparisons of two floats, and of a float with an immediate, quicken into float-only forms
-- (LT_FF, LE_FF, LTI_F..GEI_F); each guard then fails with integers, an integer against a
-- float (exact, beyond 2^53), NaN, strings, a metamethod and a value that raises.
local function cmp(a, b) return a < b, a <= b, a > b, a >= b, not (a < b), not (a <= b) end
local function cmpi(a) return a < 4, a <= 4, a > 4, a >= 4, a < -2, a > -2.0, not (a < 4) end
local mt = {__lt = function() return true end, __le = function() return false end}
local obj = setmetatable({}, mt)
local nan = 0 / 0
local seq = {{1.5, 2.5}, {2.5, 1.5}, {2.5, 2.5}, {3, 4}, {1.5, 2.5}, {2^53, 2^53 + 1},
  {2^53 + 0.0, 2^53 + 1}, {math.maxinteger + 0.0, math.maxinteger}, {nan, 1.0}, {1.0, nan},
  {-0.0, 0.0}, {0, -0.0}, {"a", "b"}, {1.25, 1.5}, {obj, obj}, {0.5, 1.0}, {1.0, 0.5}}
for round = 1, 2 do
  for _, p in ipairs(seq) do print(round, cmp(p[1], p[2])) end
  for _, a in ipairs({4.5, 3.5, 4.0, -2.0, 5, 4, nan, -0.0, 4.25, math.huge, -math.huge}) do
    print(round, a, cmpi(a))
  end
end
print(pcall(cmp, 1.5, "x"))
print(pcall(cmp, 1.5, nil))
print(pcall(cmpi, "4"))
print(pcall(cmpi, {}))
-- a float loop whose test is quickened, then runs with an integer bound
local function count(x, lim) local n = 0 while x < lim do x = x + 0.5; n = n + 1 end return n end
print(count(0.0, 10.0), count(0.0, 10), count(0, 10.0), count(0, 10))
