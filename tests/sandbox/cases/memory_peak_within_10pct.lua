-- flags: --max-memory=96M
-- status: 0
-- stdout: false	not enough memory
-- stdout: true
-- the whole process (VmHWM) stays within 10% above --max-memory while a script fills the heap
local keep = {}
print(pcall(function() while true do keep[#keep + 1] = ("y"):rep(200) .. #keep end end))
keep = nil
collectgarbage()
local hwm
for l in io.lines("/proc/self/status") do hwm = hwm or l:match("VmHWM:%s*(%d+)") end
print(tonumber(hwm) <= 96 * 1024 * 1.10)
