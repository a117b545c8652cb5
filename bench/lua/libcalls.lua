-- Library calls in an inner loop, the way scanners and formatters write them: string.byte/sub/
-- find (plain)/char/len/format, math.floor/min/max/abs, type, rawget, select, table.unpack,
-- ipairs, pairs, tonumber, tostring, table.insert/concat (the cost of a C function call and of
-- reading its arguments).
local N = tonumber(arg and arg[1]) or 300000
local s, t, acc = "hello world", {1, 2, 3, 4, 5}, 0
local byte, sub, find, char, len, fmt = string.byte, string.sub, string.find, string.char,
  string.len, string.format
local floor, min, max, abs = math.floor, math.min, math.max, math.abs
local insert, concat, unpack = table.insert, table.concat, table.unpack or unpack
for i = 1, N do
  acc = acc + byte(s, 3) + len(s) + #sub(s, 2, 4) + (find(s, "wor", 1, true) or 0) + #char(65, 66)
  acc = acc + floor(i / 3) + min(i, 7) + max(i, 3) + abs(-i)
  acc = acc + (type(s) == "string" and 1 or 0) + rawget(t, 2) + select("#", unpack(t))
  for _, v in ipairs(t) do acc = acc + v end
  for k in pairs(t) do acc = acc + k end
  acc = acc + tonumber("12") + #tostring(i) + #fmt("%d", i)
  local u = {}
  insert(u, i)
  insert(u, 1)
  acc = acc + #concat(u, ",")
end
print(fmt("%.0f", acc))
