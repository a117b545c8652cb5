-- File system calls, synchronous and asynchronous, and their error triples.
local uv = require "luv"
local dir = assert(uv.fs_mkdtemp("/tmp/nacre-uv-XXXXXX"))
print("mkdtemp", #dir)
local function rel(p)
  if not p then return p end
  local i, j = p:find(dir, 1, true)
  return i and p:sub(1, i - 1) .. "DIR" .. p:sub(j + 1) or p
end
print("mkdir", uv.fs_mkdir(dir .. "/sub", 493))
print("mkdir again", rel(select(2, uv.fs_mkdir(dir .. "/sub", 493))), select(3, uv.fs_mkdir(dir .. "/sub", 493)))
local fd = assert(uv.fs_open(dir .. "/a.txt", "w", 420))
print("write", uv.fs_write(fd, "hello ", -1), uv.fs_write(fd, {"wor", "ld"}, -1))
print("close", uv.fs_close(fd))
fd = assert(uv.fs_open(dir .. "/a.txt", "r", 0))
print("read", uv.fs_read(fd, 100, 0), uv.fs_read(fd, 3, 6))
local st = uv.fs_fstat(fd)
print("fstat", st.type, st.size, math.type(st.mtime.sec), st.mode & 511)
uv.fs_close(fd)
print("stat dir", uv.fs_stat(dir .. "/sub").type)
print("access", uv.fs_access(dir .. "/a.txt", "r"), uv.fs_access(dir .. "/none", "r"))
print("copyfile", uv.fs_copyfile(dir .. "/a.txt", dir .. "/b.txt"))
print("rename", uv.fs_rename(dir .. "/b.txt", dir .. "/c.txt"))
print("symlink", uv.fs_symlink(dir .. "/c.txt", dir .. "/link"))
print("readlink", rel(uv.fs_readlink(dir .. "/link")), uv.fs_lstat(dir .. "/link").type)
print("chmod", uv.fs_chmod(dir .. "/c.txt", 384), uv.fs_stat(dir .. "/c.txt").mode & 511)
print("utime", uv.fs_utime(dir .. "/c.txt", 1000, 2000), uv.fs_stat(dir .. "/c.txt").mtime.sec)
print("truncate", uv.fs_open(dir .. "/c.txt", "r+", 0) ~= nil)
local names = {}
local req = uv.fs_scandir(dir)
while true do
  local name, t = uv.fs_scandir_next(req)
  if not name then break end
  names[#names + 1] = name .. ":" .. t
end
table.sort(names)
print("scandir", table.concat(names, " "))
local d = uv.fs_opendir(dir, nil, 10)
local ents = uv.fs_readdir(d)
print("readdir", #ents, uv.fs_readdir(d), uv.fs_closedir(d))
-- errors
print(rel(select(2, uv.fs_open(dir .. "/none", "r", 0))))
print((uv.fs_open("/", "w", 0)))
print(select(3, uv.fs_rename(dir .. "/none", dir .. "/none2")))
print(uv.fs_read(-1, 10, 0))
print(uv.fs_close(987654))
print(pcall(uv.fs_open, dir .. "/x", "bogus", 0))
print(rel(select(2, uv.fs_rmdir(dir .. "/none"))))
print(rel(select(2, uv.fs_unlink(dir .. "/none"))))
-- asynchronous
uv.fs_open(dir .. "/a.txt", "r", 0, function(err, afd)
  print("async open", err, math.type(afd))
  uv.fs_read(afd, 100, 0, function(rerr, data)
    print("async read", rerr, data)
    uv.fs_close(afd, function(cerr, ok) print("async close", cerr, ok) end)
  end)
end)
uv.run()
uv.fs_stat(dir .. "/none", function(err, s) print("async stat", rel(err), s) end)
uv.run()
uv.fs_write(1, "written to fd 1\n", -1, function(err, n) print("async write", err, n) end)
uv.run()
uv.fs_scandir(dir, function(err, r) print("async scandir", err, uv.fs_scandir_next(r) ~= nil) end)
uv.run()
uv.fs_mkdir(dir .. "/sub", 493, function(err) print("async mkdir", rel(err)) end)
uv.run()
uv.fs_access(dir .. "/none", "r", function(err, ok) print("async access", err, ok) end)
uv.run()
-- clean up
for _, n in ipairs {"a.txt", "c.txt", "link"} do assert(uv.fs_unlink(dir .. "/" .. n)) end
print("rmdir", uv.fs_rmdir(dir .. "/sub"), uv.fs_rmdir(dir))
print("statfs", math.type(uv.fs_statfs("/").bsize))
