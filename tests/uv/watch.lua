-- Watchers: fs_event (inotify), fs_poll (stat polling) and poll (descriptor readiness).
local uv = require "luv"
local dir = assert(uv.fs_mkdtemp("/tmp/nacre-uvw-XXXXXX"))
local ev = uv.new_fs_event()
print("fs_event start", ev:start(dir, {}, function(err, name, events)
  print("fs_event", err, name, events.rename, events.change)
  ev:stop()
  ev:close()
end))
print("getpath", ev:getpath() == dir)
local fd = assert(uv.fs_open(dir .. "/x", "w", 420))
uv.fs_close(fd)
uv.run()

-- fs_poll on a missing file reports the error first; creating it then is a change
local fp = uv.new_fs_poll()
local polls = 0
print("fs_poll start", fp:start(dir .. "/y", 10, function(err, prev, curr)
  polls = polls + 1
  if polls == 1 then
    print("fs_poll first", err, type(prev), curr.size)
    local f = assert(uv.fs_open(dir .. "/y", "w", 420))
    uv.fs_write(f, "12345", -1)
    uv.fs_close(f)
    return
  end
  print("fs_poll", err, prev.size, curr.size, curr.type)
  fp:stop()
  fp:close()
end))
uv.run()
uv.fs_unlink(dir .. "/y")

local fds = uv.pipe({nonblock = true}, {nonblock = true})
local p = uv.new_poll(fds.read)
print("poll start", p:start("r", function(err, events)
  print("poll", err, events, uv.fs_read(fds.read, 10, -1))
  p:stop()
  p:close()
end))
uv.fs_write(fds.write, "ready", -1)
uv.run()
uv.fs_close(fds.read)
uv.fs_close(fds.write)
print(uv.new_fs_event():start("/nonexistent/dir", {}, function() end))
uv.fs_unlink(dir .. "/x")
uv.fs_rmdir(dir)
uv.walk(function(h) h:close() end)
uv.run()
