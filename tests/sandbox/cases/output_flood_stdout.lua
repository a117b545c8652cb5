-- flags: --max-output=10K
-- status: 6
-- stderr: nacre: output limit exceeded (10K)
while true do io.write(string.rep("x", 1000)) end
