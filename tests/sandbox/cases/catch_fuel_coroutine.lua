-- flags: --fuel=10000
-- status: 4
local co = coroutine.wrap(function() while true do end end)
print(pcall(co))
print("escaped")
