-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	true
local f, e = io.open("$DIR/allowed/dir-link/secret.txt")
print(f, (e:find("denied", 1, true)) ~= nil)
