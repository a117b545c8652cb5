-- Seed for the mutation test: arithmetic, comparisons, loops, tables, closures, varargs.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t = {1, 2, 3, x = 4, y = "five", [10] = 6, z2 = 6.5}
local acc = 0
for i = 1, #t do acc = acc + t[i] * 2 - (i // 2) % 3 end
for k, v in pairs(t) do if math.type(v) == "integer" then acc = acc + v end end
local function sum(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s, select("#", ...)
end
local a, b = sum(1, 2, 3, fib(10))
local function counter()
  local c = 0
  return function(d) c = c + (d or 1); return c end
end
local inc = counter()
inc(); inc(5)
local u = acc & 0xff | 3 ~ 5 << 2 >> 1
local f = 1.5 ^ 2 / 3 - -acc
local s = "x" .. a .. b .. "y"
while acc > 0 do acc = acc - 7 if acc < 10 then break end end
repeat acc = acc + 1 until acc >= 3
print(a, b, inc(), u, f, s, #s, acc, t.x, t.y, not t.z, a == b, a ~= b, a <= b)
return fib(5), t
