-- Differential checks for the utf8 library (stdlib engineer).
--## utf8_char
print(utf8.char(72, 228, 8364, 0x10FFFF):byte(1, -1))
print(utf8.char(), utf8.char(65), #utf8.char(0x7FFFFFFF), #utf8.char(0x10000), #utf8.char(0x7FF), #utf8.char(0x800), #utf8.char(0x3FFFFFF), #utf8.char(0x4000000))
print(pcall(utf8.char, -1))
print(pcall(utf8.char, 0x80000000))
print(pcall(utf8.char, "x"))
--## utf8_charpattern
print(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*", #utf8.charpattern)
--## utf8_codes
for p, c in utf8.codes("häll€ 𝄞") do io.write(p, ":", c, " ") end
print()
for p, c in utf8.codes("") do print("never") end
print(pcall(function() for p, c in utf8.codes("ab\xffc") do end end))
--## utf8_codes_lax
for p, c in utf8.codes("\u{D800}\u{7FFFFFFF}", true) do io.write(p, ":", c, " ") end
print()
print(pcall(function() for p, c in utf8.codes("\u{D800}") do end end))
--## utf8_len
print(utf8.len("häll€"), utf8.len(""), utf8.len("abc", 2), utf8.len("abc", 4), utf8.len("häll€", -3), utf8.len("abc", 1, 1), utf8.len("abc", 3, 2))
print(utf8.len("\xff"), utf8.len("a\xffb"), utf8.len("ä", 2), utf8.len("\u{D800}"), utf8.len("\u{D800}", 1, -1, true))
print(pcall(utf8.len, "abc", 5))
print(pcall(utf8.len, "abc", 0))
print(pcall(utf8.len, "abc", 1, 4))
--## utf8_codepoint
print(utf8.codepoint("häll€", 1, -1))
print(utf8.codepoint("abc"), utf8.codepoint("abc", 2), utf8.codepoint("abc", -1), utf8.codepoint("abc", 3, 2))
print(pcall(utf8.codepoint, "\xff"))
print(pcall(utf8.codepoint, "abc", 0))
print(pcall(utf8.codepoint, "abc", 1, 4))
print(pcall(utf8.codepoint, "\u{D800}"), utf8.codepoint("\u{D800}", 1, 1, true))
print(pcall(utf8.codepoint, "ä", 2))
--## utf8_offset
local s = "häll€x"
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 6), utf8.offset(s, 7), utf8.offset(s, 8))
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -6), utf8.offset(s, -7), utf8.offset(s, 0, 3), utf8.offset(s, 0, 7))
print(utf8.offset(s, 1, 4), utf8.offset(s, 2, 4), utf8.offset(s, -1, 4), utf8.offset("", 1), utf8.offset("", -1), utf8.offset("abc", 0))
print(pcall(utf8.offset, s, 1, 3))
print(pcall(utf8.offset, s, 1, 100))
print(pcall(utf8.offset, s, 1, 0))
--## utf8_overlong_and_invalid
for _, s in ipairs{"\xC0\x80", "\xE0\x80\x80", "\xF0\x80\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFE", "\xC2", "\xE2\x82"} do
  io.write(tostring(utf8.len(s)), "/", tostring(utf8.len(s, 1, -1, true)), " ")
end
print()
--## utf8_roundtrip
local ok = true
for _, c in ipairs{0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF} do
  if utf8.codepoint(utf8.char(c)) ~= c then ok = false end
end
for _, c in ipairs{0x110000, 0x1FFFFF, 0x200000, 0x3FFFFFF, 0x4000000, 0x7FFFFFFF} do
  if utf8.codepoint(utf8.char(c), 1, 1, true) ~= c then ok = false end
end
print(ok)
--## utf8_lib_fields
local names = {}
for k in pairs(utf8) do names[#names + 1] = k end
table.sort(names) print(table.concat(names, " "))
