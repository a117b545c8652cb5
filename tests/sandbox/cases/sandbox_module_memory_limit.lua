-- status: 0
-- stdout: false	memory	memory limit exceeded	3
-- stdout: true	10
-- a child whose uncaught memory error came from its limit reports r.limit == "memory"; one
-- that caught the error and freed memory finishes normally
local sandbox = require "sandbox"
local r = sandbox.run("local t, i = {}, 0 while true do i = i + 1; t[i] = {} end",
                      {memory = "32M", timeout = 20})
print(r.ok, r.limit, r.error, r.status)
r = sandbox.run([[
  local ok = pcall(function() local t, i = {}, 0 while true do i = i + 1; t[i] = {} end end)
  local t = {} for i = 1, 10 do t[i] = {} end
  return #t
]], {memory = "32M", timeout = 20})
print(r.ok, r.values and r.values[1] or r.error)
