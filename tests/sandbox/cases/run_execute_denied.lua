-- flags: --sandbox
-- status: 0
-- stdout: false	true
local ok, e = pcall(os.execute, "echo pwned")
print(ok, (tostring(e):find("denied", 1, true)) ~= nil)
