-- UDP datagrams on loopback.
local uv = require "luv"
local a, b = uv.new_udp(), uv.new_udp()
print("bind", a:bind("127.0.0.1", 0), b:bind("127.0.0.1", 0))
local pa, pb = a:getsockname().port, b:getsockname().port
local got = 0
print("recv", b:recv_start(function(err, data, addr, flags)
  assert(not err, err)
  if not data then return end
  got = got + 1
  print("b got", data, addr.ip, addr.port == pa, addr.family, type(flags))
  if got == 2 then
    b:send("pong", "127.0.0.1", pa, function(e) print("sent pong", e) end)
  end
end))
a:recv_start(function(err, data, addr)
  if data then
    print("a got", data, addr.port == pb)
    a:close() b:close()
  end
end)
print("send", a:send("ping1", "127.0.0.1", pb, function(e)
  print("sent1", e)
  print("try_send", a:try_send("ping2", "127.0.0.1", pb)) -- the send queue is empty now
end))
uv.run()
local c = uv.new_udp()
c:bind("127.0.0.1", 0)
print("broadcast", c:set_broadcast(true), "ttl", c:set_ttl(8))
print("mcast loop", c:set_multicast_loop(true), "mcast ttl", c:set_multicast_ttl(2))
print(pcall(c.send, c, "x", "bogus", 1))
c:close()
uv.run()
