-- Closures: creating closures with upvalues, calling them, closing upvalues (counters,
-- adders, callbacks stored in tables and called later), as functional code does.
local N = tonumber(arg and arg[1]) or 1000000
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local function adder(x) return function(y) return x + y end end
local function compose(f, g) return function(x) return f(g(x)) end end
local total = 0
for i = 1, N do
  local c = counter()
  c(); c()
  total = total + c()
  local add = compose(adder(i), adder(1))
  total = total + add(2)
end
local cbs = {}
for i = 1, N do
  local k = i % 7
  cbs[#cbs + 1] = function(v) return v * k end
  if #cbs == 64 then
    local s = 0
    for j = 1, #cbs do s = s + cbs[j](j) end
    total = total + s
    cbs = {}
  end
end
local function map(t, f) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
local src = {}
for i = 1, 100 do src[i] = i end
for i = 1, math.floor(N / 100) do
  local r = map(src, function(v) return v + i end)
  total = total + r[#r]
end
print(total)
