-- Differential checks of the collector as scripts see it: weak tables after a full
-- collection, __gc finalizers (explicit collection and at exit), collectgarbage results.
-- Boehm is conservative, so checks ask "were most entries cleared", not "exactly all".
--## gc_weak_values
local t = setmetatable({}, {__mode = "v"})
for i = 1, 100 do t[i] = {} end
local keep = {}
t[101] = keep
collectgarbage(); collectgarbage()
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n < 50, t[101] == keep)
--## gc_weak_keys
local t = setmetatable({}, {__mode = "k"})
local keep = {}
t[keep] = "kept"
for i = 1, 100 do t[{}] = i end
collectgarbage(); collectgarbage()
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n < 50, t[keep])
--## gc_weak_strings_stay
local t = setmetatable({}, {__mode = "v"})
t[1] = "a string value"
t[2] = 42
t[3] = true
collectgarbage()
print(t[1], t[2], t[3])
--## gc_weak_mode_kv
local t = setmetatable({}, {__mode = "kv"})
for i = 1, 50 do t[{}] = {} end
collectgarbage(); collectgarbage()
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n < 25)
--## gc_finalizer_runs_on_collect
local count = 0
for i = 1, 20 do setmetatable({}, {__gc = function() count = count + 1 end}) end
collectgarbage(); collectgarbage(); collectgarbage()
print(count > 10)
--## gc_finalizer_error_is_warning
warn("@on")
setmetatable({}, {__gc = function() error("in gc") end})
collectgarbage(); collectgarbage()
print("still running")
--## gc_finalizer_resurrect_once
local saved
do
  local obj = setmetatable({name = "zombie"}, {__gc = function(o) saved = o end})
end
collectgarbage(); collectgarbage()
print(saved and saved.name)
--## gc_count_is_number
local before = collectgarbage("count")
local big = {}
for i = 1, 10000 do big[i] = {i} end
local during = collectgarbage("count")
print(type(before), during > before)
big = nil
--## gc_step_returns_boolean
print(type(collectgarbage("step", 0)))
--## gc_at_exit_userdata_files
local f = io.tmpfile()
f:write("x")
print(io.type(f))
--## gc_closure_collect_no_crash
for i = 1, 2000 do local f = function() return i end; f() end
collectgarbage()
print("ok")
--## gc_string_heavy
local parts = {}
for i = 1, 2000 do parts[#parts + 1] = tostring(i) .. "x" end
collectgarbage()
local s = table.concat(parts)
print(#s, s:sub(1, 10))
--## gc_intern_churn
-- Short strings die and are made again across many collections; equal contents must stay
-- one string (table keys written before a collection are found with strings made after).
local t = {}
for round = 1, 6 do
  for i = 1, 20000 do
    local k = "k" .. (i * 7 + round)
    t[k] = (t[k] or 0) + 1
  end
  collectgarbage()
end
local n, sum = 0, 0
for k, v in pairs(t) do n = n + 1; sum = sum + v end
print(n, sum, t["k" .. (7 + 1)], t["k" .. (20000 * 7 + 6)])
--## gc_intern_revived_before_sweep
-- Strings that were garbage at a collection and are made again before the sweep reaches
-- them must survive: build garbage, collect, remake the same texts, then churn.
local function make(i) return "revive:" .. i end
for i = 1, 5000 do local _ = make(i) end
collectgarbage()
local keep = {}
for i = 1, 5000 do keep[i] = make(i) end
for i = 1, 200000 do local _ = "churn" .. i end
collectgarbage()
local bad = 0
for i = 1, 5000 do if keep[i] ~= make(i) or #keep[i] ~= #("revive:" .. i) then bad = bad + 1 end end
local set = {}
for i = 1, 5000 do set[keep[i]] = i end
for i = 1, 5000 do if set[make(i)] ~= i then bad = bad + 1 end end
print("bad", bad)
--## gc_intern_reachable_from_finalizer
-- A string reachable only from an object with __gc lives on until the finalizer ran; making
-- the same text afterwards gives the same string (it works as the same table key).
local got
do
  local key = string.rep("z", 3) .. tostring(12345)
  setmetatable({key}, {__gc = function(o) got = o[1] end})
end
collectgarbage(); collectgarbage()
local again = "zzz" .. "12345"
local t = {[got or "missing"] = "found"}
print(got, t[again], got == again)
--## gc_ephemeron_value_refers_to_key
-- A weak-keyed table is an ephemeron table: a value that refers to its own key does not keep
-- the entry alive; entries whose keys are reachable keep their values.
local t = setmetatable({}, {__mode = "k"})
for i = 1, 1000 do local k = {}; t[k] = {k, i} end
local u = setmetatable({}, {__mode = "k"})
local keep = {}
for i = 1, 100 do local k = {}; keep[i] = k; u[k] = {k, tostring(i)} end
collectgarbage(); collectgarbage()
local n, m = 0, 0
for _ in pairs(t) do n = n + 1 end
for k, v in pairs(u) do m = m + 1; assert(v[1] == k) end
print(n < 100, m, u[keep[7]][2], u[keep[100]][1] == keep[100])
--## gc_ephemeron_chain
-- The value of each entry is the key of the next: the chain lives exactly as long as its head.
local c = setmetatable({}, {__mode = "k"})
local first = {}
local k = first
for i = 1, 50 do local nk = {}; c[k] = nk; k = nk end
collectgarbage(); collectgarbage()
local len, x = 0, first
while c[x] do len = len + 1; x = c[x] end
print(len)
first, x, k = nil, nil, nil
collectgarbage(); collectgarbage()
local left = 0
for _ in pairs(c) do left = left + 1 end
print(left < 10)
--## gc_ephemeron_updates_and_modes
-- Overwriting, clearing and re-adding values of ephemeron entries; changing the weak mode of
-- a table that has entries; a table used as a key in two ephemeron tables.
local a = setmetatable({}, {__mode = "k"})
local b = setmetatable({}, {__mode = "k"})
local key = {}
a[key] = {"first"}; a[key] = {"second"}; b[key] = {"other"}
collectgarbage()
print(a[key][1], b[key][1])
a[key] = nil
collectgarbage()
print(a[key], b[key][1])
a[key] = "string value"; a[1] = {"array"}; a.name = {"field"}
collectgarbage()
print(a[key], a[1][1], a.name[1])
local plain = {}
local ks = {}
for i = 1, 20 do ks[i] = {}; plain[ks[i]] = {i} end
setmetatable(plain, {__mode = "k"})            -- rebuilt as an ephemeron table
collectgarbage()
local sum = 0
for k, v in pairs(plain) do sum = sum + v[1] end
print(sum)
setmetatable(plain, nil)                          -- and back to a plain table
collectgarbage()
sum = 0
for k, v in pairs(plain) do sum = sum + v[1] end
print(sum)
local big = setmetatable({}, {__mode = "k"})
for i = 1, 20 do big[ks[i]] = {i * 2} end
for i = 21, 2000 do big[{}] = {i} end             -- growth rehashes ephemeron entries
collectgarbage(); collectgarbage()
sum = 0
for i = 1, 20 do sum = sum + big[ks[i]][1] end
print(sum)
--## gc_ephemeron_userdata_keys
-- Full userdata (io files here) as ephemeron keys; values that refer back to the key.
local t = setmetatable({}, {__mode = "k"})
local f = io.tmpfile()
t[f] = {f, "data"}
collectgarbage()
print(t[f][2], t[f][1] == f)
for i = 1, 200 do local g = io.tmpfile(); t[g] = {g}; g:close() end
collectgarbage(); collectgarbage()
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n < 100, t[f][2])
f:close()
--## gc_count_drops_when_big_strings_die
-- a string buffer's block (string.rep, string.format, table.concat...) is released with the
-- buffer, so a dead result leaves "count" where it was after a full collection. 32 MB die in
-- eight strings: a conservative collector may keep one of them through a false pointer (under
-- ASan one 4 MB string was kept in about a third of the runs), never most of them.
local function rep(n) local s = string.rep("x", n) return #s end
collectgarbage(); collectgarbage()
local base = collectgarbage("count")
local total = 0
for i = 1, 8 do total = total + rep((4 << 20) + i * 4096) end
print(total)
collectgarbage()
local grown = collectgarbage("count") - base
print(grown < 8192 and "dropped" or ("still counted: " .. math.floor(grown) .. " KB"))
--## gc_dead_register_is_not_a_root
-- the table stays in a register above the live top: it must still be collected
do
  local name
  setmetatable({}, {__gc = function() name = "ran" end})
  repeat local a = {} until name
  print(name)
end
--## gc_dead_slot_of_suspended_coroutine_is_not_a_root
-- a value left above a suspended coroutine's top (a dropped call result) is dead too
local name
local co = coroutine.wrap(function()
  local function make() return setmetatable({}, {__gc = function() name = "ran" end}) end
  make()
  coroutine.yield()
end)
co()
repeat local a = {} until name
print(name)
--## gc_old_stack_released
-- Values that sat in registers when the stack was reallocated must not be kept alive by the
-- old stack block (a C frame may still point into it).
local w = setmetatable({}, {__mode = "k"})
local function fill()
  local a, b, c, d, e, f, g, h = {}, {}, {}, {}, {}, {}, {}, {}
  for _, t in ipairs({a, b, c, d, e, f, g, h}) do w[t] = true end
  local function deep(n) if n > 0 then return deep(n - 1) + 1 end return 0 end
  deep(2000)    -- the stack grows while a..h sit in registers
  return 0
end
fill()
local function clear(n) if n > 0 then return clear(n - 1) + 1 end return 0 end
clear(2000)     -- overwrite the registers' slots in the current stack
collectgarbage(); collectgarbage()
local n = 0
for _ in pairs(w) do n = n + 1 end
print(n < 4)
--## gc_big_table_parts_resize
-- Big array and hash parts are given back as soon as a resize replaces them: every entry
-- must survive growth, migration between the parts and shrinking.
local t, h = {}, {}
for i = 1, 70000 do t[i] = {i} end                 -- array part grows past 64 KB many times
for i = 1, 30000 do h["k" .. i] = i; h[i * 7] = t[i] end
local bad = 0
for i = 1, 70000 do if t[i][1] ~= i then bad = bad + 1 end end
for i = 1, 30000 do if h["k" .. i] ~= i or h[i * 7][1] ~= i then bad = bad + 1 end end
for i = 1, 30000, 2 do h["k" .. i] = nil; h[i * 7] = nil end
for i = 1, 20000 do h[-i] = i end                  -- rehash after the deletions
local n = 0
for k, v in pairs(h) do n = n + 1 end
for i = 2, 30000, 2 do if h["k" .. i] ~= i or h[i * 7][1] ~= i then bad = bad + 1 end end
collectgarbage()
local sum = 0
for i = 1, #t do sum = sum + t[i][1] end
print(bad, n, sum)
--## gc_close_finalizes_dropped_objects
-- Objects dropped just before the end are finalized by lua_close, even when a collection runs
-- while the state is closing (gcstress: collections every few allocations).
local n = 0
local sentinel = setmetatable({}, {__gc = function() print("finalized before it:", n) end})
local mt = {__gc = function() n = n + 1 end}
local objs = {}
for i = 1, 5000 do objs[i] = setmetatable({}, mt) end
objs = nil
print("end of script")
--## gc_library_objects_in_weak_tables
-- What lua_newstate and the standard libraries made (nacre's start-up arena, docs/gc.md) as
-- weak keys, weak values and ephemeron keys: alive, so no entry may go.
local objs = {string, table, math, io, os, coroutine, utf8, debug, package, _G, print,
  string.format, io.write, io.stdout, io.stderr, coroutine.running(), getmetatable(""),
  package.loaded, package.searchers, package.searchers[2], debug.getregistry()}
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local wkv = setmetatable({}, {__mode = "kv"})
for i, o in ipairs(objs) do wk[o] = {i}; wv[i] = o; wkv[o] = o end
collectgarbage(); collectgarbage()
local nk, nv, nkv = 0, 0, 0
for o, v in pairs(wk) do nk = nk + 1; assert(objs[v[1]] == o) end
for i, o in pairs(wv) do nv = nv + 1; assert(objs[i] == o) end
for k, v in pairs(wkv) do nkv = nkv + 1; assert(k == v) end
print(#objs, nk, nv, nkv)
--## gc_library_tables_finalized_at_close
-- A __gc given to a library table or a standard file runs once, at the close, newest first.
setmetatable(string, {__gc = function(t) print("string", t == string) end})
setmetatable(math, {__gc = function(t) print("math", t.pi == math.pi) end})
local f = setmetatable({}, {__gc = function() print("plain table") end})
print("end of script", f ~= nil)
--## gc_library_tables_grow_and_shrink
-- Library tables outgrow the node arrays they were made with.
for i = 1, 3000 do string["k" .. i] = i; table[i] = {i} end
local sum = 0
for i = 1, 3000 do sum = sum + string["k" .. i] + table[i][1] end
for i = 1, 3000 do string["k" .. i] = nil; table[i] = nil end
collectgarbage()
local left = 0
for k in pairs(string) do if type(k) == "string" and k:match("^k%d") then left = left + 1 end end
print(sum, left, #table, string.format("%5.1f", 2.25), ("ab"):rep(3), table.concat({1, 2}, "-"))
--## gc_big_array_growth_keeps_values
-- A big array part grows by copying into an uncleared block while the old one's pages are
-- released: integers, floats, strings and tables stored before each doubling survive it and
-- collections between the doublings, and the new slots read as absent.
local t, n = {}, 0
local function check(upto)
  for i = 1, upto do
    local v, k = t[i], i % 4
    if (k == 0 and v ~= i) or (k == 1 and v ~= i + 0.5) or (k == 2 and v ~= "s" .. i)
        or (k == 3 and (type(v) ~= "table" or v[1] ~= i)) then return i end
  end
  return 0
end
local bad = 0
for i = 1, 300000 do
  local k = i % 4
  t[i] = k == 0 and i or k == 1 and i + 0.5 or k == 2 and "s" .. i or {i}
  if i & (i - 1) == 0 then                       -- just past a doubling of the array part
    collectgarbage()
    if check(i) ~= 0 then bad = bad + 1 end
    if t[i + 1] ~= nil or rawlen(t) ~= i then bad = bad + 1 end
    n = n + 1
  end
end
collectgarbage()
print(n, bad, check(300000), #t, t[300001])
local u = table.move(t, 1, 300000, 1, {})      -- growth through table.move's stores
collectgarbage()
print(#u, u[299998], u[299999][1], u[300000])
--## gc_big_blocks_released_and_reused
-- Dead blocks of 64 KB or more (table parts, long strings, string buffers) give their pages
-- back to the OS when the collector frees them or a resize replaces them; blocks made later
-- in the same space must read as new: no entry of an earlier table, the right bytes.
local bad = 0
for round = 1, 8 do
  local h, a = {}, {}
  for i = 1, 5000 do h["k" .. i .. "." .. round] = i end            -- node part >= 64 KB
  for i = 1, 9000 + round do a[i] = {round} end                        -- array part >= 64 KB
  local s = string.rep(string.char(64 + round), 70000 + round)
  local parts = {}
  for i = 1, 3000 do parts[i] = ("%05d"):format(i * round) end
  local c = table.concat(parts)                                        -- buffer >= 64 KB
  local n = 0
  for _ in pairs(h) do n = n + 1 end
  if n ~= 5000 or h["k1." .. round] ~= 1 or h["k1." .. (round - 1)] ~= nil then bad = bad + 1 end
  n = 0
  for k, v in pairs(a) do
    n = n + 1
    if v[1] ~= round then bad = bad + 1 end
  end
  if n ~= 9000 + round or #a ~= 9000 + round then bad = bad + 1 end
  if #s ~= 70000 + round or s:find("[^" .. string.char(64 + round) .. "]") then bad = bad + 1 end
  if #c ~= 15000 or c:sub(-5) ~= ("%05d"):format(3000 * round) then bad = bad + 1 end
  h, a, s, c, parts = nil, nil, nil, nil, nil
  collectgarbage()
end
print(bad)
--## gc_count_after_pages_returned
-- collectgarbage("count") counts live data after libgc returned long-free pages to the OS (it
-- subtracted those pages twice, so big garbage freed a dozen cycles ago hid live data).
local keep = {}
for i = 1, 200000 do keep[i] = i end              -- 3.2 MB of live array part
for r = 1, 3 do
  local g = {}
  for i = 1, 300000 do g[i] = i end               -- big parts that die
end
for i = 1, 12 do collectgarbage() end
print(collectgarbage("count") * 1024 >= 200000 * 8, #keep)
--## gc_dropped_coroutines_collected
-- Many short-lived coroutines, half left suspended holding a table, half finished, while a
-- few long-lived ones keep running: the dropped ones (and what their stacks held) must be
-- collected, and the kept ones keep working as the collector reuses their bookkeeping.
local kept = {}
for i = 1, 8 do
  kept[i] = coroutine.wrap(function() local n = 0 while true do n = n + 1 coroutine.yield(n) end end)
end
local peak, sum = 0, 0
for i = 1, 100000 do
  local g = coroutine.wrap(function(a) local big = {a, a, a, a, a, a, a, a} coroutine.yield(#big) return a end)
  sum = sum + g(i)
  if i % 2 == 0 then sum = sum + g() end
  if i % 1000 == 0 then
    for k = 1, 8 do sum = sum + kept[k]() end
    local c = collectgarbage("count")
    if c > peak then peak = c end
  end
end
print(sum, peak < 8192)
--## gc_roots_library_tables_and_registry
-- Objects held only from the standard library tables (made in nacre's start-up arena, which
-- is marked by a procedure of its own), from _G and from the registry survive collections;
-- dropped ones are collected.
local fin = 0
local mt = {__gc = function() fin = fin + 1 end}
local reg = debug.getregistry()
for i = 1, 50 do
  string["k" .. i] = setmetatable({}, mt)
  math["k" .. i] = setmetatable({}, mt)
  package.loaded["k" .. i] = setmetatable({}, mt)
  _G["k" .. i] = setmetatable({}, mt)
  reg["k" .. i] = setmetatable({}, mt)
end
for i = 1, 3 do
  for j = 1, 20000 do local t = {j} end
  collectgarbage()
end
print(fin)
for i = 1, 50 do
  string["k" .. i], math["k" .. i], package.loaded["k" .. i] = nil, nil, nil
  _G["k" .. i], reg["k" .. i] = nil, nil
end
collectgarbage()
collectgarbage()
print(fin >= 225)
