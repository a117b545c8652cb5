-- suspended coroutines, each with a deep Lua stack
local function deep(n) if n == 0 then coroutine.yield() end return deep(n - 1) + 1 end
local keep = {}
while true do
  local co = coroutine.create(function() deep(150) end)
  coroutine.resume(co)
  keep[#keep + 1] = co
end
