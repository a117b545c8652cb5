-- Differential checks of the basic library (stdlib/base.c). Each "--## name" starts a check.
--## print_values
print(1, 2.5, -0.0, "s", nil, true, false)
print()
print(1e100, 2^63, -2^63, math.mininteger, 1/0, -1/0)
--## print_tostring_meta
local t = setmetatable({}, {__tostring = function() return "OBJ" end})
print(t, tostring(t))
--## print_name_meta
local t = setmetatable({}, {__name = "MyType"})
print((tostring(t):gsub("0x%x+", "ADDR")))
--## tostring_bad_meta
local t = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, t))
--## tostring_noarg
print(pcall(tostring))
--## type_all
print(type(nil), type(1), type("x"), type({}), type(print), type(true), type(coroutine.create(print)))
print(pcall(type))
--## tonumber_basic
print(tonumber("10"), tonumber("  0x10  "), tonumber("1e2"), tonumber("  12  "), tonumber("0x1p4"))
print(tonumber("abc"), tonumber(""), tonumber("1 2"), tonumber(nil), tonumber({}))
print(tonumber(5), tonumber(5.5), tonumber("5."), tonumber(".5"), tonumber("-0x10"))
--## tonumber_base
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("777", 8), tonumber("zz", 36), tonumber("11", 2))
print(tonumber("8", 8), tonumber(" -ff ", 16), tonumber("+10", 10), tonumber("", 10), tonumber("1.5", 10))
print(pcall(tonumber, "10", 1))
print(pcall(tonumber, "10", 37))
print(pcall(tonumber, 10, 16))
print(pcall(tonumber))
--## tonumber_embedded_zero
print(tonumber("1\0"), tonumber("0x"), tonumber("1e"), tonumber("inf"), tonumber("nan"))
--## ipairs_basic
local t = {1, 2, nil, 4}
for i, v in ipairs(t) do print(i, v) end
for i, v in ipairs({}) do print("never") end
print(pcall(ipairs))
--## ipairs_index_meta
local t = setmetatable({}, {__index = function(t, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(t) do print(i, v) end
--## pairs_order_array
local t = {10, 20, 30}
local s = 0
for k, v in pairs(t) do s = s + k * v end
print(s)
--## pairs_meta
local t = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(t) do print(k, v) end
--## pairs_count_hash
local t = {a = 1, b = 2, c = 3, [1] = "x", [2.5] = "y"}
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n)
--## next_basic
print(next({}))
local k, v = next({7})
print(k, v)
print(pcall(next, {}, "nokey"))
print(pcall(next))
--## select_basic
print(select("#"), select("#", nil, nil), select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
print(pcall(select, 0, 1))
print(pcall(select, -5, 1))
print(select(5, 1, 2))
--## rawfuncs
local t = setmetatable({}, {__index = function() return "meta" end, __newindex = function() error("no") end,
  __len = function() return 99 end, __eq = function() return true end})
print(t.x, rawget(t, "x"), #t, rawlen(t), rawlen("abc"))
rawset(t, "x", 1)
print(t.x, rawequal(t, t), rawequal(t, {}), t == setmetatable({}, getmetatable(t)))
print(pcall(rawlen, 5))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawget, "x", 1))
print(pcall(rawequal, 1))
--## getmetatable_protected
local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
print(getmetatable("abc").__index == string)
--## setmetatable_errors
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
print(select("#", setmetatable({}, nil)))
--## assert_forms
print(assert(1, 2, 3))
print(pcall(assert, false))
print(pcall(assert, nil, "msg"))
local ok, e = pcall(assert, false, {1}); print(ok, type(e), e[1])
print(pcall(assert))
--## error_levels
local function f() error("lvl1") end
local function g() error("lvl2", 2) end
local function h() error("lvl0", 0) end
print(pcall(f))
print(pcall(g))
print(pcall(h))
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, 42))
print(select('#', pcall(error)))
--## error_table_object
local e = {code = 7}
local ok, err = pcall(error, e)
print(ok, err == e, err.code)
--## pcall_results
print(pcall(function(...) return ... end, 1, nil, 3))
print(pcall(pcall))
print(pcall(pcall, error, "x"))
--## xpcall_handler
print(xpcall(function() error("boom") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(pcall(xpcall, print))
print(xpcall(error, function(m) return type(m) end, {}))
--## xpcall_handler_traceback
local ok, msg = xpcall(function() local x = nil; return x.y end, debug.traceback)
print(ok, (msg:match("^[^\n]*")))
--## load_string
local f = load("return 1 + 1")
print(f())
print(load("syntax error here"))
print(load("return ...", "chunk")(5, 6))
--## load_chunkname
print(type(load("error('x')", "=mychunk")))
print(pcall(load("error('x')", "=mychunk")))
print(pcall(load("error('x')", "@file.lua")))
print(pcall(load("\n\nerror('x')")))
--## load_env
local env = {y = 5}
local f = load("x = 1; return y", "c", "t", env)
print(f(), env.x, x)
local g = load("return 1", "c", "t", nil)
print(g())
--## load_reader
local parts = {"return ", "1", " + ", "41"}
local i = 0
print(load(function() i = i + 1; return parts[i] end)())
print(type(load(function() return nil end)))
local once = false
print(pcall(load, function() if not once then once = true; return 1 end end))
print(load(function() return {} end))
--## load_mode
print(load("return 1", "x", "b"))
print(pcall(load, "return 1", "x", "q"))
print(load("return 1", "x", "t")())
--## loadfile_dofile
local fh = io.open("mod_tmp.lua", "w")
fh:write("#!/usr/bin/env lua\nlocal a = ... ; return (a or 0) + 1, 'two'\n")
fh:close()
print(loadfile("mod_tmp.lua")(10))
print(dofile("mod_tmp.lua"))
print(loadfile("nonexistent_file.lua"))
print(pcall(dofile, "nonexistent_file.lua"))
local f2 = io.open("bad_tmp.lua", "w"); f2:write("x = = 1"); f2:close()
print(loadfile("bad_tmp.lua"))
print(pcall(dofile, "bad_tmp.lua"))
os.remove("mod_tmp.lua"); os.remove("bad_tmp.lua")
--## loadfile_env
local fh = io.open("env_tmp.lua", "w"); fh:write("return v"); fh:close()
print(loadfile("env_tmp.lua", "t", {v = "from env"})())
os.remove("env_tmp.lua")
--## collectgarbage_options
print(collectgarbage())
print(collectgarbage("collect"))
print(type(collectgarbage("count")))
print(collectgarbage("isrunning"))
collectgarbage("stop")
print(collectgarbage("isrunning"))
collectgarbage("restart")
print(collectgarbage("isrunning"))
print(type(collectgarbage("step")))
print(pcall(collectgarbage, "nope"))
--## collectgarbage_modes
print(collectgarbage("incremental"))
print(collectgarbage("generational"))
print(collectgarbage("incremental"))
--## version_and_G
print(_VERSION, _G._G == _G, _G.print == print)
--## warn_basic
warn("@on")
warn("hello ", "world")
warn("@off")
warn("hidden")
print(pcall(warn))
print(pcall(warn, "a", 1))
print(pcall(warn, "a", {}))
--## global_funcs_present
local names = {"assert","collectgarbage","dofile","error","getmetatable","ipairs","load","loadfile","next",
  "pairs","pcall","print","rawequal","rawget","rawlen","rawset","require","select","setmetatable",
  "tonumber","tostring","type","warn","xpcall"}
for _, n in ipairs(names) do if type(_G[n]) ~= "function" then print("missing", n) end end
print("ok")
--## arg_errors_names
print(pcall(setmetatable))
print(pcall(ipairs))
print(pcall(string.rep))
print(pcall(("x").rep))
print(pcall(math.floor, "a"))
--## error_position_in_call
local function thrower() local t = nil; return t.field end
print(pcall(thrower))
--## tostring_numbers
print(tostring(10), tostring(10.0), tostring(-0.0), tostring(1e15), tostring(1e16), tostring(0.1))
print(tostring(3.14159265358979), tostring(2^53), tostring(-2^63), 1e300 * 1e10, -(0/0) ~= -(0/0))
print(math.maxinteger, math.mininteger, 9007199254740993, 0x7fffffffffffffff + 1)
