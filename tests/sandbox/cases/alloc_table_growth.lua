-- flags: --max-memory=32M
-- status: 3
-- stderr: nacre: memory limit exceeded (32M)
local t = {}
for i = 1, math.huge do t[i] = {i} end
