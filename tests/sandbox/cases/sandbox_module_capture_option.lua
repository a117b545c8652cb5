-- status: 0
-- stdout: false	output	true	output limit exceeded (the run's output passed capture = 1024 bytes)
-- stdout: true	nil	5000
-- opts.capture bounds what the caller collects (stdout, stderr and the returned values)
local sandbox = require "sandbox"
local r = sandbox.run("while true do print('x') end", {capture = "1K", timeout = 20})
print(r.ok, r.limit, #r.stdout <= 1024 + 65536, r.error)
r = sandbox.run("io.write(('y'):rep(5000)) return 1", {capture = 6000, timeout = 20})
print(r.ok, r.limit, #r.stdout)
