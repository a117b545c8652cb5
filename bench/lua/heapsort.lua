-- Heapsort of pseudo-random floats (the classic "heapsort" benchmark's generator and sift-down
-- loop): array reads and writes, integer index arithmetic, float compares.
local IM, IA, IC = 139968, 3877, 29573
local last = 42
local function gen_random(max)
  last = (last * IA + IC) % IM
  return max * last / IM
end

local function heapsort(n, ra)
  local j, i, rra
  local l = math.floor(n / 2) + 1
  local ir = n
  while true do
    if l > 1 then
      l = l - 1
      rra = ra[l]
    else
      rra = ra[ir]
      ra[ir] = ra[1]
      ir = ir - 1
      if ir == 1 then ra[1] = rra; return end
    end
    i = l
    j = l * 2
    while j <= ir do
      if j < ir and ra[j] < ra[j + 1] then j = j + 1 end
      if rra < ra[j] then
        ra[i] = ra[j]
        i = j
        j = j + i
      else
        j = ir + 1
      end
    end
    ra[i] = rra
  end
end

local N = tonumber(arg and arg[1]) or 200000
local ary = {}
for r = 1, 2 do
  for i = 1, N do ary[i] = gen_random(1.0) end
  heapsort(N, ary)
  for i = 2, N do assert(ary[i - 1] <= ary[i]) end
  print(string.format("%.10f %.10f", ary[1], ary[N]))
end
