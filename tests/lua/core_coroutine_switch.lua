-- Differential checks of the coroutine switch paths (vm/do.c): vm_coresume behind
-- coroutine.resume and wrap, and vm_coyield, whose yield from an OP_CALL at the level
-- lua_resume started returns to lua_resume instead of a longjmp; each fallback (a tail call,
-- a C body, pcall, metamethods, iterators, hooks) next to the direct form.
--## sw_generator_states
local co = coroutine.create(function(a, b)
  local x, y = coroutine.yield(a + b)
  print("got", x, y)
  local z = coroutine.yield()
  print("got", z)
  return "done", z
end)
print(coroutine.status(co), coroutine.resume(co, 1, 2))
print(coroutine.status(co), coroutine.resume(co, "x", "y"))
print(coroutine.status(co), coroutine.resume(co, nil))
print(coroutine.status(co), coroutine.resume(co))
print(coroutine.status(co), coroutine.resume(co))
--## sw_traceback_suspended
local function deep(n) if n == 0 then coroutine.yield("bottom") else deep(n - 1) end end
local co = coroutine.create(function() deep(3); return "end" end)
print(coroutine.resume(co))
print(debug.traceback(co))
print(debug.traceback(co, "msg", 1))
local info = debug.getinfo(co, 1, "Sl")
print(info.short_src, info.currentline)
print(coroutine.resume(co))
--## sw_yield_tailcall_fallback
local co = coroutine.wrap(function(v)
  for i = 1, 3 do v = coroutine.yield(v * 2) end
  return coroutine.yield("tail")  -- a tail call: the longjmp path
end)
print(co(1), co(2), co(3), co(4), co("last"))
--## sw_yield_call_metamethod
local t = setmetatable({}, {__call = coroutine.yield})
local co = coroutine.wrap(function(...)
  local a, b = t(...)
  print("back", select("#", a, b), a == t, b)
  return "ok"
end)
local r1, r2 = co(7)
print(r1 == t, r2)
print(co("v"))
--## sw_yield_c_body
local co = coroutine.wrap(coroutine.yield)
print(co(1, 2, 3))
print(co("done"))
print(pcall(co))
--## sw_yield_pcall_then_direct
local co = coroutine.create(function()
  local ok, v = pcall(function() return coroutine.yield("in pcall") end)
  print("pcall gave", ok, v)
  local w = coroutine.yield("direct")
  print("direct gave", w)
  local ok2, err = pcall(function() coroutine.yield("again"); error("boom") end)
  print(ok2, err)
  return coroutine.yield("last") or "fin"
end)
for i = 1, 6 do print(i, coroutine.resume(co, "r" .. i)) end
--## sw_yield_metamethod_then_direct
local mt = {__index = function(t, k) return coroutine.yield("index " .. k) end,
            __add = function(a, b) return coroutine.yield("add") end}
local co = coroutine.wrap(function()
  local o = setmetatable({}, mt)
  local v = o.foo
  local w = coroutine.yield("got " .. tostring(v))
  local s = o + 1
  return "sum " .. tostring(s) .. " " .. tostring(w)
end)
print(co()); print(co("V")); print(co("W")); print(co(42))
--## sw_wrap_for_in
local function range(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i, i * i) end
  end)
end
local s = 0
for i, sq in range(10) do s = s + i + sq end
print(s)
for i in range(0) do print("never", i) end
--## sw_pipeline_nested
local function gen(n)
  return coroutine.create(function() for i = 1, n do coroutine.yield(i) end end)
end
local function filter(src)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not v then return end
      if v % 2 == 0 then coroutine.yield(v) end
    end
  end)
end
local f = filter(filter(gen(20)))
local out = {}
while true do
  local ok, v = coroutine.resume(f)
  if not v then break end
  out[#out + 1] = v
end
print(table.concat(out, " "), coroutine.status(f))
--## sw_error_after_yield
local co = coroutine.create(function(x)
  local y = coroutine.yield(x)
  local t = nil
  return t.field + y
end)
print(coroutine.resume(co, 1))
local ok, msg = coroutine.resume(co, 2)
print(ok, msg)
print(debug.traceback(co))
print(coroutine.status(co), coroutine.resume(co))
--## sw_wrap_error_after_yield
local co = coroutine.wrap(function() coroutine.yield(1); error("wrapped") end)
print(co())
print(pcall(co))
print(pcall(co))
local co2 = coroutine.wrap(function() coroutine.yield(1); error({code = 7}) end)
co2()
local ok, e = pcall(co2)
print(ok, type(e), e.code)
--## sw_resume_bad_states
local co
co = coroutine.create(function()
  print(coroutine.resume(co))
  local inner = coroutine.create(function() return coroutine.resume(co) end)
  print(coroutine.resume(inner))
  coroutine.yield()
end)
coroutine.resume(co)
coroutine.resume(co)
print(coroutine.resume(co))
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.resume, 42))
print(pcall(coroutine.resume))
--## sw_many_values
local co = coroutine.wrap(function(...)
  local t = {...}
  while true do t = {coroutine.yield(table.unpack(t))} end
end)
local big = {}
for i = 1, 300 do big[i] = i end
print(select("#", co(table.unpack(big))), select(300, co(table.unpack(big))))
print(select("#", co()))
print(co(nil, nil, 3))
--## sw_hooks_across_yield
local events = {}
local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1)
  local c = coroutine.yield(b + 1)
  return c
end)
debug.sethook(co, function(ev, line)
  events[#events + 1] = ev .. ":" .. tostring(line)
end, "crl")
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 100))
debug.sethook(co)
print(table.concat(events, " "))
--## sw_count_hook_across_yield
local n = 0
local co = coroutine.wrap(function()
  for i = 1, 50 do coroutine.yield(i) end
  return "end"
end)
debug.sethook(function() n = n + 1 end, "", 7)
local last
for i = 1, 51 do last = co() end
debug.sethook()
print(last, n > 0)
--## sw_hook_set_while_suspended
local co = coroutine.create(function()
  local x = 1
  coroutine.yield(x)
  x = x + 1
  coroutine.yield(x)
  return x
end)
print(coroutine.resume(co))
local lines = {}
debug.sethook(co, function(ev, l) lines[#lines + 1] = l end, "l")
print(coroutine.resume(co))
debug.sethook(co)
print(coroutine.resume(co))
print(table.concat(lines, ","))
--## sw_yield_in_hook_then_direct
local co = coroutine.create(function()
  local s = 0
  for i = 1, 3 do s = s + i end
  local v = coroutine.yield("direct", s)
  return "end", v
end)
debug.sethook(co, function() debug.sethook(co); coroutine.yield() end, "l")
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co, "V"))
print(coroutine.status(co))
--## sw_close_after_direct_yield
local co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() print("closed") end})
  coroutine.yield(1)
  print("not reached")
end)
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co))
local co2 = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
  coroutine.yield(1)
  return "ret"
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2))
print(coroutine.resume(co2))
--## sw_resume_from_coroutine_chain
local function chain(n)
  if n == 0 then
    return coroutine.wrap(function(v) while true do v = coroutine.yield(v + 1) end end)
  end
  local inner = chain(n - 1)
  return coroutine.wrap(function(v) while true do v = coroutine.yield(inner(v) * 2) end end)
end
local c = chain(5)
print(c(0), c(1), c(2))
--## sw_nested_resume_c_stack_overflow
local depth = 0
local function nest()
  depth = depth + 1
  local co = coroutine.wrap(nest)
  return co()
end
local ok, msg = pcall(nest)
print(ok, msg, depth)
local co = coroutine.create(function() end)
local levels = 0
local function nest2()
  levels = levels + 1
  local c = coroutine.create(nest2)
  local ok, m = coroutine.resume(c)
  if not ok then return m end
  return m
end
print(nest2(), levels)
--## sw_isyieldable_running
local co = coroutine.wrap(function()
  print(coroutine.isyieldable(), select(2, coroutine.running()))
  coroutine.yield()
  print(coroutine.isyieldable(), select(2, coroutine.running()))
  print(pcall(function() return coroutine.isyieldable() end))
end)
co(); co()
print(coroutine.isyieldable(), select(2, coroutine.running()))
--## sw_gc_during_switches
local cos = {}
for i = 1, 50 do
  cos[i] = coroutine.wrap(function() local t = {} while true do t[#t + 1] = {i}; coroutine.yield(#t) end end)
end
local s = 0
for r = 1, 40 do
  for i = 1, 50 do s = s + cos[i]() end
  if r % 10 == 0 then collectgarbage() end
end
print(s)
--## sw_direct_yield_after_caught_error
-- the error inside pcall is caught by lua_resume's recovery (a yieldable pcall has no setjmp):
-- the coroutine runs on from there and yields directly
local co = coroutine.create(function()
  local ok, e = pcall(function() coroutine.yield(1); error("boom") end)
  local v = coroutine.yield(ok, e)
  local ok2, e2 = pcall(error, {"tbl"})
  local w = coroutine.yield(type(e2), ok2)
  return v, w
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co, "v"))
print(coroutine.resume(co, "w"))
print(coroutine.status(co))
--## sw_fresh_threads_yield_counts
-- Each fresh coroutine's first yield is the first C call on its embedded CallInfo (the
-- list grows there: the slow call path), the later ones reuse it; the yield's caller wants
-- 0, 1, 2 or all values.
local yield = coroutine.yield
local function body(a)
  yield()                       -- wants 0
  local x = yield(a, a + 1)     -- wants 1
  local p, q = yield(x)         -- wants 2
  local t = {yield(p, q, 3)}    -- wants all
  print("in", a, x, p, q, #t, t[1], t[3])
  return #t, yield
end
local sum = 0
for i = 1, 200 do
  local g = coroutine.wrap(body)
  local n = select("#", g(i))
  local u, v = g()
  local w = g(u * 10)
  local r1, r2, r3 = g(w, "q")
  local c = g("a", nil, "c")
  if i % 50 == 0 then print(i, n, u, v, w, r1, r2, r3, c) end
  sum = sum + u + v + w
end
print(sum)
--## sw_fresh_threads_deep_calls
-- Frames beyond a new coroutine's embedded CallInfo and stack: deep recursion, a stack
-- overflow caught inside the coroutine, yields afterwards, tracebacks, an uncaught overflow.
local function rec(n) if n == 0 then return coroutine.yield("deep") end return 1 + rec(n - 1) end
local co = coroutine.create(function()
  local v = rec(150)
  local function inf(n) return 1 + inf(n + 1) end
  local ok, e = pcall(inf, 1)
  print("caught", ok, (tostring(e):gsub("^.-:%d+: ", "")))
  coroutine.yield(v)
  return rec(3)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, 1))
print(coroutine.status(co), coroutine.resume(co))
print(coroutine.resume(co, 5))
print(coroutine.status(co), coroutine.resume(co))
local bad = coroutine.create(function() local function inf() return 1 + inf() end return inf() end)
local ok, e = coroutine.resume(bad)
print(ok, (tostring(e):gsub("^.-:%d+: ", "")), coroutine.status(bad))
local many = {}
for i = 1, 300 do
  many[i] = coroutine.create(function(n) return rec(n) end)
  assert(coroutine.resume(many[i], i % 40))
end
print(coroutine.resume(many[7], 1), coroutine.resume(many[300], 2), coroutine.close(many[12]))
print(coroutine.status(many[12]), coroutine.resume(many[12]))
