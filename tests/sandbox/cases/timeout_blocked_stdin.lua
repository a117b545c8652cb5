-- flags: --timeout=200ms
-- stdin-held: yes
-- status: 5
-- stdout: waiting
-- stderr: nacre: time limit exceeded (200ms)
print("waiting")
io.stdout:flush()
local line = io.read("l")  -- blocks: nothing ever arrives
while true do end
