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
--## iter_next_inline_modify
-- OP_TFORCALL steps next and ipairs' step in place over a table (the slot of the control
-- variable keeps a guess where its key is). Fields cleared and reassigned during the loop,
-- keys in both parts, integer keys in the hash part, more and fewer loop variables.
local t = {}
for i = 1, 20 do t[i] = i end
for i = 1, 30 do t["k" .. i] = i; t[i * 100] = -i end
local s, n = 0, 0
for k, v in pairs(t) do
  n = n + 1; s = s + v
  if type(k) == "string" and v % 2 == 0 then t[k] = nil end  -- clear the current field
  if type(k) == "number" and k > 20 then t[k] = v * 2 end    -- assign an existing field
end
print(n, s)
n, s = 0, 0
for k, v in next, t do n = n + 1; s = s + v end
print(n, s)
for k, v, extra, more in pairs({5}) do print(k, v, extra, more) end
for k in pairs({a = 1}) do print(k) end
for k, v in next, {} do print("never", k, v) end
for k, v in next, {10, 20}, 1 do print(k, v) end
local cnt = 0
for k in pairs(t) do t[k] = nil; cnt = cnt + 1 end  -- every field cleared while traversing
print(cnt, next(t))
--## iter_next_inline_add
-- New fields during a traversal: undefined order, but no crash (an error, if any, is lua5.4's
-- "invalid key to 'next'").
local t = {}
for i = 1, 8 do t["x" .. i] = i end
local ok = pcall(function()
  local n = 0
  for k, v in pairs(t) do n = n + 1; if n < 100 then t["new" .. n] = n end end
end)
print(type(ok))
--## iter_next_inline_nested
-- Nested traversals of one table and of two tables keep their own places.
local a = {x = 1, y = 2, z = 3, 4, 5, [100] = 6, [2.5] = 7, [true] = 8}
local b = {p = 10, q = 20, r = 30}
local n, s = 0, 0
for k1, v1 in pairs(a) do
  for k2, v2 in pairs(a) do n = n + 1; s = s + v1 * v2 end
  for k3, v3 in pairs(b) do n = n + 1; s = s + v3 end
end
print(n, s)
local long1, long2 = string.rep("long key ", 10) .. "1", string.rep("long key ", 10) .. "2"
local c = {[long1] = 1, [long2] = 2, short = 3}
n = 0
for k, v in pairs(c) do for k2, v2 in pairs(c) do n = n + v * v2 end end
print(n)
--## iter_next_inline_errors
-- Keys next does not know, and non-tables: the call runs and raises lua5.4's errors.
print(pcall(function() for k, v in next, {10, 20}, 1.0 do print(k, v) end end))
print(pcall(function() for k, v in next, {[5] = 1, [10] = 2}, 5.0 do print(k, v) end end))
print(pcall(function() for k, v in next, {a = 1}, "b" do print(k, v) end end))
print(pcall(function() for k, v in next, 42 do end end))
print(pcall(function() for k, v in next do end end))
print(pcall(function() for i, v in ipairs() do end end))
print(pcall(function() for i, v in ipairs(nil) do end end))
local step = ipairs({})
print(pcall(function() for i, v in step, {1, 2}, "x" do end end))
print(pcall(function() for i, v in step, {1, 2}, 0.5 do end end))
for i, v in step, {1, 2, 3}, 1.0 do print(i, v) end
for i, v in step, "abc", 0 do print(i, v) end
--## iter_next_inline_meta
-- __pairs, ipairs through __index (at the first nil, on an empty proxy, on a string), a weak
-- table.
local t = setmetatable({}, {__pairs = function(self) return function(_, k) if not k then return 1, "one" end end, self, nil end})
for k, v in pairs(t) do print(k, v) end
local p = setmetatable({1, 2}, {__index = function(_, i) if i < 5 then return i * 10 end end})
for i, v in ipairs(p) do io.write(i, "=", v, " ") end
print()
local q = setmetatable({}, {__index = {7, 8, 9}})
for i, v in ipairs(q) do io.write(i, "=", v, " ") end
print()
local smt = getmetatable("")
smt.__index = function(s, i) if type(i) == "number" and i <= #s then return s:sub(i, i) end return string[i] end
for i, v in ipairs("xyz") do io.write(i, "=", v, " ") end
print()
smt.__index = string
local w = setmetatable({}, {__mode = "k"})
local keep = {}
for i = 1, 5 do local key = {}; keep[i] = key; w[key] = i end
local s = 0
for k, v in pairs(w) do s = s + v end
local wv = setmetatable({1, 2, 3}, {__mode = "v"})
for i, v in ipairs(wv) do s = s + v end
print(s)
--## iter_next_inline_debug
-- The loop's hidden variables as debug.getlocal sees them, and a control variable changed by
-- debug.setlocal (the traversal goes on from the new key).
local t = {10, 20, 30, 40, 50}
for k, v in pairs(t) do
  if k == 1 then
    for i = 1, 10 do
      local name, val = debug.getlocal(1, i)
      if not name then break end
      print(i, name, type(val) == "table" and "table" or type(val) == "function" and "function" or val)
    end
    print(debug.setlocal(1, 4, 3))
  end
  print(k, v)
end
for i, v in ipairs(t) do
  if i == 2 then print(debug.setlocal(1, 4, 3)) end
  print(i, v)
end
print(pcall(function()
  for k, v in pairs(t) do print(k, v); if k == 2 then debug.setlocal(1, 3, "nokey") end end
end))
--## iter_next_inline_hooks
-- A count hook set inside a pairs loop: the steps after it go through the call.
local t = {1, 2, 3, a = 4, b = 5}
local n, s = 0, 0
for k, v in pairs(t) do
  s = s + v
  if k == 2 then debug.sethook(function() n = n + 1 end, "", 1) end
end
debug.sethook()
print(s, n > 0)
local calls = {}
debug.sethook(function(ev) local i = debug.getinfo(2, "n"); if i.name then calls[#calls + 1] = ev .. ":" .. i.name end end, "cr")
for k, v in pairs({1}) do end
debug.sethook()
print(table.concat(calls, " "))
--## iter_pairs_ipairs_fast
-- pairs and ipairs run inline (fast functions) for a table without a metatable and for any
-- value: the same three results, the same function values, the C function's errors.
print(select("#", pairs({})), select("#", ipairs({})), select("#", pairs({}, 1, 2)))
local f, s, c = pairs({}); print(f == next, type(s), c)
local g, s2, c2 = ipairs("x"); print(type(g), s2, c2, g == ipairs({}))
print(debug.getinfo(pairs, "S").what, debug.getinfo(ipairs, "S").what)
local a, b = pairs({}); print(a == next, type(b))
local t = {pairs({})}; print(#t, t[1] == next)
print(pcall(pairs))
print(pcall(ipairs))
print(pcall(function() return pairs() end))
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in pairs(42) do end end))
print(pcall(function() for i in ipairs(42) do end end))
local mt = setmetatable({x = 1}, {})
for k, v in pairs(mt) do print(k, v) end
local mp = setmetatable({}, {__pairs = function(self) return next, {y = 2}, nil end})
for k, v in pairs(mp) do print(k, v) end
print(pcall(function() local p = setmetatable({}, {__pairs = function() error("in __pairs") end}); for k in pairs(p) do end end))
local count = 0
for i = 1, 50 do for k, v in pairs({i, i + 1}) do count = count + v end for j, v in ipairs({i}) do count = count + j end end
print(count)
--## iter_pairs_metatable
-- pairs of a table with a metatable: __pairs read raw from it (added, removed, false, only
-- reachable through the metatable's own __index: not seen).
local mt = {}
local obj = setmetatable({a = 1}, mt)
for k, v in pairs(obj) do print(k, v) end
mt.__pairs = function(t) return function(_, k) if k == nil then return "z", 26 end end, t, nil end
for k, v in pairs(obj) do print(k, v) end
mt.__pairs = nil
for k, v in pairs(obj) do print(k, v) end
mt.__pairs = false
print(pcall(pairs, obj))
mt.__pairs = nil
setmetatable(mt, {__index = {__pairs = function() error("never") end}})
for k, v in pairs(obj) do print(k, v) end
local weak = setmetatable({}, {__mode = "v"})
setmetatable(obj, weak)
for k, v in pairs(obj) do print(k, v) end
