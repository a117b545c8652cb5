-- for-in loops: a Lua closure iterator, a stateless Lua iterator, ipairs, pairs, next and
-- string.gmatch, over arrays and hash tables.
local n = tonumber(arg and arg[1]) or 4000
local arr, hash = {}, {}
for i = 1, 1000 do arr[i] = i % 7 end
for i = 1, 300 do hash["k" .. i] = i; hash[i * 3] = i end
local function range(m)  -- a closure with its state in upvalues
  local i = 0
  return function() i = i + 1; if i <= m then return i end end
end
local function step(t, i)  -- a stateless Lua iterator, as ipairs written in Lua
  i = i + 1
  local v = t[i]
  if v ~= nil then return i, v end
end
local function luaipairs(t) return step, t, 0 end
local text = string.rep("alpha beta gamma delta ", 40)
local s, c = 0, 0
for r = 1, n do
  for v in range(300) do s = s + v end
  for i, v in luaipairs(arr) do s = s + v end
  for i, v in ipairs(arr) do s = s + i - v end
  for k, v in pairs(hash) do s = s + v end
  for k, v in next, hash do c = c + 1 end
  if r % 10 == 0 then
    for w in text:gmatch("%a+") do c = c + #w end
  end
end
print(s, c)
