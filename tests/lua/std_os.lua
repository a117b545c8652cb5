-- Differential checks for the os library (stdlib engineer). Times are fixed values, so output
-- does not depend on the clock; TZ is whatever both interpreters inherit.
--## os_date_utc
local t = 1700000000
print(os.date("!%Y-%m-%d %H:%M:%S", t), os.date("!%c", t), os.date("!%x %X %p", t))
print(os.date("!%a %A %b %B %d %e %j %U %W %w %u %y %C %g %G %V %h %D %F %R %T %n%t%%", t))
print(os.date("!%I %l %M %S %s", t) ~= nil, os.date("!%Ec|%EC|%Ex|%EX|%Ey|%EY", t))
print(os.date("!%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy", t))
--## os_date_table
local t = os.date("!*t", 1700000000)
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. tostring(v) end
table.sort(keys) print(table.concat(keys, " "))
local l = os.date("*t", 0)
print(type(l.year), type(l.isdst), l.month >= 1)
--## os_date_errors
print(pcall(os.date, "%Ez", 0))
print(pcall(os.date, "%Ez abc", 0))
print(pcall(os.date, "%", 0))
print(pcall(os.date, "%Q", 0))
print(pcall(os.date, "%5d", 0))
print(pcall(os.date, "%Y", "x"))
print(pcall(os.date, "%Y", 1.5))
--## os_date_misc
print(os.date("!", 0) == "", os.date("!literal text", 0), #os.date("!%Y", 0), os.date("!%Y%%%m", 86400 * 365))
print(type(os.date()), type(os.date("%c")), os.date("!%H", -3600))
--## os_time_table
print(os.time({year = 2020, month = 1, day = 1, hour = 0}) - os.time({year = 2019, month = 12, day = 31, hour = 0}))
print(os.time({year = 2000, month = 1, day = 1}) == os.time({year = 2000, month = 1, day = 1, hour = 12, min = 0, sec = 0}))
--## os_time_normalise
local t = {year = 2021, month = 14, day = 35, hour = 25, min = 61, sec = 61}
os.time(t)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, type(t.isdst))
local t2 = {year = 2024, month = 3, day = 0}
os.time(t2) print(t2.month, t2.day)
--## os_time_errors
print(pcall(os.time, {}))
print(pcall(os.time, {year = 2000}))
print(pcall(os.time, {year = 2000, month = 1}))
print(pcall(os.time, {year = "x", month = 1, day = 1}))
print(pcall(os.time, {year = 2000, month = 1.5, day = 1}))
print(pcall(os.time, {year = 2000, month = 1, day = 1, hour = 2^40}))
print(pcall(os.time, 1))
print(os.time({year = "2000", month = "1", day = 1}) == os.time({year = 2000, month = 1, day = 1}))
--## os_time_now
local now = os.time()
print(math.type(now), now > 1600000000, os.time(nil) >= now)
--## os_difftime
print(os.difftime(10, 5), os.difftime(0, 100), math.type(os.difftime(1, 1)))
print(pcall(os.difftime, 1))
print(pcall(os.difftime, "a", 1))
--## os_clock
local c = os.clock()
print(math.type(c), c >= 0)
--## os_getenv
print(os.getenv("HOME") ~= nil, os.getenv("NACRE_SURELY_UNSET_VAR_XYZ"), pcall(os.getenv))
print(pcall(os.getenv, {}))
--## os_execute
print(os.execute())
print(os.execute("exit 0"))
print(os.execute("exit 3"))
print(os.execute("kill -9 $$"))
print(pcall(os.execute, {}))
--## os_remove_rename
local a, b = "std_os_a.tmp", "std_os_b.tmp"
os.remove(a) os.remove(b)
local f = io.open(a, "w") f:write("x") f:close()
print(os.rename(a, b))
print(io.open(a), io.open(b) ~= nil)
print(os.remove(b))
print(os.remove(b))
print(os.rename(a, b))
print(pcall(os.remove))
--## os_remove_dir
os.execute("mkdir -p std_os_dir.tmp && touch std_os_dir.tmp/x")
print(os.remove("std_os_dir.tmp"))
os.remove("std_os_dir.tmp/x")
print(os.remove("std_os_dir.tmp"))
--## os_tmpname
local n = os.tmpname()
print(type(n), io.open(n) ~= nil, os.remove(n))
--## os_setlocale
print(os.setlocale(), os.setlocale("C"), os.setlocale(nil, "numeric"), os.setlocale("C", "all"), os.setlocale("xx_NOPE"))
print(pcall(os.setlocale, nil, "bad"))
for _, c in ipairs{"all", "collate", "ctype", "monetary", "numeric", "time"} do io.write(os.setlocale(nil, c), " ") end
print()
--## os_exit_codes
io.write("before exit\n")
os.exit(3)
--## os_exit_true
io.write("exit true\n")
os.exit(true)
--## os_exit_false
os.exit(false)
--## os_exit_close
local t = setmetatable({}, {__gc = function() print("gc on close") end})
io.write("closing\n")
os.exit(0, true)
--## os_lib_fields
local names = {}
for k in pairs(os) do names[#names + 1] = k end
table.sort(names) print(table.concat(names, " "))
