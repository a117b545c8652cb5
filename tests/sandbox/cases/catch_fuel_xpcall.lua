-- flags: --fuel=10000
-- status: 4
print(xpcall(function() while true do end end, function(m) print("handler", m) return m end))
print("escaped")
