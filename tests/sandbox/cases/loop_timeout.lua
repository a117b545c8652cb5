-- flags: --timeout=300ms
-- status: 5
-- stdout: before
-- stderr: nacre: time limit exceeded (300ms)
print("before")
while true do end
