-- Spectral norm (Benchmarks Game): nested loops, float arithmetic, array indexing.
local function A(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end
-- y = A x, or y = transpose(A) x
local function mul(x, y, N, transposed)
  for i = 1, N do
    local a = 0
    if transposed then
      for j = 1, N do a = a + x[j] * A(j, i) end
    else
      for j = 1, N do a = a + x[j] * A(i, j) end
    end
    y[i] = a
  end
end
local function AtAv(x, y, t, N) mul(x, t, N, false); mul(t, y, N, true) end
local N = tonumber(arg and arg[1]) or 600
local u, v, t = {}, {}, {}
for i = 1, N do u[i] = 1 end
for _ = 1, 10 do AtAv(u, v, t, N); AtAv(v, u, t, N) end
local vBv, vv = 0, 0
for i = 1, N do
  local ui, vi = u[i], v[i]
  vBv = vBv + ui * vi; vv = vv + vi * vi
end
print(string.format("%0.9f", math.sqrt(vBv / vv)))
