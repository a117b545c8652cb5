-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	true
-- the script's cwd is outside the grant: a relative path resolves there
local f, e = io.open("test.lua")
print(f, (e:find("denied", 1, true)) ~= nil)
