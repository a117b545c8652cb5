--## tbc_edge_cases
local function func2close(f, x, y)
  local obj = setmetatable({}, {__close = f})
  if x then return x, obj, y else return obj end
end
do
  local function foo()
    local xyz <close> = setmetatable({}, {__close = print})
    getmetatable(xyz).__close = nil
  end
  print(pcall(foo))
  local function foo2()
    local a1 <close> = func2close(function(_, msg) print("a1", msg) error(12) end)
    local a2 <close> = setmetatable({}, {__close = print})
    local a3 <close> = func2close(function(_, msg) print("a3", msg) error(123) end)
    getmetatable(a2).__close = 4
  end
  print(pcall(foo2))
end
do
  local function overflow(n) overflow(n + 1) end
  local function errorh(m)
    print("handler", (string.gsub(m, "^.-:%d+: ", "")))
    local x <close> = func2close(function(o) o[1] = 10 end)
    return x
  end
  local flag, st, obj
  local co = coroutine.wrap(function()
    local y <close> = func2close(function(obj, msg) print("y closed", msg) obj[1] = 100 flag = obj end)
    st, obj = xpcall(overflow, errorh, 0)
  end)
  co()
  print(st, obj[1], flag[1])
end
do
  local function foo(...)
    local x123 <close> = func2close(function() error("@x123") end)
  end
  local st, msg = xpcall(foo, debug.traceback)
  print(st, msg)
end
do
  local track = {}
  local function foo()
    local x0 <close> = func2close(function(_, msg) track[#track + 1] = "x0:" .. tostring(msg) end)
    local x <close> = func2close(function()
      local xx <close> = func2close(function(_, msg) track[#track + 1] = "xx:" .. tostring(msg) error(202) end)
      track[#track + 1] = "x"
      error(101)
    end)
    track[#track + 1] = "foo"
    return 20, 30, 40
  end
  print(pcall(foo))
  print(table.concat(track, " "))
end
do
  local function foo(...)
    do
      local x1 <close> = func2close(function(self, msg) print("x1", msg) error("@Y") end)
      local x123 <close> = func2close(function(_, msg) print("x123", msg) error("@X") end)
    end
    print("should not run")
  end
  local st, msg = xpcall(foo, debug.traceback)
  print(st, msg)
end
--## call_compare_messages_and_yields
print(pcall(function() for k in nil do end end))
print(pcall(function() for k in 5 do end end))
local t = {}
print(pcall(function() t.a.b() end))
print(pcall(function() t.f() end))
print(pcall(function() t[1]() end))
local up
print(pcall(function() up() end))
print(pcall(function() local s = "x" .. {} end))
print(pcall(function() return 1 < {} end))
print(pcall(function() return {} <= {} end))
print(pcall(function() return "a" < 1 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return 1.5 // 0 end), pcall(function() return 1 >> 1.5 end))
print(pcall(function() return math.huge | 0 end))
print(pcall(function() local a = "10" return a | 1.5 end))
local co = coroutine.wrap(function()
  local mt = {__concat = function(a, b) local r = coroutine.yield("c") return "<" .. tostring(r) .. ">" end}
  local o = setmetatable({}, mt)
  local s = "a" .. "b" .. o .. "c" .. "d" .. o
  return s
end)
print(co()) print(co(1)) print(co(2))
local co2 = coroutine.wrap(function()
  local mt = {__eq = function() return coroutine.yield("eq") end, __lt = function() return coroutine.yield("lt") end}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  local r = {}
  r[1] = not (a == b)
  r[2] = not (a < b)
  if a ~= b then r[3] = "ne" else r[3] = "eq" end
  r[4] = a <= b
  r[5] = (a > b) and "gt" or "le"
  return table.concat({tostring(r[1]), tostring(r[2]), r[3], tostring(r[4]), r[5]}, ",")
end)
print(co2()) print(co2(true)) print(co2(false)) print(co2(true)) print(co2(true)) print(co2(false))
print(coroutine.isyieldable(coroutine.create(print)))
local co3 = coroutine.create(function() error("x") end)
coroutine.resume(co3)
print(coroutine.close(co3))
print(select('#', coroutine.running()))
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return coroutine.status(outer) end)
  return coroutine.resume(inner)
end)
print(coroutine.resume(outer))
--## call_chain
local c3 = setmetatable({}, {__call = setmetatable({}, {__call = setmetatable({}, {__call = function(...) return select("#", ...) end})})})
print(c3(1, 2))
local function tc() return c3(3) end
print(tc())
--## hooks_calls_lines
local evs = {}
local function rec(ev, line)
  local info = debug.getinfo(2, "nS")
  evs[#evs + 1] = ev .. ":" .. tostring(info.name) .. ":" .. info.what .. (line and (":" .. line) or "")
end
local function leaf(...) return select("#", ...) end
local function tail(x) return leaf(x, x) end
local function va(...) local a = ... return tail(a) end
debug.sethook(rec, "cr")
va(1, 2, 3)
local co = coroutine.wrap(function(a) local b = coroutine.yield(a) return b end)
co(1) co(2)
pcall(error, "x")
local t = setmetatable({}, {__index = function(t, k) return k end})
local _ = t.foo
debug.sethook()
for _, e in ipairs(evs) do print(e) end
evs = {}
debug.sethook(rec, "l")
local s = 0
for i = 1, 3 do
  s = s + i
end
local function f(...)
  return ...
end
f(1)
debug.sethook()
for _, e in ipairs(evs) do print(e) end
