-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: mod-inside	false
package.path = "$DIR/allowed/?.lua;$DIR/outside/?.lua"
print(require("goodmod"), (pcall(require, "evilmod")))
