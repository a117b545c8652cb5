-- status: 0
-- stdout: true	true
-- the whole sandboxed process (its peak resident memory, from the kernel) stays within 10%
-- above the memory limit while the script fills the heap
local sandbox = require "sandbox"
local r = sandbox.run([[
  local keep = {}
  while true do keep[#keep + 1] = ("y"):rep(200) .. #keep end
]], {memory = "96M", timeout = 30})
print(r.limit == "memory", r.stats.memory_peak <= 96 * 1024 * 1024 * 1.10)
