-- The hot part of the profile-guided build's training (bench/pgo/train): ordinary Lua
-- programs of several kinds, none of them a bench/lua program, so that the interpreter's
-- common paths are the ones the profile sees most. Each part prints a checksum.
-- Usage: nacre bench/pgo/workload.lua [scale]   (scale 1 runs in about a second)
local scale = tonumber(arg and arg[1]) or 1

-- A small expression language: tokenizer, recursive-descent parser to tables, evaluator.
local function calc(n)
  local function tokens(s)
    local t = {}
    for num, op in s:gmatch("%s*(%d*%.?%d+)%s*([%+%-%*/%%%(%)]?)") do
      t[#t + 1] = tonumber(num)
      if op ~= "" then t[#t + 1] = op end
    end
    return t
  end
  local function parse(t)
    local i = 1
    local expr
    local function atom()
      local v = t[i]; i = i + 1
      if v == "(" then local e = expr(); i = i + 1; return e end
      return {k = "num", v = v}
    end
    local function term()
      local l = atom()
      while t[i] == "*" or t[i] == "/" or t[i] == "%" do
        local op = t[i]; i = i + 1
        l = {k = op, l = l, r = atom()}
      end
      return l
    end
    function expr()
      local l = term()
      while t[i] == "+" or t[i] == "-" do
        local op = t[i]; i = i + 1
        l = {k = op, l = l, r = term()}
      end
      return l
    end
    return expr()
  end
  local ops = {
    ["+"] = function(a, b) return a + b end, ["-"] = function(a, b) return a - b end,
    ["*"] = function(a, b) return a * b end, ["/"] = function(a, b) return a / b end,
    ["%"] = function(a, b) return a % b end,
  }
  local function eval(e)
    if e.k == "num" then return e.v end
    return ops[e.k](eval(e.l), eval(e.r))
  end
  local sum = 0
  for i = 1, n do
    local s = string.format("%d + %d * (%d - %d) / 3 %% 7 - %.1f", i, i % 13, i % 7, i % 5, i / 3)
    sum = sum + eval(parse(tokens(s)))
  end
  return string.format("%.3f", sum)
end

-- Objects: a class hierarchy with metatables, metamethods and method calls.
local function shapes(n)
  local Vec = {}
  Vec.__index = Vec
  local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
  Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
  Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
  Vec.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
  function Vec:len2() return self.x * self.x + self.y * self.y end
  local Shape = {}
  Shape.__index = Shape
  function Shape.new(cls, pos) local o = setmetatable({}, cls); o.pos = pos; return o end
  function Shape:move(d) self.pos = self.pos + d end
  local Circle = setmetatable({}, {__index = Shape})
  Circle.__index = Circle
  function Circle:area() return 3.14159 * self.r * self.r end
  local Rect = setmetatable({}, {__index = Shape})
  Rect.__index = Rect
  function Rect:area() return self.w * self.h end
  local list = {}
  for i = 1, 200 do
    local s
    if i % 2 == 0 then s = Shape.new(Circle, vec(i, -i)); s.r = i % 10
    else s = Shape.new(Rect, vec(-i, i)); s.w, s.h = i % 7, i % 3 end
    list[i] = s
  end
  local total, moved = 0, 0
  local d = vec(1, 1)
  for _ = 1, n do
    for i = 1, #list do
      local s = list[i]
      total = total + s:area()
      s:move(d)
      if s.pos == d then moved = moved + 1 end
    end
  end
  return string.format("%.1f %d %s", total, moved, tostring(list[1].pos))
end

-- Tables as maps, queues, sets and arrays: insert, remove, sort, pairs, next, concat.
local function collections(n)
  local words = {}
  for i = 1, n do words[i] = string.format("w%x", (i * 7919) % 1000) end
  local count = {}
  for _, w in ipairs(words) do count[w] = (count[w] or 0) + 1 end
  local keys = {}
  for k in pairs(count) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if count[a] ~= count[b] then return count[a] > count[b] end
    return a < b
  end)
  local q, head, tail = {}, 1, 0
  for i = 1, n do
    tail = tail + 1; q[tail] = i
    if i % 3 == 0 then q[head] = nil; head = head + 1 end
  end
  local arr = {}
  for i = 1, 300 do table.insert(arr, i) end
  for i = 1, 100 do table.remove(arr, (i * 13) % #arr + 1) end
  table.insert(arr, 1, 0)
  local set, nset = {}, 0
  for i = 1, n do set[i % 257] = true end
  for _ in next, set do nset = nset + 1 end
  local m = {}
  for i = 1, 64 do m[i] = {i, i * 2, i * 3} end
  local acc = 0
  for _, row in ipairs(m) do acc = acc + row[1] * row[2] - row[3] end
  return table.concat({keys[1], #keys, tail - head, #arr, nset, acc, select("#", table.unpack(arr, 1, 50))}, " ")
end

-- Text: building, formatting, searching and rewriting strings.
local function text(n)
  local parts = {}
  for i = 1, n do
    parts[#parts + 1] = ("item %d: %s [%5.2f]"):format(i, ("ab"):rep(i % 5 + 1), i / 7)
  end
  local doc = table.concat(parts, "\n")
  local up = doc:upper():gsub("ITEM", "entry")
  local found = 0
  for line in doc:gmatch("[^\n]+") do
    if line:find("abab", 1, true) then found = found + 1 end
    local a, b = line:match("^item (%d+): (%a+)")
    if a and #b > 6 then found = found + tonumber(a) % 3 end
  end
  local s = ""
  for i = 1, 200 do s = s .. string.char(65 + i % 26) .. i end
  local bytes = 0
  for i = 1, #s, 7 do bytes = bytes + s:byte(i) end
  local csv = {}
  for i = 1, n // 10 do csv[i] = table.concat({i, "x" .. i, i * 0.5, tostring(i % 2 == 0)}, ",") end
  local fields = 0
  for _, rec in ipairs(csv) do for _ in rec:gmatch("[^,]+") do fields = fields + 1 end end
  return #up, found, bytes, fields, s:sub(-10), s:reverse():sub(1, 5)
end

-- Closures, varargs, higher-order functions.
local function functional(n)
  local function map(f, t) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
  local function filter(f, t) local r = {} for i = 1, #t do if f(t[i]) then r[#r + 1] = t[i] end end return r end
  local function reduce(f, acc, t) for i = 1, #t do acc = f(acc, t[i]) end return acc end
  local function compose(...)
    local fs = table.pack(...)
    return function(x) for i = fs.n, 1, -1 do x = fs[i](x) end return x end
  end
  local function counter() local c = 0 return function(k) c = c + (k or 1) return c end end
  local function sum(...)
    local s = 0
    for i = 1, select("#", ...) do s = s + (select(i, ...)) end
    return s
  end
  local t = {}
  for i = 1, 100 do t[i] = i end
  local total = 0
  local tick = counter()
  for j = 1, n do
    local f = compose(function(x) return x + j end, function(x) return x * 2 end)
    local r = reduce(function(a, b) return a + b end, 0, filter(function(x) return x % 3 == 0 end, map(f, t)))
    total = total + r + sum(j, j + 1, j + 2, table.unpack(t, 1, 5))
    tick()
  end
  return total, tick(0)
end

-- Coroutines: generators and a producer/consumer pipeline.
local function pipeline(n)
  local function gen(k)
    return coroutine.wrap(function() for i = 1, k do coroutine.yield(i) end end)
  end
  local function squares(src)
    return coroutine.wrap(function() for v in src do coroutine.yield(v * v) end end)
  end
  local s = 0
  for _ = 1, n do for v in squares(gen(50)) do s = s + v end end
  local co = coroutine.create(function(a)
    while true do a = coroutine.yield(a * 2) end
  end)
  for i = 1, n * 10 do local _, v = coroutine.resume(co, i); s = s + v end
  return s, coroutine.status(co)
end

-- Numbers: integer and float arithmetic, bit operations, math functions.
local function numeric(n)
  local function isprime(k)
    if k < 2 then return false end
    for d = 2, math.floor(math.sqrt(k)) do if k % d == 0 then return false end end
    return true
  end
  local primes, h, x = 0, 0, 0.0
  for i = 1, n do
    if isprime(i) then primes = primes + 1 end
    h = (h ~ (i << 3) ~ (h >> 5)) & 0xffffffff
    x = x + math.sin(i) * math.cos(i / 2) + (i // 3) / (i % 11 + 1)
  end
  -- A bit set in 32-bit words: a constant shifted by a register, and/or/xor/not of registers.
  local bits, set = {}, 0
  for i = 1, (n >> 5) + 1 do bits[i] = 0 end
  for i = 1, n, 3 do local w = (i >> 5) + 1; bits[w] = bits[w] | (1 << (i & 31)) end
  for i = 1, n do
    local w, b = (i >> 5) + 1, 1 << (i & 31)
    if bits[w] & b ~= 0 then set = set + 1 else bits[w] = bits[w] & ~b end
    local s = i & 15
    h = (h ~ (i << s) ~ (h >> s) ~ (bits[w] | s)) & 0xffffffff
  end
  local m = {}
  for i = 1, 20 do m[i] = {} for j = 1, 20 do m[i][j] = (i * j) % 7 - 3.5 end end
  local p = {}
  for i = 1, 20 do
    p[i] = {}
    for j = 1, 20 do local s = 0.0 for k = 1, 20 do s = s + m[i][k] * m[k][j] end p[i][j] = s end
  end
  local function fibm(k, memo) if k < 2 then return k end
    local v = memo[k]; if v then return v end
    v = fibm(k - 1, memo) + fibm(k - 2, memo); memo[k] = v; return v end
  local function tak(a, b, c) if b < a then return tak(tak(a - 1, b, c), tak(b - 1, c, a), tak(c - 1, a, b)) end return c end
  return primes, set, h, string.format("%.4f %.2f", x, p[3][7]), fibm(80, {}), tak(12, 8, 4), math.tointeger(3.0), 7 // 2, 7.5 // 2
end

-- Errors: pcall, error objects, error with levels, xpcall with a handler.
local function errors(n)
  local caught = 0
  local function risky(i)
    if i % 3 == 0 then error({code = i}) end
    if i % 5 == 0 then error("bad " .. i, 2) end
    if i % 7 == 0 then local t = nil; return t.field end
    return i
  end
  for i = 1, n do
    local ok, e = pcall(risky, i)
    if not ok then caught = caught + (type(e) == "table" and e.code or #tostring(e)) end
  end
  local ok = xpcall(function() error("deep") end, function(m) return debug.traceback(m) end)
  return caught, ok, select(2, pcall(error))
end

-- Serialisation: a table encoder and decoder (JSON-like), string.pack and utf8.
local function serial(n)
  local function encode(v, out)
    local t = type(v)
    if t == "table" then
      if #v > 0 then
        out[#out + 1] = "["
        for i = 1, #v do if i > 1 then out[#out + 1] = "," end encode(v[i], out) end
        out[#out + 1] = "]"
      else
        local ks = {}
        for k in pairs(v) do ks[#ks + 1] = k end
        table.sort(ks)
        out[#out + 1] = "{"
        for i, k in ipairs(ks) do
          if i > 1 then out[#out + 1] = "," end
          out[#out + 1] = string.format("%q:", k); encode(v[k], out)
        end
        out[#out + 1] = "}"
      end
    elseif t == "string" then out[#out + 1] = string.format("%q", v)
    else out[#out + 1] = tostring(v) end
    return out
  end
  local function decode(s)
    local pos = 1
    local value
    local function ws() pos = s:find("[^ ]", pos) or pos end
    function value()
      ws()
      local c = s:sub(pos, pos)
      if c == "[" then
        pos = pos + 1; local r = {}
        if s:sub(pos, pos) == "]" then pos = pos + 1 return r end
        repeat r[#r + 1] = value(); ws(); c = s:sub(pos, pos); pos = pos + 1 until c == "]"
        return r
      elseif c == "{" then
        pos = pos + 1; local r = {}
        repeat
          local k = value(); pos = pos + 1; r[k] = value(); ws()
          c = s:sub(pos, pos); pos = pos + 1
        until c == "}"
        return r
      elseif c == '"' then
        local e = s:find('"', pos + 1, true)
        local str = s:sub(pos + 1, e - 1); pos = e + 1; return str
      else
        local num = s:match("^-?[%d%.e]+", pos)
        if num then pos = pos + #num return tonumber(num) end
        local w = s:match("^%a+", pos); pos = pos + #w
        return w == "true"
      end
    end
    return value()
  end
  local total = 0
  for i = 1, n do
    local doc = {name = "rec" .. i, id = i, tags = {"a", "b", "c" .. i % 4}, ok = i % 2 == 0,
                 pos = {x = i * 0.25, y = -i}}
    local s = table.concat(encode(doc, {}))
    local back = decode(s)
    total = total + #s + back.id + #back.tags + back.pos.y
    local packed = string.pack("<i4dz", i, i / 2, back.name)
    local a, b, c = string.unpack("<i4dz", packed)
    total = total + a + b + #c + utf8.len("héllo wörld " .. i)
  end
  return total
end

local parts = {
  {"calc", calc, 2500}, {"shapes", shapes, 120}, {"collections", collections, 30000},
  {"text", text, 4000}, {"functional", functional, 500}, {"pipeline", pipeline, 400},
  {"numeric", numeric, 30000}, {"errors", errors, 20000}, {"serial", serial, 1000},
}
for _, p in ipairs(parts) do
  print(p[1], p[2](math.max(1, math.floor(p[3] * scale))))
end
