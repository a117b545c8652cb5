-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	true
local f, e = io.open("$DIR/allowed/abs-link")
print(f, (e:find("denied", 1, true)) ~= nil)
