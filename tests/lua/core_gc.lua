-- Differential checks of the collector as scripts see it: weak tables after a full
-- collection, __gc finalizers (explicit collection and at exit), collectgarbage results.
-- Boehm is conservative, so checks ask "were most entries cleared", not "exactly all".
--## gc_weak_values
local t = setmetatable({}, {__mode = "v"})
for i = 1, 100 do t[i] = {} end
local keep = {}
t[101] = keep
collectgarbage(); collectgarbage()
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n < 50, t[101] == keep)
--## gc_weak_keys
local t = setmetatable({}, {__mode = "k"})
local keep = {}
t[keep] = "kept"
for i = 1, 100 do t[{}] = i end
collectgarbage(); collectgarbage()
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n < 50, t[keep])
--## gc_weak_strings_stay
local t = setmetatable({}, {__mode = "v"})
t[1] = "a string value"
t[2] = 42
t[3] = true
collectgarbage()
print(t[1], t[2], t[3])
--## gc_weak_mode_kv
local t = setmetatable({}, {__mode = "kv"})
for i = 1, 50 do t[{}] = {} end
collectgarbage(); collectgarbage()
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n < 25)
--## gc_finalizer_runs_on_collect
local count = 0
for i = 1, 20 do setmetatable({}, {__gc = function() count = count + 1 end}) end
collectgarbage(); collectgarbage(); collectgarbage()
print(count > 10)
--## gc_finalizer_error_is_warning
warn("@on")
setmetatable({}, {__gc = function() error("in gc") end})
collectgarbage(); collectgarbage()
print("still running")
--## gc_finalizer_resurrect_once
local saved
do
  local obj = setmetatable({name = "zombie"}, {__gc = function(o) saved = o end})
end
collectgarbage(); collectgarbage()
print(saved and saved.name)
--## gc_count_is_number
local before = collectgarbage("count")
local big = {}
for i = 1, 10000 do big[i] = {i} end
local during = collectgarbage("count")
print(type(before), during > before)
big = nil
--## gc_step_returns_boolean
print(type(collectgarbage("step", 0)))
--## gc_at_exit_userdata_files
local f = io.tmpfile()
f:write("x")
print(io.type(f))
--## gc_closure_collect_no_crash
for i = 1, 2000 do local f = function() return i end; f() end
collectgarbage()
print("ok")
--## gc_string_heavy
local parts = {}
for i = 1, 2000 do parts[#parts + 1] = tostring(i) .. "x" end
collectgarbage()
local s = table.concat(parts)
print(#s, s:sub(1, 10))
