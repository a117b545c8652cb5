-- TCP echo on loopback with several clients; results print in a fixed order.
local uv = require "luv"
local server = uv.new_tcp()
print("bind", server:bind("127.0.0.1", 0))
local addr = server:getsockname()
print("family", addr.family, addr.ip, math.type(addr.port))
local conns = 0
print("listen", server:listen(16, function(err)
  assert(not err, err)
  local c = uv.new_tcp()
  server:accept(c)
  conns = conns + 1
  c:read_start(function(err, data)
    assert(not err, err)
    if data then c:write(data:upper()) else c:close() end
  end)
end))
local results, done = {}, 0
for i = 1, 5 do
  local client = uv.new_tcp()
  local got = {}
  client:connect("127.0.0.1", addr.port, function(err)
    assert(not err, err)
    local peer = client:getpeername()
    got[#got + 1] = "peer " .. peer.ip .. " " .. tostring(peer.port == addr.port)
    client:write({"hello ", "from ", tostring(i)}, function(werr)
      got[#got + 1] = "written " .. tostring(werr)
      client:shutdown(function(serr) got[#got + 1] = "shutdown " .. tostring(serr) end)
    end)
    local buf = {}
    client:read_start(function(rerr, data)
      assert(not rerr, rerr)
      if data then buf[#buf + 1] = data return end
      got[#got + 1] = "echo " .. table.concat(buf)
      client:close(function()
        results[i] = table.concat(got, "; ")
        done = done + 1
        if done == 5 then server:close() end
      end)
    end)
  end)
end
uv.run()
for i = 1, 5 do print(i, results[i]) end
print("connections", conns)
-- a refused connection and bad addresses
local bad = uv.new_tcp()
bad:bind("127.0.0.1", 0)
local port = bad:getsockname().port
bad:close()
local c = uv.new_tcp()
c:connect("127.0.0.1", port, function(err) print("refused", err) c:close() end)
uv.run()
print(pcall(uv.tcp_connect, uv.new_tcp(), "999.1.1.1", 80, function() end))
print(uv.new_tcp():write("x"))
print(uv.new_tcp():getpeername())
local s = uv.new_tcp()
print("nodelay", s:nodelay(true), "keepalive", s:keepalive(true, 10))
s:close()
uv.run()
