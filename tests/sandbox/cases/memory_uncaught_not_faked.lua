-- flags: --max-memory=32M
-- status: 1
-- stderr-has: nacre: not enough memory
-- the error value alone does not make a breach: the limit never refused anything here
error(setmetatable({}, {__tostring = function() return "not enough memory" end}))
