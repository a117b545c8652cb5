-- Timers against each other and against idle, prepare and check watchers.
local uv = require "luv"
local log = {}
local function say(s) log[#log + 1] = s end

for _, ms in ipairs {30, 10, 20, 10, 0} do
  local t = uv.new_timer()
  t:start(ms, 0, function() say("timer " .. ms) t:close() end)
end
local n, replog = 0, {} -- a separate log: how repeats interleave with the others is timing
local rep = uv.new_timer()
print("start", rep:start(1, 1, function()
  n = n + 1
  replog[#replog + 1] = "repeat " .. n
  if n == 3 then rep:stop() rep:close() end
end))
print("repeat", rep:get_repeat(), rep:is_active(), rep:has_ref())
uv.run()
for _, s in ipairs(log) do print(s) end
print(table.concat(replog, ", "))

-- one loop iteration: idle, prepare and check run in libuv's order
log = {}
local idle, prep, check = uv.new_idle(), uv.new_prepare(), uv.new_check()
local iters = 0
idle:start(function() say("idle") end)
prep:start(function() say("prepare") end)
check:start(function()
  say("check")
  iters = iters + 1
  if iters == 3 then idle:close() prep:close() check:close() end
end)
local t0 = uv.new_timer()
t0:start(0, 0, function() say("timer0") t0:close() end)
uv.run()
print(table.concat(log, " "))

-- set_repeat/again, unref, run modes
local t = uv.new_timer()
print("again unset", t:again())
t:set_repeat(5)
print("get_repeat", t:get_repeat())
t:start(100000, 0, function() end)
t:unref()
print("has_ref", t:has_ref(), "alive", uv.loop_alive())
print("nowait", uv.run("nowait"))
t:close()
print("once", uv.run("once"))
print("mode outside", uv.loop_mode())
local tm = uv.new_timer()
tm:start(0, 0, function() print("mode inside", uv.loop_mode()) tm:close() end)
uv.run()
print(pcall(uv.run, "bogus") == false)
