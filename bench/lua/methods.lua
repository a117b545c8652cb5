-- Method-call-heavy work: objects with metatables, inheritance through __index, closures.
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:norm2() return self.x * self.x + self.y * self.y end
local Point3 = setmetatable({}, {__index = Point})
Point3.__index = Point3
function Point3.new(x, y, z) local p = Point.new(x, y); p.z = z; return setmetatable(p, Point3) end
function Point3:norm2() return Point.norm2(self) + self.z * self.z end
local Counter = {}
Counter.__index = Counter
function Counter.new() return setmetatable({n = 0}, Counter) end
function Counter:inc(k) self.n = self.n + (k or 1); return self end
local N = tonumber(arg and arg[1]) or 1200000
local acc = Point.new(0, 0)
local c = Counter.new()
local total = 0
for i = 1, N do
  local p = Point3.new(i % 10, i % 7, i % 3)
  total = total + p:norm2()
  c:inc():inc(2)
  if i % 100 == 0 then acc = acc:add(p) end
end
print(total, c.n, acc.x, acc.y)
