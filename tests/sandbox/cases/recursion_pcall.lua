-- flags: --fuel=10000000
-- status: 0
-- stdout: done
local function f() pcall(f) end
f()
print("done")
