-- flags: --fuel=100000
-- status: 4
-- stdout: start
-- stderr: nacre: fuel limit exceeded (100000)
print("start")
while true do end
