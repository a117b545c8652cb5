-- nacre only (tests/c/run): an object held only by a C module's static survives collections
-- and churn, and is collected once the module drops it.
local m = require "rootmod"
m.keep()
local function churn()
  for i = 1, 20000 do local t = {i, tostring(i)} end
  collectgarbage()
  collectgarbage()
end
churn()
churn()
print(m.finalized() == 0 and "static root kept" or "static root collected")
m.release()
churn()
print(m.finalized() == 1 and "released" or "still held after release")
