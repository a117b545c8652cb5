-- flags: --timeout=200ms
-- status: 5
print(pcall(function() while true do end end))
print("escaped")
