-- UDP datagrams on loopback.
local uv = require "luv"
local a, b = uv.new_udp(), uv.new_udp()
print("bind", a:bind("127.0.0.1", 0), b:bind("127.0.0.1", 0))
local pa, pb = a:getsockname().port, b:getsockname().port
local got, log = 0, {} -- events on the two sockets interleave by timing: print them after
print("recv", b:recv_start(function(err, data, addr, flags)
  assert(not err, err)
  if not data then return end
  got = got + 1
  log["b" .. got] = table.concat({"b got", data, addr.ip, tostring(addr.port == pa), addr.family,
                                  type(flags)}, " ")
  if got == 2 then
    b:send("pong", "127.0.0.1", pa, function(e) log.pong = "sent pong " .. tostring(e) end)
  end
end))
a:recv_start(function(err, data, addr)
  if data then
    log.a = "a got " .. data .. " " .. tostring(addr.port == pb)
    a:close() b:close()
  end
end)
print("send", a:send("ping1", "127.0.0.1", pb, function(e)
  log.sent1 = "sent1 " .. tostring(e)
  log.try = "try_send " .. tostring(a:try_send("ping2", "127.0.0.1", pb)) -- the queue is empty now
end))
uv.run()
for _, k in ipairs {"sent1", "try", "b1", "b2", "pong", "a"} do print(log[k]) end
local c = uv.new_udp()
c:bind("127.0.0.1", 0)
print("broadcast", c:set_broadcast(true), "ttl", c:set_ttl(8))
print("mcast loop", c:set_multicast_loop(true), "mcast ttl", c:set_multicast_ttl(2))
print(pcall(c.send, c, "x", "bogus", 1))
c:close()
uv.run()
