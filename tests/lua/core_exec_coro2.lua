--## stack_realloc_in_metamethod
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
local t = setmetatable({}, {__index = function(t, k) return deep(5000) + k end})
local a, b, c = 1, 2, 3
local v = t[10]
print(a, b, c, v)
local mt = {__add = function(x, y) return deep(20000) end, __eq = function() deep(30000) return true end}
local o = setmetatable({}, mt)
local x1, x2 = "p", "q"
print(o + 1, x1, x2, o == setmetatable({}, mt), x1 .. x2)
--## yield_in_close
local co = coroutine.wrap(function()
  do
    local x <close> = setmetatable({}, {__close = function() coroutine.yield("closing") print("closed after yield") end})
    print("in block")
  end
  local function f()
    local y <close> = setmetatable({}, {__close = function() coroutine.yield("closing2") end})
    return "r1", "r2"
  end
  print(f())
  return "done"
end)
print(co()) print(co()) print(co())
--## yield_in_close_on_error
local co = coroutine.create(function()
  local ok, e = pcall(function()
    local x <close> = setmetatable({}, {__close = function(_, err) coroutine.yield("c:" .. tostring(err)) end})
    error("E", 0)
  end)
  return ok, e
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
--## yield_inside_nested_pcall_error
local co = coroutine.create(function()
  local r = {pcall(function()
    local ok, e = pcall(function() coroutine.yield(1) error("inner", 0) end)
    coroutine.yield(2)
    error("outer:" .. tostring(e), 0)
  end)}
  return table.unpack(r)
end)
print(coroutine.resume(co)) print(coroutine.resume(co)) print(coroutine.resume(co))
--## xpcall_in_coroutine_yield
local co = coroutine.create(function()
  return xpcall(function() coroutine.yield("y") error("bad", 0) end, function(m) return "handled " .. m end)
end)
print(coroutine.resume(co)) print(coroutine.resume(co))
--## error_object_across_resume
local co = coroutine.create(function() local t = setmetatable({}, {__index = function() error({msg = "tbl"}) end}) return t.x end)
local ok, e = coroutine.resume(co)
print(ok, type(e), e.msg)
--## coroutine_wrap_in_for
local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local s = 0 for i in range(100) do s = s + i end print(s)
--## gsub_callback_yield
local co = coroutine.create(function() return (string.gsub("abc", "%w", function(c) coroutine.yield(c) end)) end)
print(coroutine.resume(co))
--## close_running_coroutine
print(pcall(coroutine.close, coroutine.running()))
local co
co = coroutine.create(function() return pcall(coroutine.close, co) end)
print(coroutine.resume(co))
--## resume_self_via_wrap
local w
w = coroutine.wrap(function() return w() end)
print(pcall(w))
