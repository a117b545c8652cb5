-- status: 0
-- stdout: true	5000	5000	100000	4	s
-- stdout: false	cannot return a function value from the sandbox
-- returned values of any size come back (the child's buffer once grew onto the stack slots
-- the table walk used); what cannot be sent is still refused
local sandbox = require "sandbox"
local r = sandbox.run([[
  local t = {} for i = 1, 5000 do t[i] = i end
  t.x = {y = ("z"):rep(100000)}
  return t, 2, nil, "s"]])
print(r.ok, #r.values[1], r.values[1][5000], #r.values[1].x.y, r.values.n, r.values[4])
r = sandbox.run("local t = {} for i = 1, 5000 do t[i] = i end t[2500] = print return t")
print(r.ok, r.error)
