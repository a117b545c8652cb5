-- Fast functions (issue 16, vm/fastfn.c) against lua5.4: builtins that OP_CALL, OP_TAILCALL
-- and OP_TFORCALL run inline. Each check covers a fast path and its fallback (the guard
-- failing: wrong types, missing keys, metatables, hooks), whose results and errors come from
-- the C function; and that the builtins look exactly like lua5.4's.
--## ff_identity
print(pairs({}) == next, (ipairs({})) == (ipairs({2})), rawequal(next, select(1, pairs({}))))
print(type(next), type(select), tostring(next):match("^function: ") ~= nil)
for _, f in ipairs({next, select, (ipairs({}))}) do
  local i = debug.getinfo(f)
  print(i.what, i.source, i.short_src, i.currentline, i.linedefined, i.nups, i.nparams, i.isvararg)
  print(select("#", debug.getupvalue(f, 1)), pcall(string.dump, f))
end
print(string.format("%s", next) == tostring(next), #tostring(select) > 10)
--## ff_next_fast_and_fallback
local t = {10, 20, 30, [5] = 50, [2^53] = 1, [-1] = 2, [0] = 3}
local n, s = 0, 0
for k, v in next, t do n = n + 1; s = s + v end
print(n, s)
print(next({}), next({}, nil), next({7}), next({7}, 1), select("#", next({})))
print(pcall(next, {}, "nokey"))            -- the fallback raises, without a position
print(pcall(next, {1}, 0 / 0))             -- NaN key
print(pcall(next, {1}, 2))                 -- an integer key past the array, not in the hash
print(pcall(next))
print(pcall(next, nil))
print(pcall(next, "abc"))
print(pcall(next, setmetatable({}, {__index = function() return 1 end}), "x"))
print(next({5}, nil, "extra"), next({5}, 1, "extra"))
local ok, e = pcall(function() for k in next, 5 do end end)
print(ok, e)
ok, e = pcall(function() for k in next, {a = 1}, "zz" do end end)
print(ok, e)
--## ff_next_keys_in_order
-- integer keys traverse in lua5.4's order (array part, then the hash part's nodes)
local t = {}
for i = 1, 20 do t[i] = i end
for i = 40, 100, 7 do t[i] = i end
t[1000] = 1; t[-5] = 2; t[3.5] = 3
local ks = {}
for k in pairs(t) do ks[#ks + 1] = tostring(k) end
print(table.concat(ks, " "))
ks = {}
local k, v = next(t)
while k ~= nil do ks[#ks + 1] = tostring(k); k, v = next(t, k) end
print(table.concat(ks, " "))
--## ff_next_removal_during_traversal
local t = {}
for i = 1, 200 do t[i] = i; t["k" .. i] = i; t[i + 0.5] = i end
local n = 0
for k, v in pairs(t) do
  n = n + 1
  t[k] = nil            -- clearing existing fields is allowed during traversal
end
print(n, next(t))
local u = {a = 1, b = 2, c = 3, 1, 2, 3}
for k in pairs(u) do u.a = nil; u.b = nil; u.c = nil; u[1] = nil; u[2] = nil; u[3] = nil end
print(next(u))
--## ff_next_huge_array
local t = {}
for i = 1, 300000 do t[i] = i end
t[150000] = nil
local n, s = 0, 0
for k, v in pairs(t) do n = n + 1; s = s + k end
print(n, s)
--## ff_pairs_metamethod
local mt = {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end}
for k, v in pairs(setmetatable({}, mt)) do print(k, v) end
local proxy = setmetatable({}, {__pairs = function() return next, {x = 1}, nil end})
for k, v in pairs(proxy) do print(k, v) end
--## ff_ipairs_fast_and_fallback
local t = {1, 2, 3, nil, 5}
for i, v in ipairs(t) do io.write(i, ":", v, " ") end print()
-- integer keys in the hash part
local h = {}
h[3] = "c"; h[2] = "b"; h[1] = "a"
for i, v in ipairs(h) do io.write(i, v, " ") end print()
-- __index fills the holes (the fallback's lua_geti)
local p = setmetatable({1, 2}, {__index = function(_, i) if i <= 4 then return i * 10 end end})
for i, v in ipairs(p) do io.write(i, "=", v, " ") end print()
local q = setmetatable({}, {__index = {7, 8, 9}})
for i, v in ipairs(q) do io.write(i, "=", v, " ") end print()
-- a metatable without __index, and one that gains __index later
local mt = {}
local r = setmetatable({1, 2}, mt)
for i, v in ipairs(r) do io.write(i, "=", v, " ") end print()
mt.__index = function(_, i) if i == 3 then return "late" end end
for i, v in ipairs(r) do io.write(i, "=", v, " ") end print()
-- not a table: a string's __index, userdata-less values raise
for i, v in ipairs("abc") do print("never", i, v) end
print(pcall(ipairs))
print(pcall(function() for i in ipairs(nil) do end end))
print(pcall(function() for i in ipairs(5) do end end))
local step = ipairs({})
print(step({10, 20}, 0), step({10, 20}, 1), step({10, 20}, 2))
print(step({10, 20}, "1"), step({10, 20}, 1.0))
print(pcall(step, {10}, 1.5))
print(pcall(step, {10}))
print(pcall(step))
print(step({[math.mininteger] = "min"}, math.maxinteger))
print(pcall(step, setmetatable({}, {__index = function() error("idx") end}), 0))
--## ff_ipairs_weak_and_modified
local w = setmetatable({}, {__mode = "v"})
for i = 1, 5 do w[i] = {i} end
local keep = {w[1], w[2], w[3], w[4], w[5]}
local n = 0
for i, v in ipairs(w) do n = n + v[1] end
print(n, #keep)
local t = {1, 2, 3, 4, 5, 6}
for i, v in ipairs(t) do if i == 2 then t[4] = nil end io.write(v, " ") end print()
--## ff_select_fast_and_fallback
print(select("#"), select("#", nil, nil), select("#x", 1, 2))
print(select(1, "a", "b", "c"), select(3, "a", "b", "c"), select(4, "a", "b", "c"))
print(select(-1, "a", "b", "c"), select(-3, "a", "b", "c"))
print(select(2.0, "a", "b"), select("2", "a", "b"))
print(pcall(select, 0, 1))
print(pcall(select, -3, 1))
print(pcall(select, math.mininteger, 1))
print(pcall(select, 1.5, 1))
print(pcall(select, "x", 1))
print(pcall(select))
print(pcall(select, {}, 1))
local a, b, c, d = select(2, 1, 2, 3)
print(a, b, c, d)
local function tail(...) return select(2, ...) end
local function tailn(...) return select("#", ...) end
print(tail(1, 2, 3), tailn(nil, nil, nil), (tail(1, 2, 3)))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(1, 2, 3, 4), sum())
print({select(2, table.unpack({}, 1, 200))} ~= nil, select("#", select(2, table.unpack({}, 1, 200))))
--## ff_hooks_see_the_calls
-- with a hook set every builtin takes the ordinary call, which the hook sees
local calls = {}
debug.sethook(function(ev)
  local i = debug.getinfo(2, "nS")
  if i.what == "C" then calls[#calls + 1] = ev .. ":" .. tostring(i.name) end
end, "cr")
local t = {1, 2}
for k in pairs(t) do end
for i in ipairs(t) do end
local x = select("#", 1, 2)
debug.sethook()
print(table.concat(calls, " "))
--## ff_count_hook_and_errors_in_loops
local n = 0
debug.sethook(function() n = n + 1 end, "", 1)
local s = 0
for k, v in pairs({1, 2, 3, a = 4}) do s = s + v end
for i, v in ipairs({1, 2, 3}) do s = s + v end
debug.sethook()
print(s, n > 0)
print(pcall(function()
  local t = {a = 1}
  for k in pairs(t) do t[k] = nil; t.zz = 1; t.yy = 2; collectgarbage() end
end))
--## ff_traceback_and_getinfo_inside
local function it(t, k)
  local v
  k, v = next(t, k)
  if k == "b" then print((debug.traceback("tb", 1):gsub("\n%s*%[C%]: in %?", ""))) end
  return k, v
end
for k in it, {b = 1} do end
print(pcall(function() local x = select(0) end))
print(select(2, xpcall(next, debug.traceback, {}, "nokey")))
--## ff_coroutines_yield_inside_loops
local co = coroutine.wrap(function()
  local t = {1, 2, 3, x = 4}
  local s = 0
  for k, v in pairs(t) do s = s + v; coroutine.yield(k) end
  for i, v in ipairs(t) do s = s + v; coroutine.yield(i) end
  for i = 1, select("#", 1, 2) do coroutine.yield(select(i, "p", "q")) end
  return "sum", s
end)
local out = {}
for _ = 1, 10 do out[#out + 1] = tostring(co()) end
print(#out, out[8], out[9], out[10])
--## ff_deep_stack_fallback
-- near the end of the stack the C call grows it: the fast paths leave that to it
local function deep(n, ...)
  if n == 0 then return select("#", ...), next({n}), (ipairs({})) ~= nil end
  return deep(n - 1, n, ...)
end
print(deep(150))
local function rec(n) local x = select("#", n); if n > 0 then return rec(n - 1) + x end return x end
print(rec(10000))
print(pcall(function() local function f() return select("#", f()) end return f() end))
--## ff_library_reopened
-- the base library opened again (package.loaded dropped) gives the same next
local oldnext = next
package.loaded._G = nil
local g = require("_G")
print(g.next == oldnext, g.select == select)
