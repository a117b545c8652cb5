-- flags: --fuel=5000
-- status: 4
-- stderr: nacre: fuel limit exceeded (5000)
local function f(n) return f(n + 1) end
f(0)
