-- flags: --fuel=100000
-- status: 4
-- stdout: start
-- stderr: nacre: fuel limit exceeded (100000)
-- a backward goto under a condition is the test's jump, a conditional back-edge
print("start")
local i = 0
::top::
i = i + 1
if i > 0 then goto top end
