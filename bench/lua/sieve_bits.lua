-- nsieve-bits: the sieve of Eratosthenes over a bit array packed into 32-bit words of a Lua
-- table, with the integer operators &, |, ~, << and >> (Lua 5.3+: LuaJIT, a Lua 5.1, cannot
-- run it). Also a plain boolean-array sieve for comparison. Prints the prime counts.
local function nsieve_bits(m)
  local words = (m >> 5) + 1
  local bits = {}
  for i = 1, words do bits[i] = 0xffffffff end
  local count = 0
  for i = 2, m do
    if bits[(i >> 5) + 1] & (1 << (i & 31)) ~= 0 then
      count = count + 1
      for j = i + i, m, i do
        local w = (j >> 5) + 1
        bits[w] = bits[w] & ~(1 << (j & 31))
      end
    end
  end
  return count
end

local function nsieve(m)
  local flags = {}
  for i = 2, m do flags[i] = true end
  local count = 0
  for i = 2, m do
    if flags[i] then
      count = count + 1
      for j = i + i, m, i do flags[j] = false end
    end
  end
  return count
end

local N = tonumber(arg and arg[1]) or 8
for k = 0, 2 do
  local m = (1 << (N - k)) * 10000
  print(string.format("Primes up to %8d %8d", m, nsieve_bits(m)))
end
print(string.format("Primes up to %8d %8d", 1000000, nsieve(1000000)))
