-- flags: --max-memory=32M --timeout=2s
-- status: 3|5
-- stderr-has: limit exceeded
-- catching the memory error forever does not help: either the heap reaches its hard cap (an
-- uncatchable memory breach) or the loop makes no progress until the timeout
local keep = {}
local function fill() while true do keep[#keep + 1] = {} end end
while true do pcall(fill) end
