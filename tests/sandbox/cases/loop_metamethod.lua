-- flags: --fuel=20000
-- status: 4
-- stderr: nacre: fuel limit exceeded (20000)
local t = setmetatable({}, {__index = function(t, k) while true do end end})
print(t.x)
