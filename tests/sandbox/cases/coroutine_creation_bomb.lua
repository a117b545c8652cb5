-- flags: --max-memory=32M
-- status: 1
-- stderr-has: not enough memory
local t = {}
while true do
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  t[#t + 1] = co
end
