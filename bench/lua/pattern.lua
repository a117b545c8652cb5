-- Benchmark: the Lua pattern matcher (find/match/gmatch/gsub) over a generated text.
-- Prints a checksum so runs under different interpreters can be compared for correctness.
local N = tonumber(arg and arg[1]) or 30
local words = {"alpha", "beta", "gamma", "delta", "key=value", "x1=42", "(nested (parens))", "[br]", "2024-01-31"}
local parts = {}
for i = 1, 4000 do parts[i] = words[(i * 7) % #words + 1] end
local text = table.concat(parts, " ")

local sum = 0
for _ = 1, N do
  for w in text:gmatch("%a+") do sum = sum + #w end
  for k, v in text:gmatch("(%w+)=(%w+)") do sum = sum + #k + #v end
  sum = sum + select(2, text:gsub("%s+", " "))
  sum = sum + #text:gsub("(%d+)%-(%d+)%-(%d+)", "%3/%2/%1")
  sum = sum + select(2, text:gsub("%b()", ""))
  sum = sum + select(2, text:gsub("%f[%w]%w+", string.upper))
  local pos = 1
  while true do
    local s, e = text:find("gamma", pos, true)
    if not s then break end
    sum = sum + s
    pos = e + 1
  end
  sum = sum + (text:find("[%[](%a+)[%]]") or 0) + #(text:match(".-delta") or "")
end
print("pattern checksum", sum)
