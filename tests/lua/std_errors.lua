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
