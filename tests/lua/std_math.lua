-- Differential checks for the math library, including math.random's exact sequences (stdlib engineer).
--## math_constants
print(math.pi, math.huge, -math.huge, math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
--## math_abs
print(math.abs(-5), math.abs(5.5), math.abs(-0.0), math.abs(math.mininteger), math.abs(-math.huge), math.type(math.abs(-3)))
print(pcall(math.abs, "x"), math.abs("-3"))
--## math_floor_ceil
print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2), math.floor(5), math.ceil(-0.5))
print(math.floor(2^62), math.floor(2^63), math.ceil(-2^63), math.floor(-2^64), math.floor(1/0), math.floor(0/0) ~= math.floor(0/0))
print(math.type(math.floor(3.5)), math.type(math.floor(1e100)), math.floor("3.5"), pcall(math.floor, {}))
--## floor_ceil_float_edges
-- floor and ceil of the nacre executable are its own (runtime/libm.c): signs of zero, the 2^52
-- boundary, infinities and NaN, through float floor division and modf's float results
local function show(x) return string.format("%.17g", x) .. (1 / x < 0 and "-" or "") end
for _, x in ipairs({-0.0, 0.0, 0.5, -0.5, -1.0, 3.7, -3.7, 2^52 - 0.5, -(2^52 - 0.5), 2^52 + 1, -2^53, 1e300, -1e-300, 1e-300}) do
  print(show(x // 1), show(x // -1), show(x // 0.5), math.modf(x))
end
print(1 / 0 // 1, -1 / 0 // 1, (0 / 0 // 1) ~= (0 / 0 // 1), -7.5 // 2, 7.5 // -2, -0.0 // 3, 5 // 0.0, -5 // 0.0)
print(math.ceil(-0.5), math.floor(-0.0), math.ceil(2^52 - 0.5), math.floor(-(2^52 - 0.5)), math.ceil(-1e-300))
--## math_fmod
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.5, 2), math.fmod(-6, 2), math.fmod(1, 0.0))
print(math.fmod(math.mininteger, -1), math.fmod(5, math.mininteger), math.fmod(3, 1/0), math.type(math.fmod(7, 3)))
print(pcall(math.fmod, 1, 0))
print(pcall(math.fmod, 1))
--## math_modf
print(math.modf(3.7), math.modf(-3.7), math.modf(5), math.modf(1/0), math.modf(-1/0))
print(math.modf(0/0) ~= math.modf(0/0), math.modf(-0.0), math.modf(2^53))
--## math_sqrt_exp_log
print(math.sqrt(16), math.sqrt(2), math.sqrt(-1) ~= math.sqrt(-1), math.exp(0), math.exp(1), math.log(1), math.log(0))
print(math.log(8, 2), math.log(100, 10), math.log(27, 3), math.log(-1) ~= math.log(-1), math.log(2, 0), math.log(1024, 4))
--## math_trig
print(math.sin(0), math.cos(0), math.tan(0), math.sin(math.pi / 2), math.cos(math.pi))
print(math.asin(1), math.acos(1), math.atan(1), math.atan(1, 2), math.atan(-1, -1), math.atan(0, -1), math.atan(1, 0))
--## math_deg_rad
print(math.deg(math.pi), math.rad(180), math.deg(1), math.rad(1), math.deg(0))
--## math_min_max
print(math.min(3, 1, 2), math.max(3, 1, 2), math.min(1.5, 2), math.max(-1, -1.5), math.min(5), math.max(2, 2.0), math.min(2.0, 2))
print(math.type(math.max(1, 2.0)), math.max(math.mininteger, math.maxinteger), math.min(1/0, -1/0))
print(pcall(math.min))
print(pcall(math.max, 1, "x"))
print(pcall(math.max, "a", "b"))
--## math_tointeger
print(math.tointeger(3), math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger("x"), math.tointeger(2^63), math.tointeger(-2^63))
print(math.tointeger({}), pcall(math.tointeger))
--## math_type
print(math.type(1), math.type(1.0), math.type("1"), math.type(nil), math.type({}), pcall(math.type))
--## math_ult
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), math.ult(math.maxinteger, math.mininteger), pcall(math.ult, 1.5, 2))
--## math_random_seeded_floats
math.randomseed(42)
local t = {}
for i = 1, 10 do t[i] = string.format("%.17g", math.random()) end
print(table.concat(t, " "))
--## math_random_seeded_ints
for _, seed in ipairs{0, 1, 123, -7, math.maxinteger, math.mininteger} do
  math.randomseed(seed)
  local t = {}
  for i = 1, 8 do t[i] = math.random(100) end
  t[#t + 1] = math.random(0)
  t[#t + 1] = math.random(-5, 5)
  t[#t + 1] = math.random(math.mininteger, math.maxinteger)
  t[#t + 1] = math.random(1, 1 << 62)
  t[#t + 1] = math.random(3, 3)
  print(seed, table.concat(t, " "))
end
--## math_randomseed_two_args
math.randomseed(1, 2)
print(math.random(1000), math.random(1000), math.random(), math.randomseed(10, 20))
math.randomseed(1.0)
print(math.random(1000))
--## math_random_errors
print(pcall(math.random, 2, 1))
print(pcall(math.random, 0, -1))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 1.5))
print(pcall(math.random, -1))
print(pcall(math.randomseed, 1.5))
print(pcall(math.randomseed, "x"))
--## math_random_ranges
math.randomseed(99)
local ok = true
for i = 1, 2000 do
  local a = math.random(10)
  local b = math.random(-3, 3)
  local f = math.random()
  if a < 1 or a > 10 or b < -3 or b > 3 or f < 0 or f >= 1 then ok = false end
end
print(ok)
--## math_randomseed_noargs
local a, b = math.randomseed()
print(math.type(a), math.type(b))
local x = math.random(10)
print(x >= 1 and x <= 10)
--## math_compat_53
print(math.pow(2, 10), math.ldexp(1, 4), math.frexp(8), math.log10(1000), math.cosh(0), math.sinh(0), math.tanh(0))
--## math_lib_fields
local names = {}
for k in pairs(math) do names[#names + 1] = k end
table.sort(names) print(table.concat(names, " "))
--## math_int_float_edges
print(math.maxinteger + 0.0, math.maxinteger // 1, math.mininteger // -1, math.mininteger % -1, 7 // 0.0, -7 // 0.0, 0/0 ~= 0/0)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(3 == 3.0, math.maxinteger == 2^63, math.maxinteger + 1.0 == 2^63, 2^53 == 2^53 + 1)
