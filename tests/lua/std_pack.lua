-- Differential checks for string.pack / packsize / unpack (stdlib engineer).
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
--## pack_ints
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("<i4", 1)), hex(string.pack(">i4", 1)), hex(string.pack("<i2", -2)), hex(string.pack("b", -1)), hex(string.pack("B", 255)))
print(hex(string.pack("<h H l L j J T", 1, 2, 3, 4, 5, 6, 7)))
print(hex(string.pack("<i16", -1)), hex(string.pack(">I16", 1)), hex(string.pack("<i3", -8388608)))
--## pack_int_overflow
print(pcall(string.pack, "b", 128))
print(pcall(string.pack, "B", 256))
print(pcall(string.pack, "B", -1))
print(pcall(string.pack, "i2", 32768))
print(pcall(string.pack, "I3", 1 << 24))
print(pcall(string.pack, "i17", 1))
print(pcall(string.pack, "i0", 1))
print(pcall(string.pack, "i", 1.5))
--## pack_unpack_roundtrip
for _, fmt in ipairs{"b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "i1", "i3", "i5", "i7", "i8", "i9", "i16", "I16"} do
  local vals = {0, 1, 127}
  local out = {}
  for _, v in ipairs(vals) do
    local p = string.pack("<" .. fmt, v)
    local back, nxt = string.unpack("<" .. fmt, p)
    local p2 = string.pack(">" .. fmt, v)
    local back2 = string.unpack(">" .. fmt, p2)
    out[#out + 1] = tostring(back == v and back2 == v) .. ":" .. nxt
  end
  io.write(fmt, "=", table.concat(out, ","), " ")
end
print()
--## unpack_signs
print(string.unpack("<i2", "\xff\xff"), string.unpack("<I2", "\xff\xff"), string.unpack("<i3", "\x00\x00\x80"))
print(string.unpack("<i8", "\xff\xff\xff\xff\xff\xff\xff\x7f"), string.unpack("<j", string.pack("<j", math.mininteger)))
print(string.unpack("<i9", string.pack("<i9", -5)), string.unpack("<I9", string.pack("<I9", 5)))
print(pcall(string.unpack, "<i9", "\0\0\0\0\0\0\0\0\1"))
print(pcall(string.unpack, "<I9", "\0\0\0\0\0\0\0\0\xff"))
print(pcall(string.unpack, "<i16", ("\xff"):rep(8) .. ("\0"):rep(8)))
--## pack_floats
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("<f", 1.5)), hex(string.pack(">d", -2)), hex(string.pack("<n", 0.1)))
print(string.unpack("<f", string.pack("<f", 0.1)) == 0.1, string.unpack("<d", string.pack("<d", 0.1)) == 0.1)
print(string.unpack("<d", string.pack("<d", 1/0)), string.unpack(">f", string.pack(">f", -1/0)), string.unpack("f", string.pack("f", 3)))
print(math.type(string.unpack("d", string.pack("d", 3))), pcall(string.pack, "d", "x"))
--## pack_strings
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("<s1", "ab")), hex(string.pack(">s2", "ab")), hex(string.pack("z", "ab")), hex(string.pack("c5", "ab")))
print(string.unpack("<s1", "\2ab"), string.unpack("z", "ab\0cd"), string.unpack("c2", "abcd"), string.unpack("c0", "x"))
print(#string.pack("s", "x"), string.unpack("s", string.pack("s", "hello")))
--## pack_string_errors
print(pcall(string.pack, "s1", ("x"):rep(256)))
print(pcall(string.pack, "z", "a\0b"))
print(pcall(string.pack, "c2", "abc"))
print(pcall(string.pack, "c", "abc"))
print(pcall(string.unpack, "z", "abc"))
print(pcall(string.unpack, "s1", "\5ab"))
print(pcall(string.unpack, "c3", "ab"))
--## pack_alignment
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("!<b i4", 1, 2)), hex(string.pack("!2<b i4", 1, 2)), hex(string.pack("<b i4", 1, 2)))
print(hex(string.pack("!<b Xi4 b", 1, 2)), hex(string.pack("!<b Xh", 1)), string.packsize("!8 b d"), string.packsize("! b j"))
print(pcall(string.pack, "!3 i4", 1))
print(pcall(string.pack, "X", 1))
print(pcall(string.pack, "Xc1", 1))
print(pcall(string.pack, "!17", 1))
--## pack_padding
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("bxxb", 1, 2)), string.unpack("bxxb", "\1\0\0\2"), string.packsize("x"), string.packsize("xx i4"))
--## packsize
print(string.packsize("i4"), string.packsize("b h i l j"), string.packsize(""), string.packsize("c10"), string.packsize("d n f"))
print(pcall(string.packsize, "s"))
print(pcall(string.packsize, "z"))
print(pcall(string.packsize, "c2147483647c2"))
print(pcall(string.packsize, "i99"))
--## pack_invalid_option
print(pcall(string.pack, "y", 1))
print(pcall(string.pack, "i4"))
print(pcall(string.unpack, "q", ""))
print(pcall(string.pack))
--## unpack_positions
print(string.unpack("b", "\1\2\3", 2), string.unpack("b", "\1\2\3", -1), pcall(string.unpack, "b", "\1", 3))
print(string.unpack("bb", "\1\2\3"), string.unpack("", "abc"), string.unpack("", "abc", 4))
print(pcall(string.unpack, "b", "\1", 5))
print(pcall(string.unpack, "i4", "\1\2"))
--## pack_endian_switch
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("<i2>i2=i2", 1, 1, 1)), string.unpack("<i2>i2", "\1\0\0\1"))
--## pack_multi
local p = string.pack("<i4 d s1 z b", 100, 2.5, "str", "zs", -1)
print(#p, string.unpack("<i4 d s1 z b", p))
