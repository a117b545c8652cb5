-- Conway's Game of Life on a small torus: tables, closures and string building.
-- Usage: build/nacre examples/life.lua [generations]
local W, H = 20, 10
local function new_board() local b = {} for y = 1, H do b[y] = {} for x = 1, W do b[y][x] = 0 end end return b end
local board = new_board()
for _, c in ipairs({{2, 1}, {3, 2}, {1, 3}, {2, 3}, {3, 3}}) do board[c[2]][c[1]] = 1 end  -- a glider
local function neighbours(b, x, y)
  local n = 0
  for dy = -1, 1 do
    for dx = -1, 1 do
      if dx ~= 0 or dy ~= 0 then
        n = n + b[(y + dy - 1) % H + 1][(x + dx - 1) % W + 1]
      end
    end
  end
  return n
end
local function step(b)
  local nb = new_board()
  for y = 1, H do
    for x = 1, W do
      local n = neighbours(b, x, y)
      nb[y][x] = (n == 3 or (n == 2 and b[y][x] == 1)) and 1 or 0
    end
  end
  return nb
end
local function show(b, gen)
  local rows = {"generation " .. gen}
  for y = 1, H do
    local row = {}
    for x = 1, W do row[x] = b[y][x] == 1 and "#" or "." end
    rows[#rows + 1] = table.concat(row)
  end
  print(table.concat(rows, "\n"))
end
local gens = tonumber(arg[1]) or 4
for g = 0, gens do
  show(board, g)
  board = step(board)
end
