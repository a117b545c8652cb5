-- flags: --timeout=1s
-- status: 5
-- stderr: nacre: time limit exceeded (1s)
-- leftover: marker-parent-timeout-81
-- leftover: sleep 301.81
-- a caller that hits its own timeout during sandbox.run takes the child, and what the child
-- started, with it
local sandbox = require "sandbox"
sandbox.run("os.execute('sleep 301.81 &') while true do end",
            {args = {"marker-parent-timeout-81"}, allow = {run = true}})
