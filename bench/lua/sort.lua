-- Sorting: table.sort of records with a Lua comparator over two keys, of plain numbers and of
-- strings with the default order, and a reverse order through a closure (the comparator
-- call path of table.sort).
local IM, IA, IC = 139968, 3877, 29573
local last = 42
local function rnd(m) last = (last * IA + IC) % IM; return last % m end

local N = tonumber(arg and arg[1]) or 40000
local recs, nums, strs = {}, {}, {}
for i = 1, N do
  recs[i] = {name = "n" .. rnd(1000), age = rnd(90), id = i}
  nums[i] = rnd(100000) + rnd(1000) / 1000
  strs[i] = "k" .. rnd(50000)
end

local function by_age_name(a, b)
  if a.age ~= b.age then return a.age < b.age end
  if a.name ~= b.name then return a.name < b.name end
  return a.id < b.id
end

local sum = 0
for round = 1, 3 do
  local r = {}
  for i = 1, N do r[i] = recs[i] end
  table.sort(r, by_age_name)
  sum = sum + r[1].id + r[N].id + r[math.floor(N / 2)].id
  local n = {}
  for i = 1, N do n[i] = nums[i] end
  table.sort(n)
  local sign = round % 2 == 0 and -1 or 1
  table.sort(n, function(a, b) return a * sign > b * sign end)
  sum = sum + math.floor(n[1] + n[N])
  local s = {}
  for i = 1, N do s[i] = strs[i] end
  table.sort(s)
  sum = sum + #s[1] + #s[N]
  for i = 2, N do assert(not by_age_name(r[i], r[i - 1])) end
end
print(sum)
