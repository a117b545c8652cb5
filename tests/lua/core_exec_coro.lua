--## basic
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
--## wrap_and_errors
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
print(gen(), gen(), gen())
local co = coroutine.create(function() error("oops") end)
print(coroutine.resume(co))
print(coroutine.resume(co))
co = coroutine.create(function() error({code = 1}) end)
local ok, e = coroutine.resume(co) print(ok, type(e), e.code)
print(pcall(coroutine.yield, 1))
print(select(2, pcall(coroutine.resume, coroutine.running())))
--## resume_running
local co
co = coroutine.create(function() return coroutine.resume(co) end)
print(coroutine.resume(co))
--## yield_across_pcall
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("in pcall")
    error("after " .. x)
  end)
  print("pcall returned", ok, v)
  local ok2, v2 = pcall(coroutine.yield, "second")
  print("pcall2", ok2, v2)
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resume1"))
print(coroutine.resume(co, "resume2"))
print(coroutine.status(co))
--## yield_in_metamethods
local mt = {
  __add = function(a, b) return coroutine.yield("add") end,
  __index = function(t, k) return coroutine.yield("index " .. k) end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __le = function(a, b) return coroutine.yield("le") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __len = function(a) return coroutine.yield("len") end,
  __newindex = function(t, k, v) coroutine.yield("newindex") end,
  __call = function(self, x) return coroutine.yield("call") end,
}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local co = coroutine.wrap(function()
  print("add ->", a + 1)
  print("index ->", a.foo)
  print("lt ->", a < b)
  print("le ->", a <= b)
  print("concat ->", "x" .. a .. "y")
  print("eq ->", a == b)
  print("len ->", #a)
  a.x = 1
  print("call ->", a(1))
  if a < b then print("branch lt true") else print("branch lt false") end
  return "end"
end)
local v = co()
while v ~= "end" do io.write("[", tostring(v), "] ") v = co(v == "lt" or v == "le" or v == "eq" or 42) end
print(v)
--## yield_in_iterator
local function iter() return coroutine.yield("next") end
local co = coroutine.wrap(function()
  local n = 0
  for k in iter do n = n + 1 if n > 2 then break end end
  return "done " .. n
end)
print(co(), co(1), co(2), co(3))
--## yield_across_c_boundary
local co = coroutine.create(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)
print(coroutine.resume(co))
--## isyieldable_running
print(coroutine.isyieldable(), select(2, coroutine.running()))
local co = coroutine.create(function() print(coroutine.isyieldable(), select(2, coroutine.running())) end)
coroutine.resume(co)
--## close
local co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() print("closing x") end})
  coroutine.yield(1)
end)
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co))
co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() error("close err") end})
  coroutine.yield(1)
end)
coroutine.resume(co)
print(coroutine.close(co))
print(coroutine.close(coroutine.create(print)))
--## wrap_error_propagates
local f = coroutine.wrap(function() error("inner") end)
print(pcall(f))
local g = coroutine.wrap(function() return 1 end)
g()
print(pcall(g))
--## many_coroutines
local sum = 0
for i = 1, 200 do
  local co = coroutine.wrap(function(a) local b = coroutine.yield(a * 2) return a + b end)
  sum = sum + co(i) + co(1)
end
print(sum)
--## producer_consumer
local function producer() return coroutine.create(function() for i = 1, 5 do coroutine.yield(i * i) end return nil end) end
local p = producer()
local out = {}
while true do local ok, v = coroutine.resume(p) if not v then break end out[#out+1] = v end
print(table.concat(out, " "))
--## recursive_resume_depth
local function nest(n)
  if n == 0 then return 0 end
  local co = coroutine.create(nest)
  local ok, v = coroutine.resume(co, n - 1)
  if not ok then return v end
  return v + 1
end
print(nest(50))
print(nest(250))
