-- Generates a random program (seed = arg[1]) applying every binary and unary operator to
-- pairs of edge values (integer limits, -0.0, NaN, inf, numeric strings, nil, tables), both
-- through registers and as constants (so the compiler's folding and the interpreter's
-- immediate/constant opcodes are compared too). Runs under lua5.4 only.
math.randomseed(tonumber(arg[1]))
local vals = {"0", "1", "-1", "2", "3", "-7", "7", "255", "math.maxinteger", "math.mininteger",
  "0.0", "-0.0", "1.5", "-2.5", "1e308", "0/0", "1/0", "-1/0", "2^53", "2^63", "-2^63", "'10'",
  "'0x10'", "'3.5'", "' 7 '", "'abc'", "nil", "true", "{}", "0x7fffffff", "3.0", "-3.0", "1e-300",
  "64", "-64", "63"}
local binops = {"+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "==", "~=", "<",
  "<=", ">", ">=", ".."}
local unops = {"-", "~", "not ", "#"}
local function pick(t) return t[math.random(#t)] end
print([[local function show(ok, ...)
  local t = {}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    t[i] = type(v) == 'number' and string.format('%s:%.17g', math.type(v), v) or tostring(v)
  end
  return tostring(ok) .. ' ' .. table.concat(t, ',')
end]])
for n = 1, 300 do
  local a, b = pick(vals), pick(vals)
  if math.random() < 0.15 then
    local u = pick(unops)
    print(("do local x = %s print(%d, show(pcall(function() return %sx end))) end"):format(a, n, u))
    print(("print(%d, show(pcall(function() return %s(%s) end)))"):format(n, u, a))
  else
    local op = pick(binops)
    print(("do local x, y = %s, %s print(%d, show(pcall(function() return x %s y end))) end"):format(a, b, n, op))
    print(("print(%d, show(pcall(function() return (%s) %s (%s) end)))"):format(n, a, op, b))
    if b:match("^%-?%d+$") then
      print(("do local x = %s print(%d, show(pcall(function() return x %s %s end))) end"):format(a, n, op, b))
    end
    if a:match("^%-?%d+$") then
      print(("do local y = %s print(%d, show(pcall(function() return %s %s y end))) end"):format(b, n, a, op))
    end
  end
end
