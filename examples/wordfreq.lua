-- Counts the words of a file (or of stdin) and prints the ten most frequent.
-- Usage: build/nacre examples/wordfreq.lua README.md
--        cat file.txt | build/nacre examples/wordfreq.lua
local counts = {}
local lines = arg[1] and io.lines(arg[1]) or io.lines()
for line in lines do
  for word in line:lower():gmatch("%a[%w']*") do
    counts[word] = (counts[word] or 0) + 1
  end
end
local words = {}
for w in pairs(counts) do words[#words + 1] = w end
table.sort(words, function(a, b)
  if counts[a] ~= counts[b] then return counts[a] > counts[b] end
  return a < b
end)
for i = 1, math.min(10, #words) do
  print(string.format("%6d  %s", counts[words[i]], words[i]))
end
