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
print(pcall(next, {1, 2, 3}, 1.0))         -- a float key is not converted: lua5.4 raises
print(pcall(next, {x = 1, [5] = 2}, 5.0), pcall(next, {[1.5] = 1}, 1.5))
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
--## ff_lib_identity
-- the library functions are the same values wherever they are reached
print(string.byte == ("").byte, ("x").sub == string.sub, math.floor == require("math").floor)
for _, f in ipairs({type, rawget, rawlen, tonumber, math.floor, math.ceil, math.abs, math.sqrt,
                    math.min, math.max, string.len, string.byte, string.sub, string.char}) do
  local i = debug.getinfo(f, "Su")
  io.write(i.what, i.short_src, i.nups, " ")
end
print()
--## ff_type_rawget_rawlen
print(type(nil), type(1), type(1.5), type("s"), type({}), type(print), type(type),
      type(coroutine.create(print)), type(io.stdout), type(true))
print(pcall(type))
local t = setmetatable({10, 20, x = 1}, {__index = function() return "meta" end, __len = function() return 99 end})
print(rawget(t, 1), rawget(t, "x"), rawget(t, "y"), rawget(t, 3), t.y, rawget(t, 0 / 0), rawget(t, 1.0))
print(pcall(rawget, t))
print(pcall(rawget, "str", 1))
print(pcall(rawget))
print(rawlen(t), #t, rawlen("abc"), rawlen(""), rawlen({1, 2, nil, 4}))
print(pcall(rawlen, 5))
print(pcall(rawlen))
print(select("#", rawget(t, 1, "extra")), select("#", type(1, 2)))
--## ff_tonumber
print(tonumber(12), tonumber(1.5), tonumber("12"), tonumber(" 0x10 "), tonumber("1e2"),
      tonumber("12a"), tonumber(""), tonumber("1\0"), tonumber({}), tonumber(nil))
print(math.type(tonumber("12")), math.type(tonumber("12.0")), tonumber("9223372036854775808"))
print(tonumber("10", 2), tonumber("ff", 16), tonumber(12, nil), pcall(tonumber, "10", 99))
print(pcall(tonumber))
print(pcall(tonumber, 10, 16))
--## ff_tostring
print(tostring(12), tostring(-0.0), tostring(1e100), tostring(2^63), tostring(1/0), tostring(-1/0),
      tostring(0/0) == tostring(0/0), tostring(math.mininteger), tostring(3.0), tostring(0.1))
print(tostring("abc"), tostring(""), tostring(true), tostring(nil), tostring(print) == tostring(print))
print(pcall(tostring))
print(select("#", tostring(1, 2)), math.type(#tostring(12)))
local smt = getmetatable("")
smt.__tostring = function(s) return "<" .. s .. ">" end
print(tostring("abc"))
smt.__tostring = function() return 1 end
print(pcall(tostring, "abc"))
smt.__tostring = nil
print(tostring("abc"))
debug.setmetatable(0, {__tostring = function(n) return "num" .. n end})
print(tostring(5), tostring(2.5))
debug.setmetatable(0, {__name = "Number"})
print(tostring(5))
debug.setmetatable(0, nil)
print(tostring(5))
--## ff_math
local mi, ma = math.mininteger, math.maxinteger
print(math.floor(3), math.floor(3.7), math.floor(-3.5), math.floor(-0.0), math.floor(1e300),
      math.floor(0 / 0) ~= math.floor(0 / 0), math.floor(2^62), math.floor(-2^63), math.floor(2^63))
print(math.ceil(3), math.ceil(3.2), math.ceil(-3.5), math.ceil(1e300), math.ceil(-0.5))
print(math.floor("3.5"), math.ceil("2"), pcall(math.floor, "x"))
print(pcall(math.floor))
print(pcall(math.ceil, {}))
print(math.abs(-3), math.abs(3), math.abs(-3.5), math.abs(mi), math.abs(-0.0), math.abs("-2"))
print(pcall(math.abs, nil))
print(math.sqrt(16), math.sqrt(2), math.sqrt(-1) ~= math.sqrt(-1), math.sqrt("4"), math.sqrt(ma))
print(pcall(math.sqrt))
print(math.min(3, 1, 2), math.max(3, 1, 2), math.min(1, 1.0), math.min(1.0, 1), math.max(2, 2.0))
print(math.min(5), math.max(-1.5), math.min(mi, ma), math.max(mi, ma, 0.5), math.min(1, 0 / 0),
      math.max(0 / 0, 1) ~= math.max(0 / 0, 1), math.min(2^53, 2^53 + 1), math.max(ma, 2^63))
print(math.type(math.min(1, 2.0)), math.type(math.max(1, 2.0)), math.type(math.min(1.0, 1)))
print(pcall(math.min))
print(pcall(math.max, 1, "x"))
print(pcall(math.min, "10", "9"))
print(pcall(math.max, 1, nil))
--## ff_string_len_byte
local s = "hello"
print(s:len(), string.len(""), #s, pcall(string.len, 12), pcall(string.len))
print(s:byte(), s:byte(2), s:byte(-1), s:byte(10), s:byte(0), s:byte(2, 4), s:byte(-3, -1))
print(s:byte(1, -1))
print(s:byte(3, 2), s:byte(nil, 2), s:byte(2, nil), select("#", s:byte(6)), select("#", s:byte(1, 0)))
print(s:byte(-100, 100))
print(string.byte(123, 2), s:byte(2.0), s:byte("2"), pcall(string.byte, s, 1.5))
print(pcall(string.byte, s, {}))
print(pcall(string.byte))
local long = string.rep("ab", 100)
print(select("#", long:byte(1, -1)), long:byte(200), select("#", long:byte(1, 20)), select("#", long:byte(1, 21)))
print(("\255\0\128"):byte(1, 3))
local a, b = s:byte(1, 5)
print(a, b)
--## ff_string_sub
local s = "hello world"
print(s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-5, -3), s:sub(0), s:sub(5, 4), s:sub(100), s:sub(-100, 2))
print(s:sub(1, -1) == s, s:sub(1, 100), s:sub(2, nil), s:sub(3, 0), ("").sub("", 1, 1) == "")
print(s:sub(2.0, 3), s:sub("2", "3"), string.sub(12345, 2, 3), pcall(string.sub, s, 1.5))
print(pcall(string.sub, s))
print(pcall(string.sub, s, 1, {}))
print(pcall(string.sub))
print(s:sub(math.mininteger, math.maxinteger), s:sub(math.maxinteger), s:sub(2, math.mininteger))
local long = string.rep("xyz", 30)
print(long:sub(2, 80) == string.rep("yzx", 27):sub(1, 79), #long:sub(1, -1), long:sub(-3))
--## ff_string_char
print(string.char(), string.char(72, 105), string.char(0, 255):byte(1, 2))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, 65, "66", 67.0))
print(pcall(string.char, 65, 1.5))
print(pcall(string.char, {}))
local t = {}
for i = 1, 70 do t[i] = 65 + i % 26 end
print(string.char(table.unpack(t)), #string.char(table.unpack(t, 1, 63)))
--## ff_string_metatable_changes
-- a method added to or replaced in the string table is called as itself
local mt = getmetatable("")
local oldsub = string.sub
string.sub = function(s, i, j) return "replaced" end
print(("abc"):sub(1, 2), string.sub("abc", 1))
string.sub = oldsub
print(("abc"):sub(1, 2))
mt.__index = {byte = function() return "mine" end}
print(("abc"):byte(1))
mt.__index = string
print(("abc"):byte(1))
--## ff_lib_errors_have_positions_and_names
-- errors raised by the fallback name the function as lua5.4 does, with the caller's line
local function try(f, ...) local ok, e = pcall(f, ...) print(e) end
try(function() return ("x"):rep(1):byte({}) end)
try(function() local byte = string.byte; return byte({}) end)
try(function() return math.floor({}) end)
try(function() local t = {floor = math.floor}; return t.floor("a") end)
try(function() return string.sub() end)
try(function() return type() end)
print(select(2, pcall(error)))
local ok, tb = xpcall(function() return math.max() end, debug.traceback)
print((tb:gsub("\n%s*%[C%]: in %?", "")))
--## ff_setmetatable_fast_and_fallback
-- setmetatable runs inline unless a finalizer, a weak mode or a protected metatable is
-- involved; called directly, through a local, as a tail call and with results adjusted
local setmt, getmt = setmetatable, getmetatable
local C = {__index = {hello = function() return "hi" end}}
local t = {}
print(setmetatable(t, C) == t, t.hello(), getmt(t) == C)
print(setmt(t, nil) == t, getmt(t), t.hello)
local function mk() return setmetatable({}, C) end
print(mk().hello(), select("#", mk()), select("#", setmt({}, C)))
local a, b = setmt({}, C)
print(a.hello(), b)
print(pcall(function() return setmetatable(t, 5) end))
print(pcall(function() return setmetatable(5, {}) end))
print(pcall(function() return setmetatable(t) end))
print(pcall(function() return setmetatable() end))
local p = setmetatable({}, {__metatable = "locked"})
print(pcall(function() return setmetatable(p, {}) end))
print(pcall(function() return setmetatable(p, nil) end), getmt(p))
local q = setmetatable({}, {__metatable = false})
print(pcall(function() setmetatable(q, C) end))
-- a metatable with __gc registers a finalizer; __mode switches the table to weak
local n = 0
do local x = setmetatable({}, {__gc = function() n = n + 1 end}) end
collectgarbage(); collectgarbage()
print("finalized", n)
local w = setmetatable({}, {__mode = "k"})
w[{}] = 1
collectgarbage(); collectgarbage()
print("weak", next(w))
setmetatable(w, C)  -- back to strong: the C function switches the mode
w[{}] = 2
collectgarbage(); collectgarbage()
print("strong", select(2, next(w)))
-- a metatable changed after the fact: __index added later is seen
local M = {}
local o = setmetatable({}, M)
M.__index = function(_, k) return k .. "!" end
print(o.abc)
--## ff_insert_fast_and_fallback
local insert = table.insert
local u = {}
insert(u, 1); insert(u, 2); table.insert(u, 1, 0); insert(u, 4, 9); insert(u, 3, "m")
print(table.concat(u, ","), #u)
print(pcall(function() insert(u, 9, 1) end))
print(pcall(function() insert(u, 0, 1) end))
print(pcall(function() insert(u, -1, 1) end))
print(pcall(function() insert(u, 1, 2, 3) end))
print(pcall(function() insert(u) end))
print(pcall(function() insert(5, 1) end))
print(pcall(function() insert(u, "2", 1) end))
print(pcall(function() insert(u, 2.5, 1) end))
insert(u, 2.0, 7); insert(u, #u + 1, "end")
print(table.concat(u, ","), #u)
insert(u, nil); print(#u)
local h = {}
for i = 1, 40 do insert(h, 1, i) end
print(h[1], h[20], h[40], #h)
for i = 1, 40 do insert(h, i) end
print(h[41], h[80], #h)
local e = {}
insert(e, nil); print(#e, next(e))
insert(e, 1, "x"); print(#e, e[1])
local sp = {n = 1}
insert(sp, "a"); insert(sp, 1, "b"); print(sp[1], sp[2], sp.n, #sp)
-- metatables: __newindex, __index and __len are called as lua5.4 calls them
local log = {}
local prox = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end})
insert(prox, "x"); insert(prox, "y"); insert(prox, 1, "z")
print(table.concat(log, ","), prox[1], prox[2], prox[3])
local len3 = setmetatable({}, {__len = function() return 3 end})
insert(len3, "v"); print(rawget(len3, 4))
local plain = setmetatable({}, {__tostring = function() return "P" end})
insert(plain, 1); insert(plain, 1, 0); print(plain[1], plain[2], #plain)
local ro = setmetatable({}, {__newindex = function() error("read-only") end})
print(pcall(function() insert(ro, 1) end))
local wk = setmetatable({}, {__mode = "v"})
local keep = {}
insert(wk, keep); insert(wk, 1, {}); collectgarbage(); collectgarbage()
print(wk[2] == keep or wk[1] == keep)
--## ff_unpack_fast_and_fallback
local unpack = table.unpack
print(unpack({1, 2, 3}))
print(unpack({1, 2, 3}, 2))
print(unpack({1, 2, 3}, 2, 5))
print(unpack({1, 2, 3}, -1, 1))
print(unpack({1, 2, 3}, 3, 2), select("#", unpack({}, 1, 0)))
print(select("#", unpack({}, 1, 19)), select("#", unpack({}, 1, 20)), select("#", unpack({}, 1, 21)))
local a, b = unpack({1, 2, 3}); print(a, b)
local c = unpack({}); print(c)
print(unpack({1, 2}, nil, nil), unpack({1, 2}, 1, nil))
print(unpack({[0] = "z", "a"}, 0))
print(unpack({n = 1, [1.0] = "f"}))
print(unpack({1, 2}, 2.0), pcall(function() return unpack({1, 2}, 1.5) end))
print(pcall(function() return unpack({}, "x") end))
print(pcall(function() return unpack({}, 1, 1e8) end))
print(pcall(function() return unpack({}, math.mininteger, math.maxinteger) end))
print(pcall(function() return unpack() end))
print(unpack(setmetatable({}, {__index = function(_, k) return k * 10 end}), 1, 3))
print(unpack(setmetatable({1, 2}, {__len = function() return 3 end})))
print(pcall(unpack, "abc", 1, 2))
local function f(...) return select("#", ...) end
print(f(unpack({1, nil, 3})), f(unpack({1, nil, 3}, 1, 3)))
local big = {}
for i = 1, 100 do big[i] = i end
print(select("#", unpack(big)), (select(100, unpack(big))))
local function tail(t) return unpack(t, 2) end
print(tail({4, 5, 6}))
local h = {}
for i = 1, 30 do h["k" .. i] = i end
h[1], h[2] = "one", "two"
print(unpack(h, 1, 3))
--## ff_remove_assert_getmetatable_find
local remove, find = table.remove, string.find
local t = {1, 2, 3, 4, 5}
print(remove(t), #t, remove(t, 1), #t, t[1], t[3], t[4])
print(pcall(function() return remove(t, 7) end))
print(remove(t, #t + 1), #t)
local e = {}
print(remove(e), remove(e, 0), #e)
print(remove({[0] = "z"}), remove({[0] = "z"}, 0))
print(assert(1, 2, 3), select("#", assert(true)), (assert("x", "m")))
print(pcall(function() return assert(false) end))
print(pcall(function() return assert(nil, "msg") end))
print(pcall(function() return assert(false, {}) end) == false)
print(pcall(function() return assert() end))
print(getmetatable({}), getmetatable("x").__index == string, getmetatable(setmetatable({}, {__metatable = "L"})))
print(pcall(function() return getmetatable() end), getmetatable(nil), getmetatable(1))
print(find("hello world", "wor"), find("hello world", "wor", 1, true), find("hello", "l"), find("hello", "xyz"))
print(find("hello", "", 10), find("hello", "", 6), find("hello", "", 3), find("hello", "l", -2), find("hello", "l", -100))
print(find("a.b", ".", 1, true), find("a.b", "."), find("a+b", "+", 1, true), find("a%b", "%", 1, 1))
print(find("abc", "c", 2.0), pcall(function() return find("abc", "c", 1.5) end))
print(find(123, 2), find("x\0y", "\0y"), find("aaa", "aa", 2), find("aaa", "aaaa"))
print(pcall(function() return find("abc") end))
print(pcall(function() return find(nil, "a") end))
print(find(string.rep("ab", 100) .. "c", "c"), find(string.rep("ab", 100), "bab", 150))
print(("hello"):find("ll"), ("hello"):find("l", 1, false))
local fs = {}
for i = 1, 30 do fs[i] = i end
for i = 1, 10 do remove(fs, 1) end
print(fs[1], fs[20], fs[21], #fs)
local pm = setmetatable({1, 2, 3}, {__index = function(_, k) return "i" .. k end})
print(remove(pm, 1), pm[1], pm[3], rawget(pm, 3))
local lm = setmetatable({1, 2, 3}, {__len = function() return 2 end})
print(remove(lm), rawget(lm, 2), rawget(lm, 3))
local hs = {}
for i = 1, 5 do hs[i] = i end
hs[7] = 7; hs.x = 1
print(remove(hs, 2), hs[2], hs[5])
local big = {}
for i = 1, 20 do big[i] = i end
big[25] = 25
print(remove(big), #big)
local ud = io.stdout
print(getmetatable(ud) ~= nil, getmetatable(print), getmetatable(nil))
print(select("#", getmetatable({})), select("#", assert(1, nil, nil)))
local function ta(...) return assert(...) end
print(ta(1, 2), pcall(ta, false, "tail"))
print(find(("x"):rep(200) .. "needle", "needle"), find(("x"):rep(200), "needle", -10))
--## ff_new_identity
-- the builtins made fast functions this session look like lua5.4's light C functions
for _, f in ipairs({setmetatable, getmetatable, assert, table.insert, table.unpack,
                    table.remove, string.find}) do
  local i = debug.getinfo(f)
  print(i.what, i.source, i.short_src, i.currentline, i.linedefined, i.nups, i.nparams, i.isvararg)
  print(select("#", debug.getupvalue(f, 1)), pcall(string.dump, f), type(f))
end
print(table.insert == table.insert, ("x").find == string.find, string.find ~= table.remove)
