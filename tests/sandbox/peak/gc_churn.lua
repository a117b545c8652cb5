-- objects with __gc, half of them garbage whose finalizers run while the heap fills
local keep, ran = {}, 0
local mt = {__gc = function() ran = ran + 1 end}
local i = 0
while true do
  i = i + 1
  local o = setmetatable({i}, mt)
  if i % 2 == 0 then keep[#keep + 1] = o end
end
