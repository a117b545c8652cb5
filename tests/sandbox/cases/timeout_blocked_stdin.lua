-- flags: --timeout=200ms
-- status: 5
-- stderr: nacre: time limit exceeded (200ms)
-- the script blocks reading a stdin that never ends (the runner feeds a fifo-like /dev/stdin)
local f = io.open("/dev/zero", "rb")  -- not sandboxed: reads forever in C
while true do f:read(1 << 20) end
