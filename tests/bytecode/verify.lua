-- Verifier and loader checks: forged chunks must be rejected with the documented message, and
-- constants of every kind must survive a dump/load round trip. Runs under nacre; prints one
-- PASS/FAIL line per check.

-- Opcode numbers, in the order of vm/opcodes.h (Lua 5.4's order).
local OPS = {"MOVE", "LOADI", "LOADF", "LOADK", "LOADKX", "LOADFALSE", "LFALSESKIP", "LOADTRUE",
  "LOADNIL", "GETUPVAL", "SETUPVAL", "GETTABUP", "GETTABLE", "GETI", "GETFIELD", "SETTABUP",
  "SETTABLE", "SETI", "SETFIELD", "NEWTABLE", "SELF", "ADDI", "ADDK", "SUBK", "MULK", "MODK",
  "POWK", "DIVK", "IDIVK", "BANDK", "BORK", "BXORK", "SHRI", "SHLI", "ADD", "SUB", "MUL", "MOD",
  "POW", "DIV", "IDIV", "BAND", "BOR", "BXOR", "SHL", "SHR", "MMBIN", "MMBINI", "MMBINK", "UNM",
  "BNOT", "NOT", "LEN", "CONCAT", "CLOSE", "TBC", "JMP", "EQ", "LT", "LE", "EQK", "EQI", "LTI",
  "LEI", "GTI", "GEI", "TEST", "TESTSET", "CALL", "TAILCALL", "RETURN", "RETURN0", "RETURN1",
  "FORLOOP", "FORPREP", "TFORPREP", "TFORCALL", "TFORLOOP", "SETLIST", "CLOSURE", "VARARG",
  "VARARGPREP", "EXTRAARG"}
local OP = {}
for i, n in ipairs(OPS) do OP[n] = i - 1 end

local function ABC(op, a, b, c, k)
  return OP[op] | a << 7 | (k or 0) << 15 | (b or 0) << 16 | (c or 0) << 24
end
local function ABx(op, a, bx) return OP[op] | a << 7 | bx << 15 end
local function sJ(op, j) return OP[op] | (j + ((1 << 24) - 1)) << 7 end

local crctab = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do c = (c & 1 ~= 0) and (0xEDB88320 ~ (c >> 1)) or (c >> 1) end
  crctab[i] = c
end
local function crc32(s)
  local c = 0xFFFFFFFF
  for i = 1, #s do c = crctab[(c ~ s:byte(i)) & 0xFF] ~ (c >> 8) end
  return c ~ 0xFFFFFFFF
end
-- Rewrites the payload size and checksum, as a forger would.
local function seal(s)
  s = s:sub(1, 8) .. string.pack("<I4", #s - 16) .. s:sub(13, -5)
  return s .. string.pack("<I4", crc32(s))
end

-- Offset (1-based) of the main function's first instruction in a chunk, and the code size.
local function codeat(s)
  local pos = 13
  local n = string.unpack("<I4", s, pos)
  pos = pos + 4 + (n > 0 and n - 1 or 0) + 8 + 3
  return pos + 4, string.unpack("<I4", s, pos)
end
local function patch(s, pc, instr)
  local at = codeat(s) + (pc - 1) * 4
  return seal(s:sub(1, at - 1) .. string.pack("<I4", instr) .. s:sub(at + 4))
end

local function check(name, ok, detail)
  if ok then print("PASS verify/" .. name)
  else print("FAIL verify/" .. name .. ": " .. tostring(detail)) end
end
local function rejects(name, chunk, pattern)
  local f, err = load(chunk, "=forged", "b")
  check(name, f == nil and err and err:find(pattern, 1, true) ~= nil,
        f and "accepted" or err)
end

-- A stripped main chunk whose first instructions are plain loads (patched at pc 2).
local base = string.dump(load([[
  local x = 1
  local y = 2
  local t = {x, y}
  return t[1] + x + y + (...)
]]), true)
-- Sanity: the unmodified chunk loads and runs.
check("baseline_loads", load(base, "=ok", "b")(2) == 6)
local seal_again = seal(base)
check("seal_is_identity", seal_again == base, "reseal changed the chunk")

rejects("jump_out_of_range", patch(base, 2, sJ("JMP", 1000)),
  "forged: bad binary chunk: main function: jump target out of range at pc 2")
rejects("vararg_setup_missing", patch(base, 1, ABC("LOADNIL", 0, 0)),
  "main function: vararg frame setup missing at pc 1")
rejects("jump_before_start", patch(base, 2, sJ("JMP", -5)), "jump target out of range at pc 2")
rejects("register_out_of_range", patch(base, 2, ABC("MOVE", 200, 0)),
  "register 200 out of range at pc 2")
rejects("constant_out_of_range", patch(base, 2, ABx("LOADK", 0, 500)),
  "constant index 500 out of range at pc 2")
rejects("invalid_opcode", patch(base, 2, 127), "invalid opcode 127 at pc 2")
-- The interpreter's quickened opcodes (numbered after EXTRAARG, vm/opcodes.h) exist only in
-- running code: a chunk that contains one is rejected like any unknown opcode.
for n = #OPS, #OPS + 10 do
  rejects("quickened_opcode_" .. n, patch(base, 2, n | 1 << 7 | 2 << 16 | 3 << 24),
    "invalid opcode " .. n .. " at pc 2")
end
-- Running a function quickens its arithmetic in place; string.dump must still write the
-- compiler's opcodes (the same bytes as before the run, every opcode in the base set).
do
  local function arith(a, b)
    return a + b, a - b, a * b, a / b, a + 1000, a - 1000, a * 1000, a / 1000
  end
  local before = string.dump(arith, true)
  for _ = 1, 3 do arith(1.5, 2.5); arith(3, 4) end
  arith(1.5, 2.5)
  local after = string.dump(arith, true)
  local at, n = codeat(after)
  local maxop = 0
  for pc = 1, n do maxop = math.max(maxop, string.unpack("<I4", after, at + (pc - 1) * 4) & 0x7f) end
  check("dump_after_quickening", after == before and maxop < #OPS,
        after == before and "opcode " .. maxop or "dump changed after running")
end
rejects("upvalue_out_of_range", patch(base, 2, ABC("GETUPVAL", 0, 9)),
  "upvalue index 9 out of range at pc 2")
rejects("stray_extraarg", patch(base, 2, OP.EXTRAARG), "stray EXTRAARG at pc 2")
rejects("test_without_jump", patch(patch(base, 2, ABC("EQ", 0, 0)), 3, ABC("MOVE", 0, 0)),
  "JMP must follow EQ at pc 2")
rejects("mmbin_without_arith", patch(base, 2, ABC("MMBIN", 0, 0, 6)),
  "MMBIN does not follow arithmetic at pc 2")
rejects("getfield_key_not_string", patch(base, 2, ABC("GETFIELD", 0, 0, 0)),
  "out of range") -- the stripped function has no constants at all
rejects("setlist_without_table", patch(base, 2, ABC("SETLIST", 0, 1, 0)),
  "list store into a register without its table at pc 2")
rejects("misplaced_varargprep", patch(base, 2, ABC("VARARGPREP", 0)),
  "misplaced VARARGPREP at pc 2")
rejects("return_falls_off", patch(base, select(2, codeat(base)), ABC("MOVE", 0, 0)),
  "jump target out of range")
do
  local _, n = codeat(base)
  rejects("arith_skip_past_end", patch(patch(base, n - 1, ABC("ADD", 0, 0, 0)), n, ABC("MMBIN", 0, 0, 6)),
    "jump target out of range at pc " .. (n - 1))
end
rejects("call_top_without_producer", patch(base, 2, ABC("CALL", 0, 0, 1)),
  "variable operand count without a producer at pc 2")

-- pc (1-based) of the main function's first instruction with opcode `op`, and that word.
local function find(s, op)
  local at, n = codeat(s)
  for pc = 1, n do
    local w = string.unpack("<I4", s, at + (pc - 1) * 4)
    if w & 0x7F == OP[op] then return pc, w end
  end
end
do
  local loop = string.dump(load("local t = {} for k, v in next, t do t = k end return t"), true)
  check("tfor_baseline", load(loop, "=l", "b")() ~= nil)
  local pc, w = find(loop, "TFORPREP")
  -- jump one short of the TFORCALL: the interpreter would run that instruction as the call
  local bx = w >> 15
  rejects("tforprep_target", patch(loop, pc, (w & 0x7FFF) | (bx - 1) << 15),
    "TFORPREP does not jump to its TFORCALL at pc " .. pc)
  local cpc = find(loop, "TFORCALL")
  rejects("tforcall_without_tforloop", patch(loop, cpc + 1, ABC("MOVE", 0, 0)),
    "TFORLOOP must follow TFORCALL at pc " .. cpc)
  local tpc, tw = find(loop, "TFORCALL")
  rejects("tforcall_base_mismatch", patch(loop, tpc, (tw & ~(0xFF << 7)) | (250 << 7)),
    "TFORPREP does not jump to its TFORCALL")
end

-- Nested functions are named by their first line.
local nested = string.dump(function()
  return function(q)
    return q + 1
  end
end)
do
  -- locate the nested function's code: find its first RETURN-free instruction by scanning
  local f, e = load(nested, "=n", "b")
  check("nested_baseline", f and f()(1) == 2, e)
  -- corrupt every occurrence of ADDI 1 0 1 (q + 1) encoded as a 4-byte word
  local addi = string.pack("<I4", ABC("ADDI", 1, 0, 128))
  local s = nested:gsub(addi:gsub("%W", "%%%0"), string.pack("<I4", ABC("ADDI", 250, 0, 128)))
  rejects("nested_function_named", seal(s), "function at line ")
end

-- Envelope damage.
rejects("truncated", base:sub(1, #base - 9), "truncated chunk")
rejects("truncated_header", base:sub(1, 7), "truncated header")
local flipped = base:sub(1, 20) .. string.char(base:byte(21) ~ 0x40) .. base:sub(22)
rejects("checksum_mismatch", flipped, "checksum mismatch")
rejects("bad_version", seal(base:sub(1, 6) .. "\9" .. base:sub(8)), "unsupported format version")
rejects("unknown_flags", seal(base:sub(1, 7) .. "\6" .. base:sub(9)), "unknown feature flags")
rejects("puc_lua_bytecode", "\27LuaT\0\25\147\13\10\26\10\4\8\8xV", "PUC-Lua bytecode is not supported")
do
  local f, err = load(base, "=m", "t")
  check("text_mode_refuses_binary", f == nil and err:find("attempt to load a binary chunk", 1, true), err)
end

-- Constants of every kind survive, and so do upvalues and debug names.
do
  local big = string.format("%q", string.rep("\0\1\255x", 1000))
  local consts = load("return 0.1, -0.0, 1/0, -1/0, math.maxinteger, math.mininteger, 2^53 + 1, "
    .. "3, '', " .. big .. ", 'short', true, false, nil, 0x7fffffffffffffff, 1e308, 5e-324")
  local a = table.pack(consts())
  local b = table.pack(load(string.dump(consts), "=c", "b")())
  local same = a.n == b.n
  for i = 1, a.n do
    if a[i] ~= b[i] or math.type(a[i]) ~= math.type(b[i]) then same = false end
  end
  check("constants_round_trip", same)
  check("negative_zero", 1 / select(2, load(string.dump(consts), "=c", "b")()) == -1/0)
  local nan = load(string.dump(function() return 0/0 end), "=n", "b")()
  check("nan_round_trip", nan ~= nan)
  local up1, up2 = 10, 20
  local function g() return up1 + up2 end
  local h = load(string.dump(g), "=g", "b")
  check("upvalue_names", debug.getupvalue(h, 1) == "up1" and debug.getupvalue(h, 2) == "up2")
  debug.setupvalue(h, 1, 1) debug.setupvalue(h, 2, 2)
  check("upvalues_run", h() == 3)
  local hs = load(string.dump(g, true), "=g", "b")
  check("stripped_upvalue_names", debug.getupvalue(hs, 1) == "(no name)")
  local info = debug.getinfo(load(string.dump(g, true), "=g", "b"), "S")
  check("stripped_source", info.source == "=?" and info.short_src == "?", info.source)
  local e = select(2, pcall(load(string.dump(function() local z; return z.k end), "=e", "b")))
  check("unstripped_error_names", e:find("attempt to index a nil value (local 'z')", 1, true), e)
  e = select(2, pcall(load(string.dump(function() local z; return z.k end, true), "=e", "b")))
  check("stripped_error_position", e == "?:-1: attempt to index a nil value", e)
end

-- A dump is a pure function of the code: dumping twice, or dumping a reloaded function,
-- gives the same bytes (the format has no addresses or timestamps).
do
  local function sample(x, ...) local t = {...} return #t + x, "s", 1.5 end
  local d1 = string.dump(sample)
  local d2 = string.dump(load(d1, "=s", "b"))
  check("dump_deterministic", d1 == string.dump(sample) and d1 == d2)
  local s1 = string.dump(sample, true)
  check("strip_smaller", #s1 < #d1)
end

-- `verify.lua write-alias FILE`: writes a chunk the verifier cannot refute statically (a
-- closure keeps an open upvalue on the register a later table constructor uses, because the
-- block's CLOSE was replaced by a no-op jump); running it must end in an error, not a crash.
-- The run script executes it in its own process.
if arg and arg[1] == "write-alias" then
  local src = [[
do
  local a
  set = function() a = 5 end
end
local b = {set(), 2}
print(type(b))
]]
  local s = string.dump(load(src, "=alias"), true)
  local pc = find(s, "CLOSE")
  local forged = patch(s, pc, sJ("JMP", 0))
  local f = assert(io.open(arg[2], "wb"))
  f:write(forged)
  f:close()
end
