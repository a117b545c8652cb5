-- Threads: new_thread with copied arguments, join, thread_self and thread_equal, uv.sleep and
-- a loop of its own inside a thread, async:send from a thread waking the main loop, options,
-- argument errors, and a raising thread (which ends the process with status 255).
local uv = require "luv"
io.stdout:setvbuf("line")

local main = uv.thread_self()
print("self", type(main), tostring(main):match("^uv_thread_t: ") ~= nil)
print("equal", uv.thread_equal(main, uv.thread_self()), main == uv.thread_self(),
      main:equal(uv.thread_self()))

local t = uv.new_thread(function(a, b, c, d, e)
  local uv = require "luv"
  print("in thread", a, b, c, d, e, type(uv.run))
  uv.sleep(5)
  print("thread slept")
end, 1.5, "two", true, nil, "five")
local joined = t:join()
print("created", type(t), tostring(t):match("^uv_thread_t: ") ~= nil)
print("join", joined)
print("not main", uv.thread_equal(t, main), t == main)

-- A loop of its own inside the thread.
uv.new_thread(function()
  local uv = require "luv"
  local tm = uv.new_timer()
  tm:start(5, 0, function() print("thread timer fired") tm:close() end)
  uv.run()
  print("thread loop done")
end):join()

-- async:send from a thread wakes the main loop with copied values.
local async
async = uv.new_async(function(...)
  print("async", select("#", ...), ...)
  async:close()
end)
local sender = uv.new_thread(function(a, s)
  local uv = require "luv"
  uv.sleep(10)
  a:send(s, 2.5, false, nil)
end, async, "from thread")
uv.run()
sender:join()

-- Strings with zeros and large ones cross intact.
uv.new_thread(function(s) print("string", #s, s:sub(1, 3), s:byte(-2), s:sub(-1)) end,
              ("x"):rep(100000) .. "\0y"):join()

-- Options and code given as a string.
uv.new_thread({stack_size = 4 * 1024 * 1024}, function(x) print("stack option", x) end, "ok"):join()
uv.new_thread("print('code thread', ...)", "arg"):join()

-- Argument errors.
print(pcall(uv.new_thread, function() end, {}))
print(pcall(uv.new_thread, function() end, function() end))
print(pcall(uv.new_thread, {stack_size = "big"}, function() end))
print(pcall(uv.thread_join, 5))

-- An error in a thread ends the process, as in luv.
uv.new_thread(function() error("boom in thread") end):join()
print("not reached")
