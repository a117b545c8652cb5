-- N queens: count every placement of N queens on an N x N board by backtracking, with boolean
-- arrays for the taken columns and diagonals (recursion, array reads and writes, loops).
local function solve(n)
  local cols, d1, d2 = {}, {}, {}
  for i = 1, 2 * n do cols[i] = false; d1[i] = false; d2[i] = false end
  local count = 0
  local function place(row)
    if row > n then count = count + 1; return end
    for c = 1, n do
      local a, b = row + c, row - c + n
      if not cols[c] and not d1[a] and not d2[b] then
        cols[c], d1[a], d2[b] = true, true, true
        place(row + 1)
        cols[c], d1[a], d2[b] = false, false, false
      end
    end
  end
  place(1)
  return count
end

local N = tonumber(arg and arg[1]) or 12
local total = 0
for n = 4, N do
  local c = solve(n)
  total = total + c
  print(n, c)
end
print(total)
