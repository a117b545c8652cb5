-- flags: --sandbox
-- status: 0
-- stdout: false	true
-- stdout: false	true
-- stdout: HELLO
local ok, e = pcall(function() string.upper = function() return "pwned" end end)
print(ok, (e:find("read-only", 1, true)) ~= nil)
ok, e = pcall(rawset, string, "upper", print)
print(ok, (e:find("read-only", 1, true)) ~= nil)
print(("hello"):upper())
