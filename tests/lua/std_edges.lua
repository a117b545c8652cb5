-- More differential edge cases across the standard library (stdlib engineer): empty strings,
-- negative indices, huge counts, NULs inside strings, integer/float boundaries.
--## edge_empty_find
print((""):find(""), (""):find("", 1), (""):find("", 2), (""):find("a"), (""):match(".*"), (""):match("()"))
--## edge_empty_gsub
print((""):gsub("", "x"), (""):gsub(".", "x"), (""):gsub("x*", "-"), ("a"):gsub("x*", "-"))
--## edge_empty_gmatch
local n = 0
for _ in (""):gmatch("") do n = n + 1 end
for _ in (""):gmatch(".") do n = n + 10 end
print(n)
--## edge_empty_format
print(string.format("%s|%q|%5s|%-3s|", "", "", "", ""), ("%s"):format(""))
--## edge_empty_rep_byte
print((""):rep(10, ""), (""):rep(3, ","), (""):byte(), (""):byte(0), (""):sub(1, 1), (""):upper(), (""):len())
--## edge_empty_pack
print(string.pack(""), string.packsize(""), string.unpack("", ""), string.unpack("z", "\0"), string.unpack("s1", "\0"))
--## edge_empty_table
print(table.concat({}), table.unpack({}), #table.pack(), table.remove({}), next(table.move({}, 1, 0, 1)))
--## edge_empty_utf8
print(utf8.len(""), utf8.char(), utf8.codepoint("", 1, 0), utf8.offset("", 1), utf8.offset("", 0))
--## edge_neg_find_init
print(("abc"):find("c", -1), ("abc"):find("a", -3), ("abc"):find("a", -4), ("abc"):find("a", math.mininteger), ("abc"):find("", -1))
--## edge_neg_byte
print(("abc"):byte(-1, -1), ("abc"):byte(-2, -1), ("abc"):byte(-3), ("abc"):byte(-1, -3))
--## edge_neg_gmatch_init
local t = {}
for c in ("abcdef"):gmatch(".", -3) do t[#t + 1] = c end
print(table.concat(t), select("#", ("abc"):gmatch(".", -10)()))
--## edge_neg_unpack_pos
print(string.unpack("b", "\1\2\3", -2), string.unpack("b", "\1\2\3", -3), pcall(string.unpack, "b", "\1\2\3", -4))
--## edge_neg_utf8
print(utf8.len("abc", -1), utf8.len("abc", -3), utf8.codepoint("abc", -2, -1), utf8.offset("abc", 1, -1), utf8.offset("abc", -1, -1))
--## edge_huge_rep_zero
print(("x"):rep(0, ("y"):rep(10)), ("x"):rep(-math.maxinteger), ("x"):rep(math.mininteger))
--## edge_huge_sub
print(("abc"):sub(2, math.maxinteger), ("abc"):sub(math.mininteger, -2), ("abc"):sub(math.maxinteger, math.mininteger))
--## edge_huge_gsub_count
print(("aaa"):gsub("a", "b", math.maxinteger), ("aaa"):gsub("a", "b", math.mininteger), ("aaa"):gsub("a", "b", 2.0))
--## edge_huge_concat_range
print(table.concat({}, ",", math.maxinteger, math.maxinteger - 1), pcall(table.concat, {}, ",", math.maxinteger - 1, math.maxinteger))
--## edge_huge_insert
local t = setmetatable({}, {__len = function() return math.maxinteger end})
print(pcall(table.insert, t, 1))
--## edge_huge_format_width
print(#string.format("%99s", "x"), #string.format("%-99d", 1), #string.format("%.99s", ("y"):rep(200)))
--## edge_huge_char
print(pcall(string.char, math.maxinteger))
print(pcall(string.char, math.mininteger))
--## edge_nul_patterns
local s = "\0\0a\0"
print(s:find("a"), s:find("\0a"), s:find("[%z]", 3), s:match("(%z*)a"):len(), s:gsub("%Z", "Z"), s:find("\0", 1, true))
--## edge_nul_format
print(#string.format("%s", "a\0b"), string.format("%q", "\0") == '"\\0"', #string.format("%c%c", 0, 0), string.format("%q", "\0001"))
--## edge_nul_pack
print(#string.pack("z", ""), string.unpack("c3", "\0\0\0") == "\0\0\0", #string.pack("s1", "\0\0"), pcall(string.pack, "z", "\0"))
--## edge_nul_upper_reverse_rep
print(#("\0a"):upper(), ("\0a"):upper():byte(1, 2), ("a\0"):reverse():byte(1, 2), #("\0"):rep(5, "\0"))
--## edge_nul_compare_concat
print("a\0b" == "a\0b", "a\0b" == "a\0c", #("\0" .. "\0"), ("x\0y"):len(), tostring("a\0b"):len())
--## edge_nul_io
local f = io.tmpfile()
f:write("a\0b\nc\0")
f:seek("set")
local l1, l2 = f:read("l", "a")
print(#l1, #l2, l1:byte(2), l2:byte(2))
f:close()
--## edge_int_float_format
print(string.format("%.0f %.20g %d", 2^63, 2^63, math.mininteger), string.format("%5.1f", -0.0), string.format("%g", -0.0))
--## edge_int_float_tointeger
print(math.tointeger(2^53), math.tointeger(-2^63), math.tointeger(2^63), math.tointeger(0.0), math.tointeger(-0.0), math.tointeger("0x10"), math.tointeger(" 5 "))
--## edge_int_float_floor
print(math.floor(-0.0), math.ceil(-0.5), math.floor(2^63 - 1024), math.ceil(-2^63), math.floor(-2^63 - 2048))
--## edge_int_float_abs_minint
print(math.abs(math.mininteger) == math.mininteger, math.abs(-2^63), -math.mininteger == math.mininteger)
--## edge_int_float_fmod_signs
print(math.fmod(-5, 3), math.fmod(5, -3), math.fmod(-5.0, 3), math.fmod(5, -3.0), math.fmod(0, 5), math.fmod(-0.0, 1))
--## edge_int_float_pack
print(string.unpack("j", string.pack("j", math.maxinteger)) == math.maxinteger, string.unpack("n", string.pack("n", -0.0)), string.unpack("f", string.pack("f", 2^24 + 1)))
print(pcall(string.pack, "j", 2^63))
print(string.pack("j", 2.0^62) == string.pack("j", 1 << 62))
--## edge_int_float_random
math.randomseed(123)
print(math.random(math.maxinteger), math.random(math.mininteger, -1), math.random(math.mininteger, math.mininteger))
--## edge_int_float_string_arith
print("9223372036854775807" + 0, "9223372036854775808" + 0, "-9223372036854775808" + 0, "0x8000000000000000" + 0, "1e308" * 10)
--## edge_int_float_concat_numbers
print(1 .. 2, 1.0 .. "", -0.0 .. "", 2^63 .. "", math.mininteger .. "", 1e100 .. "", (0/0 ~= 0/0) and "nan" or "")
--## edge_tostring_floats
print(0.1 + 0.2, 100.0, 1e15, 1e16, 123456789012.5, 3.14159265358979, -1.5e-10, 2^-1074)
--## edge_sort_many_equal
local t = {}
for i = 1, 500 do t[i] = i % 3 end
table.sort(t)
print(t[1], t[167], t[168], t[500])
--## edge_sort_reverse_sorted
local t = {}
for i = 1, 300 do t[i] = 301 - i end
table.sort(t)
print(t[1], t[150], t[300])
--## edge_sort_strings_nul
local t = {"b\0", "b", "a\0b", "a", "a\0a"}
table.sort(t)
for i, v in ipairs(t) do t[i] = v:gsub("%z", "0") end
print(table.concat(t, ","))
--## edge_sort_mixed_numbers
local t = {3, 1.5, -2, 2^53, math.mininteger, 0.0, -0.0, 1}
table.sort(t)
print(table.concat(t, " "))
--## edge_gsub_repl_percent_digit_zero
print(("abc"):gsub("(b)", "%0%1%0"), ("x"):gsub("x", "%%1"), ("x"):gsub(".", "%%%%"))
--## edge_gsub_nested_captures
print(("abcd"):gsub("((a)(b))((c)(d))", "%6%5%4%3%2%1"))
--## edge_find_special_in_plain
print(("a[b"):find("[", 1, true), ("a%b"):find("%b", 1, true), ("^a"):find("^a", 1, true), ("a$"):find("a$", 1, true))
--## edge_match_anchor_init
print(("xab"):match("^ab", 2), ("xab"):find("^ab", 2), ("aaa"):match("^a", 3), ("aaa"):match("^a", 4))
--## edge_format_q_control
print(string.format("%q", "\r\n\t\v\f\a\b\27[0m"), string.format("%q", "\2269"))
--## edge_format_g_precision
print(string.format("%.0g %.1g %.15g %.16g %.17g", 0.5, 1.55, 0.1, 0.1, 0.1))
--## edge_format_e_big_small
print(string.format("%e %e %.0e %E", 1e308, 5e-324, 12345, 1e-300))
--## edge_format_x_negative
print(string.format("%x %X %o", -1, math.mininteger, -8))
--## edge_rep_sep_count_one
print(("ab"):rep(1, "--"), ("ab"):rep(2, ""), ("a"):rep(3, "\0"):byte(1, -1))
--## edge_char_boundaries
print(string.char(0):byte(), string.char(255):byte(), #string.char(0, 0, 0), pcall(string.char, 256.0))
--## edge_len_vs_hash
local s = ("x"):rep(1000) .. "\0" .. ("y"):rep(1000)
print(#s, s:len(), string.len(s), utf8.len(s), select(2, s:gsub("y", "")))
--## edge_lower_upper_all
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
local u, l = all:upper(), all:lower()
print(#u, #l, select(2, u:gsub("%l", "")), select(2, l:gsub("%u", "")), u:sub(98, 100), l:sub(66, 68))
--## edge_table_unpack_neg
print(table.unpack({1, 2, 3}, -1, 1), table.unpack({[math.maxinteger] = "m"}, math.maxinteger, math.maxinteger))
print(table.unpack({[math.mininteger] = "n"}, math.mininteger, math.mininteger))
--## edge_table_move_neg
local t = table.move({1, 2, 3}, 1, 3, -1)
print(t[-1], t[0], t[1], t[2], t[3])
local t2 = table.move({[-5] = "a", [-4] = "b"}, -5, -4, 1, {})
print(t2[1], t2[2])
--## edge_table_insert_remove_border
local t = {n = 0}
for i = 1, 10 do table.insert(t, i) end
for i = 1, 5 do table.remove(t, 1) end
print(#t, t[1], t[5], t[6])
--## edge_table_pack_nil_tail
local t = table.pack(nil, nil, nil)
print(t.n, #t >= 0, t[1], t[3])
--## edge_io_read_zero_eof
local f = io.tmpfile()
print(f:read(0), f:read("a"), f:read("l"), f:read("n"), f:read(1), f:read("L"))
f:write("x") f:seek("set")
print(f:read(0), f:read(1), f:read(0))
f:close()
--## edge_io_read_huge_count
local f = io.tmpfile()
f:write("abc") f:seek("set")
print(f:read(1000000), f:read(1000000))
f:close()
--## edge_io_lines_formats_n
local f = io.tmpfile()
f:write("1 2 3\n4 5 x")
f:seek("set")
for a, b in f:lines("n", "n") do print(a, b) end
f:close()
--## edge_io_write_returns
local f = io.tmpfile()
print(f:write() == f, select("#", f:write("a", "b")), io.type(f:write(1)))
f:close()
--## edge_os_date_negative_and_large
print(os.date("!%Y-%m-%d", 0), os.date("!%Y-%m-%d", -86400), os.date("!%Y", 253402300799))
print(pcall(os.date, "%Y", 2^62))
--## edge_os_time_dst_field
local t = {year = 2000, month = 6, day = 15, hour = 12, isdst = false}
print(type(os.time(t)), type(t.isdst))
--## edge_utf8_large_codes
print(#utf8.char(0x10FFFF, 0x110000), utf8.len(utf8.char(0x110000)), utf8.len(utf8.char(0x110000), 1, -1, true))
--## edge_utf8_offset_continuation_end
print(utf8.offset("ä", 0, 2), utf8.offset("ä", -1), utf8.offset("aä", 2), utf8.offset("aä", 3), pcall(utf8.offset, "ä", 1, 2))
--## edge_string_methods_on_numbers
local n = 12.5
print(("%d"):rep(2), (5):type(), pcall(function() return n:len() end))
--## edge_float_mod_signs
print(-1 % -5.0, -1 % -2^63, 5.5 % -2, -5.5 % 2, 5 % -2.5, -0.0 % 1, 3 % math.huge, -3 % math.huge, 3 % -math.huge)
print(math.fmod(-1, -5.0), math.fmod(-1, -2^63), -7 // -2.0, 7 // -2.0, -7 % -2, 7 % -2)
--## edge_io_lines_default_input
local f = io.tmpfile()
f:write("d1\nd2\n")
f:seek("set")
io.input(f)
for l in io.lines() do io.write(l, ";") end
print(io.type(f))
f:close()
print(pcall(io.read))
print(pcall(io.lines))
io.input(io.stdin)
--## edge_io_read_long_numeral
local f = io.tmpfile()
f:write(("1"):rep(250), " 5")
f:seek("set")
print(f:read("n"), #f:read("a"))
f:close()
--## edge_table_nontable_with_metamethods
debug.setmetatable(0, {__index = function(_, i) return i * 10 end, __len = function() return 3 end})
print(table.concat(5, ","), table.unpack(5))
debug.setmetatable(0, nil)
print(pcall(table.concat, 5))
--## edge_string_arith_all_ops
print("5" - "2", "5" - 2, 5 - "2", "2" * "3", "9" / "2", "9" // "2", "9" % "4", "2" ^ "10", -"3", -"3.5")
print(pcall(function() return "a" - 1 end))
print(pcall(function() return 1 // "b" end))
--## edge_math_ceil_floor_ints
print(math.ceil(5), math.floor(-5), math.ceil(math.maxinteger), math.floor(math.mininteger))
--## edge_pattern_misc_paths
print(("(a"):match("%b()"), ("ab"):match("a?c"), ("ac"):match("a?c"), ("c"):match("a?c"), ("x((y)"):match("%b()"))
--## edge_debug_setcstacklimit
print(debug.setcstacklimit(100), pcall(debug.setcstacklimit))
