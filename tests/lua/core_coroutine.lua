-- Differential checks of coroutines (stdlib/coroutine.c over lua_resume/lua_yield).
--## co_accumulator
local acc = coroutine.create(function(first)
  local total, n = first, 1
  while true do
    local v = coroutine.yield(total, n)
    if v == nil then break end
    total, n = total + v, n + 1
  end
  return "sum", total, "count", n
end)
print(coroutine.resume(acc, 5))
print(coroutine.resume(acc, 10))
print(coroutine.resume(acc, 0.5))
print(coroutine.resume(acc))
print(coroutine.status(acc), coroutine.resume(acc))
--## co_status_all
local main = coroutine.running()
local co
co = coroutine.create(function()
  print(coroutine.status(co))
  local inner = coroutine.create(function() print("outer is", coroutine.status(co)) end)
  coroutine.resume(inner)
  coroutine.yield()
end)
print(coroutine.status(co))
coroutine.resume(co)
print(coroutine.status(co))
coroutine.resume(co)
print(coroutine.status(co))
--## co_running
local co, ismain = coroutine.running()
print(type(co), ismain)
local c2 = coroutine.create(function() local x, m = coroutine.running(); print(type(x), m) end)
coroutine.resume(c2)
--## co_error
local co = coroutine.create(function() error("oops") end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
local co2 = coroutine.create(function() error({1}) end)
local ok, e = coroutine.resume(co2)
print(ok, type(e))
--## co_wrap
local gen = coroutine.wrap(function(n) for i = 1, n do coroutine.yield(i) end return "done" end)
print(gen(3), gen(), gen(), gen())
print(pcall(gen))
--## co_wrap_error_position
local w = coroutine.wrap(function() error("inside") end)
print(pcall(w))
local w2 = coroutine.wrap(function() error({}) end)
local ok, e = pcall(w2)
print(ok, type(e))
local w3 = coroutine.wrap(function() local x = nil; return x.y end)
print(pcall(w3))
--## co_wrap_dead
local w = coroutine.wrap(function() end)
w()
print(pcall(w))
--## co_isyieldable
print(coroutine.isyieldable())
coroutine.wrap(function() print(coroutine.isyieldable()) end)()
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(coroutine.isyieldable(co))
--## co_yield_outside
print(pcall(coroutine.yield, 1))
--## co_resume_self
print(coroutine.resume(coroutine.running()))
local co
co = coroutine.create(function() return coroutine.resume(co) end)
print(coroutine.resume(co))
--## co_bad_args
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.status, {}))
print(pcall(coroutine.wrap))
print(pcall(coroutine.close, "x"))
--## co_close
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(coroutine.close(co), coroutine.status(co))
print(coroutine.close(coroutine.create(print)))
local dead = coroutine.create(function() error("e1") end)
coroutine.resume(dead)
print(coroutine.close(dead))
print(pcall(coroutine.close, coroutine.running()))
--## co_close_tbc
local co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function(_, err) print("closing", err) end})
  coroutine.yield(1)
  print("never")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
--## co_close_tbc_error
local co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() error("in close") end})
  coroutine.yield(1)
end)
coroutine.resume(co)
print(coroutine.close(co))
--## co_yield_across_pcall
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local r = coroutine.yield("from pcall")
    error("after " .. r)
  end)
  coroutine.yield(ok, v)
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resume"))
print(coroutine.resume(co))
--## co_yield_across_xpcall
local co = coroutine.wrap(function()
  return xpcall(function() coroutine.yield(1); error("E") end, function(m) return "H:" .. m end)
end)
print(co())
print(co())
--## co_yield_in_metamethod
local mt = {__add = function(a, b) return coroutine.yield("adding") end,
            __index = function(t, k) return coroutine.yield("index " .. k) end}
local co = coroutine.wrap(function()
  local t = setmetatable({}, mt)
  local s = t + 1
  local v = t.foo
  return s, v
end)
print(co())
print(co(10))
print(co(20))
--## co_yield_in_iterator
local function iter()
  return coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i, i * i) end end)
end
for a, b in iter() do print(a, b) end
--## co_yield_in_pairs_meta
local t = setmetatable({}, {__pairs = function() coroutine.yield("in pairs"); return next, {5}, nil end})
local co = coroutine.wrap(function() for k, v in pairs(t) do print(k, v) end return "fin" end)
print(co())
print(co())
--## co_yield_across_c_boundary
local co = coroutine.create(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)
print(coroutine.resume(co))
--## co_many_values
local co = coroutine.create(function(...) local n = select("#", coroutine.yield(...)); return n end)
print(select("#", coroutine.resume(co, table.unpack({}, 1, 100))))
print(coroutine.resume(co, 1, 2, 3))
--## co_result_counts
-- coroutine.resume puts true before what was yielded or returned; wrap passes it as it is.
local function many(n) local t = {} for i = 1, n do t[i] = i * 3 end return table.unpack(t, 1, n) end
for _, n in ipairs({0, 1, 2, 19, 20, 21, 200, 5000}) do
  local co = coroutine.create(function(k) local m = select("#", coroutine.yield(many(k))); return many(m) end)
  local r1 = table.pack(coroutine.resume(co, n))
  local r2 = table.pack(coroutine.resume(co, many(n + 1)))
  local w = coroutine.wrap(function(k) coroutine.yield(many(k)) return many(k + 2) end)
  local w1 = table.pack(w(n))
  local w2 = table.pack(w())
  print(n, r1.n, r1[1], r1[2], r1[r1.n], r2.n, r2[1], r2[r2.n], w1.n, w1[w1.n], w2.n, w2[1], w2[w2.n])
end
print(coroutine.resume(coroutine.create(function() error("x", 0) end)))
print(pcall(coroutine.wrap(function() error("y", 0) end)))
--## co_nested_generators
local function gen(n)
  return coroutine.wrap(function()
    if n > 0 then for v in gen(n - 1) do coroutine.yield(v) end end
    coroutine.yield(n)
  end)
end
local out = {}
for v in gen(5) do out[#out + 1] = v end
print(table.concat(out, ","))
--## co_producer_consumer
local producer = coroutine.create(function()
  for _, w in ipairs({"a", "b", "c"}) do coroutine.yield(w) end
end)
local acc = {}
while true do
  local ok, w = coroutine.resume(producer)
  if not w then break end
  acc[#acc + 1] = w
end
print(table.concat(acc), coroutine.status(producer))
--## co_wrap_tostring_type
print(type(coroutine.wrap(print)), type(coroutine.create(print)))
--## co_error_in_resume_traceback_kept
local co = coroutine.create(function() local function inner() error("deep") end inner() end)
local ok, msg = coroutine.resume(co)
print(ok, msg)
print((debug.traceback(co):gsub("\n.*", "")))
--## co_yield_across_dofile
local f = io.open("yielder.lua", "w"); f:write("local v = coroutine.yield('from dofile')\nreturn v * 2\n"); f:close()
local co = coroutine.wrap(function() return "result", dofile("yielder.lua") end)
print(co())
print(co(21))
--## co_yield_in_load_reader
local co = coroutine.wrap(function()
  return load(function() coroutine.yield("reader") end)
end)
print(pcall(co))
--## co_yield_in_require
local f = io.open("yieldmod.lua", "w"); f:write("coroutine.yield('in module')\nreturn 1\n"); f:close()
local co = coroutine.wrap(function() return require("yieldmod") end)
print(pcall(co))
--## co_yield_in_tostring_meta
local t = setmetatable({}, {__tostring = function() coroutine.yield("ts") return "x" end})
local co = coroutine.wrap(function() return tostring(t) end)
print(pcall(co))
--## co_wrap_args_and_results
local w = coroutine.wrap(function(...)
  local args = table.pack(...)
  while true do
    args = table.pack(coroutine.yield(args.n, ...))
  end
end)
print(w(1, 2, 3))
print(w())
print(w(nil, nil))
--## co_status_inside_wrap_error_handler
local co
co = coroutine.create(function()
  local ok, e = pcall(error, "x")
  return coroutine.status(co), ok, e
end)
print(coroutine.resume(co))
