-- writes a binary chunk of about 16 MB to arg[1]: one huge function with a closure over a
-- local and table constructors, so the verifier runs its dataflow over every instruction
local parts = {"local a = 1 f = function() return a end"}
for i = 1, 430000 do parts[#parts + 1] = ("t%d = {1, 2, %d}"):format(i % 50, i) end
local f = assert(io.open(arg[1], "wb"))
f:write(string.dump(assert(load(table.concat(parts, "\n"))), true))
f:close()
