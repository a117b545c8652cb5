-- flags: --allow-read=$DIR --allow-write=$DIR/allowed
-- status: 0
-- stdout: nil	true	true
-- stdout: nil	true	true
-- stdout: nil	true	true
-- stdout: true	true	secret
-- os.remove and os.rename act on a link itself, so its own location must be granted: a link
-- outside the write grant that points into it is neither removed nor replaced; a link inside
-- the grant pointing out may be removed (its target stays)
local function link(p) return io.open(p) ~= nil end
local ok, e = os.remove("$DIR/outside/in-link")
print(ok, e:find("denied", 1, true) ~= nil, link("$DIR/outside/in-link"))
ok, e = os.rename("$DIR/allowed/ok.txt", "$DIR/outside/in-link-2")
print(ok, e:find("denied", 1, true) ~= nil, link("$DIR/outside/in-link-2"))
ok, e = os.rename("$DIR/outside/in-link", "$DIR/allowed/moved-link")
print(ok, e:find("denied", 1, true) ~= nil, link("$DIR/outside/in-link"))
ok = os.remove("$DIR/allowed/removable-link")
print(ok, io.open("$DIR/allowed/removable-link") == nil, io.open("$DIR/outside/secret.txt"):read("l"))
