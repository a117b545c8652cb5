-- Ray tracer: spheres and a plane lit by one light, with shadows and one reflection, over a
-- small image: vector objects with arithmetic metamethods (__add, __sub, __mul), method calls,
-- float arithmetic and math.sqrt. Prints a checksum of the quantised pixel values.
local sqrt, floor = math.sqrt, math.floor

local Vec = {}
Vec.__index = Vec
local function vec(x, y, z) return setmetatable({x = x, y = y, z = z}, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y, a.z + b.z) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y, a.z - b.z) end
Vec.__mul = function(a, s) return vec(a.x * s, a.y * s, a.z * s) end
function Vec:dot(b) return self.x * b.x + self.y * b.y + self.z * b.z end
function Vec:norm() local l = sqrt(self:dot(self)); return vec(self.x / l, self.y / l, self.z / l) end

local Sphere = {}
Sphere.__index = Sphere
local function sphere(c, r, color, refl)
  return setmetatable({c = c, r2 = r * r, color = color, refl = refl}, Sphere)
end
function Sphere:hit(o, d)
  local oc = o - self.c
  local b = oc:dot(d)
  local disc = b * b - (oc:dot(oc) - self.r2)
  if disc < 0 then return nil end
  local t = -b - sqrt(disc)
  if t > 1e-4 then return t end
  t = -b + sqrt(disc)
  if t > 1e-4 then return t end
  return nil
end
function Sphere:normal(p) return (p - self.c):norm() end

local Plane = {}
Plane.__index = Plane
local function plane(n, d, color, refl) return setmetatable({n = n, d = d, color = color, refl = refl}, Plane) end
function Plane:hit(o, dir)
  local den = self.n:dot(dir)
  if den > -1e-6 and den < 1e-6 then return nil end
  local t = -(self.n:dot(o) + self.d) / den
  if t > 1e-4 then return t end
  return nil
end
function Plane:normal() return self.n end

local scene = {
  sphere(vec(0, 1, 5), 1, vec(0.9, 0.2, 0.2), 0.3),
  sphere(vec(-2, 0.7, 6), 0.7, vec(0.2, 0.9, 0.2), 0.2),
  sphere(vec(2, 0.5, 4), 0.5, vec(0.2, 0.3, 0.9), 0.5),
  sphere(vec(0.7, 0.3, 3), 0.3, vec(0.9, 0.9, 0.2), 0.0),
  plane(vec(0, 1, 0), 0, vec(0.8, 0.8, 0.8), 0.1),
}
local light = vec(-3, 5, 0)

local function nearest(o, d)
  local best, obj = nil, nil
  for i = 1, #scene do
    local t = scene[i]:hit(o, d)
    if t and (not best or t < best) then best, obj = t, scene[i] end
  end
  return best, obj
end

local function trace(o, d, depth)
  local t, obj = nearest(o, d)
  if not t then return vec(0.1, 0.1, 0.2 + 0.3 * d.y) end
  local p = o + d * t
  local n = obj:normal(p)
  local tolight = (light - p):norm()
  local diffuse = n:dot(tolight)
  if diffuse < 0 then diffuse = 0 end
  if diffuse > 0 then
    local st = nearest(p, tolight)
    if st then diffuse = diffuse * 0.3 end
  end
  local col = obj.color * (0.1 + 0.9 * diffuse)
  if depth < 2 and obj.refl > 0 then
    local r = d - n * (2 * d:dot(n))
    col = col * (1 - obj.refl) + trace(p, r, depth + 1) * obj.refl
  end
  return col
end

local function clamp(v) if v < 0 then return 0 elseif v > 1 then return 255 end return floor(v * 255) end

local size = tonumber(arg and arg[1]) or 240
local eye = vec(0, 1.2, -1)
local sum, hist = 0, {0, 0, 0, 0}
for y = 0, size - 1 do
  for x = 0, size - 1 do
    local d = vec((x - size / 2) / size, (size / 2 - y) / size, 1):norm()
    local c = trace(eye, d, 0)
    local r, g, b = clamp(c.x), clamp(c.y), clamp(c.z)
    sum = sum + r * 3 + g * 5 + b * 7
    local k = floor((r + g + b) / 192) + 1
    hist[k] = hist[k] + 1
  end
end
print(sum, hist[1], hist[2], hist[3], hist[4])
