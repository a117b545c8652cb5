-- Dumps Lua checks to binary chunks, for the round-trip test (runs under nacre and lua5.4).
-- usage: dumpall.lua SUFFIX STRIP FILE...   writes FILE..SUFFIX (compiled as "@test.lua");
-- files that do not compile get no output, so the runner can tell.
local suffix, strip = arg[1], arg[2] == "1"
for i = 3, #arg do
  local name = arg[i]
  local fh = assert(io.open(name, "rb"))
  local src = fh:read("a")
  fh:close()
  local f = load(src, "@test.lua", "t")
  if f then
    local out = assert(io.open(name .. suffix, "wb"))
    out:write(string.dump(f, strip))
    out:close()
  end
end
