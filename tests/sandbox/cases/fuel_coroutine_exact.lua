-- status: 0
-- stdout: 6 6 6 7 7 7 7 7 8 8 8
-- stdout: 6 6 6 7 7 7 7 7 8 8 8
-- every call from Lua code costs one unit inside a coroutine as outside. A direct yield
-- (coroutine.yield called by OP_CALL returns to lua_resume without a longjmp) makes an
-- iteration 5 units: the call of the wrap function, the driving loop's back-edge, io.write,
-- coroutine.yield and the coroutine's own back-edge; a yield through pcall (a longjmp) costs
-- the same 5, pcall's unit in place of yield's (pcall's own call of yield is from C: not
-- charged). Budgets one unit apart run dry at each of those points in turn, so the count of
-- writes steps exactly every 5 units, in the same places for both
local direct = [[
local co = coroutine.wrap(function() while true do io.write("."); coroutine.yield() end end)
for i = 1, 10000 do co() end]]
local viapcall = [[
local co = coroutine.wrap(function() while true do io.write("."); pcall(coroutine.yield) end end)
for i = 1, 10000 do co() end]]
for _, code in ipairs({direct, viapcall}) do
  local counts = {}
  for extra = 0, 10 do
    local budget = 30 + extra + 8 * #code
    local r = require("sandbox").run(code, {fuel = budget, timeout = 20})
    assert(r.limit == "fuel" and r.stats.fuel == budget)
    counts[#counts + 1] = select(2, r.stdout:gsub("%.", ""))
  end
  print(table.concat(counts, " "))
end
