-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	true
local f, e = io.open("/dev/fd/0")
print(f, (e:find("denied", 1, true)) ~= nil)
