-- flags: --max-memory=32M
-- status: 0
-- stdout: false	not enough memory
print(pcall(string.rep, "x", 1 << 30))
