-- Differential checks for the io library (stdlib engineer). Files are created in the current
-- directory under unique names and removed at the end of each check.
--## io_open_missing
print(io.open("no_such_dir_xyz/file.txt"))
print(io.open("no_such_file_xyz.txt", "r"))
print(pcall(io.open, "x", "rw"))
print(pcall(io.open, "x", "r+x"))
print(pcall(io.open, "x", ""))
print(pcall(io.open))
--## io_write_read_roundtrip
local name = "std_io_t1.tmp"
local f = assert(io.open(name, "w"))
print(io.type(f), f:write("line1\n", "line2\n", 42, " ", 1.5, "\n", "no newline") == f)
print(f:close(), io.type(f), tostring(f))
f = assert(io.open(name))
print(f:read(), f:read("l"), f:read("n"), f:read("n"), f:read("L"), f:read("a"), f:read("a"), f:read())
f:close()
print(os.remove(name))
--## io_read_formats
local name = "std_io_t2.tmp"
local f = assert(io.open(name, "wb"))
f:write("abc\n\ndef\r\n0x1F 12.5e1 -7 .5 nan 99\n", ("x"):rep(10))
f:close()
f = io.open(name, "rb")
print(f:read(1), f:read(0), f:read("L"), f:read("l"), f:read("l"))
print(f:read("n", "n", "n", "n"))
print(f:read("n"), f:read(3), f:read(100), f:read(0), f:read(1), f:read("a"), f:read("l"), f:read("n"))
f:close()
os.remove(name)
--## io_read_star_compat
local name = "std_io_t3.tmp"
local f = io.open(name, "w") f:write("a\nb\n") f:close()
f = io.open(name)
print(f:read("*l"), f:read("*L"), f:read("*a"))
print(pcall(f.read, f, "x"))
print(pcall(f.read, f, {}))
f:close()
os.remove(name)
--## io_lines_file
local name = "std_io_t4.tmp"
local f = io.open(name, "w") f:write("one\ntwo\n\nfour") f:close()
for l in io.lines(name) do io.write("[", l, "]") end
print()
for l in io.lines(name, "L") do io.write("[", l, "]") end
print()
for a, b in io.lines(name, 1, 2) do io.write(a, "|", b, " ") end
print()
f = io.open(name)
for l in f:lines() do io.write(l, ";") end
print(io.type(f))
f:close()
os.remove(name)
print(pcall(io.lines, "no_such_file_xyz"))
--## io_lines_closed
local name = "std_io_t5.tmp"
local f = io.open(name, "w") f:write("a\nb\n") f:close()
f = io.open(name)
local it = f:lines()
print(it())
f:close()
print(pcall(it))
os.remove(name)
--## io_closed_file_errors
local name = "std_io_t6.tmp"
local f = io.open(name, "w")
f:close()
print(pcall(f.write, f, "x"))
print(pcall(f.read, f))
print(pcall(f.close, f))
print(pcall(f.seek, f))
print(tostring(f), io.type(f), io.type(42), io.type(io.stdout))
os.remove(name)
--## io_seek
local name = "std_io_t7.tmp"
local f = io.open(name, "w+")
f:write("0123456789")
print(f:seek(), f:seek("set"), f:read(3), f:seek("cur"), f:seek("end"), f:seek("set", 5), f:read(2), f:seek("cur", -4), f:read(1))
print(pcall(f.seek, f, "bad"))
print(f:seek("set", -1))
f:close()
os.remove(name)
--## io_modes
local name = "std_io_t8.tmp"
local f = io.open(name, "w") f:write("abc") f:close()
f = io.open(name, "a") f:write("def") f:close()
f = io.open(name, "r+") f:write("X") f:close()
f = io.open(name, "rb") print(f:read("a")) f:close()
f = io.open(name, "a+") f:write("!") f:seek("set") print(f:read("a")) f:close()
f = io.open(name, "w+b") print(f:read("a")) f:close()
print(io.open(name, "r"):read("a") == "")
os.remove(name)
--## io_default_files
local name = "std_io_t9.tmp"
local old = io.output()
io.output(name)
io.write("via default ", 1, "\n")
print(io.output() ~= old)
io.close()
io.output(old)
io.input(name)
print(io.read("L"))
print(io.read())
io.close(io.input())
io.input(io.stdin)
os.remove(name)
print(pcall(io.input, "no_such_file_xyz"))
--## io_std_handles
print(io.type(io.stdin), io.type(io.stdout), io.type(io.stderr), io.stdout:close())
print(io.stdout:write("") == io.stdout, io.write("") == io.stdout)
--## io_tostring_name
local f = io.tmpfile()
print(tostring(f):match("^file %(0x%x+%)$") ~= nil, getmetatable(f).__name)
f:close()
print(tostring(f))
--## io_tmpfile
local f = io.tmpfile()
f:write("hello tmp")
f:seek("set")
print(f:read("a"), io.type(f))
f:close()
--## io_setvbuf_flush
local f = io.tmpfile()
print(f:setvbuf("no"), f:setvbuf("full", 1024), f:setvbuf("line"), f:flush(), io.flush())
print(pcall(f.setvbuf, f, "bad"))
f:close()
--## io_popen
local p = io.popen("echo hello; echo world")
print(p:read("a"))
print(p:close())
local p2 = io.popen("exit 3")
print(p2:close())
print(pcall(io.popen, "ls", "rw"))
local w = io.popen("cat > /dev/null", "w")
w:write("data")
print(w:close())
--## io_write_numbers
local f = io.tmpfile()
f:write(1, " ", 1.0, " ", -0.0, " ", 1e100, " ", 2^63, " ", math.mininteger, " ", 1/3)
f:seek("set")
print(f:read("a"))
f:close()
--## io_write_errors
local f = io.tmpfile()
print(pcall(f.write, f, {}))
print(pcall(f.write, f, nil))
print(pcall(io.write, true))
f:close()
--## io_read_number_edge
local f = io.tmpfile()
f:write("  0x10  1e5 0.5e-3 inf 12abc --3")
f:seek("set")
print(f:read("n"), f:read("n"), f:read("n"), f:read("n"))
print(f:read("a"))
f:close()
--## io_lines_toclose
local name = "std_io_t10.tmp"
local f = io.open(name, "w") f:write("x\ny\n") f:close()
local a, b, c, d = io.lines(name)
print(type(a), b, c, io.type(d))
for l in io.lines(name) do break end
os.remove(name)
--## io_close_default_output
print(pcall(io.close))
--## io_gc_closes
local name = "std_io_t11.tmp"
do
  local f = io.open(name, "w")
  f:write("flushed by gc")
  f = nil
  collectgarbage()
  collectgarbage()
end
local g = io.open(name)
print(g:read("a"))
g:close()
os.remove(name)
--## io_close_tbc
local name = "std_io_t12.tmp"
do
  local f <close> = io.open(name, "w")
  f:write("closed by tbc")
end
print(io.open(name):read("a"))
os.remove(name)
--## io_lib_fields
local names = {}
for k in pairs(io) do names[#names + 1] = k end
table.sort(names) print(table.concat(names, " "))
local m = {}
for k in pairs(getmetatable(io.stdout).__index) do m[#m + 1] = k end
table.sort(m) print(table.concat(m, " "))
--## io_filehandle_shared_with_c_module
-- lfs (Debian's lua-filesystem) takes io file handles as luaL_Stream through luaL_checkudata.
local ok, lfs = pcall(require, "lfs")
if ok then
  local f = io.tmpfile()
  print(lfs.lock(f, "w"), lfs.unlock(f), lfs.setmode and select("#", lfs.setmode(f, "binary")))
  f:close()
  print(pcall(lfs.lock, f, "w"))
else
  print("lfs not installed")
end
--## io_stdin_via_child
-- The interpreter itself (arg[-1]) reads a file on stdin in a child process.
local f = io.open("std_io_stdin.txt", "w")
f:write("42 rest of line\nsecond\nthird\n")
f:close()
local p = io.popen(arg[-1] .. [[ -e "print(io.read('n', 'l')) print(io.read('L')) for l in io.lines() do print(l) end print(io.read())" < std_io_stdin.txt]])
print(p:read("a"))
print(p:close())
os.remove("std_io_stdin.txt")
--## io_debug_debug_commands
local f = io.open("std_dbg_cmds.txt", "w")
f:write("x = 41\nprint(x + 1)\nerror('oops')\nsyntax error here\ncont\nprint('not run')\n")
f:close()
local p = io.popen(arg[-1] .. [[ -e "debug.debug() print('after')" < std_dbg_cmds.txt 2>&1]])
print(p:read("a"))
print(p:close())
os.remove("std_dbg_cmds.txt")
