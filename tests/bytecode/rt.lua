-- Runs a Lua file after a dump/load round trip: rt.lua FILE [strip]
local f = assert(loadfile(arg[1]))
local g = assert(load(string.dump(f, arg[2] == "strip"), "=" .. arg[1], "b"))
g()
