-- Differential checks for the table library (stdlib engineer).
--## tab_insert
local t = {1, 2, 3}
table.insert(t, 4) table.insert(t, 1, 0) table.insert(t, 3, 1.5)
print(table.concat(t, ","), #t)
table.insert(t, #t + 1, "end")
print(t[#t])
--## tab_insert_errors
print(pcall(table.insert, {1, 2}, 5, "x"))
print(pcall(table.insert, {1, 2}, 0, "x"))
print(pcall(table.insert, {}, 1, 2, 3))
print(pcall(table.insert, {}))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, {}, "x", 1))
--## tab_remove
local t = {1, 2, 3, 4}
print(table.remove(t), table.concat(t, ","), table.remove(t, 1), table.concat(t, ","))
print(table.remove({}), table.remove({}, 0), table.remove({1}, 2), #t)
local e = {}
print(table.remove(e, #e), pcall(table.remove, {1, 2}, 5))
print(pcall(table.remove, {1, 2}, -1))
--## tab_remove_zero
local t = {[0] = "zero"}
print(table.remove(t, 0), t[0])
--## tab_concat
print(table.concat({1, 2, 3}), table.concat({1, 2, 3}, ", "), table.concat({}, "x"), table.concat({"a", "b", "c"}, "", 2), table.concat({"a", "b", "c"}, "-", 2, 3))
print(table.concat({1, 2.5, "x"}, " "), table.concat({"a"}, ",", 1, 0), table.concat({"a", "b"}, ",", 3, 2))
--## tab_concat_errors
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, 2}, ",", 1, 3))
print(pcall(table.concat, {true}))
print(pcall(table.concat, 1))
--## tab_pack_unpack
local p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4], #{table.unpack({1, 2, 3})})
print(table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 5), table.unpack({1, 2, 3}, 3, 1))
print(table.unpack({}, 1, 3), select("#", table.unpack({}, 1, 0)), table.pack().n)
print(table.unpack({[-1] = "m", [0] = "z"}, -1, 0))
--## tab_unpack_errors
print(pcall(table.unpack, {}, 1, 1e8))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(pcall(table.unpack, nil))
print(pcall(table.unpack, {}, 1, math.maxinteger))
--## tab_move
local t = {1, 2, 3, 4, 5}
table.move(t, 2, 4, 1) print(table.concat(t, ","))
t = {1, 2, 3, 4, 5}
table.move(t, 1, 3, 3) print(table.concat(t, ","))
local t2 = table.move({1, 2, 3}, 1, 3, 2, {})
print(t2[1], t2[2], t2[4], table.move({}, 1, 0, 1) ~= nil)
--## tab_move_errors
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print(pcall(table.move, {}, -1, math.maxinteger, 2))
print(select("#", pcall(table.move, {1}, 1, 1, math.maxinteger)))
print(pcall(table.move, {}, 1, 2))
print(pcall(table.move, {}, 1, 2, 3, 4))
--## tab_sort_basic
local t = {5, 2, 8, 1, 9, 3}
table.sort(t) print(table.concat(t, ","))
table.sort(t, function(a, b) return a > b end) print(table.concat(t, ","))
local s = {"banana", "apple", "Cherry", "date"}
table.sort(s) print(table.concat(s, ","))
--## tab_sort_sizes
for _, n in ipairs{0, 1, 2, 3, 4, 10, 100, 1000} do
  local t = {}
  for i = 1, n do t[i] = (i * 7919) % 1009 end
  table.sort(t)
  local ok = true
  for i = 2, n do if t[i - 1] > t[i] then ok = false end end
  io.write(n, ":", tostring(ok), " ")
end
print()
--## tab_sort_stable_result
local t = {}
for i = 1, 200 do t[i] = {k = i % 10, v = i} end
table.sort(t, function(a, b) if a.k ~= b.k then return a.k < b.k end return a.v < b.v end)
print(t[1].k, t[1].v, t[200].k, t[200].v, t[100].k, t[100].v)
--## tab_sort_errors
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {1, 2, 3}, 1))
print(pcall(table.sort, {3, 2, 1}, function(a, b) return true end))
print(pcall(table.sort, {{}, {}}))
--## tab_sort_invalid_order_small
local t = {5, 3, 1, 4, 2, 9, 7, 8, 6, 10}
print(pcall(table.sort, t, function(a, b) return true end))
--## tab_sort_bad_comparator_no_crash
for seed = 1, 20 do
  local t = {}
  for i = 1, 60 do t[i] = (i * seed * 31) % 17 end
  local ok = pcall(table.sort, t, function(a, b) return (a + b) % 3 == 0 end)
  local cnt = 0
  for i = 1, 60 do if t[i] ~= nil then cnt = cnt + 1 end end
  io.write(cnt, " ")
end
print()
--## tab_sort_comparator_error
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("boom") end))
print(select("#", pcall(table.sort, {3, 2, 1}, function(a, b) error({}) end)))
--## tab_metamethods
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k return k * 10 end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k .. "=" .. tostring(v) end,
  __len = function() return 3 end})
table.insert(proxy, "x")
print(table.concat(proxy, ","), table.unpack(proxy))
print(table.concat(log, " "))
--## tab_len_meta
local t = setmetatable({1, 2, 3}, {__len = function() return 2 end})
print(table.concat(t, ","), table.remove(t), select("#", table.unpack(t)))
print(pcall(table.insert, setmetatable({}, {__len = function() return "x" end}), 1))
--## tab_nontable_with_meta
local u = setmetatable({}, {__index = function(_, i) return i end, __len = function() return 4 end})
print(table.concat(u, "."), pcall(table.concat, setmetatable({}, {}), "x") )
--## tab_lib_fields
local names = {}
for k in pairs(table) do names[#names + 1] = k end
table.sort(names) print(table.concat(names, " "))
--## tab_sort_with_nan_ok
local t = {3, 1, 2}
table.sort(t, function(a, b) return a < b end)
print(table.concat(t, " "))
--## tab_insert_float_pos
local t = {1, 2}
table.insert(t, 2.0, "x")
print(table.concat(t, ","), pcall(table.insert, t, 1.5, "y"))
--## tab_pack_many
local p = table.pack(table.unpack({}, 1, 200))
print(p.n, #p)
--## inline_geti_seti_fallbacks
-- The table library reads and writes elements through inline lua_geti/lua_seti whose fast
-- case is a present value in the array part; each table below takes the fallback: holes
-- under __index/__newindex, elements in the hash part, proxies, non-tables.
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k return ({3, 1, 2})[k] end,
  __newindex = function(t, k, v) log[#log + 1] = "set" .. k rawset(t, k, v) end,
  __len = function() return 3 end})
print(table.concat(proxy, ","), table.unpack(proxy))
table.insert(proxy, 9)
print(#log, log[1], log[#log])
local h = {}
h[4], h[3], h[2], h[1] = "d", "c", "b", "a"   -- built backwards: the hash part
table.sort(h, function(a, b) return a > b end)
print(table.concat(h, ""), table.remove(h, 1), table.concat(h, ""))
local holes = setmetatable({1, nil, 3}, {__index = function(_, k) return k * 10 end})
print(table.concat(holes, ",", 1, 3), table.unpack(holes, 1, 3))
local nw = setmetatable({1, 2, 3}, {__newindex = function(t, k, v) rawset(t, k, v * 100) end})
table.insert(nw, 1, 0)
print(table.concat(nw, ","))
table.move({7, 8}, 1, 2, 5, nw)
print(table.concat(nw, ","))
print(pcall(table.sort, {3, 1, "x"}))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.insert, "str", 1))
local t = {5, 4, 3, 2, 1}
table.sort(t)
print(table.concat(t, " "), select("#", table.unpack(t, 2, 4)))
--## calls_from_c_fallbacks
-- Calls from C functions back into Lua enter a Lua closure directly; other callees (C
-- functions, __call tables, non-callables) take the general path.
local t = {3, 1, 2}
table.sort(t, rawequal)
print(#t, tostring(setmetatable({}, {__tostring = setmetatable({}, {__call = function() return "called" end})})))
print(("abc"):gsub("%w", string.upper), ("abc"):gsub("%w", setmetatable({}, {__call = function(_, c) return c .. c end})))
print(pcall(table.sort, {1, 2, 3}, {}))
print(pcall(table.sort, {1, 2, 3}, function(a, b) error("cmp " .. a .. b) end))
print(pcall(string.gsub, "ab", "%w", function(c) return {} end))
print(select("#", pcall(table.sort, {1, 2, 3}, function() return coroutine.yield() end)))
local co = coroutine.wrap(function() table.sort({2, 1}, function(a, b) coroutine.yield(a) return a < b end) end)
print(pcall(co))
local depth = 0
local function deep(a, b) depth = depth + 1 table.sort({2, 1}, deep) return a < b end
local ok, msg = pcall(table.sort, {2, 1}, deep)
print(ok, msg:match("stack overflow") ~= nil, depth > 100)
