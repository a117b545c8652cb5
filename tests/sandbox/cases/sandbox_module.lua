-- status: 0
-- stdout: true	3	two	4
-- stdout: false	fuel	fuel limit exceeded
-- stdout: false	time
-- stdout: false	output	1024
-- stdout: true	hello	err
-- stdout: false	sandbox:1: boom
-- stdout: true	nil	true
local sandbox = require "sandbox"
local r = sandbox.run("return 1 + 2, 'two', {a = {b = 4}}")
print(r.ok, r.values[1], r.values[2], r.values[3].a.b)
r = sandbox.run("while true do end", {fuel = 1e5})
print(r.ok, r.limit, r.error)
r = sandbox.run("while true do end", {timeout = 0.2})
print(r.ok, r.limit)
r = sandbox.run("while true do print('x') end", {output = "1K"})
print(r.ok, r.limit, #r.stdout)
r = sandbox.run("io.stderr:write('err') return io.read('a')", {stdin = "hello"})
print(r.ok, r.values[1], r.stderr)
r = sandbox.run("error('boom')")
print(r.ok, r.error)
r = sandbox.run("return io.open('/etc/passwd')")
print(r.ok, r.values[1], r.values[2]:find("denied", 1, true) ~= nil)
