-- A minimal HTTP/1.1 "hello" server on uv.coro: each connection is plain sequential code in
-- its own coroutine (keep-alive, pipelined requests). `nacre examples/http_hello.lua [port]`,
-- then `curl localhost:8080`. Under the sandbox: --allow-net=127.0.0.1.
local coro = require "uv.coro"

local port = tonumber(arg and arg[1]) or 8080
local body = "Hello, World!\n"
local response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " .. #body ..
                 "\r\nConnection: keep-alive\r\n\r\n" .. body

local function serve(sock)
  local buffer = ""
  while true do
    local data = sock:read()
    if not data then break end
    buffer = buffer .. data
    local replies = 0
    while true do -- every complete request head in the buffer gets a reply
      local at = buffer:find("\r\n\r\n", 1, true)
      if not at then break end
      buffer = buffer:sub(at + 4)
      replies = replies + 1
    end
    if replies > 0 and not sock:write(response:rep(replies)) then break end
  end
  sock:close()
end

local server = assert(coro.serve("127.0.0.1", port, serve))
print("listening on http://127.0.0.1:" .. server:getsockname().port)
require("uv").run()
