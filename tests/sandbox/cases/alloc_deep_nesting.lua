-- flags: --max-memory=32M
-- status: 3
-- stderr: nacre: memory limit exceeded (32M)
local t = {}
while true do t = {t, {}, "filler filler filler"} end
