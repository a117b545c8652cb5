-- flags: --fuel=50000
-- status: 4
-- stderr: nacre: fuel limit exceeded (50000)
local s = string.rep("ab", 1 << 20)
print(#s:gsub("a", "xyz"))
