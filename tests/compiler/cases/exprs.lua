local a, b, c = ...
local t = {}
t.x, t[a], a = 1, 2, 3
a, b = b, a
t[a], a = a, t[a]
local u = function() a, t.y = t.y, a end
c = a and b or c
c = not (a == b) and (a ~= 1) or (1 < a) or (a >= 2.0) or (2.5 > a) or (a <= -3)
c = a .. b .. c .. "x" .. 1 .. 2.5
c = -a, ~a, #a, not a, - -a, -(2^3), ~5, -0.0, 0.0, -0, 1//0, 1/0, 0/0, 1%0, 3 // 2.0
c = a + 1, a - 1, 1 - a, a * 2, 2 * a, a / 2, a % 3, a ^ 2, a // 3, a & 1, a | 2, a ~ 3, a << 1, a >> 1, 1 << a, a << -1, a >> -1
c = a + 300, a - 300, a + 127, a - 128, a + 128, a - 127, a + 1.5, a + 2.0
c = 0x7fffffffffffffff + 1, math.mininteger, -9223372036854775808, 9223372036854775807 + 0, 2^63, 1e308 * 10
c = 3 & 2.0, 3 | 1.5, "10" + 1, 7 // 0.0, -7 % 0.0, 5 % -3, -5 // 3, 5.5 % -2
if a then elseif b then else end
if a and b then c = 1 end
if a or b then c = 1 end
if not a then c = 1 end
if a == nil then c = 1 end
if a ~= "x" then c = 1 end
if a == 1.0 then c = 1 end
if a == 1000 then c = 1 end
while a do if b then break end end
for i = 1, 3 do local x = i; u = function() return x end end
for i = 3, 1, -1 do end
for i = 1.0, 3 do end
for k, v in pairs(t) do end
for a, b, c, d, e in next, t do end
repeat local x = 1; u = function() return x end until x
repeat local y = 1 until y
do local x <close> = nil end
local k <const> = 10
local s <const> = "str"
local f <const> = 1.5
c = k + 1, s .. "x", f * 2, k // 0
local function rec(n) if n == 0 then return 1 end return n * rec(n - 1) end
return rec(5), t:method(1, 2), t.a.b.c:d "x", t{1}, ...
