-- Counting primes on every core with uv work queues: each range is counted by a function that
-- runs in a fresh Lua state on libuv's thread pool; the results come back to the loop thread.
-- `nacre examples/uv_work.lua [limit] [pieces]`. Under --fuel the work shares the budget.
local uv = require "uv"

local limit = tonumber(arg and arg[1]) or 2000000
local pieces = tonumber(arg and arg[2]) or 8

local function count(lo, hi)   -- runs in another state: it sees only its arguments
  local n = 0
  for k = math.max(lo, 2), hi do
    local prime = true
    for d = 2, math.floor(math.sqrt(k)) do
      if k % d == 0 then prime = false break end
    end
    if prime then n = n + 1 end
  end
  return lo, hi, n
end

local results = {}
local work = uv.new_work(count, function(lo, hi, n)  -- in the order the pieces finish
  results[#results + 1] = {lo, hi, n}
end)
local step = limit // pieces
for i = 0, pieces - 1 do
  work:queue(i * step + 1, i == pieces - 1 and limit or (i + 1) * step)
end
uv.run()

table.sort(results, function(a, b) return a[1] < b[1] end)
local total = 0
for _, r in ipairs(results) do
  print(string.format("%9d..%-9d %7d primes", r[1], r[2], r[3]))
  total = total + r[3]
end
print(string.format("%d pieces, %d primes up to %d", #results, total, limit))
