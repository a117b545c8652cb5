-- flags: --fuel=100000
-- status: 4
-- stderr: nacre: fuel limit exceeded (100000)
-- catastrophic backtracking is paid for step by step inside the C matcher
print(string.find(string.rep("a", 40), string.rep("a*", 40) .. "b"))
