-- JSON: encode a generated document (nested objects and arrays, escaped strings, integers and
-- floats) into text and parse it back with a hand-written decoder: string.byte/sub/find/char,
-- string.format, table.concat, table.sort of keys. Prints sizes and checksums of the round trip.
local byte, char, sub, find, format = string.byte, string.char, string.sub, string.find, string.format
local concat, sort = table.concat, table.sort
local floor = math.floor

local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t', ['\r'] = '\\r'}

local function encode_string(s, out, n)
  n = n + 1; out[n] = '"'
  local start = 1
  for i = 1, #s do
    local c = byte(s, i)
    if c == 34 or c == 92 or c < 32 then
      if i > start then n = n + 1; out[n] = sub(s, start, i - 1) end
      n = n + 1; out[n] = escapes[char(c)] or format("\\u%04x", c)
      start = i + 1
    end
  end
  if start <= #s then n = n + 1; out[n] = sub(s, start) end
  n = n + 1; out[n] = '"'
  return n
end

local encode_value
local function encode_table(t, out, n)
  if t[1] ~= nil or next(t) == nil then
    n = n + 1; out[n] = "["
    for i = 1, #t do
      if i > 1 then n = n + 1; out[n] = "," end
      n = encode_value(t[i], out, n)
    end
    n = n + 1; out[n] = "]"
    return n
  end
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  sort(keys)
  n = n + 1; out[n] = "{"
  for i = 1, #keys do
    if i > 1 then n = n + 1; out[n] = "," end
    n = encode_string(keys[i], out, n)
    n = n + 1; out[n] = ":"
    n = encode_value(t[keys[i]], out, n)
  end
  n = n + 1; out[n] = "}"
  return n
end

function encode_value(v, out, n)
  local ty = type(v)
  if ty == "string" then return encode_string(v, out, n)
  elseif ty == "number" then
    n = n + 1
    if v == floor(v) then out[n] = format("%d", v) else out[n] = format("%.14g", v) end
    return n
  elseif ty == "boolean" then n = n + 1; out[n] = v and "true" or "false"; return n
  elseif ty == "table" then return encode_table(v, out, n)
  end
  n = n + 1; out[n] = "null"
  return n
end

local function encode(v)
  local out = {}
  local n = encode_value(v, out, 0)
  return concat(out, "", 1, n)
end

-- Decoder: functions take the text and a position, return the value and the next position.
local decode_value
local function skip(s, i)
  local c = byte(s, i)
  while c == 32 or c == 10 or c == 9 or c == 13 do i = i + 1; c = byte(s, i) end
  return i, c
end

local unescape = {[98] = "\b", [102] = "\f", [110] = "\n", [114] = "\r", [116] = "\t",
  [34] = '"', [92] = "\\", [47] = "/"}

local function decode_string(s, i)
  local parts, n = nil, 0
  local start = i + 1
  local j = start
  while true do
    local c = byte(s, j)
    if c == 34 then
      if not parts then return sub(s, start, j - 1), j + 1 end
      n = n + 1; parts[n] = sub(s, start, j - 1)
      return concat(parts, "", 1, n), j + 1
    elseif c == 92 then
      parts = parts or {}
      n = n + 1; parts[n] = sub(s, start, j - 1)
      local e = byte(s, j + 1)
      if e == 117 then
        n = n + 1; parts[n] = char(tonumber(sub(s, j + 2, j + 5), 16))
        j = j + 6
      else
        n = n + 1; parts[n] = unescape[e]
        j = j + 2
      end
      start = j
    else
      j = j + 1
    end
  end
end

local function decode_number(s, i)
  local _, e = find(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", i)
  return tonumber(sub(s, i, e)), e + 1
end

function decode_value(s, i)
  local c
  i, c = skip(s, i)
  if c == 123 then -- {
    local t = {}
    i, c = skip(s, i + 1)
    if c == 125 then return t, i + 1 end
    while true do
      local k
      k, i = decode_string(s, i)
      i = skip(s, i)
      t[k], i = decode_value(s, i + 1)
      i, c = skip(s, i)
      i = i + 1
      if c == 125 then return t, i end
      i = skip(s, i)
    end
  elseif c == 91 then -- [
    local t, n = {}, 0
    i, c = skip(s, i + 1)
    if c == 93 then return t, i + 1 end
    while true do
      n = n + 1
      t[n], i = decode_value(s, i)
      i, c = skip(s, i)
      i = i + 1
      if c == 93 then return t, i end
    end
  elseif c == 34 then return decode_string(s, i)
  elseif c == 116 then return true, i + 4
  elseif c == 102 then return false, i + 5
  elseif c == 110 then return nil, i + 4
  end
  return decode_number(s, i)
end

local function decode(s) return (decode_value(s, 1)) end

-- The document: records with names, tags, nested coordinates and a few escaped strings.
local seed = 42
local function rnd(m) seed = (seed * 16807) % 2147483647; return seed % m end
local words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
  "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"}
local function make_doc(nrec)
  local recs = {}
  for r = 1, nrec do
    local tags = {}
    for t = 1, 1 + rnd(5) do tags[t] = words[1 + rnd(#words)] end
    recs[r] = {
      id = r, name = words[1 + rnd(#words)] .. " " .. words[1 + rnd(#words)],
      active = rnd(2) == 1, score = rnd(100000) / 64, tags = tags,
      pos = {x = rnd(1000) - 500, y = rnd(1000) - 500, z = rnd(4000) / 8},
      note = (rnd(4) == 0) and 'say "hi"\n\tand \\ bye' or "plain text",
    }
  end
  return {version = 3, generator = "nacre bench", records = recs}
end

local function checksum(doc)
  local sum, strs = 0, 0
  for _, r in ipairs(doc.records) do
    sum = sum + r.id + r.score + r.pos.x + r.pos.y + r.pos.z + (r.active and 1 or 0)
    strs = strs + #r.name + #r.note
    for _, t in ipairs(r.tags) do strs = strs + #t end
  end
  return sum, strs
end

local N = tonumber(arg and arg[1]) or 45
local doc = make_doc(400)
local len, sum, strs = 0, 0, 0
for _ = 1, N do
  local text = encode(doc)
  local back = decode(text)
  len = len + #text
  local a, b = checksum(back)
  sum, strs = sum + a, strs + b
  doc = back
end
print(format("%d %.4f %d %s", len, sum, strs, encode(doc) == encode(decode(encode(doc))) and "same" or "differs"))
