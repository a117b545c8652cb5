-- Debug information the compiler emits: variable names in runtime errors, line numbers,
-- function ranges, active lines, local variable ranges and upvalue names.
--## variable names in runtime errors
local function try(f, ...) print(select(2, pcall(f, ...))) end
local up = nil
try(function() local x; return x.y end)
try(function() return up.y end)
try(function() return undefinedglobal.y end)
try(function() local t = {} return t.a.b end)
try(function() local t = {} return t[1][2] end)
try(function() local t = {} t.a.b = 1 end)
try(function() local t = {} return t:nomethod() end)
try(function() local s = "x" return s:nomethod() end)
try(function() return ("x")() end)
try(function() local x = 1 return x() end)
try(function() return up() end)
try(function() return math.nofunc() end)
try(function() local a, b = 1, {} return a + b end)
try(function() local a = "x" return a + 1 end)
try(function() local a = {} return -a end)
try(function() local a = {} return #up end)
try(function() local a = {} return a .. "x" end)
try(function() local a = 1.5 return a | 1 end)
try(function() local a = {} return a < 1 end)
try(function() local a = {} return {} < a end)
try(function() local k <const> = "str" return k.x.y end)
try(function() for i = 1, "x" do end end)
try(function() for i = 1, 2, {} do end end)
try(function(...) local t = ... return t.x end)
try(function() local t = setmetatable({}, {__index = function(t, k) return nil end}) return t.x.y end)
try(function() string.rep() end)
try(function() local obj = {} obj.field.sub = 1 end)
try(function() _ENV.x.y = 1 end)
try(function() local _ENV = {} return z.w end)
--## line numbers
local function where() return debug.getinfo(2, "l").currentline end
print(where())
local t = {
  a = where(),
  b =
    where(),
}
print(t.a, t.b)
print(pcall(function()
  local x = nil
  return
    x
    .field
end))
print(pcall(function()
  error("at this line")
end))
print(pcall(function() error("level 2", 2) end))
local ok, msg = pcall(function()
  local a = {}
  local b = a
    .b
    .c
end)
print(msg)
--## function ranges and active lines
local function f(a, b)
  local c = a + b

  return c
end
local info = debug.getinfo(f, "SL")
print(info.linedefined, info.lastlinedefined, info.what, info.short_src)
local lines = {}
for l in pairs(info.activelines) do lines[#lines + 1] = l end
table.sort(lines)
print(table.concat(lines, " "))
local main = debug.getinfo(1, "S")
print(main.linedefined, main.what)
local g = load("local x = 1\n\nreturn x\n")
local gi = debug.getinfo(g, "SL")
print(gi.linedefined, gi.lastlinedefined, gi.what)
lines = {}
for l in pairs(gi.activelines) do lines[#lines + 1] = l end
table.sort(lines)
print(table.concat(lines, " "))
print(debug.getinfo(print).what, debug.getinfo(function() end).nparams, debug.getinfo(function(a, b, ...) end).isvararg)
--## local variables and upvalues
local function locals()
  local a = 1
  local b <const> = 2
  local c <close> = nil
  do local inner = 3 end
  local names = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    names[#names + 1] = name .. "=" .. (type(value) == "table" and "table" or tostring(value))
    i = i + 1
  end
  return table.concat(names, " ")
end
print(locals())
for i = 1, 1 do print(debug.getlocal(1, 1), debug.getlocal(1, 2), debug.getlocal(1, 3), debug.getlocal(1, 4)) end
for k, v in pairs({x = 1}) do print(debug.getlocal(1, 1), debug.getlocal(1, 5), debug.getlocal(1, 6)) end
local u1, u2 = 10, 20
local function useup() return u1 + u2 end
print(debug.getupvalue(useup, 1), debug.getupvalue(useup, 2), debug.getupvalue(useup, 3))
print((debug.getupvalue(load("return x"), 1)))
print(debug.getlocal(function(p, q, ...) end, 1), debug.getlocal(function(p, q, ...) end, 2), debug.getlocal(function(p) end, 2))
