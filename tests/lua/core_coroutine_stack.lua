-- Coroutine stacks: a coroutine's first stack is sized for its body (vm/state.c
-- vm_state_newthread) and grows from there; its dead part is cleared when it suspends.
--## body_register_counts
-- bodies from 1 to 200 registers, each yielding and calling C functions near its top
local results = {}
for n = 1, 200, 7 do
  local names = {}
  for i = 1, n do names[i] = "v" .. i end
  local src = "local yield = coroutine.yield\nreturn function(a)\n"
  if n > 1 then src = src .. "local " .. table.concat(names, ", ", 1, math.min(n, 199)) .. " = a\n" end
  src = src .. "local b = yield(a + 1)\nlocal s = string.rep('x', b)\n"
  src = src .. "return #s, select('#', table.unpack({1, 2, 3}))\nend"
  local f = load(src)()
  local co = coroutine.wrap(f)
  local r1 = co(n)
  local r2, r3 = co(3)
  results[#results + 1] = r1 .. ":" .. r2 .. ":" .. r3
end
print(table.concat(results, " "))
--## c_function_bodies
print(coroutine.wrap(string.rep)("ab", 3))
print(coroutine.wrap(select)("#", 1, 2, 3))
local co = coroutine.create(pcall)
print(coroutine.resume(co, error, "boom"))
print(coroutine.status(co), coroutine.resume(co))
local co2 = coroutine.wrap(pcall)
print(co2(coroutine.yield, 1, 2))
print(co2("back"))
--## many_arguments_to_a_new_coroutine
local args = {}
for i = 1, 5000 do args[i] = i end
local co = coroutine.wrap(function(...)
  local n = select("#", ...)
  local again = {coroutine.yield(n, (select(n, ...)))}
  return #again, again[#again]
end)
print(co(table.unpack(args)))
print(co(table.unpack(args, 1, 3000)))
--## deep_recursion_then_yield
local function deep(n) if n == 0 then return coroutine.yield("bottom") end return 1 + deep(n - 1) end
local co = coroutine.wrap(function() local r = deep(10000) coroutine.yield(r) return "end" end)
print(co()) print(co(5)) print(co())
--## stack_overflow_in_coroutine
local function inf(n) return 1 + inf(n + 1) end
local co = coroutine.create(function() return inf(1) end)
local ok, e = coroutine.resume(co)
print(ok, (string.gsub(e, "^.-:%d+: ", "")), coroutine.status(co))
--## vararg_body_many_registers
local co = coroutine.wrap(function(...)
  local a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t = ...
  local x = coroutine.yield(select("#", ...), a, t)
  return x, ...
end)
print(co(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21))
print(select("#", co("x")))
--## many_short_lived_generators_keep_results
local s = 0
for i = 1, 20000 do
  local g = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
  s = s + g(i) + g(3)
  if i % 5000 == 0 then collectgarbage() end
end
print(s)
