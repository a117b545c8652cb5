-- Differential checks for the debug library (stdlib engineer).
--## dbg_getinfo_function
local function f(a, b, ...) return a end
local i = debug.getinfo(f)
print(i.what, i.short_src == i.source:sub(2), i.linedefined, i.lastlinedefined, i.nups, i.nparams, i.isvararg, i.func == f, i.currentline)
local keys = {}
for k in pairs(i) do keys[#keys + 1] = k end
table.sort(keys) print(table.concat(keys, " "))
--## dbg_getinfo_c
local i = debug.getinfo(print)
print(i.what, i.short_src, i.source, i.linedefined, i.lastlinedefined, i.currentline, i.nups, i.nparams, i.isvararg)
--## dbg_getinfo_level
local function g()
  local i = debug.getinfo(1, "nSl")
  local c = debug.getinfo(2, "l")
  return i.name, i.namewhat, i.currentline, i.what, c.currentline
end
print(g())
local t = {m = function() return debug.getinfo(1, "n") end}
local r = t.m()
print(r.name, r.namewhat)
print(debug.getinfo(100), debug.getinfo(0, "n").name)
--## dbg_getinfo_main
local i = debug.getinfo(1, "S")
print(i.what, i.linedefined)
--## dbg_getinfo_options
print(pcall(debug.getinfo, 1, ">"))
print(pcall(debug.getinfo, 1, "x"))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo))
local i = debug.getinfo(1, "")
print(next(i))
--## dbg_getinfo_tailcall
local function inner() return debug.getinfo(1, "t").istailcall, debug.getinfo(2, "n").name end
local function outer() return inner() end
print(outer())
--## dbg_getinfo_activelines
local function f()
  local x = 1
  return x
end
local lines = {}
for l in pairs(debug.getinfo(f, "L").activelines) do lines[#lines + 1] = l end
table.sort(lines) print(table.concat(lines, ","))
print(debug.getinfo(print, "L").activelines)
--## dbg_getinfo_transfer
local res
local function hook(ev)
  if ev == "return" and not res then
    local i = debug.getinfo(2, "r")
    res = i.ftransfer .. "/" .. i.ntransfer
  end
end
local function three() return 1, 2, 3 end
debug.sethook(hook, "r")
three()
debug.sethook()
print(res)
--## dbg_getlocal
local function f(a, b)
  local c = a + b
  local names = {}
  local i = 1
  while true do
    local n, v = debug.getlocal(1, i)
    if not n then break end
    names[#names + 1] = n .. "=" .. (type(v) == "table" and "tbl" or tostring(v))
    i = i + 1
  end
  return table.concat(names, " ")
end
print(f(1, 2))
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3), debug.getlocal(print, 1))
--## dbg_getlocal_varargs
local function v(...)
  return debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3)
end
print(v("x", "y"))
print(pcall(debug.getlocal, 100, 1))
print(pcall(debug.getlocal, 1))
--## dbg_setlocal
local function f()
  local x = 1
  debug.setlocal(1, 1, 42)
  return x
end
print(f())
local function h(...)
  print(debug.setlocal(1, -1, "changed"), ...)
  print(debug.setlocal(1, 10, 1))
end
h("orig")
print(pcall(debug.setlocal, 100, 1, 1))
--## dbg_upvalues
local a, b = 1, 2
local function f() return a + b end
print(debug.getupvalue(f, 1), debug.getupvalue(f, 2), debug.getupvalue(f, 3))
print(debug.setupvalue(f, 1, 10), f(), debug.setupvalue(f, 5, 0))
print(debug.getupvalue(string.gmatch("a", "a"), 1))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.setupvalue, f, 1))
--## dbg_upvalueid_join
local x, y = 1, 2
local function f() return x end
local function g() return y end
local function h() return x end
print(debug.upvalueid(f, 1) == debug.upvalueid(h, 1), debug.upvalueid(f, 1) == debug.upvalueid(g, 1), type(debug.upvalueid(f, 1)))
debug.upvaluejoin(f, 1, g, 1)
print(f(), debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
print(debug.upvalueid(f, 5))
print(pcall(debug.upvaluejoin, f, 5, g, 1))
print(pcall(debug.upvaluejoin, print, 1, g, 1))
--## dbg_hooks_call_return
local ev = {}
local function hook(e, line) ev[#ev + 1] = e .. (line and (":" .. line) or "") end
local function callee() return 1 end
debug.sethook(hook, "cr")
callee()
debug.sethook()
print(#ev > 0, ev[1], ev[#ev])
local counts = {}
for _, e in ipairs(ev) do counts[e] = (counts[e] or 0) + 1 end
print(counts.call, counts["return"])
--## dbg_hooks_line
local lines = {}
debug.sethook(function(e, l) lines[#lines + 1] = l end, "l")
local a = 1
local b = 2
debug.sethook()
print(table.concat(lines, ","))
--## dbg_hooks_count
local n = 0
debug.sethook(function(e) n = n + 1 end, "", 1)
for i = 1, 10 do end
debug.sethook()
print(n > 10)
--## dbg_gethook
print(debug.gethook())
local function h() end
debug.sethook(h, "crl", 5)
local f, m, c = debug.gethook()
debug.sethook()
print(f == h, m, c, debug.gethook())
--## dbg_hook_coroutine
local co = coroutine.create(function() coroutine.yield() end)
local seen = 0
debug.sethook(co, function() seen = seen + 1 end, "c")
coroutine.resume(co)
print(seen > 0, debug.gethook() == nil, select(2, debug.gethook(co)))
--## dbg_traceback
local function lvl2() return debug.traceback("msg", 1) end
local function lvl1() return lvl2() end
print((lvl1():gsub("0x%x+", "ADDR")))
print(debug.traceback(42), debug.traceback(nil) ~= nil, type(debug.traceback({})))
print(debug.traceback("x", 50))
--## dbg_traceback_coroutine
local co = coroutine.create(function() local x = 1 coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "message"))
print(debug.traceback(co, "lvl", 1))
--## dbg_metatable
local t = {}
print(debug.getmetatable(t), debug.setmetatable(t, {__index = {a = 1}}) == t, t.a)
print(debug.getmetatable("").__index == string, debug.setmetatable(10, nil))
print(pcall(debug.setmetatable, t, 1))
local p = setmetatable({}, {__metatable = "locked"})
print(getmetatable(p), type(debug.getmetatable(p)))
--## dbg_registry
local r = debug.getregistry()
print(type(r), type(r._LOADED), r._LOADED.string == string)
--## dbg_uservalue
print(debug.getuservalue(1), debug.getuservalue({}), debug.getuservalue(io.stdout), debug.getuservalue(io.stdout, 2))
print(pcall(debug.setuservalue, {}, 1))
print(pcall(debug.setuservalue, io.stdout, 1, 1) )
--## dbg_lib_fields
local names = {}
for k in pairs(debug) do names[#names + 1] = k end
table.sort(names) print(table.concat(names, " "))
--## dbg_debug_cont
print(debug.debug())
--## dbg_errors_in_hook
local ok, err = pcall(function()
  debug.sethook(function() error("in hook") end, "l")
  local x = 1
end)
debug.sethook()
print(ok, (err:gsub("^.-:%d+: ", "")))
--## dbg_hooks_count_exact
local n = 0
local function work()
  local s = 0
  for i = 1, 20 do s = s + i * 2 end
  return s
end
debug.sethook(function() n = n + 1 end, "", 1)
work()
debug.sethook()
print(n)
n = 0
debug.sethook(function() n = n + 1 end, "", 7)
work()
debug.sethook()
print(n)
--## dbg_hooks_line_exact
local lines = {}
local function f(x)
  local y = 0
  for i = 1, 3 do
    if i % 2 == 0 then
      y = y + i
    else
      y = y - 1
    end
  end
  return y + x
end
debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
f(1)
debug.sethook()
print(table.concat(lines, " "))
--## dbg_hooks_call_names
local ev = {}
local t = {}
function t.method(self) return 1 end
local function g() return t:method() end
local function h() return g() end
debug.sethook(function(e)
  local i = debug.getinfo(2, "nt")
  ev[#ev + 1] = e .. ":" .. tostring(i.name) .. ":" .. tostring(i.namewhat) .. ":" .. tostring(i.istailcall)
end, "cr")
h()
debug.sethook()
print(table.concat(ev, "\n"))
