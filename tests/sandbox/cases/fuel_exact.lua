-- flags: --fuel=1000
-- status: 4
-- stdout: 999
-- stderr: nacre: fuel limit exceeded (1000)
-- every loop back-edge costs one unit: the numeric for runs 999 iterations, then runs dry
local n = 0
local ok = pcall(function() end)  -- one call
for i = 1, 10000 do
  n = i
  if i == 997 then io.write(tostring(i + 2), "\n") end
end
