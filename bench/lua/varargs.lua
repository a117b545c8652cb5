-- Varargs: functions taking `...`, forwarding it, counting it with select('#'), packing it
-- into tables and unpacking it again (wrappers, loggers, argument lists).
local N = tonumber(arg and arg[1]) or 750000
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
local function pack2(...) return {...} end
local function forward(f, ...) return f(...) end
local function first(a, ...) return a end
local function count(...) return select("#", ...) end
local unpack = table.unpack or unpack
local function wrap(...)
  local t = {n = select("#", ...), ...}
  return unpack(t, 1, t.n)
end
local total = 0
for i = 1, N do
  total = total + sum(i, 1, 2, 3)
  total = total + forward(sum, i, i, i)
  local t = pack2(i, i + 1, i + 2, i + 3, i + 4)
  total = total + #t + first(wrap(i, 2, 3))
  total = total + count(nil, i, nil) + forward(first, i, "x", "y")
end
print(total)
