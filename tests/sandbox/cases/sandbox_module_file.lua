-- status: 0
-- stdout: true	script.lua|a|b	42	script.lua:4: here
-- stdout: true	app.pearl|a|b	42	main.lua:4: here
-- stdout: false	sandbox.run: cannot open missing.lua: No such file or directory
-- sandbox.run({file = path}) takes scripts with a "#!" line (line numbers unchanged) and
-- .pearl bundles (with their modules), and the child's arg[0] is the file's real name
local sandbox = require "sandbox"
local function write(name, text)
  local f = assert(io.open(name, "w")); f:write(text); f:close()
end
os.execute("mkdir -p app")
write("app/util.lua", "return {twice = function(x) return 2 * x end}\n")
write("app/main.lua", "#!/usr/bin/env nacre\nlocal u = require 'util'\nio.write(arg[0], '|', table.concat({...}, '|'))\n" ..
                      "return u.twice(21), select(2, pcall(function() error('here') end))\n")
write("script.lua", "#!/usr/bin/env nacre\nio.write(arg[0], '|', table.concat({...}, '|'))\n\nreturn 42, select(2, pcall(function() error('here') end))\n")
assert(os.execute(string.format("cd app && %q build -o ../app.pearl main.lua 2>/dev/null", arg[-1])))
for _, f in ipairs {"script.lua", "app.pearl"} do
  local r = sandbox.run({file = f}, {args = {"a", "b"}, timeout = 20})
  print(r.ok, r.stdout, r.values and r.values[1], r.values and r.values[2])
end
print(pcall(sandbox.run, {file = "missing.lua"}))
