-- flags: --sandbox
-- status: 0
-- stdout: false	true
-- stdout: 3
local mt = getmetatable("")
local ok, e = pcall(function() mt.__index = {len = function() return 99 end} end)
print(ok, (e:find("read-only", 1, true)) ~= nil)
print(("abc"):len())
