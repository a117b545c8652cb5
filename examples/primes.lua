-- A pipeline of coroutines: a generator of integers filtered by one coroutine per prime
-- found so far (the classic concurrent sieve). Usage: build/nacre examples/primes.lua [count]
local function integers(from)
  return coroutine.wrap(function()
    local n = from
    while true do coroutine.yield(n); n = n + 1 end
  end)
end
local function filter(p, source)
  return coroutine.wrap(function()
    for n in source do
      if n % p ~= 0 then coroutine.yield(n) end
    end
  end)
end
local count = tonumber(arg[1]) or 20
local source = integers(2)
local found = {}
for _ = 1, count do
  local p = source()
  found[#found + 1] = p
  source = filter(p, source)
end
print(table.concat(found, " "))
