-- flags: --sandbox
-- status: 0
-- stdout: false	true
-- stdout: false	true
-- stdout: nil	nil
-- A new field in a read-only library table (the interpreter's short way for new fields, and
-- integer keys through the generic one) must raise like changing an existing one.
local ok, e = pcall(function() string.brandnew = function() end end)
print(ok, (e:find("read-only", 1, true)) ~= nil)
ok, e = pcall(function() math[1] = 1 end)
print(ok, (e:find("read-only", 1, true)) ~= nil)
print(rawget(string, "brandnew"), rawget(math, 1))
