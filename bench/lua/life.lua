-- Conway's game of life on a torus whose rows are strings: neighbours read with string.byte,
-- each new row built from a table of characters with table.concat (short strings, interning),
-- and the board rendered and hashed every few generations.
local byte, concat = string.byte, table.concat
local W, H = 64, 48

local function make_board()
  local rows = {}
  local seed = 7
  for y = 1, H do
    local cells = {}
    for x = 1, W do
      seed = (seed * 16807) % 2147483647
      cells[x] = (seed % 3 == 0) and "#" or "."
    end
    rows[y] = concat(cells)
  end
  -- a glider and a blinker, so the board keeps moving
  rows[2] = ".#." .. rows[2]:sub(4)
  rows[3] = "..#" .. rows[3]:sub(4)
  rows[4] = "###" .. rows[4]:sub(4)
  return rows
end

local LIVE = byte("#")
local function step(rows)
  local out, cells = {}, {}
  for y = 1, H do
    local up, row, down = rows[(y - 2) % H + 1], rows[y], rows[y % H + 1]
    for x = 1, W do
      local l, r = (x - 2) % W + 1, x % W + 1
      local n = 0
      if byte(up, l) == LIVE then n = n + 1 end
      if byte(up, x) == LIVE then n = n + 1 end
      if byte(up, r) == LIVE then n = n + 1 end
      if byte(row, l) == LIVE then n = n + 1 end
      if byte(row, r) == LIVE then n = n + 1 end
      if byte(down, l) == LIVE then n = n + 1 end
      if byte(down, x) == LIVE then n = n + 1 end
      if byte(down, r) == LIVE then n = n + 1 end
      if n == 3 or (n == 2 and byte(row, x) == LIVE) then cells[x] = "#" else cells[x] = "." end
    end
    out[y] = concat(cells)
  end
  return out
end

local function population(rows)
  local n = 0
  for y = 1, H do
    local _, c = rows[y]:gsub("#", "#")
    n = n + c
  end
  return n
end

local function hash(rows)
  local text = concat(rows, "\n")
  local h = 0
  for i = 1, #text, 7 do h = (h * 31 + byte(text, i)) % 1000000007 end
  return h
end

local N = tonumber(arg and arg[1]) or 400
local rows = make_board()
for g = 1, N do
  rows = step(rows)
  if g % 50 == 0 then print(g, population(rows), hash(rows)) end
end
print(rows[1])
