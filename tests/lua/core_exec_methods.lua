-- Differential checks of method calls and field lookups (issue 16, vm/exec.c OP_SELF and
-- vm/tab.h vm_tab_getshortstr): the constant short-name fast path of `obj:m()` and its
-- fallbacks (long method names, a name in a register past 255 constants, non-table
-- receivers, missing methods and their messages), and short-string lookups that miss at an
-- empty main position, at one holding another key with or without a chain. Each "--## name"
-- starts a check.
--## self_long_name
-- A method name longer than a short string (40 bytes) takes the generic lookup: found in the
-- instance, through a two-level __index chain, and missing.
local long = "method_with_a_name_longer_than_forty_bytes_" .. "x"
local A = {}; A.__index = A
A[long] = function(self, v) return "A:" .. tostring(v) .. ":" .. tostring(self.tag) end
local B = setmetatable({}, A); B.__index = B
local o = setmetatable({tag = "o"}, B)
for i = 1, 3 do print(o:method_with_a_name_longer_than_forty_bytes_x(i)) end
o[long] = function(self, v) return "own:" .. v end
print(o:method_with_a_name_longer_than_forty_bytes_x(4))
print(pcall(function() return o:another_method_with_a_name_longer_than_forty_bytes() end))
--## self_register_key
-- Past 255 constants the method name is loaded into a register (LOADK, then SELF with a
-- register key): the generic lookup, with the same answers and messages.
local parts = {"local o = ...\nlocal t = {"}
for i = 1, 300 do parts[#parts + 1] = ("'k%d',"):format(i) end
parts[#parts + 1] = "}\nreturn o:get(#t), o:name(), pcall(function() return o:missing() end)"
local f = assert(load(table.concat(parts)))
local C = {}; C.__index = C
function C:get(n) return self.v + n end
local D = setmetatable({}, C); D.__index = D
function D:name() return "D" end
print(f(setmetatable({v = 1}, D)))
print(pcall(f, setmetatable({v = 1}, {__index = function(_, k) return nil end})))
--## self_receivers
-- Receivers that are not tables: strings (their metatable's __index), numbers and nil (the
-- messages name the method or the variable), a userdata-like table with __index function.
local s = "abc"
print(s:upper(), ("x"):rep(3), s:len())
print(pcall(function() local n = 5; return n:foo() end))
print(pcall(function() local z; return z:foo() end))
print(pcall(function() return s:nosuch() end))
local P = setmetatable({}, {__index = function(t, k)
  return function(self, x) return k .. x end
end})
for i = 1, 3 do print(P:dyn(i), P:other(i)) end
--## self_missing_method_messages
-- A method missing from the instance and every class: the call error names it.
local A = {}; A.__index = A
local o = setmetatable({a = 1, b = 2, c = 3}, A)
for _ = 1, 3 do print(pcall(function() return o:nothere() end)) end
A.nothere = function() return "now" end
print(o:nothere())
A.nothere = nil
print(pcall(function() return o:nothere() end))
print(select(2, pcall(function() return o.field:x() end)))
--## field_misses
-- Lookups of absent short-string keys in tables of 1 to 64 fields (every main-position case:
-- empty, another key there with no chain, a chain), and of present ones, with and without a
-- metatable counting the misses.
local names = {}
for i = 1, 64 do names[i] = "f" .. i end
for _, n in ipairs({1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 64}) do
  local t, u = {}, {}
  for i = 1, n do t[names[i]] = i; u[names[i]] = i end
  local misses = 0
  setmetatable(u, {__index = function(_, k) misses = misses + 1; return nil end})
  local present, absent = 0, 0
  for i = 1, 64 do
    local k = names[i]
    if t[k] ~= nil then present = present + t[k] else absent = absent + 1 end
    if u[k] ~= nil then present = present + u[k] end
  end
  -- constant keys (GETFIELD): present f1, absent g1 .. g3
  print(n, present, absent, misses, t.f1, t.g1, t.g2, t.g3, u.f1, u.g1, misses)
end
--## field_miss_global
-- A global missing from _ENV (GETTABUP's miss) and one added later.
print(undefined_global_1, undefined_global_2)
undefined_global_2 = "set"
print(undefined_global_1, undefined_global_2)
print(pcall(function() return undefined_global_3.x end))
--## mm_index_function_results
-- A Lua __index function entered inline by GETFIELD and SELF: its result goes to the
-- instruction's register whatever it returns (nothing, one value, several, a tail call to a
-- Lua or a C function), and the registers around it stay intact.
local function tail(k) return "tail:" .. k end
local P = setmetatable({}, {__index = function(t, k)
  if k == "none" then return end
  if k == "many" then return 1, 2, 3 end
  if k == "ltail" then return tail(k) end
  if k == "ctail" then return string.upper(k) end
  if k == "m" then return function(self, x) return rawequal(self, t) and x * 2 end end
  return k .. "!"
end})
for _ = 1, 2 do
  local a, b, c = 10, P.none, 30
  local d, e, f = P.many, P.ltail, P.ctail
  print(a, b, c, d, e, f, P.plain, P:m(21), select("#", P.none))
end
--## mm_newindex_function
-- A Lua __newindex function entered inline by SETFIELD; the store continues after it.
local log = {}
local P = setmetatable({}, {__newindex = function(t, k, v)
  log[#log + 1] = k .. "=" .. tostring(v)
  rawset(t, k, v)
end})
for i = 1, 3 do P["k" .. i] = i end  -- SETTABLE: not inline
P.a = 1; P.b = nil; P.a = 2; P.c = P.a + 1
local x, y = 5, 6
P.d = x + y
print(table.concat(log, " "), P.a, P.c, P.d, x, y)
--## mm_index_errors
-- Errors raised in and by __index/__newindex functions: messages, positions, tracebacks.
local P = setmetatable({}, {__index = function(t, k) error("no field " .. k) end,
  __newindex = function(t, k, v) error("read-only " .. k, 2) end})
print(pcall(function() return P.x end))
print(pcall(function() P.y = 1 end))
print(pcall(function() return P:m() end))
local Q = setmetatable({}, {__index = function(t, k) local z = nil; return z.field end})
print(pcall(function() return Q.x end))
local R = setmetatable({}, {__index = function(t, k) return debug.traceback("tb", 1) end})
print((R.x:gsub("\n[^\n]*%[C%][^\n]*", "")))
--## mm_index_getinfo
-- debug.getinfo inside an __index / __newindex function names it as lua5.4 does.
local function where()
  local i = debug.getinfo(2, "nSl")
  return tostring(i.name) .. "/" .. tostring(i.namewhat) .. "/" .. i.what .. "/" .. i.currentline
end
local P = setmetatable({}, {__index = function(t, k) return where() end,
  __newindex = function(t, k, v) print("set", where()) end})
print(P.x, P:y == nil)
P.z = 1
--## mm_index_hooks
-- Call, return and line hooks see an inline __index function as lua5.4's call does.
local P = setmetatable({}, {__index = function(t, k)
  return k
end})
local ev = {}
debug.sethook(function(e, line)
  local i = debug.getinfo(2, "nS")
  ev[#ev + 1] = e .. ":" .. tostring(line or i.name)
end, "crl")
local v = P.abc
local w = P.def
debug.sethook()
print(v, w)
print(table.concat(ev, " "))
--## mm_index_count_hook
local P = setmetatable({}, {__index = function(t, k)
  local s = 0
  for i = 1, 10 do s = s + i end
  return s
end})
local n = 0
debug.sethook(function() n = n + 1 end, "", 7)
local s = 0
for i = 1, 50 do s = s + P.x end
debug.sethook()
print(s, n)
--## mm_index_yield
-- An __index / __newindex function that yields, inside a coroutine; the value arrives after
-- the resume, as lua5.4's vm_finishOp would store it.
local P = setmetatable({}, {
  __index = function(t, k) local v = coroutine.yield("get " .. k); return v end,
  __newindex = function(t, k, v) coroutine.yield("set " .. k); rawset(t, k, v) end})
local co = coroutine.wrap(function(a)
  local x = a
  local y = P.foo
  local z = P:meth()
  P.bar = x
  return x, y, z, P.bar
end)
print(co(1))
print(co("foo-value"))
print(co(function(self) return "meth" end))
print(co())
--## mm_index_cstack_overflow
-- An __index function that reads another missing field recursively: "C stack overflow" at
-- lua5.4's depth, and the state works afterwards.
local depth = 0
local P
P = setmetatable({}, {__index = function(t, k) depth = depth + 1; return P[k] end})
local ok, err = pcall(function() return P.x end)
print(ok, err, depth)
depth = 0
P = setmetatable({}, {__index = function(t, k) depth = depth + 1; return P.x end})
ok, err = pcall(function() return P.x end)
print(ok, err, depth)
depth = 0
local Q = setmetatable({}, {__index = function(t, k)
  depth = depth + 1
  if depth < 150 then return t.y end
  return depth
end})
print(Q.x, depth)
--## mm_index_stack_growth
-- An __index function whose frame needs a larger stack, deep inside a Lua recursion.
local P = setmetatable({}, {__index = function(t, k)
  local a = {}
  for i = 1, 100 do a[i] = i end
  return select("#", table.unpack(a)) + #k
end})
local function rec(n) if n == 0 then return P.abcd end return rec(n - 1) + 0 end
print(rec(10), rec(150), rec(1000))
--## mm_index_c_function
-- C functions as __index / __newindex (not entered inline) and a callable table.
local P = setmetatable({}, {__index = rawget, __newindex = rawset})
P.x = 5
print(P.x, P.y)
local C = setmetatable({}, {__call = function(_, t, k) return "called " .. k end})
local Q = setmetatable({}, {__index = C})
print(pcall(function() return Q.z end))
--## mm_env_functions
-- _ENV with Lua __index / __newindex functions (a strict mode): GETTABUP and SETTABUP enter
-- them inline; the messages of a missing global.
local declared = {}
setmetatable(_ENV, {
  __index = function(t, k)
    if declared[k] then return nil end
    error("undeclared global '" .. tostring(k) .. "'", 2)
  end,
  __newindex = function(t, k, v) declared[k] = true; rawset(t, k, v) end})
g1 = 1
print(g1, pcall(function() return g2 end))
declared.g3 = true
print(g3, rawget(_ENV, "g1"))
for i = 1, 3 do g4 = (g4 or 0) + i end
print(g4)
local ok, e = pcall(function() undefined_fn() end)
print(ok, e)
--## mm_index_generic_keys
-- vm_finishget's order: the index cache first, then a function __index (short-string keys),
-- and the walk for other keys (integers, long strings) and for non-table values.
local calls = 0
local F = setmetatable({}, {__index = function(t, k) calls = calls + 1; return type(k) end})
local C = {}; C.__index = C; C.m = "method"
local T = setmetatable({}, C)
local long = ("k"):rep(50)
for _, k in ipairs({"m", "x", 1, long, 2.5, "m"}) do
  print(F[k], T[k], calls)
end
C.__index = function(t, k) return "fn:" .. tostring(k) end
print(T.m, T[1], T[long] == "fn:" .. long, T.zz)
print(("abc").len == string.len, pcall(function() return (1).x end))
--## self_on_strings
-- s:method() looks the method up through the strings' metatable (the index cache answers
-- inline): methods added, removed or replaced later are seen, and misses raise as in lua5.4
local s = "hello"
local function run() return s:upper(), s:len(), ("x"):rep(3) end
print(run())
print(pcall(function() return s:nosuch() end))
string.nosuch = function(self) return "now " .. self end
print(s:nosuch(), run())
string.nosuch = nil
print(pcall(function() return s:nosuch() end))
local mt = getmetatable("")
local old = mt.__index
mt.__index = function(str, k) return function(self) return k .. ":" .. self end end
print(s:upper(), s:whatever())
mt.__index = {upper = function() return "mine" end}
print(s:upper(), pcall(function() return s:len() end))
mt.__index = old
print(s:upper())
debug.setmetatable("", nil)
print(pcall(function() return s:upper() end))
debug.setmetatable("", mt)
print(s:upper(), (s:find("l")))
local n = 0
for i = 1, 100 do n = n + s:byte(i % 5 + 1) + #s:sub(2, 3) end
print(n)
