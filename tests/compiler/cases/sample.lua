local a, b = 1, 2
print(a + b, a - 1, a * 2.5, "x" .. a .. b)
local t = {1, 2, 3, x = 4, [5] = 6, f()}
for i = 1, 10 do t[i] = i * i end
for k, v in pairs(t) do print(k, v) end
local function f(x, ...) return x, ... end
if a < b and b <= 3 or not a then print("y") elseif a == 1 then print("z") else print(2) end
while a < 10 do a = a + 1 if a == 5 then break end end
repeat local z = a; a = a - 1 until z < 3
goto done
do local q = 1 end
::done::
return f(1, 2, 3)
