local target
local function clobber()
  if debug.getinfo(2, "f").func ~= target then return end
  for i = 1, 30 do
    local n = debug.getlocal(2, i)
    if n == "(temporary)" then debug.setlocal(2, i, 5) end
  end
end
target = function()
  local t = {1, 2,
    3, 4}
  return t
end
debug.sethook(clobber, "l")
local ok, e = pcall(target)
debug.sethook()
print(ok, type(e) == "string" and e:gsub("^.-:%d+: ", "") or type(e))
