-- Text processing: CSV records built with string.format and tostring, written in small
-- pieces with io.write (to /dev/null), parsed back with string.find/sub and tonumber, keyed
-- by name in a hash table, a tokenizer over string.byte/sub, and the names sorted.
local N = tonumber(arg and arg[1]) or 100000
local names = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
local out = assert(io.open("/dev/null", "w"))
local lines = {}
for i = 1, N do
  local name = names[i % #names + 1] .. (i % 97)
  local line = string.format("%d,%s,%5.2f,%s", i, name, i / 7, tostring(i * 3 % 1000 + 0.25))
  lines[i] = line
  out:write(i, ",", name, ",", line, "\n")
end
out:close()
-- parse: fields between commas, numbers converted back
local sums, count, keys = {}, 0, {}
for i = 1, N do
  local s, pos, fields = lines[i], 1, {}
  while true do
    local c = string.find(s, ",", pos, true)
    fields[#fields + 1] = string.sub(s, pos, (c or 0) - 1)
    if not c then break end
    pos = c + 1
  end
  local key = fields[2]
  if not sums[key] then sums[key] = 0; count = count + 1; keys[count] = key end
  sums[key] = sums[key] + tonumber(fields[1]) + tonumber(fields[3]) + tonumber(fields[4])
end
table.sort(keys)
-- tokenize: identifiers, numbers and single-character symbols
local src = string.rep("local x1 = foo(bar, 42) + baz[7] * 3.5 -- note\n", math.floor(N / 60) + 1)
local ntok, i, n = 0, 1, #src
while i <= n do
  local b = string.byte(src, i)
  if b == 32 or b == 10 then
    i = i + 1
  elseif (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or b == 95 then
    local j = i + 1
    while true do
      local d = string.byte(src, j)
      if not d or not ((d >= 97 and d <= 122) or (d >= 48 and d <= 57) or d == 95) then break end
      j = j + 1
    end
    ntok = ntok + (string.sub(src, i, j - 1) == "local" and 2 or 1)
    i = j
  elseif b >= 48 and b <= 57 then
    local s, e = string.find(src, "^%d+%.?%d*", i)
    ntok = ntok + 1
    i = e + 1
  elseif b == 45 and string.sub(src, i, i + 1) == "--" then
    i = (string.find(src, "\n", i, true) or n) + 1
  else
    ntok = ntok + 1
    i = i + 1
  end
end
local parts = {}
for k = 1, #keys, 40 do parts[#parts + 1] = string.format("%s=%.2f", keys[k], sums[keys[k]]) end
print(count, ntok, table.concat(parts, " "))
