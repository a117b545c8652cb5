--## int_wraparound
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger * -1, -math.mininteger)
local a, b = math.maxinteger, 1
print(a + b, a - -b, a * 3)
--## floor_div_mod_signs
for _, p in ipairs{{7,3},{-7,3},{7,-3},{-7,-3},{7.5,2},{-7.5,2},{7,-2.5},{0,5},{-0.0,3}} do
  local x, y = p[1], p[2]
  print(x, y, x // y, x % y)
end
--## mininteger_div
local m, n = math.mininteger, -1
print(m // n, m % n, m // 1, m % 1)
--## div_by_zero
local z = 0
print(pcall(function() return 1 // z end))
print(pcall(function() return 1 % z end))
print(1 / z, -1 / z, 1.0 // z, 1 % 0.0, -1 % math.huge, 1 % -math.huge)
print(1 // 0.0, -1 // 0.0, 0/0 ~= 0/0)
--## float_int_mixed
print(1 + 2.0, 3 - 1.0, 2 * 0.5, 7 / 2, 2^2, 2^0.5, 10 // 2.0, 3.5 % 1)
print(1 == 1.0, math.type(1 // 1), math.type(1.0 // 1), math.type(2^2))
print(1e308 * 10, -1e308 * 10, math.tointeger(2^53))
--## bitwise
local x, y = 0xF0, 0x3C
print(x & y, x | y, x ~ y, ~x, x << 4, x >> 4, -1 >> 1, 1 << 63, 1 << 64, 1 >> -1, 3 << -1)
print(2.0 & 3, pcall(function() return 2.5 & 3 end))
print(pcall(function() return {} | 1 end))
print(pcall(function() local s = "x" return s ~ 1 end))
print("3" & 1, "0x10" | 0)
--## shifts_big
for _, s in ipairs{-65, -64, -63, -1, 0, 1, 63, 64, 65} do print(s, 1 << s, -1 >> s, 5 >> s) end
--## string_coercion
print("10" + 1, "3" * "4", "0x10" + 0, "1e2" * 1, 10 .. 20, 1.5 .. "")
print(pcall(function() return "abc" + 1 end))
print(pcall(function() local t = {} return t + 1 end))
print(pcall(function() local t = {} return 1 - t.x end))
--## comparisons_mixed
local big = math.maxinteger
print(big < 2^63, big + 0.0 == 2^63, big == 2^63, math.mininteger == -2^63)
print(1 < 1.5, 2 <= 2.0, -0.0 == 0, 1/0 > big, -1/0 < math.mininteger)
local nan = 0/0
print(nan < 1, nan > 1, nan == nan, 1 < nan, big < nan)
print(2^53 + 1 == (1 << 53) + 1, (1<<53)+1 < 2^53 + 2.0, (1 << 62) < 2.0^62 + 1)
--## compare_errors
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return nil <= 1 end))
print("a" < "b", "a" < "ab", "Z" < "a", "" < "a", "a\0b" < "a\0c")
--## unary
local s = "5"
print(-s, -(-0.0), - math.mininteger, ~5, not nil, not 0, #"abc", #{1,2,3})
print(pcall(function() return -{} end))
print(pcall(function() return #5 end))
--## concat
local t = {}
for i = 1, 10 do t[#t+1] = i end
print(table.concat(t, ","), 1 .. 2 .. 3, "a" .. 1.0 .. 2, -0.0 .. "")
print(pcall(function() return "a" .. {} end))
print(pcall(function() return nil .. "a" end))
local long = string.rep("x", 50)
print(#(long .. long), (long .. "") == long, ("ab" .. "cd") == "abcd")
--## consts_folded
print(3 // 0.0, -3 % math.huge, 2^63 == math.maxinteger + 1.0, 5 // 0.5)
print(math.maxinteger // -1, math.mininteger // -1)
--## integer_to_string_edges
for _, v in ipairs{0, 1, -1, 9, 10, -10, 99, 100, 123456789, math.maxinteger, math.mininteger,
                   math.mininteger + 1, -9223372036854775807, 1000000000000000000, 2^53 // 1} do
  io.write(v, " ", tostring(v), " ", v .. "", " ", #tostring(v), "\n")
end
--## condjump_both_senses
-- Comparisons and tests jump on either sense of k (if / if not / while / repeat-until, whose
-- jump goes back), for integers, floats, immediates, constants and strings.
local vals = {-2, 0, 1, 3, 2.5, -0.0, 0/0, 1/0, "a", "b", nil, false, true}
local out = {}
for i = 1, 13 do
  local a = vals[i]
  for j = 1, 13 do
    local b = vals[j]
    local r = {}
    if math.type(a) and math.type(b) then
      if a < b then r[#r + 1] = "lt" end
      if not (a < b) then r[#r + 1] = "nlt" end
      if a <= b then r[#r + 1] = "le" end
      if not (a <= b) then r[#r + 1] = "nle" end
      if a > b then r[#r + 1] = "gt" end
      if a >= b then r[#r + 1] = "ge" end
    end
    if a == b then r[#r + 1] = "eq" end
    if a ~= b then r[#r + 1] = "ne" end
    if a then r[#r + 1] = "t" end
    if not a then r[#r + 1] = "f" end
    out[#out + 1] = table.concat(r, ".")
  end
  if math.type(a) then
    local r = {}
    if a < 1 then r[#r + 1] = "lti" end
    if not (a < 1) then r[#r + 1] = "nlti" end
    if a <= 0 then r[#r + 1] = "lei" end
    if a > 2 then r[#r + 1] = "gti" end
    if not (a >= 3) then r[#r + 1] = "ngei" end
    if a == 1 then r[#r + 1] = "eqi" end
    if a ~= 3 then r[#r + 1] = "nei" end
    if a == 2.5 then r[#r + 1] = "eqk" end
    if a ~= 1e300 then r[#r + 1] = "nek" end
    out[#out + 1] = table.concat(r, ".")
  end
  local r = {}
  if a == "a" then r[#r + 1] = "eqs" end
  if a ~= "b" then r[#r + 1] = "nes" end
  if a == nil then r[#r + 1] = "eqnil" end
  if a ~= false then r[#r + 1] = "nefalse" end
  if a == true then r[#r + 1] = "eqtrue" end
  out[#out + 1] = table.concat(r, ".")
end
print(table.concat(out, " "))
local n, x, f = 0, 0, 0.0
repeat n = n + 1 until n >= 10
repeat x = x + 3 until not (x < 20)
repeat f = f + 0.5 until f > 3.2
local s = 0
while s < 100 do s = s + 7 end
local k = 10
while k do k = k > 0 and k - 1 or nil end
local m = 0
while not (m == 6) do m = m + 1 end
print(n, x, f, s, k, m)
