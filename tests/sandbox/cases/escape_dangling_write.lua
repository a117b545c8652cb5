-- flags: --allow-write=$DIR/allowed
-- status: 0
-- stdout: nil	true	false
-- a dangling link inside the grant must not let a write create its target outside
local f, e = io.open("$DIR/allowed/dangling-link", "w")
print(f, (e:find("denied", 1, true)) ~= nil, io.open("$DIR/outside/new.txt") ~= nil)
