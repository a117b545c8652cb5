-- flags: --allow-read
-- status: 0
-- stdout: false	true
package.cpath = "/usr/lib/x86_64-linux-gnu/lua/5.4/?.so"
local ok, e = pcall(require, "lpeg")
print(ok, (e:find("denied", 1, true) or e:find("--allow-ffi", 1, true)) ~= nil)
