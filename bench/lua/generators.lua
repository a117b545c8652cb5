-- Generators: many short-lived coroutine.wrap generators, each resumed twice and then
-- dropped, so the cost is creating and collecting threads (their stacks and closures)
-- rather than switching between a few long-lived ones.
local wrap, yield = coroutine.wrap, coroutine.yield

local function generators(n)
  local s = 0
  for i = 1, n do
    local g = wrap(function(a) local b = yield(a + 1) return b * 2 end)
    s = s + g(i) + g(3)
  end
  return s
end

local N = tonumber(arg and arg[1]) or 1000000
print(generators(N))
