-- flags: --fuel=100000
-- status: 4
-- stderr: nacre: fuel limit exceeded (100000)
-- 100000 units buy about 6 MB of output from string.rep; 1 GB runs dry first
local s = string.rep("x", 1 << 30)
print(#s)
