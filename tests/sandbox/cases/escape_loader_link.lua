-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	true
-- stdout: false	true
-- stdout: mod-inside
-- loadfile, dofile and require open what they check: a link inside the grant to a chunk
-- outside is refused, a module inside is found
local f, e = loadfile("$DIR/allowed/dir-link/../outside/evilmod.lua")
print(f, (e:find("denied", 1, true)) ~= nil)
local ok, err = pcall(dofile, "$DIR/allowed/dir-link/evilmod.lua")
print(ok, (err:find("denied", 1, true)) ~= nil)
package.path = "$DIR/allowed/dir-link/?.lua;$DIR/allowed/?.lua"
print((require "goodmod"))
