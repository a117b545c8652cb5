-- flags: --timeout=200ms
-- status: 5
-- stderr: nacre: time limit exceeded (200ms)
-- a C call that never reaches a charge point (a huge read from an endless device)
local f = io.open("/dev/zero", "rb")
local s = f:read(1 << 34)
