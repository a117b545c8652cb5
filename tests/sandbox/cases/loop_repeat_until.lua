-- flags: --fuel=100000
-- status: 4
-- stdout: start
-- stderr: nacre: fuel limit exceeded (100000)
-- repeat ... until with a condition loops through the test's jump (a conditional back-edge),
-- which must be charged like an unconditional one
print("start")
local i = 0
repeat i = i + 1 until i < 0
