-- Debian's prebuilt cjson.so: encode/decode round trips and errors.
local cjson = require("cjson")
local t = {name = "nacre", list = {1, 2, 3, 4.5}, nested = {ok = true, none = cjson.null}}
local s = cjson.encode(t)
local back = cjson.decode(s)
print(back.name, #back.list, back.list[4], back.nested.ok, back.nested.none == cjson.null)
print(cjson.encode({1, 2, "three", false}))
print(cjson.encode("esc\"aped\n"), cjson.encode(3), cjson.encode(0.5))
local d = cjson.decode('[1, {"a": [true, null]}, "x\\u00e9"]')
print(d[1], d[2].a[1], d[2].a[2] == cjson.null, d[3])
print(pcall(cjson.decode, "{bad json"))
local big = {}
for i = 1, 1000 do big[i] = {id = i, s = ("v" .. i)} end
local rt = cjson.decode(cjson.encode(big))
print(#rt, rt[1000].id, rt[500].s)
print(cjson.encode(setmetatable({}, {__index = function() return 1 end})))
