--## big_constructors
local t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
  26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
  51, 52, 53, 54, 55, x = 1, y = 2, [100] = 100}
print(#t, t[55], t.x, t[100])
local function v(...) return {..., n = select("#", ...)} end
local r = v(1, 2, 3) print(#r, r.n)
local parts = {}
for i = 1, 600 do parts[#parts + 1] = tostring(i) end
local f = load("return {" .. table.concat(parts, ",") .. "}")
local big = f() print(#big, big[1], big[300], big[600])
--## many_constants
local parts = {}
for i = 1, 70000 do parts[#parts + 1] = "x" .. i .. "=" .. (i + 0.5) end
local src = "local t = {} " .. table.concat(parts, " ", 1, 0) .. "return {" .. table.concat(parts, ",") .. "}"
local t = load(src)()
print(t.x1, t.x70000, t.x35000)
--## method_calls
local s = "hello"
print(s:upper(), ("x"):rep(3), s:sub(2, 3), #s:rep(10))
local obj = {n = 0}
function obj:inc(k) self.n = self.n + (k or 1) return self end
obj:inc():inc(5):inc()
print(obj.n)
--## nested_upvalues
local function outer()
  local a = 1
  return function()
    local b = 2
    return function()
      a = a + 1 b = b + 1
      return a + b
    end
  end
end
local mid = outer()
local in1, in2 = mid(), mid()
print(in1(), in1(), in2(), in1())
--## goto_closures
local fs = {}
do
  local i = 1
  ::top::
  local j = i
  fs[#fs + 1] = function() return j end
  i = i + 1
  if i <= 3 then goto top end
end
print(fs[1](), fs[2](), fs[3]())
--## float_keys
local t = {}
t[1.0] = "a" t[2] = "b" t[2^53] = "c"
print(t[1], t[2.0], t[2^53 | 0], math.type(next({[3.0] = 1})))
t[-0.0] = "z" print(t[0])
--## integer_overflow_in_for_body
local c = 0
for i = math.maxinteger - 1, math.maxinteger do c = c + 1 end
for i = math.mininteger, math.mininteger + 1 do c = c + 1 end
for i = math.maxinteger, math.maxinteger - 1, -1 do c = c + 1 end
print(c)
--## stack_overflow_uncaught
local function f() return 1 + f() end
f()
--## error_in_close_uncaught
do
  local x <close> = setmetatable({}, {__close = function() error("in close") end})
end
--## select_negative
print(pcall(select, -5, 1, 2))
print(select(2, "a", "b", "c"))
--## tostring_numbers
print(1e15, 1e16, 2^63, -2^63, 0.1, 1/3, 100 // 1.0, -0.0, 3 | 0)
print(math.maxinteger + 0.0, 255 // 1, 7 // 2.0)
--## closures_in_loops_tbc_and_upvalue
local out = {}
for i = 1, 3 do
  local x <close> = setmetatable({}, {__close = function() out[#out + 1] = "c" .. i end})
  local f = function() return i end
  out[#out + 1] = f()
end
print(table.concat(out, " "))
--## long_concat_chain
local a, b, c, d, e = "a", 1, 2.5, "d", string.rep("e", 60)
local s = a .. b .. c .. d .. e .. a .. b
print(#s, s:sub(1, 10))
--## pcall_returns
print(pcall(function(...) return ... end, 1, nil, 3))
print(select("#", pcall(function() end)))
print(pcall(pcall, error, "x"))
print(pcall(pcall))
--## error_levels
local function lvl1() error("one", 1) end
local function lvl2() error("two", 2) end
local function call2() lvl2() end
print(pcall(lvl1))
print(pcall(call2))
print(pcall(error, "zero", 0))
--## recursion_depth_ok
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(100000))
--## hook_count
local n = 0
debug.sethook(function() n = n + 1 end, "", 100)
for i = 1, 10000 do end
debug.sethook()
print(n > 50)
--## hook_lines
local lines = {}
debug.sethook(function(ev, line) lines[#lines + 1] = line end, "l")
local a = 1
local b = 2
debug.sethook()
print(table.concat(lines, " "))
--## hook_call_return
local evs = {}
local function g() return 1 end
debug.sethook(function(ev) evs[#evs + 1] = ev end, "cr")
g()
debug.sethook()
print(table.concat(evs, " "))
--## concat_numbers_in_runs
-- Numbers inside a concatenation run are formatted straight into the result (up to 8 per run,
-- the rest become strings first); results, short and long, must be the same either way, and
-- __concat must still see the original operands.
local i, f = 7, 2.5
print(1 .. 2, i .. "" .. f, "" .. i, f .. "", -0.0 .. 1e300 .. math.mininteger .. 2^53)
print("a" .. 1 .. 2 .. 3 .. 4 .. 5 .. 6 .. 7 .. 8 .. 9 .. 10 .. 11 .. 12 .. 0.5 .. "z")
print(#(("x"):rep(30) .. i .. f .. i .. f), ("y"):rep(50) .. 1 .. 2 .. 3 .. 4 .. 5 .. 6 .. 7 .. 8 .. 9)
local mt = {__concat = function(a, b)
  return "[" .. math.type(type(a) == "number" and a or 0) .. "," .. tostring(type(b) == "table" and "t" or b) .. "]"
end}
local t = setmetatable({}, mt)
print(1 .. t, t .. 2, 1 .. 2 .. t, t .. 1 .. 2, "s" .. 3 .. t .. 4 .. 5.5)
local parts = {}
for k = 1, 200 do parts[#parts + 1] = k .. ":" .. k * 0.5 .. ";" end
print(table.concat(parts):sub(1, 60), #table.concat(parts))
