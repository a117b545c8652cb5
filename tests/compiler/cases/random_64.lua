local a, b, c, t, x, y = ...
local kc1 <const>, kc2 <const> = 1, "k"
if a ^ c * kc2 ^ 65536 + c / t * kc2 > c | x.x <= -1e308 % -128 then repeat local r = x / f(c << kc2 ~= 255 % c) - a do local cl <close> = kc2.f or a[{k = f(true) & {[kc1] = y, [b] = -131072, function(p, q, ...) return b[nil] end} + kc1, k = (c.f) < (c) ^ x | x}] t["k"], x = a repeat local r = 1.5 | a:m(kc1) & x & c[a] ~= 1 > c or #b.g g, x.y.z, t["k"] = 0x7fffffffffffffff & -{} <= -b .. not c g, t[a], g = 0.0, 0.0, t g, t[1] = a < 131072 b, x.y.z, t[a] = kc1 >= c.g >> (({kc1, k = 9223372036854775808, [kc2] = b.g})) / t.g, a / a % t / kc2 | y % {[65535] = kc2.g, [t] = 1.5, k = f({a, c}, kc2)} * kc1 // c ~= c == 2 << {} & f(kc1, 1e2, x) + x // kc2 < kc2 or 256 ~ 128 > {} until kc1 & b ^ -131072 return  end until -kc2.g // -(0x7fffffffffffffff) else t[a], x.y.z = -131072 >= -131072 * 65536 | b ~= a .. kc1, x end
while c or -1e2 do a = function(...) return ... end t[1] = f(x[131072] or x.f, ~(~y.g), f(f())) * y[kc1.x % c.g] * ~a / c, y // kc1 ~= ... or 255 g, b, b = f(t.f) * not t << -c // kc1 ~ a >> function(p, q, ...) return 9223372036854775808 end == (-1) == y / 128, y[t <= x >> x > a ~ c.f / function(p, q, ...) return nil end or b], t .. c <= -128 do local kc3 <const> = 2.0 + -128 if true | {k = {k = y, [1] = kc2[1e2], [0.0] = t, k = 1.5}} << a:m({[kc2] = kc1}) >= a < function(p, q, ...) return ("long string value here") end == c <= a >> 2.0 ~= kc2[kc1] > b or 255 ~ a * x >> (nil) * y then ::L2:: do t[300], c = -128 end local function lf(a, ...) t["k"], g = function(p, q, ...) return not f(b > {} * 131072, false, 255 and y) end, a ~= a, #y t[a] = c[~... >> b // not t.f] / function(p, q, ...) return f() << "s" == false end >= y, f(y & 131072, kc1 ~ c | #-0.0 == ~x, t) g, t["k"], t.x = not a ^ not 65536 // 0, f() * t + 0.0 % {} ^ b t["k"], t[a] = "long string value here", y.g % y return a.f end end end end
t["k"], x.y.z, t[300] = ~c, x
x.y.z, t[a], t.x = y.x, true
g = b / "s" >> kc2, "s" .. {kc1} // ~c & x << 128 == 1e308 / c or 65536 ^ b.f > kc2, #-1 or b
for i = ..., b, -f() ~ -128 + function(p, q, ...) return a.f end ~ 0x10 do do t[1], t = not y .. y[not x] a = function(...) return ... end t[300], t[a] = (... + nil == t // b + function(p, q, ...) return function(p, q, ...) return -256 end end or c / x) end end
g = y, t
local kc3 <const> = "cs"
g = -kc1[kc1]
do for k, v in function(p, q, ...) return ... << c end .. kc1 | a:m(-kc2) do  end end
y, x.y.z = a:m(not x)
local kc3 <const> = "cs"
y, x.y.z = #kc2, y % ~x, "s" ~ y.x < 9223372036854775808 % 1
t[1] = t, 65536 - c / kc2 // false <= t[b] ^ -0.0 | -128 ~= 1
t["k"] = {}
