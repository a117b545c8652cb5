-- Differential checks of runtime error messages (variable naming, positions) and uncaught
-- errors (message + traceback on stderr, exit status 1).
--## err_index_nil_local
local t = nil
print(pcall(function() return t.x end))
--## err_index_nil_global
print(pcall(function() return undefinedglobal.x end))
--## err_index_field
local t = {}
print(pcall(function() return t.a.b end))
--## err_index_upvalue
local up
print(pcall(function() return up[1] end))
--## err_call_nil
print(pcall(function() nosuchfunc() end))
print(pcall(function() local f; f() end))
print(pcall(function() local t = {}; t.m() end))
print(pcall(function() local t = {}; t:m() end))
print(pcall(function() ("x")() end))
--## err_arith
print(pcall(function() return {} + 1 end))
print(pcall(function() local s = "a"; return s * 2 end))
print(pcall(function() local x; return -x end))
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(pcall(function() local t = {}; return t.x + 1 end))
--## err_bitwise
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return "1.5" & 1 end))
print(pcall(function() return {} ~ 1 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return "abc" | 1 end))
--## err_compare
print(pcall(function() return {} < {} end))
print(pcall(function() return 1 < "2" end))
print(pcall(function() return nil <= 1 end))
print(pcall(function() return "a" < 1 end))
--## err_concat
print(pcall(function() return "a" .. {} end))
print(pcall(function() local x; return x .. "a" end))
print(pcall(function() return 1 .. nil end))
--## err_len
print(pcall(function() return #5 end))
print(pcall(function() local n; return #n end))
--## err_for_loop
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() for i = nil, 2 do end end))
print(pcall(function() for i = 1, 2, 0 do end end))
print(pcall(function() for i = 1.5, 2, {} do end end))
--## err_newindex_nil
print(pcall(function() local t; t.x = 1 end))
print(pcall(function() local t = {}; t[nil] = 1 end))
print(pcall(function() local t = {}; t[0/0] = 1 end))
--## err_string_method_missing
print(pcall(function() local s = "x"; return s:nomethod() end))
--## err_tostring_level2
local function check(x) if type(x) ~= "number" then error("need number", 2) end end
local function caller() check("a") end
print(pcall(caller))
--## err_integer_conversion
print(pcall(function() return ("x"):rep(1.5) end))
print(pcall(string.char, 1e100))
print(pcall(function() return math.tointeger(2^63) end))
--## err_uncaught_string
local function lvl3() error("uncaught here") end
local function lvl2() lvl3() end
lvl2()
--## err_uncaught_table
error({})
--## err_uncaught_tostring_meta
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
--## err_uncaught_nil
error()
--## err_uncaught_runtime
local t = {}
local function f() return t.a.b end
f()
--## err_uncaught_in_method
local obj = {}
function obj:method() return self.missing.x end
obj:method()
--## err_uncaught_field_function
local M = {}
function M.helper() error("from field") end
M.helper()
--## err_uncaught_global_function
function globalfn() error("from global") end
globalfn()
--## err_uncaught_number
error(42)
--## err_uncaught_tailcall
local function inner() error("tail") end
local function outer() return inner() end
outer()
--## err_uncaught_deep_recursion_traceback
local function rec(n) if n == 0 then error("bottom") end rec(n - 1) end
rec(30)
--## err_stack_overflow
local function inf(n) return 1 + inf(n + 1) end
local ok, msg = pcall(inf, 1)
print(ok, (msg:gsub("^.-:%d+: ", "")))
--## err_error_in_error_handler
print(xpcall(function() error("first") end, function(m) error("second") end))
--## err_exit_code_after_output
print("before")
io.stdout:flush()
error("after output")
--## err_syntax_in_load
print(load("x = "))
print(load("for"))
print(load("x = 'unterminated"))
print(load("goto nowhere"))
print(load("local x <const> = 1; x = 2"))
print(load("break"))
--## err_syntax_more
print(load("f(", "=c"))
print(load("a.b:c = 1", "=c"))
print(load("x = }", "=c"))
print(load("::l:: ::l::", "=c"))
print(load("local a <foo> = 1", "=c"))
print(load("return 0x", "=c"))
print(load("return '\\q'", "=c"))
