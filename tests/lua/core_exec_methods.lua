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
local P = setmetatable({}, {__index = function(t, k) return function(self, x) return k .. x end end})
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
