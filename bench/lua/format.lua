-- Benchmark: string.format conversions (%d %s %5.2f %x %q %g) and tostring of numbers.
-- Prints a checksum so runs under different interpreters can be compared for correctness.
local N = tonumber(arg and arg[1]) or 200000
local len = 0
for i = 1, N do
  local s = string.format("%d:%s|%5.2f|%-8x|%g", i, "item", i / 7, i * 31, i * 1.5)
  len = len + #s
  if i % 10 == 0 then
    len = len + #string.format("%q", "line\n" .. i .. "\0end") + #string.format("%q", i / 3)
  end
  len = len + #tostring(i + 0.5)
end
print("format checksum", len)
