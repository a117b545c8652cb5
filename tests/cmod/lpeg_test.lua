-- Debian's prebuilt lpeg.so: grammars, captures, substitution.
local lpeg = require("lpeg")
print(type(lpeg.version), lpeg.version ~= nil)
local P, R, S, C, Ct, V, Cs = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Ct, lpeg.V, lpeg.Cs
local space = S(" \t") ^ 0
local number = C(R("09") ^ 1) / tonumber * space
local op = C(S("+-*/")) * space
-- arithmetic grammar with left-assoc folding
local function fold(t)
  local acc = t[1]
  for i = 2, #t, 2 do
    local o, v = t[i], t[i + 1]
    if o == "+" then acc = acc + v elseif o == "-" then acc = acc - v
    elseif o == "*" then acc = acc * v else acc = acc // v end
  end
  return acc
end
local G = P{ "Exp",
  Exp = Ct(V"Term" * (C(S"+-") * space * V"Term") ^ 0) / fold,
  Term = Ct(V"Fac" * (C(S"*/") * space * V"Fac") ^ 0) / fold,
  Fac = number + P"(" * space * V"Exp" * P")" * space,
}
print(G:match("1 + 2 * 3"), G:match("(1 + 2) * 3"), G:match("100 / 7 - 2"))
print(lpeg.match(C(R("az") ^ 1), "hello world"))
local words = Ct((C(R("az", "AZ") ^ 1) + 1) ^ 0)
print(table.concat(words:match("one, two; three!"), "|"))
print(Cs((P"a" / "A" + 1) ^ 0):match("banana"))
print(lpeg.match(P"x", "y"), lpeg.type(P"x"), lpeg.type(1))
local ok, err = pcall(lpeg.P, {})
print(ok, type(err))
local many = {}
for i = 1, 200 do many[i] = P(tostring(i)) end
collectgarbage()
print(#many, many[150]:match("150"))
