-- flags: --fuel=10000
-- status: 4
-- stdout: in
do
  local guard <close> = setmetatable({}, {__close = function() print("close handler ran") end})
  print("in")
  while true do end
end
