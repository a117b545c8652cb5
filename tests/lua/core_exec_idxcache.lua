-- Differential checks of the index cache (issue 16, vm/exec_ops.c vm_finishget): lookups of a
-- field or method missing from a value and answered through its metatable's __index chain
-- are remembered per (metatable, key); every check fills the cache in a loop, then breaks one
-- of its guards (a key added or removed anywhere on the chain, a rehash, a new __index or
-- metatable, weak tables, collections) and looks again. Each "--## name" starts a check.
--## idx_shadow_in_instance
-- The instance gets the key after the cache learnt it from the class.
local C = {}; C.__index = C
function C.m() return "class" end
local o = setmetatable({}, C)
for _ = 1, 3 do io.write(o.m(), " ") end
o.m = function() return "own" end
for _ = 1, 3 do io.write(o.m(), " ") end
o.m = nil
print(o.m())
--## idx_shadow_in_middle_class
-- Three levels A <- B <- C: the method found in A is then defined in B, then in C.
local A = {}; A.__index = A
local B = setmetatable({}, A); B.__index = B
local C = setmetatable({}, B); C.__index = C
function A:who() return "A" end
local o = setmetatable({}, C)
local out = {}
for i = 1, 9 do
  out[#out + 1] = o:who()
  if i == 3 then function B:who() return "B" end end
  if i == 6 then function C:who() return "C" end end
end
print(table.concat(out, " "))
C.who = nil
print(o:who())
B.who = nil
print(o:who())
--## idx_key_removed
-- The key disappears from the class that held it, then from every class.
local A = {x = 1}; A.__index = A
local B = setmetatable({x = 2}, A); B.__index = B
local o = setmetatable({}, B)
for _ = 1, 3 do io.write(o.x, " ") end
B.x = nil
for _ = 1, 3 do io.write(o.x, " ") end
A.x = nil
for _ = 1, 3 do io.write(tostring(o.x), " ") end
B.x = 5  -- a removed key revived (its node is still there)
for _ = 1, 3 do io.write(o.x, " ") end
print()
--## idx_value_changed_in_place
-- A method replaced by another value in the class that holds it (no key added or removed).
local C = {}; C.__index = C
function C.f() return 1 end
local o = setmetatable({}, C)
local s = 0
for i = 1, 10 do
  s = s + o.f()
  if i == 5 then C.f = function() return 100 end end
end
print(s)
C.f = false
print(o.f)
--## idx_absent_then_added
-- A field found nowhere (nil, cached) is then added to a class of the chain.
local A = {}; A.__index = A
local B = setmetatable({}, A); B.__index = B
local o = setmetatable({}, B)
for _ = 1, 3 do io.write(tostring(o.v), " ") end
A.v = "a"
for _ = 1, 3 do io.write(tostring(o.v), " ") end
B.v = "b"
for _ = 1, 3 do io.write(tostring(o.v), " ") end
rawset(o, "v", "own")
print(o.v)
--## idx_metatable_replaced
-- The instance's metatable replaced, a middle class's metatable replaced and removed.
local A = {}; A.__index = A; function A.m() return "A" end
local D = {}; D.__index = D; function D.m() return "D" end
local B = setmetatable({}, A); B.__index = B
local o = setmetatable({}, B)
for _ = 1, 2 do io.write(o.m(), " ") end
setmetatable(B, D)
for _ = 1, 2 do io.write(o.m(), " ") end
setmetatable(B, nil)
for _ = 1, 2 do io.write(tostring(o.m), " ") end
setmetatable(o, A)
for _ = 1, 2 do io.write(o.m(), " ") end
setmetatable(o, nil)
print(o.m)
--## idx_index_replaced
-- __index becomes another table, a function, a string, nil, and a table again.
local A = {k = "A"}
local B = {k = "B"}
local mt = {__index = A}
local o = setmetatable({}, mt)
local out = {}
for i = 1, 12 do
  out[#out + 1] = tostring(o.k)
  if i == 2 then mt.__index = B end
  if i == 4 then mt.__index = function(_, key) return "fn " .. key end end
  if i == 6 then mt.__index = nil end
  if i == 8 then rawset(mt, "__index", A) end
  if i == 10 then mt.__index = "str" end
end
print(table.concat(out, " "))
print(pcall(function() return type(o.len), o.len == string.len end))
--## idx_class_rehash
-- The class holding the method grows (string and integer keys): its nodes move.
local C = {}; C.__index = C
function C.get() return "m" end
local o = setmetatable({}, C)
local out = {}
for i = 1, 300 do
  out[#out + 1] = o.get()
  C["k" .. i] = i
  C[i] = i
  if i % 50 == 0 then C.get = function() return "m" .. i end end
end
print(#out, out[1], out[100], out[151], out[300], o.k77, o[77])
for i = 1, 300 do C["k" .. i] = nil end
print(o.get(), o.k77)
--## idx_instance_rehash
-- The instance grows while the cache answers from the class.
local C = {}; C.__index = C
function C.m(self) return self.n end
local o = setmetatable({n = 0}, C)
local s = 0
for i = 1, 200 do
  o["f" .. i] = i
  o.n = i
  s = s + o:m()
end
print(s, o.f200, o.m ~= nil)
--## idx_rawset_rawget
-- rawset into the chain, and rawget on the instance, after the cache learnt the chain.
local A = {}; A.__index = A; A.x = "A"
local B = setmetatable({}, A); B.__index = B
local o = setmetatable({}, B)
for _ = 1, 3 do io.write(o.x, " ") end
rawset(B, "x", "B")
for _ = 1, 3 do io.write(o.x, " ") end
rawset(B, "x", nil)
for _ = 1, 3 do io.write(o.x, " ") end
print(rawget(o, "x"), rawget(B, "x"), rawget(A, "x"))
--## idx_weak_tables
-- Weak tables in the chain are never cached: their entries go with collections.
local mt = {__mode = "v"}
local proto = setmetatable({}, mt)
proto.keep = "str"
proto.gone = {}
local o = setmetatable({}, {__index = proto})
print(type(o.keep), type(o.gone))
for _ = 1, 3 do local _ = o.gone end
collectgarbage(); collectgarbage()
print(type(o.keep), type(o.gone))
local wk = setmetatable({}, {__mode = "k", __index = {z = 1}})
local o2 = setmetatable({}, {__index = wk})
for _ = 1, 3 do io.write(o2.z, " ") end
getmetatable(wk).__index = {z = 2}
print(o2.z)
--## idx_becomes_weak
-- A class on a cached chain turned into a weak table (its storage is rebuilt).
local C = {}; C.__index = C
C.m = function() return "m" end
local o = setmetatable({}, C)
for _ = 1, 3 do io.write(o.m(), " ") end
local D = setmetatable(C, {__mode = "k"})
for _ = 1, 3 do io.write(o.m(), " ") end
print(D == C)
--## idx_pairs_during_changes
-- Traversing a class while clearing its fields and looking them up through an instance.
local C = {}; C.__index = C
for i = 1, 20 do C["f" .. i] = i end
local o = setmetatable({}, C)
local seen, sum = 0, 0
for k in pairs(C) do
  if k ~= "__index" then
    sum = sum + o[k]
    C[k] = nil
    assert(o[k] == nil)
    seen = seen + 1
  end
end
print(seen, sum, next(C) == "__index", next(C, "__index"))
--## idx_string_methods
-- Methods of strings go through the string metatable's __index (a table).
local s = "abc"
for _ = 1, 3 do io.write(s:upper(), " ") end
function string.twice(x) return x .. x end
for _ = 1, 3 do io.write(s:twice(), " ") end
local smt = getmetatable("")
local old = smt.__index
smt.__index = {upper = function() return "replaced" end}
io.write(s:upper(), " ", tostring(s.twice), " ")
smt.__index = function(_, k) return k end
io.write(s.anything, " ")
smt.__index = old
string.twice = nil
print(s:upper(), s.twice)
--## idx_basic_type_metatables
-- debug.setmetatable on numbers and booleans: the cache is keyed by the metatable.
local nmt = {__index = {half = "h1"}}
debug.setmetatable(0, nmt)
local n = 10
for _ = 1, 3 do io.write(n.half, " ") end
nmt.__index.half = "h2"
io.write(n.half, " ")
debug.setmetatable(0, {__index = {half = "h3"}})
io.write(n.half, " ")
debug.setmetatable(true, {__index = nmt.__index})
io.write(tostring(true).half == nil and "nil" or "?", " ", (true).half, " ")
debug.setmetatable(0, nil)
debug.setmetatable(true, nil)
print(pcall(function() return n.half end))
--## idx_many_classes_and_collections
-- Classes made and dropped in bulk (metatables, keys and holders freed and reused by the
-- collector) and many (metatable, key) pairs sharing cache entries.
local total = 0
for round = 1, 40 do
  local classes = {}
  for c = 1, 30 do
    local K = {}; K.__index = K
    K["m" .. (c % 7)] = function() return round * 1000 + c end
    classes[c] = setmetatable({}, K)
  end
  for c = 1, 30 do
    local o = classes[c]
    total = total + o["m" .. (c % 7)]()
    if o["m" .. ((c + 1) % 7)] ~= nil then total = total + 1 end
  end
  if round % 10 == 0 then collectgarbage() end
end
print(total)
--## idx_chain_too_long
-- A loop of __index tables: the error is raised every time (never cached).
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
for _ = 1, 2 do print(pcall(function() return a.x end)) end
--## idx_index_function_in_chain
-- A function in the middle of the chain is called every time (never cached).
local calls = 0
local A = setmetatable({}, {__index = function(_, k) calls = calls + 1; return k .. calls end})
local B = setmetatable({}, {__index = A})
local o = setmetatable({}, {__index = B})
for _ = 1, 3 do io.write(o.q, " ") end
print(calls)
--## idx_class_written_often
-- A class field written on every call (a counter) while methods are looked up through it.
local C = {count = 0}; C.__index = C
function C.new() C.count = C.count + 1; return setmetatable({}, C) end
function C:get() return self.count end
local s = 0
for _ = 1, 100 do s = s + C.new():get() end
print(s, C.count)
--## idx_coroutines_share_cache
-- Coroutines of one state share the cache: a change made in one is seen in the other.
local C = {}; C.__index = C
function C.v() return 1 end
local o = setmetatable({}, C)
local co = coroutine.wrap(function()
  while true do coroutine.yield(o.v()) end
end)
io.write(co(), " ", co(), " ")
C.v = function() return 2 end
io.write(co(), " ")
function C.v() return 3 end
print(co(), o.v())
--## idx_api_getfield
-- Lookups through the C API (lua_getfield in the stdlib) take the same cache.
local C = {}; C.__index = C
C.__name = "Thing"
local o = setmetatable({}, C)
for _ = 1, 3 do io.write(o.__name, " ") end
C.__tostring = function() return "thing!" end
io.write(tostring(o), " ")
C.__name = nil
print(o.__name)
--## idx_collected_and_reused
-- A metatable and the table holding the key are collected and their memory reused by the
-- next iteration's (holders of varying sizes, so the old slot is not the new one): an entry
-- from before a collection must never answer.
local bad = 0
for i = 1, 300 do
  local H = (i % 3 == 0) and {k = i} or (i % 3 == 1) and {a = 1, b = 2, c = 3, k = i}
    or {a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, k = i}
  local M = {__index = H}
  local o = setmetatable({}, M)
  if o.k ~= i then bad = bad + 1 end
  H, M, o = nil, nil, nil
  collectgarbage()
end
print("bad", bad)
