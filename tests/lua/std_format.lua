-- Differential checks for string.format (stdlib engineer).
--## fmt_basic
print(string.format("%d %s %%", 42, "x"), string.format("no args"), string.format(""), string.format("%5s|%-5s|", "ab", "cd"))
--## fmt_integers
print(string.format("%d %i %u %5d %-5d| %05d %+d % d", 1, -2, 3, 4, 5, 6, 7, 8))
print(string.format("%x %X %o %#x %#o %08x", 255, 255, 8, 255, 8, 3735928559))
print(string.format("%d %d %x", math.maxinteger, math.mininteger, -1))
print(string.format("%.3d %5.2d %d", 7, 3, 3.0))
--## fmt_int_errors
print(pcall(string.format, "%d", 1.5))
print(pcall(string.format, "%d", "1.5"))
print(pcall(string.format, "%d", "x"))
print(pcall(string.format, "%x", 2^63))
print(string.format("%d", "10"), string.format("%x", "0x10"))
--## fmt_floats
print(string.format("%f %.2f %10.3f %-10.1f| %e %.3E %g %G", 1.5, 3.14159, 2.5, 1, 12345.678, 0.000123, 1e20, 1e-10))
print(string.format("%.0f %#.0f %+.1f % .1f %08.2f", 2.5, 2.5, 1, 1, -1.5))
print(string.format("%g %g %g %g %.14g %.17g", 0.1, 100, 1e100, 2^53, 0.1, 0.1))
--## fmt_float_special
print(string.format("%f %f %f %e %g", math.huge, -math.huge, 0/0 ~= 0/0 and 1 or 0, math.huge, -math.huge))
print(string.format("%.1f %5.1f", 1/0, -1/0))
--## fmt_float_big
print(#string.format("%99.99f", 1e308), #string.format("%.99f", -1e308), string.format("%.3f", 2^63))
--## fmt_hex_floats
print(string.format("%a %A %.3a %a %a", 1, 255.5, 1/3, 0.0, -0.5))
--## fmt_char
print(string.format("%c%c%c", 76, 117, 97), #string.format("%c", 0), string.format("%5c|%-5c|", 65, 66))
--## fmt_string
print(string.format("%s %s %s %s %s", nil, true, 12, 1.5, "x"), string.format("%.2s|%5.1s|", "abcdef", "xyz"))
print(string.format("%s", setmetatable({}, {__tostring = function() return "custom" end})))
print(#string.format("%s", ("x"):rep(1000)), #string.format("%-20s", ("x"):rep(150)), #string.format("%.50s", ("x"):rep(150)))
print(string.format("%s", "a\0b") == "a\0b")
print(pcall(string.format, "%10s", "a\0b"))
--## fmt_string_tostring_errors
print(pcall(string.format, "%s", setmetatable({}, {__tostring = function() return 1 end})))
print(pcall(string.format, "%s"))
print(string.format("%s", setmetatable({}, {__name = "MyType"})):match("^MyType: ") ~= nil)
--## fmt_pointer
print(string.format("%p", nil), string.format("%p", 1), string.format("%p", true), string.format("%10p|", nil))
print(string.format("%p", {}) ~= string.format("%p", {}), string.format("%p", print) == string.format("%p", print))
local t = {}
print(string.format("%p", t) == tostring(t):match("0x%x+"))
--## fmt_q_strings
print(string.format("%q", "hello\n\"world\"\\ \0 \1 \0011 \r \t \127 \200"))
print(string.format("%q", ""), string.format("%q", ("\0"):rep(3)))
--## fmt_q_numbers
print(string.format("%q %q %q %q", 1, -1, math.maxinteger, math.mininteger))
print(string.format("%q %q %q %q %q", 1.5, -0.0, 1e100, 0.1, 2^63))
print(string.format("%q %q %q", 1/0, -1/0, 0/0))
--## fmt_q_roundtrip
local vals = {0, 1, -1, math.maxinteger, math.mininteger, 0.5, -0.0, 1/3, 1e308, 5e-324, 2^53 + 1, 1/0, -1/0}
local ok = true
for _, v in ipairs(vals) do
  local back = load("return " .. string.format("%q", v))()
  if back ~= v or math.type(back) ~= math.type(v) then ok = false print("bad", v) end
end
local nan = load("return " .. string.format("%q", 0/0))()
print(ok, nan ~= nan)
local s = ""
for i = 0, 255 do s = s .. string.char(i) end
print(load("return " .. string.format("%q", s))() == s)
--## fmt_q_other
print(string.format("%q %q %q", nil, true, false))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%q", print))
print(pcall(string.format, "%10q", "x"))
--## fmt_errors
print(pcall(string.format, "%y", 1))
print(pcall(string.format, "%", 1))
print(pcall(string.format, "%d"))
print(pcall(string.format, "%d %d", 1))
print(pcall(string.format, "%123d", 1))
print(pcall(string.format, "%1.123f", 1))
print(pcall(string.format, "%10.3s", "x"), pcall(string.format, "%-#5s", "x"))
print(pcall(string.format, "%#d", 1))
print(pcall(string.format, "%+x", 1))
print(pcall(string.format, "%+s", "x"))
print(pcall(string.format, "%.3c", 65))
print(pcall(string.format, "%-+ #0-+ #0-+ #0-+ #0-+ #0d", 1))
print(pcall(string.format, "%0.5p", nil))
print(pcall(string.format))
print(pcall(string.format, 1))
print(pcall(string.format, {}))
--## fmt_flags_valid
print(string.format("[%-5d][%05d][% d][%+d][%-+5d]", 1, 2, 3, 4, 5))
print(string.format("[%#x][%#X][%#o][%-#8x][%#08x]", 10, 10, 10, 10, 10))
print(string.format("[%#g][%#.3e][%-+12.4f][% 012.3f]", 1, 2, 3, 4))
print(string.format("[%99d]", 1):len(), string.format("[%.99f]", 1):len())
--## fmt_many_args
print(string.format(("%d"):rep(50, ","), table.unpack((function() local t = {} for i = 1, 50 do t[i] = i end return t end)())))
--## fmt_percent_literal
print(string.format("100%% %s%%", "sure"), string.format("%%d"), string.format("%5%"))
--## fmt_integer_float_convert
print(string.format("%d %d", 3.0, -0.0), string.format("%.1f", 3), string.format("%x", 16.0))
print(pcall(string.format, "%d", 1e100))
print(pcall(string.format, "%d", 0/0))
--## fmt_tostring_int_float
print(1e15, 1e16, -1e15, 123456789012345678, 2^53, 2^63, -2^63, 1/3, 100 // 1.0, 3 % -2, -3 % 2.0)
--## fmt_upper_F_invalid
-- %F is not among Lua's conversions (C99 has it; lstrlib does not)
print(pcall(string.format, "%F", 1))
print(pcall(string.format, "%10.3F", 1.5))
print(string.format("%f %.1f %e %G", 1, 2.25, 3, 4))
--## fmt_p_same_long_string_constant
-- equal string constants of one chunk are one object, long strings too, across functions
-- (compiled by load here, so the check means the same when this chunk runs from a dump)
local chunk = load([==[
local function f() return [[a long string constant, longer than forty characters: 0123456789]] end
local function g() return "a long string constant, longer than forty characters: 0123456789" end
local s = "a long string constant, longer than forty characters: 0123456789"
return string.format("%p", f()) == string.format("%p", g()), string.format("%p", s) == string.format("%p", f())
]==])
print(chunk())
print(string.format("%p", ("x"):rep(50)) == string.format("%p", ("x"):rep(50)))
--## fmt_tostring_floats_fast
-- tostring and concatenation of floats (%.14g, written without printf where it is exact)
local t = {}
for _, x in ipairs{0.0, -0.0, 0.5, -0.5, 0.1, 1/3, -2/3, 1e-4, 1.5e-4, 9.99999999999995e-5, 1e-5,
                   100.0, 1e14, 1e15, 99999999999999.5, 99999999999999.95, 123456789012345.6,
                   2^53, 2^63, -2^63, 1e100, 5e-324, 1.7976931348623157e308, 0.30000000000000004,
                   3.14159265358979, 2.5, 3.5, 0.125, 1234.5678, 1/0, -1/0, 9.5, 0.95, 0.0095} do
  t[#t + 1] = tostring(x) .. " " .. x .. " " .. string.format("%.14g|%g|%.3f|%.0f|%10.2f|%-8.1f|%+.2f|%08.3f|% g", x, x, x, x, x, x, x, x, x)
end
for i = 1, 2000 do t[#t + 1] = (i / 7) .. (i + 0.5) .. (i * 0.1) .. string.format("%5.2f%g%.14g", i / 7, i * 1.5, i / 3) end
print(table.concat(t, "\n"))
--## fmt_fast_conversions
-- %d %i %x %X %o %f %g with flags and widths (written without printf where possible)
local out = {}
local ints = {0, 1, -1, 7, -42, 255, 65535, 123456789, -987654321, math.maxinteger, math.mininteger}
for _, f in ipairs{"%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%-+6d|", "%x", "%X",
                   "%8x", "%-8X|", "%08x", "%o", "%6o", "%2d", "%99d", "%#x", "%.3d", "%u", "%0-4d|"} do
  local t = {}
  for _, v in ipairs(ints) do t[#t + 1] = string.format(f, v) end
  out[#out + 1] = f .. " " .. table.concat(t, ",")
end
local floats = {0.0, -0.0, 1.0, -1.5, 0.125, 2.5, 1 / 3, -2 / 3, 1e-5, 123.456, 1e15, 1e20, 1e300, 5e-324, 1 / 0, -1 / 0, 0 / 0, 99.995, 0.05}
for _, f in ipairs{"%f", "%.0f", "%.1f", "%5.2f", "%-9.3f|", "%09.2f", "%+.2f", "% .1f", "%.19f", "%.20f",
                   "%g", "%.0g", "%.1g", "%.3g", "%10g", "%-10g|", "%010g", "%+g", "%.14g", "%.17g", "%.19g", "%#g", "%e", "%G"} do
  local t = {}
  for _, v in ipairs(floats) do t[#t + 1] = string.format(f, v) end
  out[#out + 1] = f .. " " .. table.concat(t, ",")
end
print(table.concat(out, "\n"))
print(pcall(string.format, "%d", 1.5), pcall(string.format, "%5.2f", "x"), string.format("%x", 3.0))
