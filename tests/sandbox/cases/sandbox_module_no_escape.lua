-- status: 0
-- stdout: true	1
-- stdout: false	time
-- leftover: sleep 303.5
-- leftover: sleep 303.7
-- leftover: sleep 303.9
-- a process that leaves the run's process group (setsid) still ends with the run, whether it
-- ends normally or by its own limit, and an unclosed io.popen does not hold the run open
local sandbox = require "sandbox"
local r = sandbox.run([[
  os.execute("setsid sleep 303.5 >/dev/null 2>&1 &")
  local p = io.popen("sleep 303.7")
  return 1
]], {allow = {run = true}, timeout = 20})
print(r.ok, r.values and r.values[1])
r = sandbox.run([[
  os.execute("setsid sleep 303.9 >/dev/null 2>&1 &")
  while true do end
]], {allow = {run = true}, timeout = 0.5})
print(r.ok, r.limit)
