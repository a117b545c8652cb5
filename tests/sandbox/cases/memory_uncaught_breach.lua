-- flags: --max-memory=32M --timeout=20s
-- status: 3
-- stderr: nacre: memory limit exceeded (32M)
-- an uncaught "not enough memory" caused by the limit is a memory breach, not a script error
local t, i = {}, 0
while true do i = i + 1; t[i] = {} end
