-- Differential checks of the core language: goto, closures and upvalues, varargs, multiple
-- assignment/returns, integer/float arithmetic edges, string coercion, tables and borders.
--## goto_continue
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  print(i)
  ::continue::
end
--## goto_backward_loop
local i = 1
::top::
if i <= 3 then print("iter", i); i = i + 1; goto top end
--## goto_nested_break
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then goto done end
    print(i, j)
  end
end
::done::
print("out")
--## goto_skip_with_closures
local out = {}
for i = 1, 3 do
  local fns = {}
  for j = 1, 3 do
    if j == 2 then goto skip end
    fns[#fns + 1] = function() return i * 10 + j end
    ::skip::
  end
  for _, f in ipairs(fns) do out[#out + 1] = f() end
end
print(table.concat(out, " "))
--## closures_counter
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
--## closures_shared_upvalue
local function pair()
  local v = 0
  return function() v = v + 1 end, function() return v end
end
local inc, get = pair()
inc(); inc()
print(get())
--## closures_loop_vars
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local ws = {}
local j = 0
while j < 3 do j = j + 1; local k = j; ws[j] = function() return k end end
print(ws[1](), ws[2](), ws[3]())
--## closures_deep_upvalues
local function a()
  local x = 1
  return function()
    local y = 2
    return function()
      x = x + 1
      return x + y
    end
  end
end
local f = a()()
print(f(), f())
--## recursion_local_function
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
--## varargs_basic
local function v(...)
  local a, b = ...
  return select("#", ...), a, b, ...
end
print(v())
print(v(nil))
print(v(1, nil, 3))
print((v(1, 2)))
--## varargs_table_pack
local function pk(...) return {...}, table.pack(...) end
local t, p = pk(1, nil, 3, nil)
print(#p, p.n, p[3])
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 5))
--## varargs_in_middle
local function f(...) return ... end
print(f(1, 2), f(3, 4))
print(({f(1, 2), f(3, 4)})[3])
local t = {f(1, 2), f(3, 4), f(5, 6)}
print(#t)
--## multiple_assignment
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
--## tail_calls_deep
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
print(loop(100000))
--## integer_float_division
print(7 // 2, -7 // 2, 7 // -2, 7.0 // 2, -7 // 2.0, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(7 / 2, 6 / 2, 1 / 0, -1 / 0, 0x10 / 4)
print(5.5 % 2, -5.5 % 2, 5 % 2.5, 3 % math.huge, -3 % math.huge)
--## integer_overflow_wrap
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger // -1, math.mininteger % -1)
--## integer_float_compare
print(1 == 1.0, 2^53 == 2^53 + 1, math.maxinteger < math.huge, math.maxinteger + 0.0 == 2^63)
print(1 < 1.5, -0.0 == 0, 3 <= 3.0, math.maxinteger == math.maxinteger + 0.0)
print(math.type(1), math.type(1.0), math.type("1"), math.type(2^31), math.type(1 // 1), math.type(1.0 // 1))
--## float_to_string_forms
print(1e15, 1e16, 123456789012345678, 0.1 + 0.2, 100 / 3, -1.5e-7, 2^63, 2^-1074)
print(3.0, -3.0, 1e100, 12.5e3, 5 // 0.0, -5 // 0.0)
--## number_literals
print(0xff, 0XA, 0x.8p1, 1e2, .5, 3., 0x7fffffffffffffff, 0xffffffffffffffff, 9223372036854775808)
print(1 // 1, 0x10p-1, 1E-2)
--## shifts
print(1 << 63, 1 << 64, 1 >> 1, -1 >> 1, -1 >> 63, 1 << -1, 2 >> -1, 3 ~ 5, ~0)
print("3" << 1, 2.0 << 1)
--## exponent_and_unary
print(2 ^ 10, 2 ^ 0.5 > 1.41, -2 ^ 2, (-2) ^ 2, 2 ^ -1, not nil, not 0)
--## string_coercion_concat
print(1 .. 2, 1.5 .. "", -0.0 .. "", 2^63 .. "", 10 // 3 .. "")
--## string_coercion_arith
print("10" + 5, "10" // "3", "2" ^ "3", "0x10" * 1, "1e2" - 0, "10" % 3, -"3")
print(math.type("10" + 5), math.type("10.0" + 5), math.type("10" * 1.0))
--## string_comparison
print("a" < "b", "abc" < "abd", "" < "a", "Z" < "a", "a\0b" < "a\0c", "10" < "9")
--## and_or_shortcircuit
print(nil or "d", false or nil, 1 and 2, nil and 1, false == nil, 0 or 1, "" and "x")
local called = false
local _ = true or (function() called = true end)()
print(called)
--## tables_border
local t = {1, 2, 3, nil}
print(#t)
t[4] = 4
print(#t)
local u = {}
for i = 1, 10 do u[i] = i end
u[10] = nil
print(#u)
u[5] = nil
print(#u == 9 or #u == 4)
--## tables_keys_normalise
local t = {}
t[1.0] = "float one"
t[2] = "two"
print(t[1], t[2.0], #t)
t[2^53] = "big"
print(t[2^53])
--## tables_constructor_forms
local t = {1, 2, [10] = 10, x = "x", [1 + 1] = "ignored?", "three"; "four"}
print(t[1], t[2], t[3], t[4], t[10], t.x, #t)
local n = {[1] = "a", [2] = "b", "c"}
print(n[1], n[2])
--## tables_nested_and_length
local m = {}
for i = 1, 5 do m[i] = {} for j = 1, i do m[i][j] = i * j end end
print(#m, #m[5], m[5][5], m[3][2])
--## tables_remove_insert
local t = {1, 2, 3}
table.insert(t, 4)
table.insert(t, 1, 0)
print(table.concat(t, ","), table.remove(t), table.remove(t, 1), table.concat(t, ","))
--## tables_nan_key_read
local t = {}
print(t[0/0])
--## while_repeat_scoping
local i = 0
repeat local j = i; i = i + 1 until j >= 3
print(i)
while true do i = i - 1 if i < 0 then break end end
print(i)
--## numeric_for_edges
for i = 3, 1 do print("never") end
for i = 1, 3, 2 do print(i) end
for i = 1.0, 2 do print(i) end
for i = math.maxinteger - 1, math.maxinteger do print(i) end
for i = 1, 0.5 do print("no") end
for i = -1, -3, -1 do print(i) end
--## generic_for_state
local function range(n)
  return function(s, c) if c < n then return c + 1 end end, nil, 0
end
for i in range(3) do print(i) end
--## long_strings_and_escapes
local s = [[
line1
line2]]
print(s, #s)
print("\65\066\x43\u{48}\z
       tail", "\'\"\\", '\a\b' == "\7\8")
print([==[a]]b]==])
--## integer_division_by_zero_float
print(1.0 // 0, -1 // 0.0, 0.0 / 0 ~= 0.0 / 0, 1 % math.huge)
--## string_length_and_index
local s = "hello"
print(#s, s:sub(2, 3), s:byte(1), ("%d"):format(3))
--## method_call_sugar
local obj = {n = 5}
function obj.get(self) return self.n end
function obj:add(k) self.n = self.n + k; return self end
print(obj:get(), obj:add(2):add(3):get())
--## local_attribs_const
local x <const> = 10
local y <const> = "s" .. x
print(x, y)
--## integer_keys_large
local t = {}
t[math.maxinteger] = 1
t[math.mininteger] = 2
print(t[math.maxinteger], t[math.mininteger], #t)
--## semicolons_and_empty
;;; local a = 1; ; print(a);
--## nested_functions_many_upvalues
local a1,a2,a3,a4,a5,a6,a7,a8 = 1,2,3,4,5,6,7,8
local function f() return a1+a2+a3+a4+a5+a6+a7+a8 end
print(f())
--## numeric_string_conversions_edges
print("9223372036854775807" + 0, "9223372036854775808" + 0, "-9223372036854775808" + 0)
print(math.type("9223372036854775808" + 0), "0x7fffffffffffffff" + 0, "0xffffffffffffffff" + 0)
print(tonumber("1e309"), tonumber("-1e309"), tonumber("0x1p-1080"), tonumber("4.9e-324"))
print(tonumber("  0x  "), tonumber("0x1.8"), tonumber("1__0"), tonumber("1 0"), tonumber("\t7\n"))
--## integer_float_conversion_edges
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger(2^63), math.tointeger(-2^63))
print(3 | 0, pcall(function() return 3.5 | 0 end))
print(2^53 + 1 == 2^53, math.maxinteger + 1.0 == 2^63, math.mininteger + 0.0 == -2^63)
print(string.format("%.0f", 2^63), math.floor(-0.5), math.ceil(-0.5), math.floor(2^62) == 2^62)
--## comparison_int_float_edges
print(math.maxinteger < 2^63, math.maxinteger <= 2^63, math.mininteger == -2^63, math.mininteger < -2^63)
print(1 < 0/0, 1 > 0/0, 0/0 == 0/0, math.huge > math.maxinteger, -math.huge < math.mininteger)
print(2^63 > math.maxinteger, -(2^63) >= math.mininteger, 9007199254740993 < 9007199254740992.0)
--## for_loop_float_accumulation
local n = 0
for x = 0, 1, 0.1 do n = n + 1 end
print(n)
for i = 1, 3, 1.5 do print(i) end
for i = math.mininteger, math.mininteger + 2 do print(i) end
for i = 3, 1, -1.0 do print(i) end
--## modulo_and_idiv_signs
for _, a in ipairs({7, -7, 7.5, -7.5}) do
  for _, b in ipairs({3, -3, 2.5, -2.5}) do
    io.write(string.format("%s,%s: %s %s | ", a, b, a % b, a // b))
  end
  print()
end
print(pcall(function() return 1 % 0 end), 1 % 0.0 ~= 1 % 0.0, 1 // 0.0, -1 // 0.0)
