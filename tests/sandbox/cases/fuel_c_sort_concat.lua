-- flags: --fuel=200000
-- status: 4
-- stdout: sorted
-- stderr: nacre: fuel limit exceeded (200000)
local t = {}
for i = 1, 1000 do t[i] = (i * 7919) % 1000 end
table.sort(t)
print("sorted")
local big = {}
for i = 1, 150000 do big[i] = "x" end     -- 150000 back-edges
print(#table.concat(big))                 -- concat charges per element: over budget
