-- Binary trees (Benchmarks Game): allocation of many small tables, collector pressure.
local N = tonumber(arg and arg[1]) or 14
local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {bottom_up(depth), bottom_up(depth)}
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local mindepth = 4
local maxdepth = math.max(mindepth + 2, N)
print("stretch tree of depth " .. (maxdepth + 1) .. "\t check: " .. check(bottom_up(maxdepth + 1)))
local longlived = bottom_up(maxdepth)
for depth = mindepth, maxdepth, 2 do
  local iters = 2 ^ (maxdepth - depth + mindepth)
  local c = 0
  for _ = 1, iters do c = c + check(bottom_up(depth)) end
  print(string.format("%d\t trees of depth %d\t check: %d", iters, depth, c))
end
print("long lived tree of depth " .. maxdepth .. "\t check: " .. check(longlived))
