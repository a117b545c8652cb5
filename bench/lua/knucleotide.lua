-- Fasta and k-nucleotide: generate a DNA sequence with the fasta benchmark's linear
-- congruential generator and cumulative probabilities, write it as 60-column lines to
-- /dev/null with io.write, then count every 1- to 3-mer and a few longer ones with
-- string.sub and hash tables, and print the sorted frequencies.
local IM, IA, IC = 139968, 3877, 29573
local last = 42
local function random(max)
  last = (last * IA + IC) % IM
  return max * last / IM
end

local alphabet = {
  {"a", 0.27}, {"c", 0.12}, {"g", 0.12}, {"t", 0.27},
  {"B", 0.02}, {"D", 0.02}, {"H", 0.02}, {"K", 0.02}, {"M", 0.02}, {"N", 0.02},
  {"R", 0.02}, {"S", 0.02}, {"V", 0.02}, {"W", 0.02}, {"Y", 0.02},
}
local chars, probs = {}, {}
local acc = 0
for i, e in ipairs(alphabet) do acc = acc + e[2]; chars[i] = e[1]; probs[i] = acc end
probs[#probs] = 1.0

local function fasta(n, out)
  local lines, buf = {}, {}
  local nl = 0
  for done = 0, n - 1, 60 do
    local m = n - done
    if m > 60 then m = 60 end
    for k = 1, m do
      local r = random(1.0)
      local i = 1
      while probs[i] < r do i = i + 1 end
      buf[k] = chars[i]
    end
    local line = table.concat(buf, "", 1, m)
    out:write(line, "\n")
    nl = nl + 1
    lines[nl] = line
  end
  return string.upper(table.concat(lines))
end

local function count(seq, k)
  local freq = {}
  for i = 1, #seq - k + 1 do
    local s = string.sub(seq, i, i + k - 1)
    freq[s] = (freq[s] or 0) + 1
  end
  return freq
end

local function sorted_freq(seq, k)
  local freq = count(seq, k)
  local list = {}
  for s, c in pairs(freq) do list[#list + 1] = {s, c} end
  table.sort(list, function(a, b)
    if a[2] ~= b[2] then return a[2] > b[2] end
    return a[1] < b[1]
  end)
  local total = #seq - k + 1
  for _, e in ipairs(list) do
    io.write(string.format("%s %.3f\n", e[1], 100 * e[2] / total))
  end
  io.write("\n")
end

local N = tonumber(arg and arg[1]) or 150000
local out = assert(io.open("/dev/null", "w"))
local seq = fasta(N, out)
out:close()
for k = 1, 3 do sorted_freq(seq, k) end
for _, frag in ipairs({"GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT"}) do
  io.write(string.format("%d\t%s\n", count(seq, #frag)[frag] or 0, frag))
end
