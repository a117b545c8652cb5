-- The HTTP hello server of examples/http_hello.lua written with plain luv callbacks, so the
-- same program runs under lua5.4 + lua-luv and under nacre (bench/uv/run compares them).
local uv = require "luv"
local port = tonumber(arg[1]) or 8080
local body = "Hello, World!\n"
local response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " .. #body ..
                 "\r\nConnection: keep-alive\r\n\r\n" .. body
local server = uv.new_tcp()
assert(server:bind("127.0.0.1", port))
assert(server:listen(511, function(err)
  if err then return end
  local client = uv.new_tcp()
  server:accept(client)
  local buffer = ""
  client:read_start(function(rerr, data)
    if rerr or not data then client:close() return end
    buffer = buffer .. data
    local replies = 0
    while true do
      local at = buffer:find("\r\n\r\n", 1, true)
      if not at then break end
      buffer = buffer:sub(at + 4)
      replies = replies + 1
    end
    if replies > 0 then client:write(response:rep(replies)) end
  end)
end))
print("listening on http://127.0.0.1:" .. server:getsockname().port)
uv.run()
