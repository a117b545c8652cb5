-- The string library's fast paths (issue 16, branch str2) and their fallbacks, against
-- lua5.4: string.byte/sub with integer positions (every clipping case), one-byte strings,
-- interning of short strings of every length, table.concat, tostring/tonumber, string order.
--## byte_positions
local s = "hello\0world"
local pos = {0, 1, 2, 5, 6, 11, 12, 13, 100, -1, -2, -11, -12, -13, -100,
             math.maxinteger, math.mininteger, math.mininteger + 1, math.maxinteger - 1}
for _, i in ipairs(pos) do
  print(i, s:byte(i), select('#', s:byte(i)))
  print(i, string.byte("", i), select('#', string.byte("", i)))
  print(i, string.byte("x", i), select('#', string.byte("x", i)))
end
print(s:byte(), ("\255"):byte(), ("\0"):byte())
--## byte_fallbacks
local s = "abcdef"
print(s:byte(2.0), s:byte("3"), s:byte(" 4 "), s:byte(1, 3), s:byte(-3, -1), s:byte(nil))
print(string.byte(123), string.byte(12.5, 2), string.byte(-7, 1, -1))
print(pcall(string.byte, s, 1.5))
print(pcall(string.byte, s, "x"))
print(pcall(string.byte, s, {}))
print(pcall(string.byte))
print(pcall(string.byte, nil))
print(pcall(string.byte, {}, 1))
print(s:byte(1, nil), s:byte(2, 2, 99))
print(select('#', s:byte(4, 2)), select('#', s:byte(0, 0)))
--## sub_positions
local s = "hello\0world"
local pos = {0, 1, 2, 5, 6, 11, 12, 13, 100, -1, -2, -11, -12, -13, -100,
             math.maxinteger, math.mininteger, math.mininteger + 1}
for _, i in ipairs(pos) do
  local r = {}
  for _, j in ipairs(pos) do r[#r + 1] = ("%q"):format(s:sub(i, j)) end
  print(i, ("%q"):format(s:sub(i)), table.concat(r, " "))
end
print(("%q"):format(string.sub("", 1, 1)), ("%q"):format(string.sub("", 0)))
--## sub_fallbacks
local s = "abcdef"
print(s:sub(2.0, 4.0), s:sub("2", "4"), s:sub(2, nil), s:sub(-2.0), s:sub(3, "-2"))
print(string.sub(123456, 2, 3), string.sub(1.5, 1, 2))
print(pcall(string.sub, s))
print(pcall(string.sub, s, 1.5))
print(pcall(string.sub, s, 1, 2.5))
print(pcall(string.sub, s, 1, {}))
print(pcall(string.sub, nil, 1))
print(pcall(string.sub, {}, 1, 2))
print(s:sub(1, 2, 3), s:sub(2, 3, nil))
--## sub_interning
-- Substrings made by the fast path are the same interned strings as literals and concatenations.
local t = {}
local s = "abcabcxyz\0\0q" .. string.rep("long", 20)
for i = 1, #s do
  for j = i, math.min(#s, i + 45) do
    local k = s:sub(i, j)
    t[k] = (t[k] or 0) + 1
  end
end
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = ("%q=%d"):format(k, v) end
table.sort(keys)
print(#keys, table.concat(keys, ",", 1, 40))
print(t["a"], t["abc"], t["bca"], t["\0"], t["\0\0"], t["long"], t[("long"):rep(10)])
print(s:sub(1, 1) == "a", s:sub(1, 3) == "abc", s:sub(4, 6) == s:sub(1, 3),
      s:sub(10, 10) == "\0", rawequal(s:sub(13, 16), "long"))
--## onebyte_strings
-- every one-byte string, made by several routes, compares and hashes as one value
local t, n = {}, 0
for c = 0, 255 do
  local a, b, d = string.char(c), ("x" .. string.char(c)):sub(2), string.format("%c", c)
  assert(a == b and b == d and #a == 1 and a:byte() == c)
  t[a] = c
  n = n + ((t[b] == c and t[d] == c) and 1 or 0)
end
print(n, t["A"], t["\0"], t["\255"], ("A"):rep(1) == "A", ("AB"):sub(1, 1) < "B")
collectgarbage(); collectgarbage()
print(string.char(65) == ("zA"):sub(2), next({[string.char(0)] = 1}) == "\0")
--## concat_strings
local t = {"a", "bc", "", "def", "\0", "g"}
for i = -1, 8 do
  for j = -1, 8 do
    local ok, r = pcall(table.concat, t, ", ", i, j)
    local ok2, r2 = pcall(table.concat, t, "", i, j)
    print(i, j, ok, ok and ("%q"):format(r) or r, ok2, ok2 and ("%q"):format(r2) or r2)
  end
end
print(table.concat(t) == "abcdef\0g", table.concat({}), table.concat({}, "x"),
      table.concat({"only"}, "x"), table.concat(t, 1), table.concat(t, 2.5))
--## concat_interned_and_long
-- a short result is the interned string (a table key equal to the literal), a long one equal
local parts = {}
for i = 1, 10 do parts[i] = tostring(i) end
local k = table.concat(parts, "", 1, 9)
local t = {[k] = "found"}
print(t["123456789"], k == "123456789", #table.concat(parts, "-"))
local big = {}
for i = 1, 2000 do big[i] = ("x"):rep(i % 7) .. i end
local s = table.concat(big, "|")
print(#s, s:sub(1, 60), s:sub(-30))
print(table.concat(big, "", 1999) == big[1999] .. big[2000], #table.concat(big, ("ab"):rep(30)))
--## concat_fallbacks
-- numbers, the hash part, __index and bad values take the general path
print(table.concat({1, 2.5, "x", 3}, " "), table.concat({1, 2, 3}, ", ", 2))
print(table.concat({10, -0.0, 1e100, math.mininteger, 2^63}, ";"))
local h = {}
h[1], h[3], h[2] = "a", "c", "b"
h[100] = "z"
print(table.concat(h, "+"), table.concat(h, "+", 100, 100))
local p = setmetatable({"a", nil, "c"}, {__index = function(_, i) return "<" .. i .. ">" end})
print(table.concat(p, ",", 1, 5))
local q = setmetatable({}, {__index = {"x", "y"}, __len = function() return 2 end})
print(table.concat(q, "/"))
print(pcall(table.concat, {"a", {}, "c"}, ","))
print(pcall(table.concat, {"a", "b", nil, "d"}, ",", 1, 4))
print(pcall(table.concat, {true}))
print(pcall(table.concat, {"a"}, {}))
print(pcall(table.concat, "abc"))
print(pcall(table.concat, {"a", "b"}, "", 1, math.maxinteger))
print(pcall(table.concat, {"a", "b"}, "", math.mininteger, 1))
--## write_numbers_formatted
-- io.write formats numbers itself (no fprintf): every %.14g case and the integer extremes
local vals = {0, -0.0, 1, -1, 0.1, 1/3, -2/3, 1e15, 1e16, 123456789012345.6, 2^53, 2^63, -2^63,
              1e100, 1e-5, 1e-300, 5e-324, 1.7976931348623157e308, 1/0, -1/0, 100.0, 12.5,
              0.000123456789012345, 99999999999999.5, 999999999999999, math.maxinteger,
              math.mininteger, 7, -42, 1e21, 123e-20, 3.14159265358979}
local f = io.tmpfile()
for _, v in ipairs(vals) do f:write(v, "|") end
f:write(0/0 ~= 0/0 and "nan-ok" or "", "\n")
f:seek("set")
print(f:read("a"))
f:close()
io.write(1, 2.5, "x", -3, "\n")
--## userdata_checks
-- methods on a file check their argument against the registry's FILE* metatable
local f = io.tmpfile()
print(io.type(f), io.type(io.stdout), io.type(42), io.type({}), io.type(nil))
print(pcall(f.write, {}, "x"))
print(pcall(f.write, "str", "x"))
print(pcall(f.write, setmetatable({}, getmetatable(f)), "x"))
print(pcall(f.seek, io.stdout, "bogus"))
local u = debug.getregistry and io.open and true
f:close()
print(io.type(f), pcall(f.write, f, "x"))
print(pcall(f.read, newproxy and newproxy() or coroutine.create(print)))
--## userdata_registry_changed
-- the registry's entry replaced or removed: methods then reject every file, as in lua5.4
local reg = debug.getregistry()
local f = io.tmpfile()
local mt = reg["FILE*"]
reg["FILE*"] = {}
print(pcall(f.write, f, "x"))
print(io.type(f))
reg["FILE*"] = nil
print(pcall(f.write, f, "x"))
setmetatable(reg, {__index = function(_, k) if k == "FILE*" then return mt end end})
print(pcall(f.write, f, "x"), io.type(f))
setmetatable(reg, nil)
reg["FILE*"] = mt
print(pcall(f.write, f, "x"), io.type(f))
f:close()
--## tonumber_decimal_floats
-- decimal numerals read without strtod when exact (Clinger's fast path) and by strtod
-- otherwise; %a shows every bit
local cases = {"1.5", "-1.5", "+1.5", " 1.5 ", "\t-0.0\n", "-0", "0.0", ".5", "5.", ".", "-.", "+.e1",
  "1e", "1e+", "1e-", "1e5", "1E5", "1e+5", "1e-5", "1.5e300", "1e22", "1e23", "1e-22", "1e-23",
  "9007199254740992.0", "9007199254740993.0", "9007199254740994.5", "123456789012345678.9",
  "1234567890123456789", "12345678901234567890", "0.1", "0.2", "0.3", "3.14159265358979",
  "00000000000000000001.5", "0000000000000000001.5", "1.5x", "1.5 x", "0x1p4", "0x.8", "inf",
  "nan", "-inf", "1e0400", "1e-0400", "1e0022", "2.2250738585072014e-308", "4.9e-324",
  "1.7976931348623157e308", "1.8e308", "1..5", "1.5.", "--1", "- 1", "1 .5", "", " ", "e5",
  "0.000001", "100000000000000000000000.0", "4.35", "8.675309e5", "1e+0", "1.e2", "12.e-3"}
for _, c in ipairs(cases) do
  local n = tonumber(c)
  print(("%q"):format(c), math.type(n), n and ("%a"):format(n), n)
end
--## tonumber_random_numerals
-- pseudo-random numerals of every shape the fast path takes or refuses
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
local out = {}
for i = 1, 3000 do
  local int = tostring(rnd(10 ^ (rnd(10) + 1)))
  local frac = tostring(rnd(10 ^ (rnd(12) + 1)))
  local s = rnd(4) == 0 and ("." .. frac) or (int .. "." .. frac)
  if rnd(3) == 0 then s = s .. (rnd(2) == 0 and "e" or "E") .. (rnd(2) == 0 and "-" or "") .. rnd(30) end
  if rnd(5) == 0 then s = "-" .. s end
  local n = tonumber(s)
  out[#out + 1] = n and ("%a"):format(n) or "nil"
  local f = load("return " .. s)
  if f and f() ~= n and n == n then out[#out + 1] = "lexer differs: " .. s end
end
print(table.concat(out, " "))
--## format_s_and_tostring
local vals = {"abc", "", "a\0b", ("x"):rep(120), 0, -7, math.mininteger, 1.5, -0.0, 1e100, 2^63,
              1/0, 100.0, true, nil, false}
for i = 1, #vals + 1 do
  local v = vals[i]
  print(i, ("[%s]"):format(v), ("[%5s]"):format(type(v) == "string" and v:gsub("%z", "") or v),
        ("[%-6.2s]"):format(v), tostring(v), pcall(string.format, "%10s", v))
end
print(pcall(string.format, "%s"), pcall(string.format, "%5s", "a\0b"))
print(#string.format("%s", ("y"):rep(300)), #string.format("%-5s", ("y"):rep(300)),
      #string.format("%.3s", ("y"):rep(300)))
print(string.format("%s %s %s", 1, 2.5, "z"), string.format("%s", setmetatable({}, {__tostring = function() return "T" end})))
--## format_s_tostring_metamethods
-- a __tostring on the string or number metatable is honoured by %s and tostring
local smt = getmetatable("")
smt.__tostring = function(s) return "<" .. s .. ">" end
print(string.format("%s|%5s", "ab", "c"), tostring("ab"), select(2, pcall(tostring, "q")))
smt.__tostring = nil
print(string.format("%s|%5s", "ab", "c"), tostring("ab"))
debug.setmetatable(0, {__tostring = function(n) return "num" .. math.type(n) end})
print(string.format("%s|%-6s|", 1, 2.5), tostring(3), tostring(-0.0))
debug.setmetatable(0, {__tostring = 42})
print(pcall(string.format, "%s", 1), pcall(tostring, 1))
debug.setmetatable(0, {__tostring = function() return {} end})
print(pcall(string.format, "%s", 1), pcall(tostring, 1))
debug.setmetatable(0, {__index = {}})
print(string.format("%s", 7), tostring(7.25))
debug.setmetatable(0, nil)
smt.__tostring = false
print(pcall(string.format, "%s", "x"), pcall(tostring, "x"))
smt.__tostring = nil
print(string.format("%s", "ok"))
--## string_order
-- < and <= on strings: bytes in the C locale (NUL the least, prefixes first), strcoll in others
local ws = {"", "a", "a\0", "a\0b", "a\0a", "ab", "abc", "b", "B", "\255", "\0", "\0\0", "aa",
            "a b", "Z", "zz", "\128x", "10", "9", "abd", ("k"):rep(50), ("k"):rep(49) .. "l"}
local function run()
  local out = {}
  for i = 1, #ws do
    for j = 1, #ws do
      out[#out + 1] = (ws[i] < ws[j] and "<" or "") .. (ws[i] <= ws[j] and "=" or "-")
    end
  end
  local s = {}
  for i = 1, #ws do s[i] = ws[i] end
  table.sort(s)
  for i = 1, #s do s[i] = ("%q"):format(s[i]) end
  return table.concat(out, " ") .. "\n" .. table.concat(s, ",")
end
print(run())
print(os.setlocale(nil, "collate"))
if os.setlocale("C.UTF-8", "collate") then print(run()) end
print(os.setlocale("POSIX", "collate"), run())
print(os.setlocale("C"), run())
--## format_s_widths
for _, f in ipairs({"%5s", "%-5s", "%.2s", "%5.2s", "%-5.0s", "%99s", "%-99.98s", "%.99s", "%1s"}) do
  for _, v in ipairs({"", "a", "hello world", ("q"):rep(99), ("q"):rep(100), 12, -1.5}) do
    io.write(("%q"):format(string.format(f, v)), " ")
  end
  print()
end
print(pcall(string.format, "%05s", "x"), pcall(string.format, "%#s", "x"), pcall(string.format, "%100s", "x"))
--## format_numeric_specs
-- numeric conversions parsed in one pass; specs it refuses go through the general checks
local specs = {"%5d", "%-5d", "%05d", "%+d", "% d", "%+05d", "%-+7i", "%3x", "%-4X", "%08o", "%#x",
  "%#o", "%.3d", "%5.2f", "%-8.3f", "%+.1f", "% 010.4f", "%g", "%10g", "%-10.3g", "%#g", "%.0f",
  "%99.99f", "%e", "%12.4E", "%G", "%a", "%5c", "%u", "%+x", "% o", "%#d", "%100d", "%.100f",
  "%-------------------5d", "%--------------------5d", "%5.2.1f", "%5", "%5q", "%0-5d", "%-05x"}
for _, f in ipairs(specs) do
  local r = {}
  for _, v in ipairs({0, 7, -42, 255, 3.75, -0.0, 1e15, 2^63, math.mininteger, "12", "0x10", "1e2", "x", 1/0}) do
    local ok, s = pcall(string.format, f, v)
    r[#r + 1] = ok and ("%q"):format(s) or ("E:" .. s)
  end
  print(f, table.concat(r, " "))
end
