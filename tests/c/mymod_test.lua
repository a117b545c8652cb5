-- Loads tests/c/mymod.so through require (package.cpath set by the runner) and exercises it;
-- the output must be identical under lua5.4 and nacre.
local m = require("mymod")
print(m.version, m.add(2, 3), m.add(41))
print(m.join(1, "two", 3.5, true, nil))
print(m.hypot(3, 4), m.hypot(-5, 12))
local c = m.counter(10)
c:incr():incr(5)
print(c:value(), #c, tostring(c):match("^Counter%(%d+%)$") ~= nil)
print(pcall(m.fail, 1))
print(pcall(m.add, "x"))
print(pcall(c.incr, {}))
for i = 1, 100 do m.counter(i) end
c = nil
collectgarbage() collectgarbage()
-- Boehm scans conservatively: a stale pointer may keep a few alive (docs/gc.md).
print("collected at least 90:", m.collected() >= 90)
print(package.loaded.mymod == m)
