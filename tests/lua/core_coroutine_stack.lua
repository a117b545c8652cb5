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
--## dead_slots_cleared_when_a_coroutine_yields
-- values a coroutine left above its top (a dropped call result, values it yielded or was
-- passed) do not keep objects alive once it is suspended, for its first stops and later ones
local w = setmetatable({}, {__mode = "k"})
local function make() local t = {} w[t] = true return t end
local co = coroutine.wrap(function()
  for i = 1, 10 do
    make()                              -- dropped result above the top
    coroutine.yield(make())             -- yielded, then dropped by the resumer
  end
end)
for i = 1, 10 do
  co(make())                            -- passed in and ignored
  collectgarbage() collectgarbage()
  local n = 0 for _ in pairs(w) do n = n + 1 end
  io.write(n, " ")
end
print()
--## dead_slots_cleared_when_a_coroutine_finishes_or_dies
local w = setmetatable({}, {__mode = "k"})
local function make() local t = {} w[t] = true return t end
local done = coroutine.wrap(function() make() return "r" end)
print(done())
local bad = coroutine.create(function() make() local x = make() error("boom " .. #x) end)
print(coroutine.resume(bad))
collectgarbage() collectgarbage()
local n = 0 for _ in pairs(w) do n = n + 1 end
print(n, done ~= nil, coroutine.status(bad))
--## dead_slots_of_running_and_normal_coroutines
-- collectgarbage inside a coroutine clears the dead slots of it and of the coroutine that
-- resumed it (make leaves its table in a register above the caller's top; called through
-- pcall so that no C frame still live holds it)
local w = setmetatable({}, {__mode = "k"})
local function make(tag) local a, b, c, d, e, f, g, h, i, j, t = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, {} w[t] = tag return 0 end
local function count() local n = "" for _, v in pairs(w) do n = n .. v end return n end
local inner = coroutine.wrap(function()
  make("i")
  collectgarbage() collectgarbage()
  coroutine.yield(count())
end)
local outer = coroutine.wrap(function()
  pcall(make, "o")
  local s = 0
  for i = 1, 10 do s = s + #tostring(i) end
  local n = inner()
  return n
end)
print(outer(), count())
--## dead_slots_after_close_and_wrap_errors
local w = setmetatable({}, {__mode = "k"})
local function make() local t = {} w[t] = true return t end
local co = coroutine.create(function() local a = make() coroutine.yield() end)
coroutine.resume(co)
print(coroutine.close(co), coroutine.status(co))
local g = coroutine.wrap(function() make() error(make() and "wrapped") end)
print(pcall(g))
collectgarbage() collectgarbage()
local n = 0 for _ in pairs(w) do n = n + 1 end
print(n, co ~= nil, g ~= nil)
--## debug_functions_on_a_suspended_coroutine
local w = setmetatable({}, {__mode = "k"})
local co = coroutine.create(function(a) local b = {} w[b] = true coroutine.yield() return a, b end)
coroutine.resume(co, "A")
print(debug.getlocal(co, 1, 1), (debug.getlocal(co, 1, 2)))
print(debug.setlocal(co, 1, 1, "Z"))
print(debug.traceback(co))
local info = debug.getinfo(co, 1, "Sf")
print(info.short_src, type(info.func))
collectgarbage() collectgarbage()
local n = 0 for _ in pairs(w) do n = n + 1 end
local ok, a, b = coroutine.resume(co)
print(n, ok, a, type(b))
--## big_and_long_lived_coroutines
-- coroutines that grew their stacks or switch many times keep working as the collector
-- takes them over
local function deep(n) if n == 0 then return coroutine.yield(0) end return 1 + deep(n - 1) end
local cos = {}
for i = 1, 50 do cos[i] = coroutine.wrap(function(x) while true do x = deep(i * 20) + coroutine.yield(x) end end) end
local s = 0
for round = 1, 20 do
  for i = 1, 50 do s = s + cos[i](round) end
  if round % 5 == 0 then collectgarbage() end
end
print(s)
--## close_with_pending_tbc_error_then_reuse
local log = {}
local co = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e) log[#log + 1] = "a:" .. tostring(e) end})
  local b <close> = setmetatable({}, {__close = function() error("in close b", 0) end})
  coroutine.yield(1)
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(coroutine.status(co), table.concat(log, " "))
print(coroutine.resume(co))
print(coroutine.close(co))
--## wrap_error_positions_and_dead
local g = coroutine.wrap(function(x) if x then error("bad " .. x) end coroutine.yield(1) error({}) end)
print(pcall(g, "x"))
print(pcall(g))
local h = coroutine.wrap(function() coroutine.yield(1) error("later") end)
print(h())
print(pcall(h))
print(pcall(h))
--## hooks_inside_small_coroutines
local lines = {}
local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1)
  return b * 2
end)
debug.sethook(co, function(ev, line)
  lines[#lines + 1] = ev .. ":" .. tostring(line) .. ":" .. select("#", string.byte("abcdefghij", 1, -1))
end, "lcr")
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 5))
print(#lines > 0, lines[1], lines[#lines])
local n = 0
local counted = coroutine.wrap(function() for i = 1, 100 do if i % 10 == 0 then coroutine.yield(i) end end return "end" end)
debug.sethook(function() n = n + 1 end, "", 7)
local r = {}
for i = 1, 11 do r[#r + 1] = counted() end
debug.sethook()
print(table.concat(r, ","), n > 0)
--## yield_across_pcall_in_small_coroutine
local co = coroutine.wrap(function(a)
  local ok, v = pcall(function() local x = coroutine.yield(a) error("e" .. x, 0) end)
  local ok2, v2 = pcall(coroutine.yield, v)
  return ok, v, ok2, v2
end)
print(co(1)) print(co(2)) print(co(3))
