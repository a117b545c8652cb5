-- Processes: exit codes, signals, stdio pipes, env, cwd, failures.
local uv = require "luv"
local function run(file, opts, label)
  local out = uv.new_pipe(false)
  opts.stdio = {nil, out, nil}
  local buf, exit = {}, nil
  local proc, pid
  proc, pid = uv.spawn(file, opts, function(code, sig)
    exit = code .. " " .. sig -- the exit and the end of the output come in either order
    proc:close()
  end)
  if not proc then print(label, pid) out:close() return end
  print(label, "pid", math.type(pid), proc:get_pid() == pid)
  out:read_start(function(err, data)
    if data then buf[#buf + 1] = data else out:close() end
  end)
  uv.run()
  print(label, "out", (table.concat(buf):gsub("\n", "|")))
  print(label, "exit", exit)
end
run("/bin/sh", {args = {"-c", "echo hi; exit 3"}}, "code")
run("/bin/sh", {args = {"-c", "echo $NACRE_UV_X"}, env = {"NACRE_UV_X=from env"}}, "env")
run("/bin/pwd", {cwd = "/"}, "cwd")
run("/nonexistent/program", {}, "missing")
local proc
proc = uv.spawn("/bin/sleep", {args = {"30"}}, function(code, sig)
  print("killed", code, sig)
  proc:close()
end)
print("kill", proc:kill("sigterm"))
uv.run()
proc = uv.spawn("/bin/sleep", {args = {"30"}}, function(code, sig)
  print("killed 9", code, sig)
  proc:close()
end)
print("uv.kill", uv.kill(proc:get_pid(), 9))
uv.run()
print(uv.kill(2 ^ 22 + 12345, "sigterm"))
