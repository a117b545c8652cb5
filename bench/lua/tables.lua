-- Table-heavy work: array fill/read, hash inserts and lookups, deletion, sort, next().
local N = tonumber(arg and arg[1]) or 1000000
local arr = {}
for i = 1, N do arr[i] = (i * 7919) % N end
local sum = 0
for i = 1, N do sum = sum + arr[i] end
local h = {}
for i = 1, N do h["k" .. (i % 5000)] = i; h[i * 3] = i end
local hits = 0
for i = 1, N do if h[i] then hits = hits + 1 end end
for i = 1, N, 2 do h[i * 3] = nil end
local n = 0
for _ in pairs(h) do n = n + 1 end
local small = {}
for i = 1, N / 10 do small[i] = arr[i] end
table.sort(small)
print(sum, hits, n, small[1], small[#small])
