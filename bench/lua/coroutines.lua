-- Coroutines: a ring of coroutine.wrap threads passing a token around (the thread-ring
-- benchmark), and a generator -> filter -> consumer pipeline driven by coroutine.resume and
-- coroutine.yield, each value crossing two coroutine switches.
local create, resume, yield, wrap = coroutine.create, coroutine.resume, coroutine.yield, coroutine.wrap

local function ring(nthreads, hops)
  local threads = {}
  for i = 1, nthreads do
    threads[i] = wrap(function(token)
      while true do
        if token == 0 then return i end
        token = yield(token - 1)
      end
    end)
  end
  -- drive the ring: each thread decrements the token and hands it to the next
  local token, i = hops, 1
  while true do
    local r = threads[i](token)
    if r == i and token == 0 then return i end
    token = r
    i = i % nthreads + 1
  end
end

local function pipeline(n)
  local gen = create(function()
    for i = 1, n do yield(i) end
  end)
  local filter = create(function()
    while true do
      local ok, v = resume(gen)
      if not v then return end
      if v % 3 ~= 0 then yield(v * 2) end
    end
  end)
  local sum, count = 0, 0
  while true do
    local ok, v = resume(filter)
    if not v then break end
    sum, count = sum + v, count + 1
  end
  return sum, count
end

local N = tonumber(arg and arg[1]) or 1500000
print(ring(503, N))
print(pipeline(N))
