-- Seed: constants of every kind (floats with exact bit patterns, extreme integers, long strings).
local k = {0.1, -0.0, 1/0, -1/0, 2^53 + 1, 5e-324, 1e308, math.pi, -123.456e-7,
  math.maxinteger, math.mininteger, 0x7fffffffffffffff, -1, 0, 255, 65536,
  "", "short", "with\0nul", "\255\254\1", string.rep("long string constant ", 3),
  true, false}
local s = 0
for i = 1, #k do if math.type(k[i]) == "integer" then s = s ~ k[i] end end
print(#k, s, k[1] + k[8], 1 / k[2], k[19] .. "|", #k[21], k[5] == 2^53)
return k
