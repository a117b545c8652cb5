-- flags: --timeout=1s
-- status: 5
-- stderr: nacre: time limit exceeded (1s)
-- leftover: sleep 304.1
-- a breach ends the processes the script started, not only the script
local p = io.popen("sleep 304.1")
while true do end
