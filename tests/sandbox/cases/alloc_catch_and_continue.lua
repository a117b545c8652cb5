-- flags: --max-memory=32M --timeout=1s
-- status: 5
-- stderr: nacre: time limit exceeded (1s)
-- catching the memory error forever does not help: the other limits still hold
local keep = {}
local function fill() while true do keep[#keep + 1] = {} end end
while true do pcall(fill) end
