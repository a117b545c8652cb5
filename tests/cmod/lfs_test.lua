-- Debian's prebuilt lfs.so: attributes, mkdir, dir iteration, rmdir on a temporary tree.
local lfs = require("lfs")
local base = assert(os.getenv("CMOD_TMP"))
local d = base .. "/tree"
print(lfs.mkdir(d))
for _, n in ipairs({"b.txt", "a.txt", "c.txt"}) do
  local f = assert(io.open(d .. "/" .. n, "w")) f:write(n) f:close()
end
print(lfs.mkdir(d .. "/sub"))
local names = {}
for name in lfs.dir(d) do names[#names + 1] = name end
table.sort(names)
print(table.concat(names, " "))
print(lfs.attributes(d, "mode"), lfs.attributes(d .. "/a.txt", "mode"), lfs.attributes(d .. "/a.txt").size)
print(lfs.attributes(d .. "/missing"))
local cur = lfs.currentdir()
print(lfs.chdir(d), lfs.currentdir() == d)
lfs.chdir(cur)
print(type(lfs.symlinkattributes(d)), lfs.touch(d .. "/a.txt", 1000, 2000))
print(lfs.attributes(d .. "/a.txt", "modification"))
for _, n in ipairs({"a.txt", "b.txt", "c.txt"}) do os.remove(d .. "/" .. n) end
print(lfs.rmdir(d .. "/sub"), lfs.rmdir(d))
print(select("#", lfs.rmdir(d)))
