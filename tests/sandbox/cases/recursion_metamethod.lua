-- status: 0
-- stdout: false	true
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
local ok, e = pcall(function() return t.x end)
print(ok, (string.find(e, "stack overflow", 1, true)) ~= nil)
