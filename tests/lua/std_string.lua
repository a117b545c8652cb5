-- Differential checks for the simple string functions and the string metatable (stdlib engineer).
--## str_len
print(#"", ("abc"):len(), string.len("a\0b"), string.len(123))
print(pcall(string.len))
print(pcall(string.len, {}))
--## str_sub_basic
local s = "hello"
print(s:sub(2, 4), s:sub(-3), s:sub(0), s:sub(10), s:sub(3, 2), s:sub(-100, 2), s:sub(2, -2))
--## str_sub_bounds
local s = "hello"
print(s:sub(math.mininteger, math.maxinteger), s:sub(math.maxinteger), s:sub(-1, -1), s:sub(0, 0))
print(("a\0b\0c"):sub(2, 4) == "\0b\0", ("x"):sub(1.0, 1))
print(pcall(string.sub, "x", 1.5))
print(pcall(string.sub, "x"))
--## str_upper_lower
print(("Hello World 123 \0 é"):upper(), ("ÀBC xyz"):lower(), (""):upper())
--## str_reverse
print(("abc"):reverse(), (""):reverse(), ("a\0b"):reverse() == "b\0a", ("x"):reverse())
--## str_rep
print(("ab"):rep(3), ("ab"):rep(3, ","), ("x"):rep(0), ("x"):rep(-5), ("x"):rep(1, "sep"), (""):rep(5), ("a"):rep(2, ""))
print(#("abc"):rep(1000), #(""):rep(1000000, ""))
--## str_rep_errors
print(pcall(string.rep, "x", 2^31))
print(pcall(string.rep, "xx", 2^30, "y"))
print(pcall(string.rep, "x", math.maxinteger))
print(pcall(string.rep, "x", 1.5))
print(pcall(string.rep, "x"))
--## str_byte
print(("ABC"):byte(), ("ABC"):byte(2), ("ABC"):byte(1, -1), ("ABC"):byte(-1), ("ABC"):byte(10))
print(("ABC"):byte(0), ("ABC"):byte(3, 1), ("\0\255"):byte(1, 2), (""):byte())
print(select('#', ("ABC"):byte(-10, 10)), select('#', (""):byte(1, -1)))
--## str_char
print(string.char(72, 105), string.char(), #string.char(0, 255), string.char(0x41.0))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
print(pcall(string.char, 65, {}))
--## str_byte_char_roundtrip
local t = {}
for i = 0, 255 do t[#t + 1] = i end
local s = string.char(table.unpack(t))
print(#s, s:byte(1), s:byte(256), s:byte(129))
local back = {s:byte(1, -1)}
local ok = true
for i = 0, 255 do if back[i + 1] ~= i then ok = false end end
print(ok)
--## str_byte_counts
-- Result counts around the C stack reserve (LUA_MINSTACK, 20) and the 64-byte fuel step.
local s = string.rep("abcdefghij", 30)
for _, n in ipairs({1, 2, 19, 20, 21, 22, 63, 64, 65, 200, 300}) do
  local t = {s:byte(1, n)}
  local sum = 0
  for i = 1, #t do sum = sum + t[i] end
  print(n, select("#", s:byte(1, n)), #t, sum, t[#t], select("#", s:byte(-n, -1)))
end
print(select("#", s:byte(5, 4)), select("#", s:byte(301)), s:byte(-1), s:byte(0))
print(select("#", string.byte(s, 1, 1e10)), select("#", string.byte(s, -1e10, 1e10)))
--## str_byte_sub_args
-- Positions given as integers, floats, numeric strings, nil, and wrong types.
print(pcall(string.byte, "abc", 1.5))
print(string.byte("abc", "2"), string.byte("abc", nil, 2), string.byte("abc", 2.0, "3.0"))
print(pcall(string.byte, "abc", 2, "x"))
print(pcall(string.sub, "abc", 2, {}))
print(string.sub("abcdef", 2, nil), string.sub("abcdef", "3", 4.0), string.sub("abcdef", -2))
print(pcall(string.sub, "abc", 1, 2.5))
--## str_methods
local s = "abc"
print(s:upper(), s:len(), ("%d"):format(5), ("x"):rep(2), #s, s:find("b"))
print(("10") + 1, "3" * "4", "10" / "4", "7" // "2", "7" % "3", "2" ^ "3", -"5", "0x10" + 0, " 5 " * 2)
--## str_arith_types
print(math.type("10" + 1), math.type("10.0" + 1), math.type("1e1" * 1), math.type("3" // 1), math.type("3.5" // 1))
print(10 .. "", "1" + "1", "0x7fffffffffffffff" + 0, "9223372036854775807" + 1)
--## str_arith_errors
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return {} + "1" end))
print(pcall(function() return "1" + {} end))
print(pcall(function() return "x" * "y" end))
print(pcall(function() return -"abc" end))
print(pcall(function() local a = "x" return a // 2 end))
print(pcall(function() return "1" & 3 end))
print(pcall(function() return "1.5" | 0 end))
--## str_arith_mt_fallback
local t = setmetatable({}, {__add = function(a, b) return "mt" end, __mul = function() return 42 end})
print("1" + t, t + "1", "x" + t, "2" * t)
--## str_metatable
local mt = getmetatable("")
print(type(mt), mt.__index == string, rawequal(getmetatable("a"), getmetatable("b")))
local keys = {}
for k in pairs(mt) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
--## str_dump_errors
print(pcall(string.dump, print))
print(pcall(string.dump))
print(pcall(string.dump, 1))
--## str_dump_roundtrip
local ok, d = pcall(string.dump, function(a, b) return a + b end)
if ok then local f = load(d, "x", "b") print(type(d), f and f(2, 3)) else print("dump failed") end
--## str_lib_fields
local names = {}
for k, v in pairs(string) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
print(table.concat(names, " "))
--## str_coercion_args
print(string.upper(12), string.rep(5, 2), string.len(1.5), string.byte(42), string.sub(12345, 2, 3))
print(pcall(string.upper, nil))
print(pcall(string.upper, true))
--## str_tostring_numbers
print(string.format("%s %s %s %s", 1, 1.0, -0.0, 1e300 * 10), 2^63, math.mininteger, 1e15, 1e16, 0.1)
--## str_neg_index_edges
local s = "abcdef"
print(s:sub(-6, -6), s:sub(-7, -6), s:sub(6, 100), s:sub(7), s:byte(-6), s:byte(-7))
print(("x"):sub(2, 1) == "", ("x"):sub(math.mininteger, math.mininteger))
--## str_long_nul
local s = ("\0"):rep(10) .. "abc" .. ("\0"):rep(10)
print(#s, s:upper():byte(11, 13), #s:reverse(), s:sub(11, 13), #s:rep(3, "\0"))
--## str_compare
print("a" < "b", "a" < "ab", "" < "a", "Z" < "a", "a\0b" < "a\0c", "a\0" > "a", "abc" <= "abc")
print(pcall(function() return "a" < 1 end))
--## str_case_all_bytes
-- upper/lower map ASCII letters in the C locale, and follow <ctype.h> in another one
local t = {}
for c = 0, 255 do t[#t + 1] = string.char(c) end
local all = table.concat(t)
print(all:upper() == all:upper(), #all:upper(), all:upper():byte(97, 123))
print(("abcdefghijklmnopqrstuvwxyz0123456789"):upper(), ("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):lower())
print(all:lower():byte(65, 91), all:upper():sub(128) == all:sub(128), ("MiXeD 123 \0 ZzAa"):lower())
print(("MiXeD 123 \0 ZzAa"):upper(), (""):upper(), ("@[`{"):lower(), ("@[`{"):upper())
if os.setlocale("C.utf8", "ctype") or os.setlocale("C.UTF-8", "ctype") then
  print(all:upper() == all, all:lower():byte(65, 91), ("caf\xc3\xa9"):upper())
end
