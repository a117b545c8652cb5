-- The interpreter's fast paths (issue 16) against lua5.4: inline Lua calls near the stack's
-- end, integer equality inline, float-first arithmetic, short-string lookups whose key sits
-- down a collision chain, and the first sizing of a fresh table.
--## call_inline_stack
-- Frames of 200 registers: the inline call path must fall back to growing the stack.
local function big(n)
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local t = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10}
  if n == 0 then return #t end
  return big(n - 1) + 1, nil
end
print(big(5000))
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
print(deep(100000))
local ok, msg = pcall(function() local function inf(n) return 1 + inf(n + 1) end return inf(1) end)
print(ok, (string.gsub(msg, "^.-:%d+: ", "")))
local function nresults(...) return ... end
print(nresults(), nresults(1), nresults(1, 2, 3))
local function fill(a, b, c) return a, b, c end
print(fill(1))
print(select("#", fill()))
--## eq_inline
local vals = {1, 2, 1.0, 2.5, -0.0, 0, math.maxinteger, math.mininteger, 2^53, "1", true, false}
local out = {}
for i = 1, #vals do
  for j = 1, #vals do
    local a, b = vals[i], vals[j]
    out[#out + 1] = (a == b) and "1" or "0"
    out[#out + 1] = (a ~= b) and "1" or "0"
  end
end
print(table.concat(out))
local nan = 0/0
print(nan == nan, nan ~= nan, 0 == -0, math.maxinteger == math.maxinteger + 0.0)
local mt = {__eq = function(x, y) return x.v == y.v end}
local p, q = setmetatable({v = 1}, mt), setmetatable({v = 1}, mt)
print(p == q, p ~= q, p == 1)
--## arith_float_first
local xs = {3, -7, 2.5, -0.5, 0.0, -0.0, 1e308, math.huge, -math.huge, math.maxinteger, math.mininteger}
local res = {}
for i = 1, #xs do
  for j = 1, #xs do
    local a, b = xs[i], xs[j]
    res[#res + 1] = string.format("%s %s %s %s", a + b, a - b, a * b, a / b)
    if b ~= 0 then res[#res + 1] = string.format("%s %s", a % b, a // b) end
  end
end
print(#res, res[1], res[7], res[50], res[100], res[#res])
print(2.5 % 0, 2.5 // 0, -2.5 // 0.0, 5.0 % -3, -5.0 % 3, 5 % -3.0)
print(math.maxinteger + 1 == math.mininteger, math.mininteger * -1, "10" + 1, "0x10" * 2.0)
print(pcall(function() return 1 % 0 end))
print(pcall(function() return 1 // 0 end))
print(pcall(function() return {} + 1.5 end))
local V = setmetatable({}, {__add = function(a, b) return "add" end, __mul = function() return "mul" end})
print(V + 1.5, 1.5 + V, V * 2.0)
--## field_chains
-- Many short-string keys in one hash part: most sit down a collision chain.
local t = {}
for i = 1, 2000 do t["k" .. i] = i end
local sum = 0
for i = 1, 2000 do sum = sum + t["k" .. i] end
print(sum, t.k1, t.k2000, t.k2001, t.missing)
for i = 1, 2000, 3 do t["k" .. i] = nil end
local present = 0
for i = 1, 2000 do if t["k" .. i] ~= nil then present = present + 1 end end
print(present)
local obj = setmetatable({}, {__index = t})
print(obj.k2, obj.k4, obj.k1)
--## fresh_tables
local w = setmetatable({}, {__mode = "v"})
for i = 1, 20 do w[i] = "s" .. i end
local n, s = 0, 0
for k, v in pairs(w) do n = n + 1; s = s + k end
print(n, s, w[1], w[20])
local k = setmetatable({}, {__mode = "k"})
k.a, k.b = 1, 2
print(k.a, k.b)
local nested = {{1, 2, 3}, {x = 1, y = 2}, {1, 2, x = 3}, {}}
print(#nested, #nested[1], nested[2].y, nested[3].x, nested[3][2], next(nested[4]))
