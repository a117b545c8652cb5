-- Seed for the mutation test: metatables, methods, coroutines, goto, to-be-closed, errors.
local V = {}
V.__index = V
V.__add = function(p, q) return setmetatable({x = p.x + q.x}, V) end
V.__lt = function(p, q) return p.x < q.x end
V.__len = function(p) return p.x end
V.__concat = function(p, q) return "v" end
V.__close = function() end
function V.new(x) return setmetatable({x = x}, V) end
function V:get() return self.x end
local p, q = V.new(1), V.new(2)
local r = p + q
local ok, err = pcall(function() return p < 5 end)
local co = coroutine.create(function(a, ...)
  local n = 0
  while true do n = n + coroutine.yield(a + n, ...) end
end)
local _, v1 = coroutine.resume(co, 10, "x")
local _, v2 = coroutine.resume(co, 3)
do
  local c <close> = V.new(3)
  local wr = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
  v1 = v1 + wr() + wr()
end
local i = 0
::top::
i = i + 1
if i < 5 then goto top end
local e = select(2, pcall(error, {code = 7}))
print(r:get(), #r, p .. q, ok, err, v1, v2, i, e.code, rawequal(p, q), rawlen({1, 2}))
local big = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
  48, 49, 50, 51, 52, 53, 54, 55, select(2, 1, 2, 3)}
return #big, r.x > 2 and "big" or "small", -r.x, ~7, 7 // 2, 7.0 // 2, 7 % -3, 2^-1
