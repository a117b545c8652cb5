-- Generates a random Lua program (seed = arg[1]) that nests pcall, xpcall, coroutines,
-- to-be-closed variables, metamethods and iterators around a leaf that returns, raises or
-- yields. tests/exec/run runs each program under lua5.4 and nacre and compares the output.
-- Runs under lua5.4 only, so the same seed always gives the same program.
math.randomseed(tonumber(arg[1]))
local ctr = 0
local function fresh() ctr = ctr + 1 return ctr end
local function pick(t) return t[math.random(#t)] end
local leaves = {
  "return 'leaf', 1",
  "error('leaf-err')",
  "error(setmetatable({}, {__tostring = function() return 'tbl-err' end}))",
  "local r = coroutine.isyieldable() and coroutine.yield('y') or 'noy' return 'after', r",
  "if coroutine.isyieldable() then local a = coroutine.yield('y1', 2) coroutine.yield(a) end return 'done'",
}
local function layer(depth)
  if depth == 0 then return pick(leaves) end
  local inner, n = layer(depth - 1), fresh()
  local kinds = {
    pcall = ("local function f%d() %s end\nreturn pcall(f%d)"):format(n, inner, n),
    xpcall = ("local function f%d() %s end\nreturn xpcall(f%d, function(m) return 'H(' .. tostring(m) .. ')' end)"):format(n, inner, n),
    wrap = ("local co%d = coroutine.wrap(function() %s end)\n"
      .. "local r%d = table.pack(pcall(co%d))\n"
      .. "for i = 1, 3 do if r%d[1] and r%d[2] ~= 'done' and r%d[2] ~= 'leaf' and r%d[2] ~= 'after' then r%d = table.pack(pcall(co%d, 'res' .. i)) end end\n"
      .. "return table.unpack(r%d, 1, r%d.n)"):format(n, inner, n, n, n, n, n, n, n, n, n, n),
    create = ("local co = coroutine.create(function() %s end)\nlocal out = {}\n"
      .. "for i = 1, 4 do local r = table.pack(coroutine.resume(co, 'c' .. i)) out[#out+1] = tostring(r[1]) .. '/' .. tostring(r[2]) .. '/' .. tostring(r[3]) if coroutine.status(co) == 'dead' then break end end\n"
      .. "out[#out+1] = coroutine.status(co)\n"
      .. "if coroutine.status(co) == 'suspended' then out[#out+1] = tostring(coroutine.close(co)) end\n"
      .. "return table.concat(out, ' ')"):format(inner),
    tbc = ("local t%d <close> = setmetatable({}, {__close = function(_, e) print('close%d', e) end})\n%s"):format(n, n, inner),
    tbcerr = ("local t%d <close> = setmetatable({}, {__close = function(_, e) print('close%d', e) error('cerr%d', 0) end})\n%s"):format(n, n, n, inner),
    meta = ("local m = setmetatable({}, {__index = function(t, k) %s end})\nreturn m.x"):format(inner),
    callmeta = ("local m = setmetatable({}, {__add = function(a, b) %s end})\nreturn m + 1"):format(inner),
    forin = ("local res\nfor a in function(s, c) if c then return nil end return (function() %s end)() end do res = a break end\nreturn res"):format(inner),
    plain = ("local function g%d() %s end\nreturn g%d()"):format(n, inner, n),
  }
  return kinds[pick{"pcall", "xpcall", "wrap", "create", "tbc", "tbcerr", "meta", "callmeta", "forin", "plain"}]
end
for i = 0, 29 do
  print(("print('== %d', pcall(function()\n%s\nend))"):format(i, layer(math.random(1, 5))))
end
