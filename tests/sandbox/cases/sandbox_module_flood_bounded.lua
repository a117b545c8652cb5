-- status: 0
-- stdout: true	output	8388608	true
-- a child flooding stdout does not grow its caller: what the caller collects is bounded (by
-- default an eighth of its own memory limit), the child is stopped there with r.limit ==
-- "output", and after four such runs the caller's peak stays within its 64M limit
local sandbox = require "sandbox"
local caller = sandbox.run([[
  local sandbox = require "sandbox"
  local r
  for i = 1, 4 do
    r = sandbox.run("local s = ('x'):rep(65536) while true do io.write(s) end", {timeout = 20})
    if r.limit ~= "output" then return false, r.error end
  end
  return true, r.limit, #r.stdout + #r.stderr <= 8 * 1024 * 1024 + 65536 and 8388608
]], {memory = "64M", timeout = 60, allow = {run = true}})
-- (resident memory means nothing under sanitizers: their shadow memory is part of it)
local sanitized = (os.getenv("SANFLAGS") or "") ~= ""
print(caller.values and caller.values[1], caller.values and caller.values[2],
      caller.values and caller.values[3] or caller.error,
      sanitized or caller.stats.memory_peak <= 64 * 1024 * 1024 * 1.10)
