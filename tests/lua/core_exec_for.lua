--## int_loops
for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 0 do print("never") end
for i = 1, 10, 4 do io.write(i, " ") end print()
--## limits
local n = 0
for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end print(n)
n = 0
for i = math.mininteger, math.mininteger + 2 do n = n + 1 end print(n)
n = 0
for i = math.mininteger + 2, math.mininteger, -1 do n = n + 1 end print(n)
n = 0
for i = 1, math.maxinteger, math.maxinteger // 2 do n = n + 1 end print(n)
for i = math.maxinteger, math.maxinteger - 5, math.mininteger do print(i) end
n = 0
for i = -1, math.mininteger, math.mininteger do n = n + 1 io.write(i, " ") end print(n)
--## float_limits
for i = 1, 2.5 do io.write(i, " ") end print()
for i = 1, 1e100 do if i > 3 then break end io.write(i, " ") end print()
for i = 3, -1e100, -1 do if i < 0 then break end io.write(i, " ") end print()
for i = 1, -1e100 do print("never") end
for i = 1, 0/0 do print("never nan") end
for i = 1, math.huge do if i > 2 then break end io.write(i, " ") end print()
--## float_loops
for i = 0.1, 0.5, 0.1 do io.write(string.format("%.1f ", i)) end print()
for i = 1.0, 3 do io.write(i, " ") end print()
for i = 1, 3, 1.0 do io.write(i, " ") end print()
for i = 3, 1, -0.5 do io.write(i, " ") end print()
--## for_errors
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
print(pcall(function() for i = nil, 10 do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = 1, 2, "x" do end end))
print(pcall(function() for i = "a", 2 do end end))
--## for_string_values
for i = "1", 2 do io.write(tostring(i), " ") end print()
for i = 1, "2" do io.write(tostring(i), " ") end print()
--## control_var_copy
for i = 1, 3 do local j = i; i = i * 10; io.write(i, ":", j, " ") end print()
--## generic_for
local t = {10, 20, 30}
for i, v in ipairs(t) do io.write(i, "=", v, " ") end print()
local function iter(s, c) if c < s then return c + 1, c * 2 end end
for a, b in iter, 4, 0 do io.write(a, ",", b, " ") end print()
local keys = {}
for k in pairs({a=1, b=2, c=3}) do keys[#keys+1] = k end
table.sort(keys) print(table.concat(keys))
--## generic_for_close
do
  local mt = {__close = function(o, e) print("closed", o.name, e) end}
  local function gen()
    local i = 0
    return function() i = i + 1 if i <= 2 then return i end end, nil, nil,
           setmetatable({name="it"}, mt)
  end
  for i in gen() do print("iter", i) end
  for i in gen() do print("break at", i) break end
  print(pcall(function() for i in gen() do error("in loop") end end))
end
--## while_repeat
local i = 0
while i < 5 do i = i + 1 if i == 3 then goto cont end io.write(i, " ") ::cont:: end print()
repeat local x = i; i = i - 1 until x <= 1
print(i)
