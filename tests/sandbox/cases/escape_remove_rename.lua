-- flags: --allow-read=$DIR
-- status: 0
-- stdout: nil	true
-- stdout: nil	true
local ok, e = os.remove("$DIR/outside/secret.txt")
print(ok, (e:find("denied", 1, true)) ~= nil)
ok, e = os.rename("$DIR/outside/secret.txt", "$DIR/allowed/stolen.txt")
print(ok, (e:find("denied", 1, true)) ~= nil)
