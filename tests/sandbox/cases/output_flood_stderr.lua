-- flags: --max-output=100
-- status: 6
-- stderr-has: nacre: output limit exceeded (100)
while true do io.stderr:write("y") end
