-- flags: --sandbox
-- status: 0
-- stdout: false	false	false	false
print(pcall(function() math.floor = nil end), pcall(function() table.insert = nil end),
      pcall(function() os.exit = nil end), (pcall(setmetatable, string, {})))
