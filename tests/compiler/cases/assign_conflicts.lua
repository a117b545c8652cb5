local t = {}
local s = "k"
t.a, t[s], t[1], t[s .. s], t.b.c = 1, 2, 3, 4, 5
local u = {}
local function f() u, u.x = 1, 2; t[u], u = 3, 4 end
local g = 10
local function h() g, t[g] = 1, 2 end
a = not nil and 1 or 2
b = (a == b) == (b ~= c)
c = -(-1), - -2, -(2^63), ~~1, not not a
d = #"abc" .. #{1, 2}
return (f()), h(), ...
