-- Object-oriented code: classes built from metatables, constructors filling fields, a
-- three-level inheritance chain, method calls through __index and objects created and
-- dropped in bulk.
local N = tonumber(arg and arg[1]) or 600000
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:len2() return self.x * self.x + self.y * self.y end
local Shape = {}
Shape.__index = Shape
function Shape.new(name) local s = setmetatable({}, Shape); s.name = name; s.area = 0; return s end
function Shape:describe() return self.name end
function Shape:getArea() return self.area end
local Rect = setmetatable({}, {__index = Shape})
Rect.__index = Rect
function Rect.new(w, h)
  local r = Shape.new("rect")
  r.w, r.h = w, h
  r.area = w * h
  return setmetatable(r, Rect)
end
function Rect:scale(k) self.w = self.w * k; self.h = self.h * k; self.area = self.w * self.h; return self end
local Square = setmetatable({}, {__index = Rect})
Square.__index = Square
function Square.new(s) local q = Rect.new(s, s); q.name = "square"; return setmetatable(q, Square) end
local total = 0
local acc = Point.new(0, 0)
for i = 1, N do
  local p = Point.new(i, -i)
  acc = acc:add(p)
  total = total + p:len2() % 7
  local shape = (i % 2 == 0) and Rect.new(i % 10, 3) or Square.new(i % 5)
  shape:scale(2)
  total = total + shape:getArea() + #shape:describe()
end
print(total, acc.x, acc.y)
