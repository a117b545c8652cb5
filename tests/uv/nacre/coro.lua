-- The coroutine layer (uv.coro): sleep, serve/connect/read/write, fs and exec inside coroutines.
local uv = require "uv"
local coro = require "uv.coro"
coro.run(function()
  local t0 = uv.now()  -- uv.now is the loop time: it only moves forward
  coro.sleep(20)
  print("slept", uv.now() - t0 >= 20)
  local server = assert(coro.serve("127.0.0.1", 0, function(sock)
    while true do
      local data = sock:read()
      if not data then break end
      sock:write("echo:" .. data)
    end
    sock:close()
  end))
  local port = server:getsockname().port
  local done = 0
  for i = 1, 3 do
    coro.spawn(function()
      local s = assert(coro.connect("127.0.0.1", port))
      assert(s:write("client " .. i))
      print("got", s:read())
      s:shutdown()
      print("eof", s:read())
      s:close()
      done = done + 1
      if done == 3 then server:close() end
    end)
  end
end)
coro.run(function()
  print(coro.connect("127.0.0.1", 1))
  local dir = assert(coro.fs.mkdtemp("/tmp/nacre-coro-XXXXXX"))
  local fd = assert(coro.fs.open(dir .. "/f", "w", 420))
  print("write", coro.fs.write(fd, "file data", -1))
  coro.fs.close(fd)
  print("readfile", coro.fs.readfile(dir .. "/f"))
  print("stat", coro.fs.stat(dir .. "/f").size)
  print("missing", (select(2, coro.fs.stat(dir .. "/none")):match("^%u+")))
  print("badfd", coro.fs.read(-1, 1, 0))
  coro.fs.unlink(dir .. "/f")
  coro.fs.rmdir(dir)
  print("exec", coro.exec("/bin/sh", {"-c", "echo out; echo err >&2; exit 7"}))
  print("exec missing", coro.exec("/nonexistent", {}))
end)
print(pcall(coro.sleep, 1))
