-- Compiler error messages (via load), compared with lua5.4.
--## lexer errors
local load0 = load
local function load(...) local f, e = load0(...) if f then return "function" end return f, e end
local cases = {
  'x = "abc', 'x = "abc\ny"', 'x = "abc\\q"', 'x = "\\xZZ"', 'x = "\\x5"', 'x = "\\400"',
  'x = "\\u{110000000}"', 'x = "\\u{12"', 'x = "\\u12"', 'x = "\\u{}"', 'x = [==[ abc', '--[[ abc',
  'x = [=a', 'x = [==', 'x = 3x', 'x = 0x', 'x = 1e+', 'x = 0x1p', 'x = 1..2', 'x = 3.4.5',
  'x = @', 'x = $', 'x = "\\300\\200"; y = `', 'x = 0xg', 'x = 08', 'x = 1e', 'x = .e1',
  'x = "\\\r\n', 'x = "a\\z', 'x = "\\9999"', "x = '\\'", 'x = "\\', 'x = \1',
}
for _, s in ipairs(cases) do print(load(s, "=src")) end
print(load("x = 1\n\n\ny = 'abc", "@file.lua"))
print(load("\n\n\n x = ]]", "src text"))
--## parser errors
local load0 = load
local function load(...) local f, e = load0(...) if f then return "function" end return f, e end
local cases = {
  'f(', 'x = }', 'for i do end', 'function f(a,1) end', 'local function', 'return return',
  'x = 1 .. 2 ..', 'a.b:c = 1', 'if x then', '(f)', 'x', 'x.y', 'x:y', 'f() = 1', 'local 1 = 2',
  'a, b', 'a, f() = 1, 2', '::a:: ::a::', 'goto 1', 'local x <const>', 'local a <xyz> = 1',
  'local a <close>, b <close> = 1, 2', 'function f() return ... end', 'while true do',
  'repeat x = 1', 'do', 'for i = 1 do end', 'for i = 1, 2 end', 'if a then else elseif b then end',
  'for a.b = 1, 2 do end', 'x = ~= 1', 'local x = 1 <', 'a = b = c', 'f{', 'x = {1, 2',
  't = {[1] 2}', 'return 1,', 'local function f() end end', 'else', 'until x', 'x = function',
  'x = not', 'x = #', '::l', 'goto', 'break 1', 'return ;;', 'local t = {...}',
  'x = ...', 'function a:b:c() end', 'function a.b() end end',
  "if x then\n  y()\nelse\n  z()\n", "while x do\n\n y()\n", "f(\n\n1,\n2",
}
for _, s in ipairs(cases) do print(s:gsub("\n", " "), load(s, "=src")) end
--## semantic errors
local load0 = load
local function load(...) local f, e = load0(...) if f then return "function" end return f, e end
local cases = {
  'goto x', 'do goto x end ::x::', 'goto l; local x; ::l:: print(x)',
  'do goto l; local x; ::l:: end', 'repeat goto cont; local x; ::cont:: until x',
  'local x; goto l; local y; ::l:: ; ;', 'break', 'while 1 do end break',
  'if x then break end', 'function f() break end',
  'local a <const> = 1; a = 2', 'local a <const> = {}; a = 2',
  'local a <const> = 1; function f() a = 2 end',
  'local a = 1; local function f() local b <const> = 2; return function() b = 3 end end',
  'local x <const> = nil; x = 1', 'local a <close> = 1; a = 2',
  'local a <const>, b = 1, 2; b = 3; a = 4', 'local a <const> = 1; function a() end',
  'local a <const> = 1; local t = {}; t.a, a = 1, 2',
  '::a:: do ::a:: end', 'do ::a:: end ::a::', '::a:: ::b:: ::a::',
  'goto a; do ::a:: end', 'local function f() goto a end ::a::',
  'for i = 1, 2 do goto continue; local z = 1; ::continue:: end',
  'while x do local y; goto e; local z; ::e:: end',
}
for _, s in ipairs(cases) do print(s, load(s, "=src")) end
--## limits
local load0 = load
local function load(...) local f, e = load0(...) if f then return "function" end return f, e end
local s = "local a0"
for i = 1, 200 do s = s .. ",a" .. i end
print(load(s, "=src"))
s = "local a0 = 1\n"
for i = 1, 199 do s = s .. "local a" .. i .. " = 1\n" end
print(load(s, "=src") ~= nil)
print(load(s .. "local z = 1", "=src"))
local up = {}
for i = 1, 256 do up[#up + 1] = "local u" .. i .. " = " .. i end
local body = {}
for i = 1, 256 do body[#body + 1] = "u" .. i end
local src = "local function outer() " .. table.concat(up, " ", 1, 150) ..
  " return function() local x = 0 " .. table.concat(up, " ", 151, 256) ..
  " return function() return " .. table.concat(body, "+") .. " end end end"
print(load(src, "=src"))
local regs = "return f(" .. string.rep("1,", 300) .. "1)"
print(load(regs, "=src"))
local deep = string.rep("(", 300) .. "1" .. string.rep(")", 300)
print(pcall(load, "return " .. deep, "=src"))
print(pcall(load, string.rep("do ", 300) .. string.rep("end ", 300), "=src"))
print(pcall(load, "x = " .. string.rep("{", 300) .. string.rep("}", 300), "=src"))
print(pcall(load, "return " .. string.rep("-", 300) .. "1", "=src"))
print(load("return " .. string.rep("(", 150) .. "1" .. string.rep(")", 150), "=src") ~= nil)
print(load(string.rep("a = ", 300) .. "1", "=src"))
local chain = "local x = 1 " .. string.rep("x = x .. x ", 10)
print(load(chain, "=src") ~= nil)
--## chunk names in messages
local load0 = load
local function load(...) local f, e = load0(...) if f then return "function" end return f, e end
print(load("x = ", "=stdin"))
print(load("x = ", "@" .. string.rep("d/", 40) .. "file.lua"))
print(load("x = ", "=" .. string.rep("n", 80)))
print(load("x = ", string.rep("s", 80)))
print(load("x = \n y = ", "line1\nline2"))
print(load("x = "))
print(load(function() return nil end))
print(load("x = ", ""))
--## load modes and binary chunks
print(load("return 1", "=src", "b"))
print(load("\27Lua", "=src", "t"))
print(load("return 2", "=src", "t")())
print(load("return 3", "=src", "bt")())
--## nesting overflow outside pcall goes through the message handler (5.4.4)
print(load(string.rep("(", 300) .. "1" .. string.rep(")", 300)))
print(select(2, load("x = " .. string.rep("{", 250) .. string.rep("}", 250))))
