-- Differential checks of luaL_traceback's format (through debug.traceback and uncaught
-- errors): function naming (global, field, method, local, upvalue, module functions),
-- C frames, tail calls, coroutines and the elision of deep stacks.
--## tb_basic_levels
local function f() return debug.traceback("msg") end
print(f())
--## tb_level_argument
local function g() return debug.traceback("at level 2", 2) end
local function h() return g() .. "" end
print(h())
--## tb_no_message
print(debug.traceback())
--## tb_non_string_message
print(debug.traceback({}) ~= nil, type(debug.traceback({})), debug.traceback(nil), debug.traceback(12))
--## tb_names
Obj = {}
function Obj.field_fn() return debug.traceback() end
function Obj:method_fn() return Obj.field_fn() .. "" end
function global_fn() return Obj:method_fn() .. "" end
local function local_fn() return global_fn() .. "" end
local upv = local_fn
local function uses_upvalue() return upv() .. "" end
print(uses_upvalue())
--## tb_module_function_name
package.preload.tbmod = function() return {run = function(f) return f() .. "" end} end
local tbmod = require("tbmod")
print(tbmod.run(function() return debug.traceback() end))
--## tb_through_c_functions
local t = {3, 1, 2}
local tb
table.sort(t, function(a, b) tb = tb or debug.traceback(); return a < b end)
print(tb)
print(select(2, pcall(function() return debug.traceback() end)))
--## tb_tail_call
local function leaf() return debug.traceback() end
local function mid() return leaf() end
print(mid())
--## tb_coroutine
local co = coroutine.create(function() local function inner() coroutine.yield() end inner() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "with msg"))
print(debug.traceback(co, nil, 1))
--## tb_dead_coroutine
local co = coroutine.create(function() error("died") end)
coroutine.resume(co)
print(debug.traceback(co))
--## tb_deep_elision
local function deep(n) if n == 0 then return debug.traceback("deep") end return (deep(n - 1)) end
print(deep(40))
--## tb_deep_elision_boundary
local function deep(n) if n == 0 then return debug.traceback() end return (deep(n - 1)) end
print(deep(19))
print(deep(20))
print(deep(21))
--## tb_uncaught_deep
local function deep(n) if n == 0 then error("bottom of the stack") end deep(n - 1) end
deep(50)
--## tb_uncaught_in_coroutine_wrap
local w = coroutine.wrap(function() local x = nil; return x + 1 end)
w()
--## tb_uncaught_from_metamethod
local t = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(t.missing)
--## tb_uncaught_in_xpcall_handler_chain
local function handler(m) return "handled<" .. m .. ">" end
print(xpcall(function() local a; a() end, handler))
error("final")
--## argerror_bad_self
local s = setmetatable({}, {__index = string})
print(pcall(function() return s:rep(2) end))
print(pcall(function() return ("x"):rep("y") end))
print(pcall(function() return ("x").rep() end))
--## argerror_function_names
print(pcall(string.format, "%d", "x"))
print(pcall(table.concat, {{}}))
print(pcall(math.max))
print(pcall(setmetatable, {}, 1))
local lf = string.upper
print(pcall(lf))
print(pcall(function() local up = string.lower; return up() end))
--## typeerror_name_field
local ud = setmetatable({}, {__name = "MyUserType"})
print(pcall(string.rep, ud))
print(pcall(math.floor, io.stdout))
