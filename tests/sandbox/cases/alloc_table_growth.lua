-- flags: --max-memory=32M
-- status: 1
-- stderr-has: not enough memory
local t = {}
for i = 1, math.huge do t[i] = {i} end
