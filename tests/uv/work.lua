-- Work queues: new_work / queue_work run a function in another state on the thread pool with
-- copied arguments, after_fn gets its copied results on the loop thread; code as a string,
-- fresh globals, argument errors, and a raising work function (reported, after_fn gets none).
local uv = require "luv"
io.stdout:setvbuf("line")

local work = uv.new_work(function(s, x, flag)
  local uv = require "luv"
  uv.sleep(1)
  return s .. "!", x * 2, not flag, nil, #s * 1.0
end, function(...)
  print("after", select("#", ...), ...)
end)
print("ctx", type(work), tostring(work):match("^luv_work_ctx_t: ") ~= nil)
print("queue", work:queue("abc", 1.25, false))
uv.run()
print("queue_work", uv.queue_work(work, "", -0.5, true))
uv.run()

-- Several items at once: each result arrives once.
local results = {}
local many = uv.new_work(function(i) return i, ("v"):rep(math.floor(i)) end, function(i, v)
  results[#results + 1] = string.format("%g=%s", i, v)
end)
for i = 1, 8 do many:queue(i + 0.5) end
uv.run()
table.sort(results)
print("many", #results, table.concat(results, " "))

-- Code as a string, and a state of its own (no globals of this one).
Shared = "main only"
uv.new_work("return 'code', ...", function(...) print("code", ...) end):queue("x")
uv.run()
uv.new_work(function() return tostring(Shared) end, function(v) print("globals", v) end):queue()
uv.run()

-- Argument errors.
print(pcall(work.queue, work, {}))
print(pcall(uv.new_work, function() end))
print(pcall(uv.new_work, function() end, 5))
print(pcall(uv.queue_work, 5))

-- A raising work function is reported; its after_fn runs with no values.
uv.new_work(function() error("boom in work") end, function(...)
  print("after error", select("#", ...))
end):queue()
uv.run()
