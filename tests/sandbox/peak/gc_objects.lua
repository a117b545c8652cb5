-- every object has a __gc metamethod (a finalizer registration each) and is kept
local keep = {}
local mt = {__gc = function() end}
while true do keep[#keep + 1] = setmetatable({}, mt) end
