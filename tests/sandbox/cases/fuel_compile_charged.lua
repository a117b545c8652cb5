-- flags: --fuel=50000000
-- status: 4
-- stdout: true	true
-- stderr: nacre: fuel limit exceeded (50000000)
-- compiling costs fuel in proportion to the chunk's size (8 units a byte of source, 2 of a
-- binary chunk), so loading a big chunk over and over runs dry like a loop would
local sandbox = require "sandbox"
local parts = {}
for i = 1, 50000 do parts[i] = ("x%d = {%d, 'abc'}"):format(i % 100, i) end
local src = table.concat(parts, "\n")
local bin = string.dump(assert(load(src)))
local function cost(text, op)
  local r = sandbox.run("local s = io.read('a') for i = 1, 3 do local f = " .. op .. "(s) end",
                        {stdin = text, timeout = 20})
  return r.stats.fuel
end
print(cost(src, "load") - cost(src, "type") == 3 * 8 * #src,
      cost(bin, "load") - cost(bin, "type") == 3 * 2 * #bin)
for i = 1, 100 do assert(load(src)) end
print("not reached")
