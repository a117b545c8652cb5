-- Differential checks for vm/debug.c (bytecode engineer): naming in runtime errors,
-- lua_getinfo/getlocal/getstack through the debug library, and hooks.
--## dbg_names_locals_globals_fields
local function e(f, ...) print(select(2, pcall(f, ...))) end
e(function() local x; x.y = 1 end)
e(function() local x; return x.y.z end)
e(function() return undefined_global.f end)
e(function() undefined_fn() end)
e(function() local t = {} t.a.b.c = 1 end)
e(function() local t = {} t:nomethod() end)
e(function() local t = {} return t[1].x end)
e(function() local t = {} local k = "key" return t[k].x end)
e(function() return ("x")() end)
e(function() return #nil end)
e(function() return -{} end)
e(function() local a = "x" return a + 1 end)
e(function() local a = {} return 1 + a end)
e(function() return {} .. "x" end)
e(function() local s = "a" return s .. {} end)
e(function() return 1 < "x" end)
e(function() return {} <= {} end)
e(function() return 2^63 | 0 end)
e(function() local f = 1.5 return f & 1 end)
e(function() return math.huge // 0 | 1 end)
--## dbg_names_upvalues_and_constants
local up
local function f() return up.x end
print(pcall(f))
local t = {}
local function g() t.a.b = 1 end
print(pcall(g))
print(pcall(function() local a <const> = nil; return a.x end))
print(pcall(function() return math.nofunc() end))
print(pcall(function() return string.nofunc("x") end))
print(pcall(function() local m = math return m.nofunc() end))
--## dbg_names_for_loops
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() for i = {}, 1 do end end))
print(pcall(function() for i = 1, 2, {} do end end))
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for k in 1 do end end))
print(pcall(function() for k in nil do end end))
--## dbg_names_metamethods_in_traceback
local mt = {__index = function(t, k) error("idx " .. k) end, __add = function() error("add") end}
local o = setmetatable({}, mt)
print(pcall(function() return o.key end))
print(pcall(function() return o + 1 end))
local ok, tb = xpcall(function() return o.zz end, debug.traceback)
print(tb:match("in metamethod '[%a]+'"))
--## dbg_getinfo_names
local function who() local i = debug.getinfo(2, "n") return i.name, i.namewhat end
local function lvl1() return who() end
print(lvl1())
local T = {m = function() return debug.getinfo(1, "n").name end}
print(T.m(), T:m())
function globalfn() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
print(globalfn())
local function tail() return debug.getinfo(1, "nt") end
local function caller() return tail() end
local i = caller()
print(i.name, i.namewhat, i.istailcall)
for _ in function() local i = debug.getinfo(1, "n") print(i.name, i.namewhat) return nil end do end
--## dbg_getinfo_fields
local function f(a, b, ...)
  local i = debug.getinfo(1, "Slu")
  return i.what, i.short_src, i.linedefined, i.lastlinedefined, i.currentline, i.nups, i.nparams, i.isvararg
end
print(f())
local m = debug.getinfo(1, "S")
print(m.what, m.linedefined, m.source:sub(1, 1))
local c = debug.getinfo(print, "Su")
print(c.what, c.short_src, c.source, c.nups, c.nparams, c.isvararg)
print(pcall(debug.getinfo, 1, ">"))
print(debug.getinfo(100))
local lines = {}
for l in pairs(debug.getinfo(f, "L").activelines) do lines[#lines + 1] = l end
table.sort(lines) print(table.concat(lines, " "))
--## dbg_getlocal_varargs_temporaries
local function v(a, b, ...)
  local x = 10
  local names = {}
  for i = 1, 4 do names[#names + 1] = tostring((debug.getlocal(1, i))) end
  print(table.concat(names, " "))
  print(debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print(debug.setlocal(1, 1, "A"), a)
  print(debug.setlocal(1, -1, "V1"), ...)
end
v(1, 2, "va1", "va2")
print(debug.getlocal(v, 1), debug.getlocal(v, 2), debug.getlocal(v, 3))
print(debug.getlocal(print, 1))
print(pcall(debug.getlocal, 50, 1))
--## dbg_hooks_line
local lines = {}
local function target(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  return s
end
debug.sethook(function(ev, line) lines[#lines + 1] = line end, "l")
target(2)
debug.sethook()
print(table.concat(lines, " "))
--## dbg_hooks_call_return
local ev = {}
local function leaf() return 1 end
local function mid() return leaf() end
local function top() local x = mid() return x end
debug.sethook(function(e)
  local i = debug.getinfo(2, "n")
  ev[#ev + 1] = e .. ":" .. tostring(i and i.name)
end, "cr")
top()
debug.sethook()
print(table.concat(ev, " "))
--## dbg_hooks_count_and_gethook
local n = 0
debug.sethook(function() n = n + 1 end, "", 10)
for i = 1, 1000 do end
local h, mask, count = debug.gethook()
debug.sethook()
print(n > 50, type(h), mask, count)
print(debug.gethook())
--## dbg_hook_transfer
local got = {}
debug.sethook(function(e)
  local i = debug.getinfo(2, "r")
  if i.ntransfer > 0 then got[#got + 1] = e .. i.ftransfer .. "/" .. i.ntransfer end
end, "cr")
local function three(a, b, c) return a, b end
three(1, 2, 3)
debug.sethook()
print(table.concat(got, " "))
--## dbg_traceback_shape
local function lvl3() error("deep") end
local function lvl2() lvl3() end
local ok, tb = xpcall(lvl2, debug.traceback)
print((tb:gsub("\n[^\n]*%[C%][^\n]*", "")))
