-- String building: multi-part concatenation with numbers, tostring, buffers joined with
-- table.concat, string.rep and small string.format calls (report and serializer code).
local N = tonumber(arg and arg[1]) or 400000
local total = 0
for i = 1, N do
  local s = "item " .. i .. ": x=" .. i * 2 .. ", y=" .. (i + 0.5) .. ";"
  total = total + #s
  local name = "k" .. (i % 100)
  local line = name .. "=" .. tostring(i) .. "\n"
  total = total + #line
end
for r = 1, math.floor(N / 200) do
  local buf = {}
  for i = 1, 200 do
    buf[#buf + 1] = "<td>" .. i .. "</td>"
  end
  local row = "<tr>" .. table.concat(buf) .. "</tr>"
  total = total + #row + #string.rep("-", r % 50, " ")
end
for i = 1, N do
  total = total + #string.format("%d:%s", i, "v")
end
print(total)
