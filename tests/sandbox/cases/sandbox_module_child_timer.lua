-- status: 0
-- stdout: false	time	nacre: time limit exceeded (200ms)
-- the child enforces its own timeout (its breach message comes back), not only the caller's
-- deadline a second later
local r = require("sandbox").run("while true do end", {timeout = 0.2})
print(r.ok, r.limit, (r.stderr:gsub("\n$", "")))
