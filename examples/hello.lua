-- The first program: run it with `build/nacre examples/hello.lua [name]`.
local who = arg[1] or "world"
print("Hello, " .. who .. "! This is " .. _VERSION .. " running on nacre.")
