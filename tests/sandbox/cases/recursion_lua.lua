-- status: 0
-- stdout: false	true
local function f() return 1 + f() end
local ok, e = pcall(f)
print(ok, (string.find(e, "stack overflow", 1, true)) ~= nil)
