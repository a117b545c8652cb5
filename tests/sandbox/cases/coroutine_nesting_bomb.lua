-- status: 1
-- stderr-has: C stack overflow
local function f() coroutine.wrap(f)() end
f()
