-- flags: --sandbox
-- status: 0
-- stdout: nil	true
local f, e = package.loadlib("/usr/lib/x86_64-linux-gnu/lua/5.4/lpeg.so", "luaopen_lpeg")
print(f, (e:find("denied", 1, true)) ~= nil)
