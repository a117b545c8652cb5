-- flags: --max-memory=32M
-- status: 1
-- stderr-has: not enough memory
local t = {}
while true do t = {t, {}, "filler filler filler"} end
