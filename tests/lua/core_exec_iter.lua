-- for-in loops (issue 16) against lua5.4: OP_TFORCALL enters a Lua iterator inline and calls
-- a C iterator without vm_call. Counted C levels ("C stack overflow" at lua5.4's depth),
-- yields from inline iterators, hooks, names and tracebacks, and the fallbacks (__call
-- iterators, a full stack).
--## iter_lua_closure
local function range(m)
  local i = 0
  return function() i = i + 1; if i <= m then return i, i * i end end
end
local s, q = 0, 0
for v, w in range(100) do s = s + v; q = q + w end
for v in range(0) do error("never") end
print(s, q)
--## iter_results_adjusted
-- The iterator returns more or fewer values than the loop has variables.
local function many() local n = 0; return function() n = n + 1; if n <= 3 then return n, n + 1, n + 2, n + 3 end end end
local function few() local n = 0; return function() n = n + 1; if n <= 3 then return n end end end
local function none() return function() end end
for a, b, c in many() do print(a, b, c) end
for a, b, c in few() do print(a, b, c) end
for a, b in none() do print("never", a, b) end
print("done")
--## iter_c_functions
local t = {10, 20, 30, x = 1}
local n = 0
for i, v in ipairs(t) do n = n + i * v end
for k, v in next, t do n = n + v end
for k, v in pairs(t) do n = n + v end
print(n)
-- a C closure as iterator (string.gmatch), and a C function with a state
for w in string.gmatch("one two three", "%a+") do io.write(w, ";") end
print()
local keys = {}
for k in pairs({a = 1, b = 2, c = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
--## iter_call_metamethod
-- A callable table as iterator: the __call fallback.
local it = setmetatable({}, {__call = function(self, st, c)
  c = c + 1
  if c <= 3 then return c, st .. c end
end})
for i, v in it, "s", 0 do print(i, v) end
--## iter_not_callable
local ok, e = pcall(function() for x in 42 do end end)
print(ok, e)
ok, e = pcall(function() local t = {} for x in t.nothing do end end)
print(ok, e)
--## iter_error_names
-- Errors inside an iterator: the message, and the iterator's name in the traceback.
local function bad() local x = nil; return x.field end
local ok, e = pcall(function() for v in bad do end end)
print(ok, e)
local tb
local function tracer() tb = debug.traceback("tb", 1); return nil end
for v in tracer do end
print((tb:gsub("\n[^\n]*%[C%][^\n]*", "")))
local info
for v in function() info = debug.getinfo(1, "nS"); return nil end do end
print(info.name, info.namewhat, info.what)
--## iter_tail_call
-- An iterator that tail-calls (a Lua function, a C function) returns to the loop.
local function step(s, c) if c < 5 then return c + 1 end end
local function lua_tail(s, c) return step(s, c) end
local function c_tail(s, c) return select(1, step(s, c)) end
local n = 0
for i in lua_tail, nil, 0 do n = n + i end
for i in c_tail, nil, 0 do n = n + i end
print(n)
--## iter_c_stack_overflow
-- Iterators nested through for-in count as C calls in lua5.4: the same message at the same
-- depth (and the count is given back: a second run reaches the same depth).
local depth = 0
local function rec()
  depth = depth + 1
  for x in rec do end
end
for run = 1, 2 do
  depth = 0
  local ok, e = pcall(rec)
  print(ok, e, depth)
end
-- a C iterator calling back into Lua counts too
local cdepth = 0
local function crec()
  cdepth = cdepth + 1
  for x in pcall, crec do return end
end
local ok, e = pcall(crec)
print(ok, cdepth)
--## iter_depth_balanced
-- Many iterator calls leave the C level where it was: deep nesting still works after them.
local function range(m)
  local i = 0
  return function() i = i + 1; if i <= m then return i end end
end
local s = 0
for r = 1, 1000 do for v in range(10) do s = s + v end end
local function nest(n) if n == 0 then return 0 end for v in range(1) do return nest(n - 1) + v end end
print(s, nest(150), pcall(nest, 250))
--## iter_yield_inside
-- A yield from inside an inline iterator, resumed later from another depth; the C level
-- of the resumed frames is not given back twice.
local gen = coroutine.wrap(function()
  local function it(_, c)
    c = c + 1
    coroutine.yield("in " .. c)
    if c <= 3 then return c end
  end
  for i in it, nil, 0 do coroutine.yield("body " .. i) end
  local function range(m)
    local i = 0
    return function() i = i + 1; if i <= m then return i end end
  end
  -- afterwards, deep iterator nesting still reaches lua5.4's depth
  local depth = 0
  local function rec() depth = depth + 1; for x in rec do end end
  local ok, e = pcall(rec)
  coroutine.yield(tostring(ok) .. " " .. e .. " " .. depth)
  local s = 0
  for v in range(5) do s = s + v end
  return "end " .. s
end)
local function deep(n) if n == 0 then return gen() end return (deep(n - 1)) end
for k = 1, 12 do
  local v = (k % 2 == 0) and deep(k * 3) or gen()
  print(v)
  if v:sub(1, 3) == "end" then break end
end
--## iter_hooks
-- Call and return events of inline iterators (and of C ones), and line events.
local ev = {}
local function range(m)
  local i = 0
  return function() i = i + 1; if i <= m then return i end end
end
local function run()
  local s = 0
  for v in range(2) do s = s + v end
  for i, v in ipairs({5}) do s = s + v end
  return s
end
debug.sethook(function(e, l)
  local info = debug.getinfo(2, "n")
  ev[#ev + 1] = e:sub(1, 1) .. (l or "") .. (info and info.name or "?")
end, "crl")
local r = run()
debug.sethook()
print(r, table.concat(ev, " "))
--## iter_hook_set_by_iterator
-- A hook installed inside an inline iterator is seen at once by the loop.
local lines = {}
local function it(_, c)
  if c == 2 then debug.sethook(function(_, l) lines[#lines + 1] = l end, "l") end
  if c < 4 then return c + 1 end
end
local s = 0
for i in it, nil, 0 do
  s = s + i
end
debug.sethook()
print(s, table.concat(lines, " "))
--## iter_stack_growth
-- An iterator with a big frame entered when the stack is nearly full: the fallback grows it.
local function big(_, c)
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local t = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10}
  if c < 3 then return c + 1, #t end
end
local function deep(n)
  if n == 0 then
    local s = 0
    for i, m in big, nil, 0 do s = s + i + m end
    return s
  end
  return (deep(n - 1))
end
print(deep(10), deep(1000), deep(5000))
--## iter_closing_value
-- The closing value (fourth for-in value) is closed after a break, an error and a normal end.
local function closer(name)
  return setmetatable({}, {__close = function(_, e) print("close", name, e ~= nil) end})
end
local function range(m)
  local i = 0
  return function() i = i + 1; if i <= m then return i end end
end
for i in range(3), nil, nil, closer("end") do end
for i in range(3), nil, nil, closer("break") do if i == 2 then break end end
print(pcall(function()
  for i in range(3), nil, nil, closer("error") do if i == 2 then error("x", 0) end end
end))
--## iter_next_ipairs_args
-- next and ipairs' step on bad arguments, extra arguments and a missing key (their checks
-- run only when the common case does not hold).
local step = ipairs({})
print(pcall(next, 1))
print(pcall(next, {}, "nokey"))
print(next({}), next({5}), next({5}, 1), next({5}, nil, "extra"))
print(pcall(step, {}, "x"))
print(pcall(step, {}, 1.5))
print(step({7, 8}, 1.0), step({7, 8}, 2), step({7, 8}, 0, "extra"))
print(pcall(step))
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end
print()
for i, v in ipairs({1, 2, nil, 4}) do io.write(i, "=", v, " ") end
print()
--## iter_le_through_lt
-- "a <= b" emulated through __lt (LUA_COMPAT_LT_LE) inside an inline iterator frame: the
-- emulation's status bit must not be the inline frame's C-call mark (it was: every step then
-- kept one C level, and 200 steps raised "C stack overflow"), and a yield inside that __lt
-- must resume with the right outcome.
local mt = {__lt = function(a, b) return a.v < b.v end}
local function iter(s, i) i = i + 1; if setmetatable({v = i}, mt) <= setmetatable({v = 5}, mt) then return i end end
local n = 0
for j = 1, 300 do for i in iter, nil, 0 do n = n + i end end
print("le", n)
local mty = {__lt = function(a, b) coroutine.yield("y"); return a.v < b.v end}
local function iterlt(s, i) i = i + 1; if setmetatable({v = i}, mty) < setmetatable({v = 3}, mty) then return i end end
local function iterle(s, i) i = i + 1; if setmetatable({v = i}, mty) <= setmetatable({v = 3}, mty) then return i end end
for _, it in ipairs({iterlt, iterle}) do
  local co = coroutine.wrap(function() local r = {} for i in it, nil, 0 do r[#r + 1] = i end return table.concat(r, ",") end)
  local out repeat out = co() until out ~= "y"
  print(out)
end
