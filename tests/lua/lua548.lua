-- Checks of Lua 5.4.8 behaviour where Debian's lua5.4 (5.4.4) has a bug a later 5.4 release
-- fixed, so they cannot be differential: each check's "-- expect: " lines are its expected
-- stdout (tests/lua/run). docs/conformance.md lists every case and the release that fixed it.
--## constfold_comparison_as_key
-- 5.4.8: a folded comparison used as a key was taken for a register number
_ENV[true] = 10
local function aux() return _ENV[1 < 2] end
print(aux())
local t = {[false] = "f", [true] = "t"}
print(t[1 < 2], t[2 < 1], t[1 == 1])
-- expect: 10
-- expect: t	f	t
--## varinfo_field_named_env
-- 5.4.7: only a variable called _ENV makes an access "global"; a field called _ENV does not
a = {_ENV = {}}
print(pcall(function() return a._ENV.x + 1 end))
local env = {_ENV = {}}
print(pcall(function() return env._ENV.y .. "" end))
print(pcall(function() local _ENV = {} return z + 1 end))
-- expect: false	test.lua:4: attempt to perform arithmetic on a nil value (field 'x')
-- expect: false	test.lua:6: attempt to concatenate a nil value (field 'y')
-- expect: false	test.lua:7: attempt to perform arithmetic on a nil value (global 'z')
--## utf8_codes_stray_continuation
-- 5.4.5: utf8.codes rejects a continuation byte after a character and at the start
local function codes(s, lax)
  local out = {}
  local ok, err = pcall(function()
    for p, c in utf8.codes(s, lax) do out[#out + 1] = p .. ":" .. c end
  end)
  print(table.concat(out, " "), ok, err)
end
codes("ab\x80")
codes("ab\x80", true)
codes("\x80ab")
codes("\u{110000}")
codes("\u{110000}", true)
codes("a\u{10FFFF}\u{7FF}z")
-- expect: 1:97	false	test.lua:6: invalid UTF-8 code
-- expect: 1:97	false	test.lua:6: invalid UTF-8 code
-- expect: 	false	test.lua:6: bad argument #1 to 'codes' (invalid UTF-8 code)
-- expect: 	false	test.lua:6: invalid UTF-8 code
-- expect: 1:1114112	true	nil
-- expect: 1:97 2:1114111 6:2047 8:122	true	nil
--## coroutine_close_ignores_stale_handler
-- 5.4.8: closing a coroutine suspended inside xpcall must not call that xpcall's handler
local c = coroutine.create(function()
  local clo <close> = setmetatable({}, {__close = function()
    local x = 134
    error(x)
  end})
  xpcall(coroutine.yield, function() return "XXX" end)
end)
print(coroutine.resume(c))
print(coroutine.close(c))
-- expect: true
-- expect: false	134
--## coroutine_close_chain_c_stack
-- 5.4.5: each coroutine.close nested in a __close counts as a C call
local count = 0
local coro = false
for i = 1, 1000 do
  local previous = coro
  coro = coroutine.create(function()
    local cc <close> = setmetatable({}, {__close = function()
      count = count + 1
      if previous then assert(coroutine.close(previous)) end
    end})
    coroutine.yield()
  end)
  assert(coroutine.resume(coro))
end
local st, msg = coroutine.close(coro)
print(st, string.find(msg, "C stack overflow") ~= nil, count < 1000)
-- expect: false	true	true
--## call_line_is_line_of_arguments
-- 5.4.7: a call is on the line of its arguments, not where the called expression starts
local t = {}
print(pcall(function()
  t
  .x
  (1)
end))
print(pcall(load("a\n(\n23)\n")))
-- expect: false	test.lua:7: attempt to call a nil value (field 'x')
-- expect: false	[string "a..."]:2: attempt to call a nil value (global 'a')
--## varinfo_field_of_string_env
-- 5.4.8: a string constant "_ENV" is not the variable _ENV
print(pcall(load("print(('_ENV').x + 1)")))
-- expect: false	[string "print(('_ENV').x + 1)"]:1: attempt to perform arithmetic on a nil value (field 'x')
--## activelines_of_stripped_vararg_function
-- 5.4.7: a stripped main chunk (vararg) has no active lines (5.4.4 crashes here)
local f = load(string.dump(load("print(10)"), true))
local lines = debug.getinfo(f, "L").activelines
print(type(lines), next(lines))
-- expect: table	nil
--## bitwise_operand_after_many_constants
-- 5.4.5: with more than 256 constants, "1 ~ (2 or 3)" used a wrong constant
local code = {"local x = {"}
for i = 1, 257 do code[#code + 1] = i .. ".1," end
code = table.concat(code) .. "};"
for _, e in ipairs{"1 ~ (2 or 3)", "1 | (2 or 3)", "1 + (2 or 3)", "1 << (2 or 3)"} do
  print(e, load(code .. "return " .. e)())
end
-- expect: 1 ~ (2 or 3)	3
-- expect: 1 | (2 or 3)	3
-- expect: 1 + (2 or 3)	3
-- expect: 1 << (2 or 3)	4
--## break_closes_generic_for_closing_value
-- 5.4.5: a break out of a generic for whose body captures a variable must close its 4th value
local closed = false
local o1 = setmetatable({}, {__close = function() closed = true end})
for k, v in next, {}, nil, o1 do
  local function f() return k end
  break
end
print(closed)
-- expect: true
--## arith_error_line_is_operator_line
-- 5.4.5: an arithmetic error is reported on the line of its operator
print(pcall(load("local a = 0\nlocal b = 1\nlocal c = b % a\n")))
-- expect: false	[string "local a = 0..."]:3: attempt to perform 'n%0'
