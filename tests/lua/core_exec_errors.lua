--## error_values
print(pcall(error, "msg"))
print(pcall(error, "msg", 0))
print(select("#", pcall(error, {1})), type(select(2, pcall(error, {1}))))
print(pcall(error, nil))
print(pcall(error))
print(select("#", pcall(error)))
local function f() error("lvl2", 2) end
print(pcall(function() f() end))
--## runtime_messages
local t = {}
print(pcall(function() return t.x.y end))
print(pcall(function() return undefinedglobal.x end))
print(pcall(function() undefinedfunc() end))
print(pcall(function() t:nomethod() end))
print(pcall(function() local a = 1 a() end))
print(pcall(function() return ("x")() end))
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(pcall(function() return #t.z end))
print(pcall(function() return t.a + 1 end))
local function mkf() local up = t return function() return up.q.r end end
print(pcall(mkf()))
--## xpcall_handler
print(xpcall(function() error("boom") end, function(m) return "handled: " .. m end))
print(xpcall(function() return 1, 2, 3 end, print))
print(xpcall(function() error("e1") end, function(m) error("e2") end))
print(xpcall(function(...) return select("#", ...) end, print, 1, 2, 3))
--## stack_overflow
local function rec(n) return 1 + rec(n + 1) end
local ok, e = pcall(rec, 1)
print(ok, e)
local function rec2() rec2() end
print(pcall(rec2))
--## stack_overflow_handler
local function rec() return 1 + rec() end
print(xpcall(rec, function(m) return "H:" .. m end))
--## c_stack_overflow
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t.x end))
local mt = {}
mt.__add = function(a, b) return a + b end
local o = setmetatable({}, mt)
print(pcall(function() return o + 1 end))
--## deep_pcall
local function d(n) if n == 0 then return "bottom" end return select(2, pcall(d, n - 1)) end
print(d(150))
print(d(250))
--## tail_calls_deep
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
print(loop(1000000))
local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(100001))
--## error_with_tostring_meta
local e = setmetatable({}, {__tostring = function() return "custom error" end})
print(pcall(error, e))
print(select(2, pcall(error, e)) == e)
--## uncaught_error
error("top level failure")
--## uncaught_error_table
error({})
--## uncaught_error_tostring
error(setmetatable({}, {__tostring = function() return "TS" end}))
--## runtime_error_exit
local x = nil
print(x.field)
--## varargs
local function v(...) return select("#", ...), ... end
print(v())
print(v(nil, nil))
print(v(1, nil, 3))
local function pass(...) return ... end
print(pass(1, 2, 3), pass(4, 5))
print((pass(1, 2, 3)))
local function tbl(...) local t = {...} return #t, t[1], t[#t] end
print(tbl(5, 6, 7, 8))
local function va2(a, b, ...) local x, y = ... return a, b, x, y end
print(va2(1), va2(1, 2, 3, 4, 5))
print(select(-1, 1, 2, 3), pcall(select, 0, 1))
--## many_results
local function many(n) local t = {} for i = 1, n do t[i] = i end return table.unpack(t) end
print(select("#", many(250)), select(250, many(250)))
local t = {many(10000)} print(#t, t[10000])
print(pcall(function() return table.unpack({}, 1, 1e7) end))
--## error_in_error_handling
local function rec() return 1 + rec() end
print(xpcall(rec, function(m) return rec() end))
print(xpcall(rec, function(m) local function r2() return 1 + r2() end return r2() end))
local co = coroutine.wrap(function() return xpcall(rec, function(m) error("again") end) end)
print(co())
print(xpcall(error, function(m) return m .. "!" end, "x"))
local function h(m) error(m) end
print(xpcall(error, h, "loop"))
print(select("#", xpcall(error, h, "loop")))
