-- flags: --fuel=10000
-- status: 4
-- stdout: start
print("start")
print(pcall(function() while true do end end))
print("escaped")
