-- loads the big binary chunk the harness made (arg[1]): reading, checking and verifying it
-- count against the limit (it loads, or fails with the memory breach)
local f = assert(io.open(arg[1], "rb"))
local bytes = f:read("a")
f:close()
local fn, err = load(bytes, "big", "b")
if not fn then error(err, 0) end
