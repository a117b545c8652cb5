-- Differential checks mixing the standard libraries with coroutines, metamethods and closures
-- (stdlib engineer).
--## misc_gmatch_across_coroutines
local it = ("a1b2c3"):gmatch("%a%d")
local co = coroutine.wrap(function() coroutine.yield(it()) coroutine.yield(it()) end)
print(co(), it(), co())
--## misc_gsub_yield_in_callback
local co = coroutine.create(function()
  return pcall(string.gsub, "abc", "%w", function(c) coroutine.yield(c) return c end)
end)
print(coroutine.resume(co))
--## misc_sort_yield_in_comparator
local co = coroutine.create(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)
print(coroutine.resume(co))
--## misc_error_objects_through_libs
local e = setmetatable({}, {__tostring = function() return "E!" end})
local ok, err = pcall(string.gsub, "x", "x", function() error(e) end)
print(ok, err == e, tostring(err))
--## misc_table_lib_on_proxy_sort
local backing = {5, 3, 4, 1, 2}
local proxy = setmetatable({}, {__index = backing, __newindex = backing, __len = function() return #backing end})
table.sort(proxy)
print(table.concat(backing, ","))
--## misc_string_buffer_large
local parts = {}
for i = 1, 10000 do parts[i] = string.format("%05d", i) end
local s = table.concat(parts)
print(#s, s:sub(1, 10), s:sub(-10), select(2, s:gsub("00", "")))
--## misc_format_in_loop_gc
local acc = 0
for i = 1, 2000 do
  local s = string.format("%s-%d-%q", ("x"):rep(i % 50), i, "q" .. i)
  acc = acc + #s
  if i % 500 == 0 then collectgarbage() end
end
print(acc)
--## misc_io_lines_in_coroutine
local f = io.tmpfile()
f:write("l1\nl2\nl3\n")
f:seek("set")
local co = coroutine.wrap(function() for l in f:lines() do coroutine.yield(l) end end)
print(co(), co(), co())
f:close()
--## misc_utf8_in_gsub
print((("häll€"):gsub(utf8.charpattern, function(c) return "<" .. utf8.codepoint(c) .. ">" end)))
--## misc_pack_in_table_concat
local t = {}
for i = 1, 5 do t[i] = string.pack(">I2", i * 257) end
local s = table.concat(t)
print(#s, string.unpack(">I2I2I2I2I2", s))
--## misc_string_index_metamethod
print(("abc").len == string.len, ("abc").nope, pcall(function() return ("abc").len() end))
--## misc_number_formatting_roundtrip
local ok = true
for i = 1, 1000 do
  local x = (i * 7919.123) / 13
  if tonumber(string.format("%.17g", x)) ~= x then ok = false end
  if load("return " .. string.format("%q", x))() ~= x then ok = false end
end
print(ok)
--## misc_debug_traceback_in_xpcall
local function f() error("deep") end
print((select(2, xpcall(f, debug.traceback)):gsub("\n.*", "")))
--## misc_math_random_determinism
math.randomseed(2024)
local a = {math.random(10), math.random(10), math.random()}
math.randomseed(2024)
local b = {math.random(10), math.random(10), math.random()}
print(a[1] == b[1] and a[2] == b[2] and a[3] == b[3], a[1], a[2])
