-- The interpreter's call, return, jump and loop paths (issue 16) against lua5.4: hooks seen
-- through the trap dispatch table, hooks set inside a callee, forward and backward jumps
-- under hooks, the stack moving under a running loop, and the fallbacks of the fast paths.
--## hook_lines_calls_jumps
-- Line and call/return events of inline calls, returns, forward jumps and loops.
local ev = {}
local function f(a, b)
  if a > b then
    return a
  else
    return b
  end
end
local function g(n)
  local s = 0
  for i = 1, n do
    if i % 2 == 0 then s = s + f(i, 3) else s = s - 1 end
  end
  local k = 0
  repeat k = k + 1 until k >= 2
  while k < 4 do k = k + 1 end
  return s + k
end
debug.sethook(function(e, l) ev[#ev + 1] = e:sub(1, 1) .. (l or "") end, "crl")
local r = g(4)
debug.sethook()
print(r, table.concat(ev, " "))
--## hook_set_in_callee
-- A hook installed by a callee is seen by the caller's next lines after the return.
local lines = {}
local function install()
  debug.sethook(function(_, l) lines[#lines + 1] = l end, "l")
end
local function caller()
  local x = 1
  install()
  x = x + 1
  if x > 1 then x = x * 2 end
  return x
end
local x = caller()
debug.sethook()
print(x, table.concat(lines, " "))
--## hook_removed_in_callee
-- A hook removed by a callee: the caller runs on without it (and its locals are intact).
local n = 0
local function remove() debug.sethook() end
local function body()
  local a, b = 10, 20
  remove()
  for i = 1, 3 do a = a + i end
  return a + b
end
debug.sethook(function() n = n + 1 end, "l")
local v = body()
print(v, n > 0)
--## hook_count_forward_jumps
-- A count hook fires in a loop whose body only jumps forward.
local hits = 0
local function spin(n)
  local s = 0
  for i = 1, n do
    if i % 3 == 0 then s = s + 1 elseif i % 3 == 1 then s = s + 2 else s = s - 1 end
  end
  return s
end
debug.sethook(function() hits = hits + 1 end, "", 100)
local s = spin(10000)
debug.sethook()
print(s, hits > 100)
--## hook_return_values
-- RETURN0 / RETURN1 / RETURN with hooks on keep their values and adjust to the caller.
local function r0() end
local function r1() return 7 end
local function rn() return 1, 2, 3 end
local rets = 0
debug.sethook(function(e) if e == "return" then rets = rets + 1 end end, "r")
local a, b = r0()
local c, d = r1()
local e, f, g, h = rn()
local t = {r0(), r1(), rn()}
debug.sethook()
print(a, b, c, d, e, f, g, h, #t, rets)
--## stack_moves_under_loop
-- A callee grows the stack (reallocating it) while the caller's loop holds registers.
local function grow(n) if n == 0 then return 0 end return 1 + grow(n - 1) end
local function loop()
  local acc, keep = 0, "kept"
  for i = 1, 5 do
    local before = i * 3
    acc = acc + grow(1000 * i) + before
    if keep ~= "kept" then error("lost a register") end
  end
  return acc, keep
end
print(loop())
local co = coroutine.wrap(function()
  local t = {}
  for i = 1, 3 do t[i] = grow(5000 * i); coroutine.yield(t[i]) end
  return #t
end)
print(co(), co(), co(), co())
--## call_fallbacks
-- What the inline call path hands on: __call tables, C functions, closures of C functions,
-- too few and too many arguments, and calling non-functions.
local callable = setmetatable({}, {__call = function(self, a, b) return a + b end})
print(callable(1, 2), select("#", callable(1, 2)))
print(math.max(3, 9, 4), string.format("%d", 5))
local wrapped = coroutine.wrap(function(a) return a * 2 end)
print(wrapped(21))
local function three(a, b, c) return a, b, c end
print(three(), three(1, 2, 3, 4, 5))
print(pcall(function() local nothing; nothing() end))
-- C functions returning none, one or several values into one result or all of them
local t = {}
local none = table.insert(t, 1)
local one = rawlen(t)
local first = string.byte("abc", 1, 3)
print(none, one, first, string.byte("abc", 1, 3))
print((string.byte("abc", 1, 3)), select("#", table.insert(t, 2)), #t)
print(pcall(function() undefinedglobal(1) end))
print(pcall(function() local t = {} t.field.x() end))
print(pcall(function() local t = {} t:method() end))
--## tailcall_paths
-- Tail calls to Lua functions (fixed and vararg callers), C functions and __call.
local function count(n) if n == 0 then return "done" end return count(n - 1) end
print(count(100000))
local function va(n, ...) if n == 0 then return select("#", ...), ... end return va(n - 1, ...) end
print(va(1000, "a", nil, "c"))
local function toC(...) return select("#", ...) end
print(toC(1, nil, 3))
local obj = setmetatable({}, {__call = function(_, x) return x + 1 end})
local function toCall(x) return obj(x) end
print(toCall(41))
print(pcall(function() local function tc() return (nil)() end return tc() end))
--## traceback_through_calls
-- Tracebacks and error positions through inline calls.
local function lvl3() error("deep") end
local function lvl2() lvl3() return 1 end
local function lvl1() return lvl2() + 1 end
print(pcall(lvl1))
print((string.gsub(debug.traceback("tb"), "\n[^\n]*%[C%][^\n]*", "")))
local ok, tb = xpcall(lvl1, debug.traceback)
print(ok, (string.gsub(tb, "%[C%]: in %?", "[C]")))
--## vararg_paths
-- VARARGPREP and VARARG inline and their fallbacks: frames near the stack's end (the stack
-- grows), many extra arguments, fewer or more wanted than given, nils, and hooks on.
local function pass(...) return ... end
local function nth(n, ...) local a, b, c = ... return n, a, b, c, select("#", ...) end
print(nth(1), nth(2, "x"), nth(3, "x", "y", "z", "w"))
print(select("#", pass(nil, nil, nil)), pass(1, nil, 3))
local function stale(...)
  do local t1, t2, t3 = "s1", "s2", "s3" end  -- the registers VARARG fills next
  local a, b, c = ...
  return a, b, c
end
print(stale(1), stale(), stale(1, 2, 3, 4))
local big = {}
for i = 1, 240 do big[i] = i end
local function sum(...) local s = 0 for i = 1, select("#", ...) do s = s + (select(i, ...)) end return s end
print(sum(table.unpack(big)), select("#", pass(table.unpack(big))))
local function deepva(n, ...)
  if n == 0 then return select("#", ...), ... end
  local a, b = ...
  return deepva(n - 1, b, a, ...)
end
print(deepva(60, 1, 2))
local function recva(n, ...) if n == 0 then return ... end return (recva(n - 1, n, ...)) end
print(recva(1000, "end"))
print(pcall(recva, 20000, "end"))  -- the extra arguments overflow the stack
local function packed(...) return {...}, {n = select("#", ...), ...} end
local p1, p2 = packed(1, nil, 3, nil)
print(#p1 >= 1, p2.n, p2[3])
local calls = {}
debug.sethook(function(e) local i = debug.getinfo(2, "n") calls[#calls + 1] = e .. ":" .. tostring(i.name) end, "cr")
local r = {pass(1, 2), nth(5, "a")}
debug.sethook()
print(#r, table.concat(calls, " "))
--## return_closes_upvalues
-- RETURN closing upvalues only (inline) and upvalues with to-be-closed variables (vm_func_close).
local function counter()
  local n = 0
  local function inc() n = n + 1 return n end
  return inc, function() return n end
end
local inc, get = counter()
inc(); inc()
print(get(), inc(), get())
local log = {}
local function withtbc(x)
  local cap = x
  local h <close> = setmetatable({}, {__close = function() log[#log + 1] = "closed " .. cap end})
  cap = cap * 2
  return function() return cap end, "second"
end
local f, s = withtbc(21)
print(f(), s, table.concat(log, ","))
local co = coroutine.wrap(function()
  local up = "up"
  local c <close> = setmetatable({}, {__close = function() coroutine.yield("yield in close") end})
  return function() return up end, "ret"
end)
print(co())
local g, r = co()
print(g(), r)
--## call_frame_edges
-- The inline call's room check is the callee's frame (not the arguments): open argument lists
-- longer than the callee's frame, shorter than its parameters (nil-filled), frames that end
-- at the stack's end while recursing (the stack grows through vm_precall), and deep recursion
-- reaching the stack overflow message.
local big = {}
for i = 1, 400 do big[i] = i end
local function one(a) return a end
local function four(a, b, c, d) return a, b, c, d end
print(one(table.unpack(big)), four(table.unpack(big, 1, 2)))
print(four(table.unpack(big, 398)))
local function wide(n, ...)
  local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10 = n, n, n, n, n, n, n, n, n, n
  if n == 0 then return x1 + x10 end
  return wide(n - 1, table.unpack(big, 1, n % 7)) + 1
end
print(wide(3000))
local function depth(n) local a, b, c = n, n, n if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(150000))
local ok, msg = pcall(function() local function inf(n) return 1 + inf(n + 1) end return inf(1) end)
print(ok, msg)
local function ff(a, b, c) return c end
for i = 1, 3 do print(ff(i), ff(i, i), ff(i, i, i), ff(i, i, i, i)) end
--## select_inline
-- select run inline by CALL and TAILCALL, and the C function it falls back to: every kind of
-- selector (integers in and out of range, '#' strings, strings and floats it converts, bad
-- ones with their messages), results adjusted to what the call wants, tail calls, a select
-- under another name, and call hooks (which must see the call).
local function va(...) return select("#", ...), select(2, ...) end
print(va(), va(1), va(1, 2, 3), va(nil, nil))
print(select(-1, "a", "b", "c"), select(-3, "a", "b", "c"), select(5, "a", "b"))
print(select("#"), select("#x", 1, 2), select("2", "a", "b", "c"), select(2.0, "a", "b"))
local a, b, c, d = select(2, 1, 2, 3)
print(a, b, c, d)
local t = {select(1, 1, nil, 3, nil)}
print(#t >= 1, select("#", select(1, 1, nil, 3, nil)))
local function tail(n, ...) return select(n, ...) end
local function tailcount(...) return select("#", ...) end
print(tail(2, "x", "y", "z"), tail(-2, "x", "y", "z"), tailcount(), tailcount(nil, nil, nil))
for _, sel in ipairs({0, -4, "x", "", 1.5, {}, nil}) do
  print(pcall(select, sel, 1, 2, 3))
  print(pcall(function() return select(sel, 1, 2, 3) end))
  print(pcall(function() local r = select(sel, 1, 2, 3) return r end))
end
print(pcall(select))
local sel = select
print(pcall(function() local r = sel(0) return r end))
local calls = {}
debug.sethook(function(e) local i = debug.getinfo(2, "n") calls[#calls + 1] = e .. ":" .. tostring(i.name) end, "cr")
local n, v = select("#", 1, 2), select(2, "p", "q")
local function hooked(...) return select("#", ...) end
local m = hooked(1, 2, 3)
debug.sethook()
print(n, v, m, table.concat(calls, " "))
--## tailcall_inline
-- Tail calls to Lua functions entered inline, and their fallback when the callee's frame
-- would pass the stack's end (vm_pretailcall grows the stack): a tail call into a wide frame
-- at every depth of a recursion; vararg callers; tail-call hooks.
local function wide(a)
  local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30, x31, x32, x33, x34, x35, x36, x37, x38, x39, x40, x41, x42, x43, x44, x45, x46, x47, x48, x49, x50, x51, x52, x53, x54, x55, x56, x57, x58, x59, x60 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60
  return a + x1 + x60
end
local function tailer(n) return wide(n) end
local function rec(n) if n == 0 then return tailer(1) end return rec(n - 1) + 0 end
local s = 0
for d = 1, 300 do s = s + rec(d) end
print(s)
local function vatail(n, ...) if n == 0 then return ... end return vatail(n - 1, n, ...) end
print(select("#", vatail(50)), vatail(3, "x"))
local function few(a, b, c) return c end
local function callsfew(...) return few(...) end
print(callsfew(), callsfew(1, 2), callsfew(1, 2, 3, 4))
local ev = {}
local function t2(x) return x end
local function t1(x) return t2(x + 1) end
debug.sethook(function(e) local i = debug.getinfo(2, "n") ev[#ev + 1] = e .. ":" .. tostring(i.name) end, "cr")
local r = t1(1)
debug.sethook()
print(r, table.concat(ev, " "))
--## return_general_adjusts
-- OP_RETURN (vararg functions, upvalues to close, several values) moves its results inline:
-- every count returned into every count wanted, from Lua, C (pcall, sort) and coroutines
local function v0(...) return end
local function v1(...) return (...) end
local function v3(...) return ... end
local function u3(a, b, c) local function g() return a end return a, b, g() end
local function many(n) local t = {} for i = 1, n do t[i] = i end return table.unpack(t) end
for _, f in ipairs({v0, v1, v3, u3}) do
  local x = f(1, 2, 3)
  local p, q = f(1, 2, 3)
  local r, s, t, u = f(1, 2, 3)
  print(x, p, q, r, s, t, u, select("#", f(1, 2, 3)), select("#", f()))
  print(pcall(f, 4, 5, 6))
  print(type({f(7, 8, 9)}), #{f(7, 8, 9)}, (f(7, 8, 9)))
  local co = coroutine.wrap(function(...) return f(...) end)
  print(co(10, 11, 12))
end
print(select("#", many(30)), (select(30, many(30))), #{many(50)})
local t = {3, 1, 2}
table.sort(t, function(a, b) local function g() return a end return g() < b, 1, 2 end)
print(t[1], t[2], t[3])
-- the results land in the caller's registers: locals above them keep their values
local function mid(...) local a, b, c = ... local function g() return c end return b, g() end
local k1, k2, k3, k4 = "a", "b", "c", "d"
k2, k3 = mid(1, 2, 3)
print(k1, k2, k3, k4)
k1 = mid(4, 5, 6)
print(k1, k2, k3, k4)
-- a return hook sees the values; a count hook interrupts the loop between returns
local seen = {}
debug.sethook(function(e) if e == "return" then seen[#seen + 1] = debug.getinfo(2, "n").name end end, "r")
local r1, r2 = u3(1, 2, 3)
debug.sethook()
print(r1, r2, seen[1], seen[2])
