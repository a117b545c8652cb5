-- status: 0
-- stdout: true	1	started
-- leftover: sleep 302.44
-- leftover: marker-orphans-44
-- processes the child starts with allow.run do not outlive the run, and one that keeps the
-- output pipes open does not keep the run going
local sandbox = require "sandbox"
local r = sandbox.run([[
  os.execute("sleep 302.44 &")
  os.execute("sh -c 'sleep 302.44; : marker-orphans-44' &")
  print("started")
  return 1
]], {allow = {run = true}, timeout = 20})
print(r.ok, r.values and r.values[1], r.stdout:match("%w+"))
