-- flags: --allow-run --max-procs=2
-- status: 0
-- stdout: true	true	nil	true
-- stdout: false	true
-- stdout: true	again
-- leftover: nacre-procs-case
-- at most two processes the script started are alive at once: a third popen is refused
-- (nil, a message naming the flag), so is os.execute (raised), and closing one frees its place
local a = io.popen("cat >/dev/null # nacre-procs-case", "w")
local b = io.popen("cat >/dev/null # nacre-procs-case", "w")
local c, e = io.popen("echo never")
print(a ~= nil, b ~= nil, c, (e:find("--max-procs=2", 1, true)) ~= nil)
local ok, err = pcall(os.execute, "true")
print(ok, (tostring(err):find("process limit reached", 1, true)) ~= nil)
a:close()
local d = io.popen("echo again")
print(d ~= nil, d:read("l"))
d:close()
b:close()
