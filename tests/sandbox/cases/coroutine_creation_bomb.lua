-- flags: --max-memory=32M
-- status: 3
-- stderr: nacre: memory limit exceeded (32M)
local t = {}
while true do
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  t[#t + 1] = co
end
