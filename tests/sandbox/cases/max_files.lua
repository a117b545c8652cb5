-- flags: --max-files=3
-- status: 0
-- stdout: 3	true
local files, err = {}, nil
for i = 1, 10 do
  local f, e = io.open("/dev/null")
  if not f then err = e break end
  files[#files + 1] = f
end
print(#files, (err:find("Too many open files", 1, true)) ~= nil)
