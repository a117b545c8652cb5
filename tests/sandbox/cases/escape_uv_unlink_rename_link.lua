-- flags: --allow-read=$DIR --allow-write=$DIR/allowed
-- status: 0
-- stdout: nil	true	true
-- stdout: nil	true	true
-- uv.fs_unlink and uv.fs_rename act on a link itself, like os.remove and os.rename: a link
-- outside the write grant pointing into it is neither removed nor replaced
local uv = require "uv"
local function link(p) return io.open(p) ~= nil end
local ok, e = uv.fs_unlink("$DIR/outside/in-link")
print(ok, e ~= nil and e:find("denied", 1, true) ~= nil, link("$DIR/outside/in-link"))
ok, e = uv.fs_rename("$DIR/allowed/ok.txt", "$DIR/outside/in-link-2")
print(ok, e ~= nil and e:find("denied", 1, true) ~= nil, link("$DIR/outside/in-link-2"))
