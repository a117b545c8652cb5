-- flags: --max-output=1K
-- status: 6
-- stderr: nacre: output limit exceeded (1K)
pcall(function() while true do print("flood") end end)
print("escaped")
