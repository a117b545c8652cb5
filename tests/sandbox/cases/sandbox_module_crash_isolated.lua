-- status: 0
-- stdout: false	memory
-- stdout: caller alive
local sandbox = require "sandbox"
local r = sandbox.run("local t = {} while true do t[#t+1] = ('x'):rep(64) .. #t end", {memory = "8M", timeout = 5})
print(r.ok, r.error and r.error:find("not enough memory", 1, true) and "memory" or r.limit)
print("caller alive")
