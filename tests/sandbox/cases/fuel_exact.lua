-- status: 0
-- stdout: 999	fuel	true
-- every loop back-edge costs one unit, and compiling the chunk 8 units per byte: with a budget
-- of exactly that plus 1000 the numeric for runs 999 iterations, then runs dry
local code = [[
local n = 0
local ok = pcall(function() end)  -- one call
for i = 1, 10000 do
  n = i
  if i == 997 then io.write(tostring(i + 2)) end
end]]
local budget = 1000 + 8 * #code
local r = require("sandbox").run(code, {fuel = budget, timeout = 20})
print(r.stdout, r.limit, r.stats.fuel == budget)
