local a, b, c = ...
if a then break_me = 1 end
while a do if b then break end; if c then break end end
for i = 1, 2 do if i then break end end
repeat if a then break end local z = 1; local f = function() return z end until z
local x <close> = a
do local y <close> = b; return y end
