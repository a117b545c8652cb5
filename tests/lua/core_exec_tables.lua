-- Differential checks of the table paths of the interpreter and vm/tab.c (issue 16): new keys
-- stored without a second lookup, the metamethod-absence cache of metatables, setmetatable's
-- __gc/__mode checks through that cache. Each "--## name" starts a check.
--## tmcache_rawset_revives_key
-- A metatable key whose value was set to nil keeps its node; rawset gives it a value again
-- and must drop the metatable's cached "no __index".
local mt = {__index = function() return 1 end}
local t = setmetatable({}, mt)
print(t.x)
mt.__index = nil
print(t.x)
rawset(mt, "__index", function() return 2 end)
print(t.x)
mt.__newindex = function(_, k, v) print("newindex", k, v) end
t.y = 5
mt.__newindex = nil
t.z = 6
rawset(mt, "__newindex", function(_, k, v) print("newindex again", k, v) end)
t.w = 7
print(rawget(t, "y"), rawget(t, "z"), rawget(t, "w"))
--## newkey_kinds
-- Keys that reach the new-key path: floats with integer values, NaN, nil, strings, booleans.
local t = {}
t[1.0] = "one"; t[2^53] = "big"; t[-0.0] = "zero"; t[true] = "T"; t["s"] = "S"; t[1.5] = "f"
print(t[1], t[2^53], t[0], t[true], t.s, t[1.5], math.type(next({[3.0] = 1})))
print(pcall(function() t[0/0] = 1 end))
print(pcall(function() t[nil] = 1 end))
print(pcall(rawset, t, 0/0, 1))
local k = nil
print(pcall(function() local u = setmetatable({}, {}) u[k] = 1 end))
--## newkey_rehash_growth
-- Fill hash parts through every growth step (rehash then insert), with keys that collide.
local t = {}
for i = 1, 200 do t["k" .. i] = i; t[i * 1024] = -i; t[i + 0.5] = i end
local n, s = 0, 0
for k, v in pairs(t) do n = n + 1; s = s + v end
print(n, s, t.k1, t.k200, t[1024], t[200 * 1024], t[1.5])
for i = 1, 200, 2 do t["k" .. i] = nil end
for i = 1, 200, 2 do t["k" .. i] = i * 2 end
n, s = 0, 0
for k, v in pairs(t) do n = n + 1; s = s + v end
print(n, s, #t)
--## setmetatable_gc_mode_cache
-- __gc and __mode are looked up through the metatable's absence cache: adding them after a
-- first setmetatable (which cached their absence) must still count.
local mt = {}
local a = setmetatable({}, mt)
mt.__gc = function() print("collected") end
local b = setmetatable({}, mt)
b = nil
collectgarbage(); collectgarbage()
mt.__mode = "k"
local w = setmetatable({}, mt)
w[{}] = 1
collectgarbage(); collectgarbage()
print(next(w))
mt.__gc = nil
local wk = {}
rawset(mt, "__mode", "v")
local v = setmetatable({}, mt)
v[1] = {}
collectgarbage(); collectgarbage()
print(v[1], getmetatable(a) == mt)
--## setmetatable_protected
local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t), pcall(setmetatable, t, {}))
print(pcall(setmetatable, 1, {}), pcall(setmetatable, {}, 1))
--## newfield_shortcut
-- New fields take a free main position directly when nothing else could happen; every other
-- case (collisions, nil values, __newindex known or added later, weak tables) must not notice.
local function dump(t)
  local ks = {}
  for k, v in pairs(t) do ks[#ks + 1] = tostring(k) .. "=" .. tostring(v) end
  table.sort(ks)
  return table.concat(ks, " ")
end
local t = {a = 1, b = 2, c = 3, d = 4, e = 5}
t.f = nil; t.g = 7; t.a = nil; t.a = 8
print(dump(t))
local mt = {}
local o = setmetatable({}, mt)
o.x = 1; o.y = 2; o.z = 3
mt.__newindex = function(tt, k, v) rawset(tt, k, v * 10) end
o.w = 4; o.x = 5
print(dump(o))
mt.__newindex = nil
o.v = 6
print(dump(o))
mt.__newindex = {}
o.u = 7
print(dump(o), dump(mt.__newindex))
local wk = setmetatable({}, {__mode = "v"})
wk.a = {}; wk.b = "s"; wk.c = 1
collectgarbage(); collectgarbage()
print(wk.a, wk.b, wk.c)
for i = 1, 50 do t["f" .. i] = i end
local s = 0
for k, v in pairs(t) do s = s + v end
print(s, t.f1, t.f50)
--## fields_one_by_one_growth
-- A new string key in a table with a small hash part makes room for several fields at once:
-- objects filled field by field, then integer keys, deletions and traversal must not notice.
local function dump(t)
  local ks = {}
  for k, v in pairs(t) do ks[#ks + 1] = tostring(k) .. "=" .. tostring(v) end
  table.sort(ks)
  return table.concat(ks, " ")
end
local o = {}
o.a = 1; print(dump(o)); o.b = 2; o.c = 3; o.d = 4; o.e = 5; print(dump(o))
local q = {}
q.x = 1; q[1] = "one"; q[2] = "two"; q[3] = "three"; q.y = nil; q[10] = "ten"
print(#q, dump(q))
for k in pairs(o) do o[k] = nil end
print(next(o), dump(o))
local w = setmetatable({}, {__mode = "v"})
w.a = {}; w.b = "s"; w.c = 1
collectgarbage(); collectgarbage()
print(w.a, w.b, w.c)
local m = setmetatable({}, {__index = function(_, k) return "default " .. k end})
m.a = 1; m.b = 2; m[1] = 3; m.c = nil
print(m.a, m.b, m.c, m[1], #m, dump(m))
local r = {n = 0}
for i = 1, 5 do r["f" .. i] = i; r.n = r.n + i end
for k, v in pairs(r) do if k ~= "n" then r[k] = v * 2 end end
print(dump(r))
--## setmetatable_args
-- setmetatable's checks in lua5.4's order, extra arguments dropped, the protected case only
-- when a metatable has a __metatable field (raw: an __index on the metatable does not count).
print(pcall(setmetatable, 1, 2))
print(pcall(setmetatable, "s", {}))
print(pcall(setmetatable, {}, "x"))
print(pcall(setmetatable))
local t = {}
print(select("#", setmetatable(t, {}, 1, 2, 3)), setmetatable(t, nil, "x") == t, getmetatable(t))
local mm = setmetatable({}, {__index = function() return "protected?" end})
local u = setmetatable({}, mm)
print((pcall(setmetatable, u, {})), getmetatable(u) ~= mm)
local p = setmetatable({}, {__metatable = false})
print(pcall(setmetatable, p, nil), getmetatable(p))
--## constructor_inline_nodes
-- Small constructors keep their hash part in the table's own block: growing past it, turning
-- weak, clearing and refilling, and traversal while assigning must all behave as before.
local function dump(t)
  local ks = {}
  for k, v in pairs(t) do ks[#ks + 1] = tostring(k) .. "=" .. tostring(v) end
  table.sort(ks)
  return table.concat(ks, " ")
end
local a = {x = 1, y = 2}
a.z = 3; a.w = 4; a.v = 5; a[1] = "one"
print(dump(a), #a)
local b = {x = 1}
for k, v in pairs(b) do b[k] = v + 1 end
b.x = nil; b.y = 2; b.x = 3
print(dump(b))
local keep = {}
local w = setmetatable({x = keep, y = {}, z = "s", u = 1}, {__mode = "v"})
collectgarbage(); collectgarbage()
print(w.x == keep, w.y, w.z, w.u)
local e = setmetatable({[{}] = 1, [keep] = 2}, {__mode = "k"})
collectgarbage(); collectgarbage()
local n = 0
for k, v in pairs(e) do n = n + 1 end
print(n, e[keep])
local objs = {}
for i = 1, 2000 do objs[i] = {p = i, q = -i, r = {s = i}} end
collectgarbage()
local s = 0
for i = 1, 2000, 7 do s = s + objs[i].p + objs[i].q + objs[i].r.s end
print(s, next({a = nil}))
--## fields_class_size_hint
-- Objects of one class filled field by field: after the first grew to 8 fields, the next get
-- room for 8 at their first field (the metatable's size hint); smaller and bigger objects,
-- integer keys, deletions and traversal must be unaffected.
local C = {}; C.__index = C
local function fill(n, tag)
  local o = setmetatable({}, C)
  for i = 1, n do o["f" .. i] = i * tag end
  return o
end
local sums = {}
for round = 1, 3 do
  for _, n in ipairs({8, 1, 3, 5, 12, 20, 2}) do
    local o = fill(n, round)
    o[1], o[2], o[100] = "a", "b", "c"
    local cnt, s = 0, 0
    for k, v in pairs(o) do cnt = cnt + 1; if type(v) == "number" then s = s + v end end
    o.f1 = nil
    local left = 0
    for _ in pairs(o) do left = left + 1 end
    sums[#sums + 1] = table.concat({n, cnt, s, left, #o, tostring(o.f1), tostring(o["f" .. n])}, ",")
  end
end
print(table.concat(sums, " "))
local plain = {}
for i = 1, 8 do plain["k" .. i] = i end
local n = 0
for _ in pairs(plain) do n = n + 1 end
print(n)
--## weak_cleared_field_get_set
-- A field whose weak value was collected is absent for GETFIELD / SELF / SETFIELD: __index
-- answers the read, __newindex gets the store; a live field is read and stored raw.
local log = {}
local mt = {__mode = "v"}
mt.__index = function(_, k) return "idx " .. k end
mt.__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end
local w = setmetatable({}, mt)
-- (made in a called function, then other objects made: no stale copy of the values in the
-- interpreter's C frame or registers keeps them for the conservative collector)
local function fill() rawset(w, "a", {}); rawset(w, "b", "s"); rawset(w, "m", function() return "m" end) end
fill()
for i = 1, 8 do local t, f = {i}, function() return i end end
collectgarbage(); collectgarbage()
print(w.a, w.b, pcall(function() return w:m() end))
w.a = 1; w.b = 2
print(w.a, w.b, table.concat(log, ","))
local plain = {x = 1}
plain.x = nil
setmetatable(plain, {__newindex = function(t, k, v) log[#log + 1] = "p" .. k; rawset(t, k, v) end})
plain.x = 5
print(plain.x, table.concat(log, ","))
