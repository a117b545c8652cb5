-- String-heavy work: concatenation, formatting, interning, pattern matching, buffers.
local N = tonumber(arg and arg[1]) or 250000
local parts = {}
for i = 1, N do
  parts[#parts + 1] = string.format("%d:%s", i, tostring(i * 7))
end
local s = table.concat(parts, ",")
local count, total = 0, 0
for a, b in s:gmatch("(%d+):(%d+)") do
  count = count + 1
  total = total + #a + #b
end
local words = {}
for i = 1, N / 4 do
  local w = "key" .. (i % 1000)
  words[w] = (words[w] or 0) + 1
end
local up = 0
for i = 1, N / 10 do
  local t = ("abc" .. i):upper():rep(3):sub(2, -2)
  up = up + #t
end
print(#s, count, total, words.key7, up)
