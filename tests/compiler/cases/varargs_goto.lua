local t = {1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10, x=1, y=2, [3]=4, ...}
local function v(...) local a, b = ... ; return select('#', ...), ... end
local function w(a, b, ...) return end
goto a
::b:: do return end
::a:: goto b
