-- Differential checks of standard library argument errors (stdlib engineer): the message text,
-- the function name in "bad argument #n to 'f'" and the position prefix.
--## err_string_args
print(pcall(string.sub))
print(pcall(string.sub, "x", {}))
print(pcall(string.rep, "x", "y"))
print(pcall(string.byte, "x", "y"))
print(pcall(string.format, "%d", {}))
--## err_method_call_names
local s = "abc"
print(pcall(function() return s:rep({}) end))
print(pcall(function() return s:sub() end))
print(pcall(function() return s:find({}) end))
--## err_error_positions
local ok, e = pcall(function() return ("x"):rep(1e10) end)
print(ok, e)
print(pcall(function() string.rep() end))
print(select(2, pcall(function() local t = {} table.insert(t, 1, 2, 3) end)))
--## err_table_args
print(pcall(table.insert, 1, 2))
print(pcall(table.remove, "x"))
print(pcall(table.concat, {}, {}))
print(pcall(table.sort, "x"))
print(pcall(table.unpack, {}, "a"))
print(pcall(table.move, {}, "a", 1, 1))
--## err_math_args
print(pcall(math.floor, "x"))
print(pcall(math.sqrt))
print(pcall(math.random, "x"))
print(pcall(math.log, 1, "x"))
print(pcall(math.fmod, "a", 1))
print(pcall(math.abs, nil))
--## err_io_args
print(pcall(io.open, {}))
print(pcall(io.lines, {}))
print(pcall(io.read, "x"))
print(pcall(io.type))
print(pcall(io.stdout.write, 1))
print(pcall(io.stdout.seek, io.stdout, "set", "x"))
--## err_os_args
print(pcall(os.date, {}))
print(pcall(os.time, "x"))
print(pcall(os.rename, "a"))
print(pcall(os.setlocale, {}))
print(pcall(os.exit, "x"))
--## err_utf8_args
print(pcall(utf8.len, {}))
print(pcall(utf8.char, {}))
print(pcall(utf8.offset, "a"))
print(pcall(utf8.codepoint, "a", "x"))
--## err_debug_args
print(pcall(debug.getlocal, "x", 1))
print(pcall(debug.sethook, 1, "c"))
print(pcall(debug.setuservalue, 1))
print(pcall(debug.upvalueid, print, 1))
print(pcall(debug.getinfo, {}, "x"))
--## err_uncaught_string_lib
local s = ("x"):rep(-1)
string.rep()
--## err_uncaught_io
io.open("x", "bad mode")
--## err_uncaught_table_sort
table.sort({3, 1, 2}, function(a, b) return {} < 1 end)
--## err_gsub_in_callback
print(pcall(string.gsub, "abc", "%w", function(c) error("cb " .. c) end))
print(pcall(string.gsub, "abc", "%w", function(c) error({c}) end) == false)
--## err_format_tostring_error
print(pcall(string.format, "%s", setmetatable({}, {__tostring = function() error("ts!") end})))
--## err_sort_lt_metamethod
local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for i = 1, 20 do t[i] = setmetatable({v = (i * 7) % 20}, mt) end
table.sort(t)
print(t[1].v, t[20].v)
--## inline_api_fallbacks
-- The standard library reads arguments through inline accessors (vm/apiinline.h) whose
-- fast case is a value already of the wanted type; each line takes the fallback: a
-- conversion, a default for nil or none, or the argument error with its exact message.
local function p(...) print(pcall(...)) end
p(string.byte, nil) p(string.byte) p(string.byte, {}, 1) p(string.byte, 123, 2)
p(string.byte, "abc", nil, nil) p(string.byte, "abc", 2.0) p(string.byte, "abc", "x")
p(string.len, 12.5) p(string.len) p(string.len, true) p(string.sub, "abc") p(string.sub, "abc", 2.0, "2")
p(string.sub, "abc", 1 / 0) p(string.sub, "abc", 1, 2^63) p(string.rep, "ab", 2.0) p(string.rep, "ab", "x")
p(string.char, 65.0, "66") p(string.char, 65.5) p(string.find, "abc", "b", "2") p(string.find, "abc", "b", 1.5)
p(string.format, "%d", 3.0) p(string.format, "%d", "3") p(string.format, "%5.1f", "2.25") p(string.format, "%d", 3.5)
p(math.floor, "2.5") p(math.floor, {}) p(math.abs, "-3") p(math.abs, "-3.5") p(math.abs) p(math.max, 1, "5")
p(math.max, 1, nil) p(math.min) p(math.sqrt, "4") p(math.fmod, 7, "x") p(math.tointeger, "8")
p(type) p(type, nil) p(rawget, {5}, 1.0) p(rawget, "x", 1) p(rawlen, 5) p(rawequal, 1)
p(select, 2.0, "a", "b") p(select, "2", "a", "b") p(select, 1.5, "a") p(select, -5, "a") p(select, "#", nil, nil)
p(tostring) p(tonumber, "10", 16.0) p(tonumber, "10", "x") p(tonumber, 10, 16) p(tonumber)
p(table.insert, {1, 2}, 1.0, "x") p(table.insert, {1, 2}, 1.5, "x") p(table.insert, {1, 2}, 5, "x")
p(table.concat, {1, 2, 3}, ",", 2.0, "3") p(table.concat, {1, {}}, ",") p(table.concat, {1, 2}, 3)
p(table.unpack, {1, 2, 3}, "2") p(table.unpack, {1, 2, 3}, 2, 2.5) p(table.remove, {1, 2}, "1")
p(ipairs) p(next, {}, "nokey") p(setmetatable, {}, 5) p(getmetatable)
print(("abc"):byte(-1.0), ("abc"):sub(-2.0), string.byte("abc", 1, 3.0), math.max(3, 2.5, "1" + 0))
local byte, floor, sub = string.byte, math.floor, string.sub
print(pcall(function() return byte(nil) end))
print(pcall(function() local s = "abc" return s:byte({}) end))
print(pcall(function() return floor(nil) end))
print(pcall(function() return sub("abc", nil) end))
print(pcall(function() local t = {} return ("x"):rep(t) end))
