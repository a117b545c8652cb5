-- The path race, script side: run sandboxed with --allow-read and --allow-write on GRANT while
-- tests/sandbox/race/swap exchanges GRANT/d (a directory) with a link to the outside tree.
-- Every access (io, os, loadfile, uv.fs_*) names GRANT/d/...; one that reaches the outside is
-- an escape: a read that sees the outside's content, a load that runs the outside's chunk, or
-- (checked by the runner afterwards) an outside file truncated, created or removed. Prints the
-- escapes seen here.
-- usage: race.lua GRANT TRIES
local grant, tries = arg[1], tonumber(arg[2])
local d = grant .. "/d/"
local uv = require "uv"
local escapes = 0
for i = 1, tries do
  local op = i % 9
  if op == 0 then
    local f = io.open(d .. "target", "r")
    if f then
      if f:read("a") == "SECRET\n" then escapes = escapes + 1 end
      f:close()
    end
  elseif op == 1 then -- truncates the target it reaches
    local f = io.open(d .. "target", "w")
    if f then f:write("public\n") f:close() end
  elseif op == 2 then -- creates
    local f = io.open(d .. "made", "a")
    if f then f:close() end
  elseif op == 3 then -- removes (inside, "victim" does not exist)
    os.remove(d .. "victim")
  elseif op == 4 then
    local chunk = loadfile(d .. "code.lua")
    if chunk and chunk() == "SECRET" then escapes = escapes + 1 end
  elseif op == 5 then -- uv's open
    local fd = uv.fs_open(d .. "target", "r", 0)
    if fd then
      if uv.fs_read(fd, 64, 0) == "SECRET\n" then escapes = escapes + 1 end
      uv.fs_close(fd)
    end
  elseif op == 6 then -- uv's unlink
    uv.fs_unlink(d .. "victim")
  elseif op == 7 then -- uv's mkdir (and rmdir)
    if uv.fs_mkdir(d .. "newdir", 493) then uv.fs_rmdir(d .. "newdir") end
  else -- uv's symlink (and unlink)
    if uv.fs_symlink("/", d .. "newlink") then uv.fs_unlink(d .. "newlink") end
  end
end
print(escapes)
