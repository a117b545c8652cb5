-- flags: --timeout=300ms
-- status: 5
-- stderr: nacre: time limit exceeded (300ms)
-- catastrophic backtracking inside the C pattern matcher
print(string.find(string.rep("a", 40), string.rep("a*", 40) .. "b"))
