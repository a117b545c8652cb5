-- Differential checks for Lua patterns: find, match, gmatch, gsub (stdlib engineer).
--## pat_find_plain
print(("hello world"):find("o w"), ("hello"):find("l"), ("hello"):find("xyz"), ("hello"):find(""))
print(("a.b"):find(".", 1, true), ("a+b"):find("+", 1, true), ("hello"):find("", 10), ("hello"):find("", 6))
--## pat_find_init
local s = "abcabc"
print(s:find("b", 3), s:find("b", -2), s:find("b", -100), s:find("b", 7), s:find("c", 6), s:find("", 7))
print(s:find("a", 0), s:find("bc", 5), s:find("^a", 4), s:find("^b", 2))
--## pat_classes
local s = "aB3 _-\t\n.Z"
for _, c in ipairs{"%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x", "%A", "%D", "%S", "%W", "."} do
  io.write(c, "=", (s:gsub(c, "#")), " ")
end
print()
--## pat_class_all_bytes
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs{"%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x"} do
  local _, n = all:gsub(c, "")
  io.write(c, ":", n, " ")
end
print()
--## pat_sets
print(("hello123"):match("[a-z]+"), ("hello123"):match("[%d]+"), ("x-y"):match("[-]"), ("a]b"):match("[]]"))
print(("abc"):match("[^a]+"), ("a^b"):match("[b^]+"), ("a-z"):match("[a%-z]+"), ("0x1F"):match("[%x]+", 3))
print(("abc"):find("[a-"), nil)
--## pat_set_ranges
print(("ABCxyz09"):gsub("[A-Cx-z0-8]", "."), ("]"):match("[]a]"), ("-"):match("[a-]"), ("^"):match("[%^]"))
--## pat_anchors
print(("hello"):match("^h"), ("hello"):match("^e"), ("hello"):match("o$"), ("hello"):match("l$"), ("a$b"):match("$b"))
print(("hello"):find("^"), ("hello"):find("$"), ("ab"):gsub("^", "x"), ("ab"):gsub("$", "x"))
--## pat_quantifiers
print(("aaab"):match("a*"), ("aaab"):match("a+"), ("aaab"):match("a-b"), ("aaab"):match("a?a?"), ("b"):match("a*b"))
print(("<a><b>"):match("<(.-)>"), ("<a><b>"):match("<(.*)>"), ("xyz"):match("x?y?z?w?"), ("abc"):match(".-$"))
--## pat_captures
print(("key=val"):match("(%w+)=(%w+)"), ("abc"):match("()b()"), ("abc"):find("(b)(c)"))
print(("hello world"):match("((%w+) (%w+))"))
print(("abc"):match("(a)(b)(c)"), ("aaa"):match("(a*)"), ("x"):match("()"))
--## pat_backrefs
print(("abcabc"):match("(abc)%1"), ('"hi" x'):match('(["\'])(.-)%1'), ("aa bb cd"):gsub("(%a)%1", "<%0>"))
print(pcall(string.match, "aa", "%1"))
print(pcall(string.match, "aa", "(a%1)"))
--## pat_balance
print(("f(a(b)c) d"):match("%b()"), ("[[x]]"):match("%b[]"), ("((("):match("%b()"), ("x"):match("%bxx"))
print(pcall(string.match, "x", "%b"))
print(pcall(string.match, "x", "%bx"))
--## pat_frontier
print(("THE (quick) fox"):gsub("%f[%a]%a+", "W"), ("hello world"):find("%f[%w]%w+", 2))
print(("aaa"):gsub("%f[a]", "|"), ("abc"):gsub("%f[%z]", "|"), ("x y"):gsub("%f[%s]", "_"))
print(pcall(string.find, "x", "%f"))
print(pcall(string.find, "x", "%fa"))
--## pat_errors
print(pcall(string.find, "abc", "%"))
print(pcall(string.find, "abc", "[a"))
print(pcall(string.find, "abc", "[a%"))
print(pcall(string.find, "abc", "(a"))
print(pcall(string.find, "abc", "a)"))
print(pcall(string.match, "abc", "a)"))
print(pcall(string.find, "abc", "(()"))
print(pcall(string.gsub, "abc", "%g(", ""))
--## pat_too_many_captures
print(pcall(string.match, ("a"):rep(40), ("(a)"):rep(33)))
print(select("#", string.match(("a"):rep(40), ("(a)"):rep(32))))
--## pat_too_complex
print(pcall(string.find, ("a"):rep(300), ("a?"):rep(300) .. ("a"):rep(300)))
print(pcall(string.match, ("x"):rep(1000), ("(.-)"):rep(10) .. "$"))
--## pat_deep_nesting_ok
print(("a"):rep(150):match(("(a)"):rep(1) .. ("a?"):rep(100)) ~= nil, #("a"):rep(500):match(".-$"))
--## pat_gmatch_basic
local out = {}
for w in ("one two  three"):gmatch("%a+") do out[#out + 1] = w end
print(table.concat(out, ","))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, v, ";") end
print()
--## pat_gmatch_empty_matches
local out = {}
for m in ("abc"):gmatch("x*") do out[#out + 1] = "[" .. m .. "]" end
print(table.concat(out))
out = {}
for p in ("abc"):gmatch("()") do out[#out + 1] = p end
print(table.concat(out, ","))
--## pat_gmatch_init
local out = {}
for w in ("aa bb cc"):gmatch("%a+", 4) do out[#out + 1] = w end
for w in ("aa bb cc"):gmatch("%a+", -2) do out[#out + 1] = w end
for w in ("aa bb cc"):gmatch("%a+", 100) do out[#out + 1] = w end
print(table.concat(out, ","))
--## pat_gmatch_anchor
local n = 0
for w in ("^a^a"):gmatch("^a") do n = n + 1 end
print(n)
--## pat_gsub_string
print(("hello world"):gsub("o", "0"), ("hello"):gsub("", "-"), ("abc"):gsub("%w", "%0%0"), ("abc"):gsub("(b)", "[%1]"))
print(("abc"):gsub("b", "%%"), ("a.b"):gsub("%.", "%%."), ("abc"):gsub(".", {a = 1, b = true}))
--## pat_gsub_max
print(("aaaa"):gsub("a", "b", 2), ("aaaa"):gsub("a", "b", 0), ("aaaa"):gsub("a", "b", -1), ("aaaa"):gsub("a", "b", 10))
print(pcall(string.gsub, "aaa", "a", "b", 1.5))
--## pat_gsub_function
print(("hello world"):gsub("%w+", string.upper))
print(("a b c"):gsub("%w", function(c) if c == "b" then return nil end return c:rep(2) end))
print(("abc"):gsub("(a)(b)", function(x, y) return y .. x end), ("x=1"):gsub("()(=)()", function(a, b, c) return a .. b .. c end))
print(("abc"):gsub(".", function() return false end), ("abc"):gsub("", function() return 1 end))
--## pat_gsub_table
local t = {name = "Lua", ver = 5.4}
print(("$name $ver $none"):gsub("%$(%w+)", t))
print(("abc"):gsub("%w", setmetatable({}, {__index = function(_, k) return k:upper() end})))
--## pat_gsub_errors
print(pcall(string.gsub, "abc", "a", "%2"))
print(pcall(string.gsub, "abc", "(a)", "%2"))
print(pcall(string.gsub, "abc", "a", "%x"))
print(pcall(string.gsub, "abc", "a", "%"))
print(pcall(string.gsub, "abc", "a", {a = {}}))
print(pcall(string.gsub, "abc", "a", function() return {} end))
print(pcall(string.gsub, "abc", "a", true))
print(pcall(string.gsub, "abc", "a"))
--## pat_gsub_number_repl
print(("abc"):gsub("b", 42), ("abc"):gsub("b", 1.5), ("a1"):gsub("%d", "%0"))
--## pat_gsub_position_capture
print(("abc"):gsub("()", "%1"), ("hello"):gsub("l()", "%1"))
--## pat_gsub_anchor
print(("aaa"):gsub("^a", "b"), ("aaa"):gsub("^a*", "b"), ("baa"):gsub("^a", "x"))
--## pat_nul_bytes
local s = "a\0b\0c"
print(s:find("\0"), s:find("%z"), s:gsub("\0", "."), s:match("b%z(c)"), s:find("[\0]", 3))
print(("x\0y"):find("\0y", 1, true), ("\0"):rep(3):gsub("%z", "z"))
--## pat_special_chars_plain
print(("a+b"):find("+"), ("a.b"):find("."), ("(x)"):find("(", 1, true), ("50%"):find("%", 1, true))
--## pat_find_returns
print(("abc"):find("b()"), ("abc"):find("(x*)"), ("abc"):match(".", -1), ("abc"):match("^(a)(b)$"))
--## pat_match_init
print(("hello"):match("l+", 4), ("hello"):match("l+", -1), ("hello"):match("h", 2), ("hello"):match("", 100))
--## pat_long_subject
local s = ("ab"):rep(5000)
print(#s:gsub("a", ""), select(2, s:gsub("b", "")), s:find("ba", 9000), #s:match("(a.-)$"))
--## pat_greedy_backtrack
print(("aaab"):match("^(a*)(a)b$"), ("xaaay"):match("x(a-)a*y"), ("foo.bar.baz"):match("(.*)%.(.*)"))
--## pat_class_escape_punct
print(("a.b*c"):gsub("%.", "!"), ("a%b"):gsub("%%", "#"), ("[x]"):gsub("[%[%]]", ""), ("a-b"):gsub("%-", "+"))
--## pat_errors_names
print(pcall(string.find))
print(pcall(string.find, "a"))
print(pcall(string.gmatch, nil, "x"))
print(pcall(string.gsub, "a", nil, "x"))
print(pcall(string.find, "a", "a", "x"))
--## pat_utf8_charpattern
local out = {}
for c in ("häll€"):gmatch(utf8.charpattern) do out[#out + 1] = #c end
print(table.concat(out, ","))
--## pat_skip_first_item
-- find/match/gmatch/gsub skip start positions the pattern's first item rejects
local s = "  12 ab-cd (x(y)z) [q] 7\0nul 99"
for _, p in ipairs{"%d+", "%a+", "%A+", "[%[%]]", "[^%s%d]+", "x", "%-", "%z", "\0n", "(%d)(%d)",
                   "()%a", "((%a))%d*", "%b()", "%b[]", "%S", "%s*", "a?b", "$", "^%d", "c%f[%W]", ""} do
  local t = {}
  for a, b in s:gmatch(p) do t[#t + 1] = tostring(a) .. "/" .. tostring(b) end
  print(p, s:find(p), s:find(p, 5), s:match(p, -6), table.concat(t, " "),
        s:gsub(p, "<%0>"), s:gsub(p, "<%0>", 2))
end
print(("xxxxab"):find("ab", 2), ("abcabc"):match("c", 4), ("aaa"):gsub("b*", "-"))
--## pat_skip_errors_at_first_position
-- errors are raised at the first position tried, as PUC-Lua raises them
print(pcall(string.find, "abc", "[a"), pcall(string.gsub, "abc", "%", "x"))
print(pcall(string.gmatch("abc", "(b")), pcall(string.match, "zzzb", "b%1"))
print(pcall(string.find, "abc", "x[", 10), pcall(string.gsub, "", "[a", "x"))
print(pcall(string.gsub, "abcabc", "%bc", "x"), pcall(string.find, "ab", "%f"))
--## pat_literal_lookahead
-- a repetition followed by a literal only retries where the literal is
print(("key = value; k2=v2"):match("(%w+)%s*=%s*(%w+)"), ("a.b.c.d"):match("(.*)%.(.*)"))
print(("<a><b>"):match("<(.-)>"), ("x<y"):match(".-<"), ("abc"):match(".-z"), ("abc"):match("a.-$"))
print(("aaa\0b"):match("a*\0"), ("aaa"):match("a*\0"), ("aaa\0"):find("a-\0"), ("a\0\0"):match(".-\0(.*)"))
print(("1-2-3"):match("(%d)%-(%d+)"), ("ab%cd"):match("(.-)%%"), ("ab]"):match("[^%]]*%]"))
print(("xxy"):match("x*+"), ("x+y"):match("x-+"), ("aab"):match("a-b"), ("aab"):match("a*ab"))
print(("aXbXc"):gsub("(.-)X", "[%1]"), ("a,b,,c"):gsub("([^,]*),", "<%1>"))
--## pat_lookahead_through_closes
-- the literal after capture closes: "(%w+)=" retries only before '='
print(("key=value x=1"):match("(%w+)=(%w+)"), ("a(b)c"):match("((%a)%()"), ("ab=c"):find("(a(b*))="))
for k, v in ("a=1, bb=22, ccc=333, =4, d="):gmatch("(%w+)=(%w+)") do io.write(k, ":", v, " ") end
print(("xyz"):gsub("(%a-)z", "<%1>"), ("abab"):match("(.-)b(.-)b"))
print(pcall(string.match, "aaa=", "a*)="), pcall(string.match, "aaa=", "(a*))="))
print(pcall(string.find, ("a"):rep(50), ("(a?"):rep(32) .. "a*)="))
print(pcall(string.match, ("a"):rep(210), ("a?"):rep(197) .. "(a*)b"))
print(pcall(string.match, ("a"):rep(210), ("a?"):rep(196) .. "((a*))b"))
--## pat_lookahead_too_complex
-- the look-ahead never skips the depth check of PUC-Lua's matcher
print(pcall(string.match, ("a"):rep(210), ("a?"):rep(199) .. "a*b"))
print(pcall(string.match, ("a"):rep(210) .. "b", ("a?"):rep(198) .. "a*b"))
print(pcall(string.match, ("a"):rep(210), ("a?"):rep(199) .. ".-b"))
--## pat_classes_other_locale
-- in a locale other than C the classes come from <ctype.h> as in PUC-Lua
local t = {}
for c = 0, 255 do t[#t + 1] = string.char(c) end
local all = table.concat(t)
local function counts()
  local r = {}
  for _, cl in ipairs{"a", "c", "d", "g", "l", "p", "s", "u", "w", "x", "z"} do
    r[#r + 1] = select(2, all:gsub("%" .. cl, "")) .. "/" .. select(2, all:gsub("%" .. cl:upper(), ""))
    r[#r + 1] = #(all:match("[%" .. cl .. "]+") or "")
  end
  return table.concat(r, " ")
end
print(counts())
if os.setlocale("C.utf8", "ctype") or os.setlocale("C.UTF-8", "ctype") then
  print(counts(), ("caf\xc3\xa9 x"):gsub("%a+", "w"))
  local it = ("ab cd"):gmatch("%a+")
  os.setlocale("C", "ctype")
  print(it(), it(), counts() == counts())
end
