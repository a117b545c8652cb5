-- flags: --max-memory=32M
-- status: 0
-- stdout: false	not enough memory
local s = "x"
print(pcall(function() while true do s = s .. s end end))
