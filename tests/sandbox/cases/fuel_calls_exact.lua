-- status: 0
-- stdout: 5 5 5 6 6 6 6 7
-- every call costs one unit, Lua (entered inline, charged before its frame exists) or C: an
-- iteration is 4 units (g, f, io.write and the back-edge); budgets one unit apart run dry at
-- each of those points in turn, so the count of f's writes steps exactly every 4 units
local code = [[
local function f(a, b, c) io.write(a, ".") return a end
local function g(x) return x end
for i = 1, 10000 do f(i, g(i), i) end]]
local counts = {}
for extra = 0, 7 do
  local budget = 20 + extra + 8 * #code
  local r = require("sandbox").run(code, {fuel = budget, timeout = 20})
  assert(r.limit == "fuel" and r.stats.fuel == budget)
  counts[#counts + 1] = select(2, r.stdout:gsub("%.", ""))
end
print(table.concat(counts, " "))
