-- flags: --sandbox
-- status: 0
-- stdout: nil	true
local f, e = io.popen("echo pwned")
print(f, (e:find("--allow-run", 1, true)) ~= nil)
