-- Writes programs whose compiled code takes the compiler's rarer shapes, so the verifier is
-- shown not to reject valid code: LOADKX and SELF with register keys (> 2^17 constants), huge
-- constructors of merged nils, 200 locals, many upvalues, goto/close/tbc mixes.
-- usage: shapes.lua DIR
local dir = arg[1]
local function write(name, text) local f = assert(io.open(dir .. "/" .. name, "w")) f:write(text) f:close() end
local p = {"local x"}
for i = 1, 140000 do p[#p + 1] = string.format("x = 'c%d'", i) end
p[#p + 1] = "local o = {upper = string.upper}\nprint(x, ('abc'):upper(), o.upper('q'))"
write("loadkx.lua", table.concat(p, "\n"))
p = {"local t = {}"}
for i = 1, 300 do p[#p + 1] = string.format("t.k%d = %d.5", i, i) end
p[#p + 1] = "local o = {m = function(self, x) return x end, n = function(self) return 5 end}"
p[#p + 1] = "print(t.k300, o:m(3), o:n())"
write("manyk.lua", table.concat(p, "\n"))
local nils = {}
for i = 1, 1000 do nils[i] = "nil" end
write("nils.lua", "local t = {" .. table.concat(nils, ",") .. ", 1}\nprint(#t, t[1001])\n"
  .. "local u = {" .. table.concat(nils, ",") .. ", ...}\nprint(#u)\n")
p = {}
for i = 1, 199 do p[#p + 1] = string.format("local v%d = %d", i, i) end
p[#p + 1] = "local function f() return v1 + v199 + v100 end print(f())"
write("locals.lua", table.concat(p, "\n"))
p = {"local function mk()"}
for i = 1, 60 do p[#p + 1] = string.format("local u%d = %d", i, i) end
p[#p + 1] = "return function() return u1"
for i = 2, 60 do p[#p + 1] = "+ u" .. i end
p[#p + 1] = "end end print(mk()())"
write("upvals.lua", table.concat(p, "\n"))
write("nest.lua", "print(" .. string.rep("(function() return ", 60) .. "42"
  .. string.rep(" end)()", 60) .. ")\n")
write("flow.lua", [[
local r = {}
for i = 1, 3 do
  local x <close> = setmetatable({}, {__close = function() r[#r + 1] = "c" .. i end})
  for j = 1, 3 do
    if j == 2 then goto cont end
    r[#r + 1] = function() return i * j end
    ::cont::
  end
end
local n = 0
for k, v in pairs({a = 1, b = 2}) do n = n + v end
while true do n = n + 1 if n > 10 then break end end
local function va(...) local a, b = ... return select("#", ...), a, b, ... end
print(#r, n, va(1, nil, 3))
local s = ""
for i = 10, 1, -3 do s = s .. i .. (i % 2 == 0 and "e" or "o") end
local t = {n and 1 or 2, n or 3, not n, {n > 1 and "x" or "y", va(1, 2)}, va(4, 5)}
print(s, #t, t[4][1], #t[4], 7 // 2, -7 % 3, "x" < "y", math.maxinteger + 1 == math.mininteger)
]])
