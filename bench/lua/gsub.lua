-- Text substitution: string.gsub with a function, a table and a capture string as the
-- replacement over a generated document (template expansion, escaping, word counting with
-- gmatch, case changes), then string.find and string.rep on the result.
local words = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit",
  "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna"}
local seed = 11
local function rnd(m) seed = (seed * 16807) % 2147483647; return seed % m end

local lines = {}
for i = 1, 400 do
  local w = {}
  for j = 1, 6 + rnd(8) do
    local word = words[1 + rnd(#words)]
    if rnd(6) == 0 then word = "${" .. word .. "}" end
    if rnd(9) == 0 then word = word .. "<" .. rnd(100) .. ">" end
    w[j] = word
  end
  lines[i] = table.concat(w, " ") .. " & " .. i .. "."
end
local doc = table.concat(lines, "\n")

local vars = {}
for i, w in ipairs(words) do vars[w] = string.upper(w) .. i end
local html = {["<"] = "&lt;", [">"] = "&gt;", ["&"] = "&amp;"}

local N = tonumber(arg and arg[1]) or 70
local total, count = 0, 0
for _ = 1, N do
  local s = doc:gsub("%${(%w+)}", function(name) return vars[name] or "?" end)
  s = s:gsub("[<>&]", html)
  s = s:gsub("(%a+)(%d+)", "%2%1")
  local freq = {}
  for w in s:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
  local n = 0
  s = s:gsub("%f[%a]%a", function(c) n = n + 1; return string.upper(c) end)
  s = s:gsub("%d+", function(d) return string.rep("#", #d) end)
  local pos, hits = 1, 0
  while true do
    local a, b = string.find(s, "&amp;", pos, true)
    if not a then break end
    hits, pos = hits + 1, b + 1
  end
  total = total + #s + hits + (freq.lorem or 0)
  count = count + n
end
print(total, count)
