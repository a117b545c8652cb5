-- Lexical conventions: numerals, strings and escapes, long brackets, comments.
--## numerals
print(3, 345, 0xff, 0XBEBADA, 3.0, 3.1416, 314.16e-2, 0.31416E1, 34e1)
print(0x0.1E, 0xA23p-4, 0X1.921FB54442D18P+1, 0x.8p1, 0xA.8, .5, 5., 3e2, 1E-2)
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(math.mininteger, -9223372036854775807 - 1, 18446744073709551615)
print(0xffffffffffffffff, 0x7fffffffffffffff + 1, 0x10000000000000000, 0xfffffffffffffffff)
print(1e308 * 10, -1e308 * 10, 2^63, 2^53 + 1, 1e15, 1e16, 123456789012345678)
print(0x1p-1074, 0x1p1023 * 2, 1e-400, 0.1 + 0.2)
print(math.type(1), math.type(1.0), math.type(0x10), math.type(1e2), math.type(9223372036854775808))
--## tonumber of numerals
for _, s in ipairs{"10", "  10  ", "0x10", "1e1", "0x1p4", "1.", ".1", "1e", "0x", "", " ",
                   "inf", "nan", "1 2", "0x1P-2", "- 1", "-1", "+1", "--1", "1\0", "0x-1",
                   "9223372036854775808", "-9223372036854775809", "0xffffffffffffffffff",
                   "\t\n12\v\f\r", "1e500", "0x.", "0x.p1", "00012", "1_000"} do
  print(string.format("%q", s), tonumber(s), math.type(tonumber(s)))
end
--## strings and escapes
print("a\tb\\c\"d\'e", 'x\65\066\x43\u{44}\u{7FF}\u{FFFF}\u{10FFFF}', "\u{7FFFFFFF}" == "\xFD\xBF\xBF\xBF\xBF\xBF")
print("line1\
line2", "z\z
       skipped", #"\0\00\000", "\1230", "\x00\xff" == "\0\255")
print("\a\b\f\n\r\t\v" == "\7\8\12\10\13\9\11")
print(#"\z   ", "a\z  b")
print('\u{0}' == '\0', '\u{80}' == '\xC2\x80', #'\u{10000}', #'\u{200000}', #'\u{4000000}')
--## long brackets and comments
print([[
first newline skipped]], [==[a]]b]=]c]==], [[]], [=[
]=] == "")
local x = 1 --[[ inline ]] + 2 --[==[ multi
line ]==] + 3
print(x) -- trailing
--[[ block
print("not run")
]]
print([[a
b]] == "a\nb", [[a
b]] == "a\r\nb")
print(load("return [[a\r\nb]]")() == "a\nb", load("return [[a\n\rb]]")() == "a\nb", load("return 'a\\\r\nb'")() == "a\nb")
print(load("return \"a\\\n\rb\"")() == "a\nb", load("x = 1\r\ny = 2\n\rz = 3\r\rerror'e'", "=s") ~= nil)
print(pcall(load("x = 1\r\ny = 2\n\rz = 3\r\rerror('e')", "=s")))
--## names and reserved words
local _ = 1
local _ENV2, __index, Goto, gotox, andor = 1, 2, 3, 4, 5
print(_ENV2, __index, Goto, gotox, andor)
print(load("local and = 1"), load("local goto = 1"), load("x.end = 1"))
local t = {["end"] = 1, ["goto"] = 2}
print(t["end"], t["goto"])
--## shebang and BOM-less first line
print(load("#!/usr/bin/lua\nreturn 1", "=s"))
local f = io.open("shebang.lua", "w")
f:write("#!/bin/lua\nprint('ran', ...)\n")
f:close()
print(pcall(dofile, "shebang.lua"))
print(type(loadfile("shebang.lua")))
os.remove("shebang.lua")
--## reader functions deliver source in pieces
local src = "local s = [==[long\nstring]==] -- comment\nlocal t = {'\\65\\u{42}', 0x10, 1e1}\nreturn s, t[1], t[2], t[3], 'x\\z\n   y'"
for _, size in ipairs{1, 2, 3, 7, 1000} do
  local pos = 1
  local f, err = load(function()
    local piece = src:sub(pos, pos + size - 1)
    pos = pos + size
    if piece == "" then return nil end
    return piece
  end, "=pieces")
  print(size, err, f())
end
local parts = {"ret", "", "urn 4", "2"}
local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(pcall(load, function() return 1 end))
print(pcall(load, function() error("reader failed") end))
print(load(function() return {} end))
