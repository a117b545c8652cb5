/* The code generator. Expressions stay symbolic (ExpDesc) until an instruction needs them in
 * a register; this is where constant folding, the choice between register/constant/
 * immediate operand forms, jump lists for conditionals and register allocation live. The
 * operand conventions are Lua 5.4's (see the notes at the end of vm/opcodes.h). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "compiler/code.h"
#include "vm/debug.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"

/* Largest constant index usable as an RK operand (it goes in B or C). */
#define MAXINDEXRK MAXARG_B

#define hasjumps(e) ((e)->t != (e)->f)

static int fitsC(lua_Integer i) {
  return l_castS2U(i) + OFFSET_sC <= (unsigned int)MAXARG_C;
}

static int fitsBx(lua_Integer i) {
  return -OFFSET_sBx <= i && i <= MAXARG_Bx - OFFSET_sBx;
}

void *cc_growvector(lua_State *L, void *v, int nelems, int *size, size_t elemsize, int limit,
                    const char *what, int atomic) {
  if (nelems + 1 <= *size)
    return v;
  int newsize;
  if (*size >= limit / 2) {
    if (nelems + 1 > limit)
      vm_debug_runerror(L, "too many %s (limit is %d)", what, limit);
    newsize = limit;
  } else {
    newsize = *size * 2;
    if (newsize < 4)
      newsize = 4;
  }
  char *nv = atomic ? gc_alloc_atomic(L, (size_t)newsize * elemsize)
                    : gc_alloc(L, (size_t)newsize * elemsize);
  size_t old = v ? (size_t)*size * elemsize : 0;
  if (old)
    memcpy(nv, v, old);
  memset(nv + old, 0, (size_t)newsize * elemsize - old);
  *size = newsize;
  return nv;
}

l_noret cc_semerror(LexState *ls, const char *msg) {
  ls->t.token = 0;  /* semantic errors name no token */
  cc_lex_syntaxerror(ls, msg);
}

/* If e is a numeral without jumps, optionally copies its value to v. */
static int tonumeral(const ExpDesc *e, Value *v) {
  if (hasjumps(e))
    return 0;
  switch (e->k) {
  case VKINT:
    if (v)
      setivalue(v, e->u.ival);
    return 1;
  case VKFLT:
    if (v)
      setfltvalue(v, e->u.nval);
    return 1;
  default:
    return 0;
  }
}

static Value *const2val(FuncState *fs, const ExpDesc *e) {
  return &fs->ls->dyd->actvar.arr[e->u.info].k;
}

int cc_exp2const(FuncState *fs, const ExpDesc *e, Value *v) {
  if (hasjumps(e))
    return 0;
  switch (e->k) {
  case VFALSE: setbfvalue(v); return 1;
  case VTRUE: setbtvalue(v); return 1;
  case VNIL: setnilvalue(v); return 1;
  case VKSTR: setsvalue(fs->ls->L, v, e->u.strval); return 1;
  case VCONST: *v = *const2val(fs, e); return 1;
  default: return tonumeral(e, v);
  }
}

/* The previous instruction, when no jump can land between it and the next one (so it may be
 * merged or patched); otherwise an instruction that matches nothing. */
static Instruction *previousinstruction(FuncState *fs) {
  static const Instruction invalid = ~(Instruction)0;
  if (fs->pc > fs->lasttarget)
    return &fs->f->code[fs->pc - 1];
  return (Instruction *)&invalid;
}

void cc_nil(FuncState *fs, int from, int n) {
  int l = from + n - 1;
  Instruction *prev = previousinstruction(fs);
  if (GET_OPCODE(*prev) == OP_LOADNIL) {  /* merge with an adjacent LOADNIL */
    int pfrom = GETARG_A(*prev);
    int pl = pfrom + GETARG_B(*prev);
    if ((pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= l + 1)) {
      if (pfrom < from)
        from = pfrom;
      if (pl > l)
        l = pl;
      SETARG_A(*prev, from);
      SETARG_B(*prev, l - from);
      return;
    }
  }
  cc_codeABC(fs, OP_LOADNIL, from, n - 1, 0);
}

/* ------------------------------------------------------------------------------------------
 * Jumps. A pending jump list threads through the sJ fields of its jumps.
 */

static int getjump(FuncState *fs, int pc) {
  int offset = GETARG_sJ(fs->f->code[pc]);
  if (offset == NO_JUMP)
    return NO_JUMP;
  return pc + 1 + offset;
}

static void fixjump(FuncState *fs, int pc, int dest) {
  Instruction *jmp = &fs->f->code[pc];
  int offset = dest - (pc + 1);
  if (!(-OFFSET_sJ <= offset && offset <= MAXARG_sJ - OFFSET_sJ))
    cc_lex_syntaxerror(fs->ls, "control structure too long");
  SETARG_sJ(*jmp, offset);
}

void cc_concat(FuncState *fs, int *l1, int l2) {
  if (l2 == NO_JUMP)
    return;
  if (*l1 == NO_JUMP) {
    *l1 = l2;
  } else {
    int list = *l1;
    int next;
    while ((next = getjump(fs, list)) != NO_JUMP)
      list = next;
    fixjump(fs, list, l2);
  }
}

int cc_jump(FuncState *fs) {
  return cc_code(fs, CREATE_sJ(OP_JMP, NO_JUMP, 0));
}

void cc_ret(FuncState *fs, int first, int nret) {
  OpCode op = nret == 0 ? OP_RETURN0 : nret == 1 ? OP_RETURN1 : OP_RETURN;
  cc_codeABC(fs, op, first, nret + 1, 0);
}

static int condjump(FuncState *fs, OpCode op, int a, int b, int c, int k) {
  cc_codeABCk(fs, op, a, b, c, k);
  return cc_jump(fs);
}

int cc_getlabel(FuncState *fs) {
  fs->lasttarget = fs->pc;
  return fs->pc;
}

/* The instruction that controls a jump: its test when there is one. */
static Instruction *getjumpcontrol(FuncState *fs, int pc) {
  Instruction *pi = &fs->f->code[pc];
  if (pc >= 1 && testTMode(GET_OPCODE(*(pi - 1))))
    return pi - 1;
  return pi;
}

/* Makes a TESTSET store into reg, or turns it into a TEST when no value is needed. Returns 0
 * when the jump is not controlled by a TESTSET. */
static int patchtestreg(FuncState *fs, int node, int reg) {
  Instruction *i = getjumpcontrol(fs, node);
  if (GET_OPCODE(*i) != OP_TESTSET)
    return 0;
  if (reg != NO_REG && reg != GETARG_B(*i))
    SETARG_A(*i, reg);
  else
    *i = CREATE_ABCk(OP_TEST, GETARG_B(*i), 0, 0, GETARG_k(*i));
  return 1;
}

static void removevalues(FuncState *fs, int list) {
  for (; list != NO_JUMP; list = getjump(fs, list))
    patchtestreg(fs, list, NO_REG);
}

/* Jumps whose TESTSET produces a value go to vtarget (storing into reg); the others go to
 * dtarget. */
static void patchlistaux(FuncState *fs, int list, int vtarget, int reg, int dtarget) {
  while (list != NO_JUMP) {
    int next = getjump(fs, list);
    if (patchtestreg(fs, list, reg))
      fixjump(fs, list, vtarget);
    else
      fixjump(fs, list, dtarget);
    list = next;
  }
}

void cc_patchlist(FuncState *fs, int list, int target) {
  patchlistaux(fs, list, target, NO_REG, target);
}

void cc_patchtohere(FuncState *fs, int list) {
  int hr = cc_getlabel(fs);
  cc_patchlist(fs, list, hr);
}

/* ------------------------------------------------------------------------------------------
 * Emitting instructions.
 */

int cc_code(FuncState *fs, Instruction i) {
  Proto *f = fs->f;
  lua_State *L = fs->ls->L;
  f->code = cc_growvector(L, f->code, fs->pc, &f->sizecode, sizeof(Instruction), INT_MAX,
                          "opcodes", 1);
  f->code[fs->pc] = i;
  f->lineinfo = cc_growvector(L, f->lineinfo, fs->pc, &f->sizelineinfo, sizeof(int), INT_MAX,
                              "opcodes", 1);
  f->lineinfo[fs->pc] = fs->ls->lastline;
  return fs->pc++;
}

int cc_codeABCk(FuncState *fs, OpCode o, int a, int b, int c, int k) {
  lua_assert(a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C && (k & ~1) == 0);
  return cc_code(fs, CREATE_ABCk(o, a, b, c, k));
}

int cc_codeABx(FuncState *fs, OpCode o, int a, unsigned int bc) {
  return cc_code(fs, CREATE_ABx(o, a, bc));
}

int cc_codeAsBx(FuncState *fs, OpCode o, int a, int bc) {
  unsigned int b = (unsigned int)(bc + OFFSET_sBx);
  return cc_code(fs, CREATE_ABx(o, a, b));
}

static int codeextraarg(FuncState *fs, int a) {
  return cc_code(fs, CREATE_Ax(OP_EXTRAARG, a));
}

static int codek(FuncState *fs, int reg, int k) {
  if (k <= MAXARG_Bx)
    return cc_codeABx(fs, OP_LOADK, reg, (unsigned int)k);
  int p = cc_codeABx(fs, OP_LOADKX, reg, 0);
  codeextraarg(fs, k);
  return p;
}

void cc_fixline(FuncState *fs, int line) {
  fs->f->lineinfo[fs->pc - 1] = line;
}

void cc_checkstack(FuncState *fs, int n) {
  int newstack = fs->freereg + n;
  if (newstack > fs->f->maxstacksize) {
    if (newstack >= MAXREGS)
      cc_lex_syntaxerror(fs->ls, "function or expression needs too many registers");
    fs->f->maxstacksize = cast_byte(newstack);
  }
}

void cc_reserveregs(FuncState *fs, int n) {
  cc_checkstack(fs, n);
  fs->freereg = cast_byte(fs->freereg + n);
}

/* Frees a register if it is a temporary (above the active locals). Temporaries are freed
 * in stack order, which the asserts of PUC-Lua also rely on. */
static void freereg(FuncState *fs, int reg) {
  if (reg >= cc_nvarstack(fs)) {
    fs->freereg--;
    lua_assert(reg == fs->freereg);
  }
}

static void freeregs(FuncState *fs, int r1, int r2) {
  if (r1 > r2) {
    freereg(fs, r1);
    freereg(fs, r2);
  } else {
    freereg(fs, r2);
    freereg(fs, r1);
  }
}

static void freeexp(FuncState *fs, ExpDesc *e) {
  if (e->k == VNONRELOC)
    freereg(fs, e->u.info);
}

static void freeexps(FuncState *fs, ExpDesc *e1, ExpDesc *e2) {
  int r1 = e1->k == VNONRELOC ? e1->u.info : -1;
  int r2 = e2->k == VNONRELOC ? e2->u.info : -1;
  freeregs(fs, r1, r2);
}

/* ------------------------------------------------------------------------------------------
 * Constants. One map per chunk remembers, for each constant value, the index it got last
 * (in whichever function); a hit is used only if that index holds the same value in the
 * current function. Integral floats share a key with the equal integer. This reproduces
 * PUC-Lua 5.4.4's constant numbering, so listings compare instruction by instruction with
 * luac5.4.
 */

typedef struct CcKMap {
  Value *keys;        /* scanned: holds strings */
  int *vals;          /* index + 1; 0 = empty slot */
  int size;           /* power of 2 */
  int count;
} CcKMap;

static unsigned int khash(const Value *v) {
  uint64_t h;
  switch (rawtt(v)) {
  case VT_NUMINT:
    h = (uint64_t)ivalue(v);
    break;
  case VT_NUMFLT:
    memcpy(&h, &fltvalue(v), sizeof(h));
    h ^= 0x9e3779b97f4a7c15u;
    break;
  case VT_SHRSTR:
    h = tsvalue(v)->hash;  /* interned: already hashed */
    break;
  case VT_LNGSTR: {
    TString *ts = tsvalue(v);
    h = 1469598103934665603u ^ ts->len;
    size_t n = ts->len < 64 ? ts->len : 64;
    for (size_t i = 0; i < n; i++)
      h = (h ^ (unsigned char)ts->data[i]) * 1099511628211u;
    break;
  }
  default:
    h = rawtt(v);
    break;
  }
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9u;
  h ^= h >> 29;
  return (unsigned int)h;
}

/* Raw equality of constants (floats by value, strings by content). */
static int ksame(const Value *a, const Value *b) {
  if (rawtt(a) != rawtt(b))
    return 0;
  switch (rawtt(a)) {
  case VT_NUMINT:
    return ivalue(a) == ivalue(b);
  case VT_NUMFLT:
    return fltvalue(a) == fltvalue(b);
  case VT_SHRSTR: case VT_LNGSTR: {
    TString *x = tsvalue(a), *y = tsvalue(b);
    return x == y || (x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
  }
  default:
    return 1;  /* nil, false, true */
  }
}

static int *kmap_slot(CcKMap *m, const Value *key) {
  unsigned int mask = (unsigned int)m->size - 1;
  unsigned int i = khash(key) & mask;
  while (m->vals[i] != 0 && !ksame(&m->keys[i], key))
    i = (i + 1) & mask;
  return &m->vals[i];
}

static void kmap_set(lua_State *L, CcKMap *m, const Value *key, int idx) {
  if (2 * (m->count + 1) > m->size) {
    CcKMap old = *m;
    m->size = old.size ? old.size * 2 : 64;
    m->keys = gc_alloc(L, (size_t)m->size * sizeof(Value));
    m->vals = gc_alloc_atomic(L, (size_t)m->size * sizeof(int));
    memset(m->vals, 0, (size_t)m->size * sizeof(int));
    for (int i = 0; i < old.size; i++) {
      if (old.vals[i] != 0) {
        int *s = kmap_slot(m, &old.keys[i]);
        m->keys[s - m->vals] = old.keys[i];
        *s = old.vals[i];
      }
    }
  }
  int *s = kmap_slot(m, key);
  if (*s == 0)
    m->count++;
  m->keys[s - m->vals] = *key;
  *s = idx + 1;
}

/* Adds constant v under the map key `key` unless the key already names an equal constant of
 * this function. */
static int addk(FuncState *fs, const Value *key, const Value *v) {
  lua_State *L = fs->ls->L;
  Proto *f = fs->f;
  CcKMap *m = fs->ls->kmap;
  if (m == NULL)
    m = fs->ls->kmap = gc_alloc(L, sizeof(CcKMap));
  Value nkey = *key;
  lua_Integer ik;
  if (ttisfloat(key) && vm_flttointns(fltvalue(key), &ik, F2Ieq))
    setivalue(&nkey, ik);  /* as a table key, 2.0 is 2 */
  if (m->size) {
    int idx = *kmap_slot(m, &nkey) - 1;
    if (idx >= 0 && idx < fs->nk && ksame(&f->k[idx], v))
      return idx;
  }
  int k = fs->nk;
  f->k = cc_growvector(L, f->k, k, &f->sizek, sizeof(Value), MAXARG_Ax, "constants", 0);
  f->k[k] = *v;
  fs->nk++;
  kmap_set(L, m, &nkey, k);
  return k;
}

/* Equal strings are one object in the whole chunk, as PUC-Lua's lexer makes them (long strings
 * are not interned, so a string seen first in another function is reused from the map). */
static int stringK(FuncState *fs, TString *s) {
  Value o;
  CcKMap *m = fs->ls->kmap;
  setsvalue(fs->ls->L, &o, s);
  if (m != NULL && m->size) {
    int *slot = kmap_slot(m, &o);
    if (*slot != 0) o = m->keys[slot - m->vals];
  }
  return addk(fs, &o, &o);
}

static int intK(FuncState *fs, lua_Integer n) {
  Value o;
  setivalue(&o, n);
  return addk(fs, &o, &o);
}

/* An integral float must not share its key with the equal integer, so it is filed under a
 * slightly perturbed (non-integral) key: r + r*2^-52, or 2^-52 for zero. */
static int numberK(FuncState *fs, lua_Number r) {
  Value o, kv;
  lua_Integer ik;
  setfltvalue(&o, r);
  if (!vm_flttointns(r, &ik, F2Ieq))
    return addk(fs, &o, &o);
  const lua_Number q = ldexp(1.0, -DBL_MANT_DIG + 1);
  setfltvalue(&kv, ik == 0 ? q : r + r * q);
  return addk(fs, &kv, &o);
}

static int boolF(FuncState *fs) {
  Value o;
  setbfvalue(&o);
  return addk(fs, &o, &o);
}

static int boolT(FuncState *fs) {
  Value o;
  setbtvalue(&o);
  return addk(fs, &o, &o);
}

static int nilK(FuncState *fs) {
  Value o;
  setnilvalue(&o);
  return addk(fs, &o, &o);
}

void cc_int(FuncState *fs, int reg, lua_Integer i) {
  if (fitsBx(i))
    cc_codeAsBx(fs, OP_LOADI, reg, (int)i);
  else
    codek(fs, reg, intK(fs, i));
}

static void cc_float(FuncState *fs, int reg, lua_Number f) {
  lua_Integer fi;
  if (vm_flttointns(f, &fi, F2Ieq) && fitsBx(fi) && !(f == 0 && signbit(f)))
    cc_codeAsBx(fs, OP_LOADF, reg, (int)fi);
  else
    codek(fs, reg, numberK(fs, f));
}

static void const2exp(const Value *v, ExpDesc *e) {
  switch (rawtt(v)) {
  case VT_NUMINT: e->k = VKINT; e->u.ival = ivalue(v); break;
  case VT_NUMFLT: e->k = VKFLT; e->u.nval = fltvalue(v); break;
  case VT_FALSE: e->k = VFALSE; break;
  case VT_TRUE: e->k = VTRUE; break;
  case VT_NIL: e->k = VNIL; break;
  case VT_SHRSTR: case VT_LNGSTR: e->k = VKSTR; e->u.strval = tsvalue(v); break;
  default: lua_assert(0);
  }
}

/* ------------------------------------------------------------------------------------------
 * Discharging expressions into registers.
 */

void cc_setreturns(FuncState *fs, ExpDesc *e, int nresults) {
  Instruction *pc = &getinstruction(fs, e);
  if (e->k == VCALL) {
    SETARG_C(*pc, nresults + 1);
  } else {
    lua_assert(e->k == VVARARG);
    SETARG_C(*pc, nresults + 1);
    SETARG_A(*pc, fs->freereg);
    cc_reserveregs(fs, 1);
  }
}

static void str2K(FuncState *fs, ExpDesc *e) {
  e->u.info = stringK(fs, e->u.strval);
  e->k = VK;
}

void cc_setoneret(FuncState *fs, ExpDesc *e) {
  if (e->k == VCALL) {
    e->k = VNONRELOC;
    e->u.info = GETARG_A(getinstruction(fs, e));
  } else if (e->k == VVARARG) {
    SETARG_C(getinstruction(fs, e), 2);
    e->k = VRELOC;
  }
}

void cc_dischargevars(FuncState *fs, ExpDesc *e) {
  switch (e->k) {
  case VCONST:
    const2exp(const2val(fs, e), e);
    break;
  case VLOCAL:
    e->u.info = e->var.ridx;
    e->k = VNONRELOC;
    break;
  case VUPVAL:
    e->u.info = cc_codeABC(fs, OP_GETUPVAL, 0, e->u.info, 0);
    e->k = VRELOC;
    break;
  case VINDEXUP:
    e->u.info = cc_codeABC(fs, OP_GETTABUP, 0, e->ind.t, e->ind.idx);
    e->k = VRELOC;
    break;
  case VINDEXI:
    freereg(fs, e->ind.t);
    e->u.info = cc_codeABC(fs, OP_GETI, 0, e->ind.t, e->ind.idx);
    e->k = VRELOC;
    break;
  case VINDEXSTR:
    freereg(fs, e->ind.t);
    e->u.info = cc_codeABC(fs, OP_GETFIELD, 0, e->ind.t, e->ind.idx);
    e->k = VRELOC;
    break;
  case VINDEXED:
    freeregs(fs, e->ind.t, e->ind.idx);
    e->u.info = cc_codeABC(fs, OP_GETTABLE, 0, e->ind.t, e->ind.idx);
    e->k = VRELOC;
    break;
  case VVARARG: case VCALL:
    cc_setoneret(fs, e);
    break;
  default:
    break;
  }
}

static void discharge2reg(FuncState *fs, ExpDesc *e, int reg) {
  cc_dischargevars(fs, e);
  switch (e->k) {
  case VNIL:
    cc_nil(fs, reg, 1);
    break;
  case VFALSE:
    cc_codeABC(fs, OP_LOADFALSE, reg, 0, 0);
    break;
  case VTRUE:
    cc_codeABC(fs, OP_LOADTRUE, reg, 0, 0);
    break;
  case VKSTR:
    str2K(fs, e);
    /* fall through */
  case VK:
    codek(fs, reg, e->u.info);
    break;
  case VKFLT:
    cc_float(fs, reg, e->u.nval);
    break;
  case VKINT:
    cc_int(fs, reg, e->u.ival);
    break;
  case VRELOC:
    SETARG_A(getinstruction(fs, e), reg);
    break;
  case VNONRELOC:
    if (reg != e->u.info)
      cc_codeABC(fs, OP_MOVE, reg, e->u.info, 0);
    break;
  default:
    lua_assert(e->k == VJMP);
    return;  /* the jumps produce the value */
  }
  e->u.info = reg;
  e->k = VNONRELOC;
}

static void discharge2anyreg(FuncState *fs, ExpDesc *e) {
  if (e->k != VNONRELOC) {
    cc_reserveregs(fs, 1);
    discharge2reg(fs, e, fs->freereg - 1);
  }
}

static int code_loadbool(FuncState *fs, int a, OpCode op) {
  cc_getlabel(fs);  /* these instructions are jump targets */
  return cc_codeABC(fs, op, a, 0, 0);
}

/* Does some jump of the list need a boolean value (i.e. is not a TESTSET)? */
static int need_value(FuncState *fs, int list) {
  for (; list != NO_JUMP; list = getjump(fs, list)) {
    Instruction i = *getjumpcontrol(fs, list);
    if (GET_OPCODE(i) != OP_TESTSET)
      return 1;
  }
  return 0;
}

/* Puts the final value of e, including what its jump lists produce, into reg. */
static void exp2reg(FuncState *fs, ExpDesc *e, int reg) {
  discharge2reg(fs, e, reg);
  if (e->k == VJMP)
    cc_concat(fs, &e->t, e->u.info);
  if (hasjumps(e)) {
    int p_f = NO_JUMP, p_t = NO_JUMP;
    if (need_value(fs, e->t) || need_value(fs, e->f)) {
      int fj = e->k == VJMP ? NO_JUMP : cc_jump(fs);
      p_f = code_loadbool(fs, reg, OP_LFALSESKIP);
      p_t = code_loadbool(fs, reg, OP_LOADTRUE);
      cc_patchtohere(fs, fj);
    }
    int final = cc_getlabel(fs);
    patchlistaux(fs, e->f, final, reg, p_f);
    patchlistaux(fs, e->t, final, reg, p_t);
  }
  e->f = e->t = NO_JUMP;
  e->u.info = reg;
  e->k = VNONRELOC;
}

void cc_exp2nextreg(FuncState *fs, ExpDesc *e) {
  cc_dischargevars(fs, e);
  freeexp(fs, e);
  cc_reserveregs(fs, 1);
  exp2reg(fs, e, fs->freereg - 1);
}

int cc_exp2anyreg(FuncState *fs, ExpDesc *e) {
  cc_dischargevars(fs, e);
  if (e->k == VNONRELOC) {
    if (!hasjumps(e))
      return e->u.info;
    if (e->u.info >= cc_nvarstack(fs)) {  /* a temporary can take the jump values */
      exp2reg(fs, e, e->u.info);
      return e->u.info;
    }
    /* a local must not be overwritten by the jump values: use a new register */
  }
  cc_exp2nextreg(fs, e);
  return e->u.info;
}

void cc_exp2anyregup(FuncState *fs, ExpDesc *e) {
  if (e->k != VUPVAL || hasjumps(e))
    cc_exp2anyreg(fs, e);
}

void cc_exp2val(FuncState *fs, ExpDesc *e) {
  if (e->k == VJMP || hasjumps(e))  /* a comparison is a value only once in a register (5.4.8) */
    cc_exp2anyreg(fs, e);
  else
    cc_dischargevars(fs, e);
}

/* Turns e into a K operand when it is a constant with a small enough index. */
static int exp2K(FuncState *fs, ExpDesc *e) {
  if (!hasjumps(e)) {
    int info;
    switch (e->k) {
    case VTRUE: info = boolT(fs); break;
    case VFALSE: info = boolF(fs); break;
    case VNIL: info = nilK(fs); break;
    case VKINT: info = intK(fs, e->u.ival); break;
    case VKFLT: info = numberK(fs, e->u.nval); break;
    case VKSTR: info = stringK(fs, e->u.strval); break;
    case VK: info = e->u.info; break;
    default: return 0;
    }
    if (info <= MAXINDEXRK) {
      e->k = VK;
      e->u.info = info;
      return 1;
    }
  }
  return 0;
}

/* RK operand: returns 1 for a constant (k bit set), 0 for a register. */
static int exp2RK(FuncState *fs, ExpDesc *e) {
  if (exp2K(fs, e))
    return 1;
  cc_exp2anyreg(fs, e);
  return 0;
}

static void codeABRK(FuncState *fs, OpCode o, int a, int b, ExpDesc *ec) {
  int k = exp2RK(fs, ec);
  cc_codeABCk(fs, o, a, b, ec->u.info, k);
}

void cc_storevar(FuncState *fs, ExpDesc *var, ExpDesc *ex) {
  switch (var->k) {
  case VLOCAL:
    freeexp(fs, ex);
    exp2reg(fs, ex, var->var.ridx);
    return;
  case VUPVAL: {
    int e = cc_exp2anyreg(fs, ex);
    cc_codeABC(fs, OP_SETUPVAL, e, var->u.info, 0);
    break;
  }
  case VINDEXUP:
    codeABRK(fs, OP_SETTABUP, var->ind.t, var->ind.idx, ex);
    break;
  case VINDEXI:
    codeABRK(fs, OP_SETI, var->ind.t, var->ind.idx, ex);
    break;
  case VINDEXSTR:
    codeABRK(fs, OP_SETFIELD, var->ind.t, var->ind.idx, ex);
    break;
  case VINDEXED:
    codeABRK(fs, OP_SETTABLE, var->ind.t, var->ind.idx, ex);
    break;
  default:
    lua_assert(0);
  }
  freeexp(fs, ex);
}

void cc_self(FuncState *fs, ExpDesc *e, ExpDesc *key) {
  cc_exp2anyreg(fs, e);
  int ereg = e->u.info;
  freeexp(fs, e);
  e->u.info = fs->freereg;
  e->k = VNONRELOC;
  cc_reserveregs(fs, 2);  /* function and 'self' */
  codeABRK(fs, OP_SELF, e->u.info, ereg, key);
  freeexp(fs, key);
}

/* ------------------------------------------------------------------------------------------
 * Conditionals.
 */

static void negatecondition(FuncState *fs, ExpDesc *e) {
  Instruction *pc = getjumpcontrol(fs, e->u.info);
  SETARG_k(*pc, GETARG_k(*pc) ^ 1);
}

/* Emits a jump taken when e's truth equals cond. A preceding NOT is folded into a TEST. */
static int jumponcond(FuncState *fs, ExpDesc *e, int cond) {
  if (e->k == VRELOC) {
    Instruction ie = getinstruction(fs, e);
    if (GET_OPCODE(ie) == OP_NOT) {
      fs->pc--;  /* drop the NOT */
      return condjump(fs, OP_TEST, GETARG_B(ie), 0, 0, !cond);
    }
  }
  discharge2anyreg(fs, e);
  freeexp(fs, e);
  return condjump(fs, OP_TESTSET, NO_REG, e->u.info, 0, cond);
}

void cc_goiftrue(FuncState *fs, ExpDesc *e) {
  int pc;
  cc_dischargevars(fs, e);
  switch (e->k) {
  case VJMP:
    negatecondition(fs, e);
    pc = e->u.info;
    break;
  case VK: case VKFLT: case VKINT: case VKSTR: case VTRUE:
    pc = NO_JUMP;  /* always true */
    break;
  default:
    pc = jumponcond(fs, e, 0);
    break;
  }
  cc_concat(fs, &e->f, pc);
  cc_patchtohere(fs, e->t);
  e->t = NO_JUMP;
}

void cc_goiffalse(FuncState *fs, ExpDesc *e) {
  int pc;
  cc_dischargevars(fs, e);
  switch (e->k) {
  case VJMP:
    pc = e->u.info;
    break;
  case VNIL: case VFALSE:
    pc = NO_JUMP;  /* always false */
    break;
  default:
    pc = jumponcond(fs, e, 1);
    break;
  }
  cc_concat(fs, &e->t, pc);
  cc_patchtohere(fs, e->f);
  e->f = NO_JUMP;
}

static void codenot(FuncState *fs, ExpDesc *e) {
  switch (e->k) {
  case VNIL: case VFALSE:
    e->k = VTRUE;
    break;
  case VK: case VKFLT: case VKINT: case VKSTR: case VTRUE:
    e->k = VFALSE;
    break;
  case VJMP:
    negatecondition(fs, e);
    break;
  case VRELOC: case VNONRELOC:
    discharge2anyreg(fs, e);
    freeexp(fs, e);
    e->u.info = cc_codeABC(fs, OP_NOT, 0, e->u.info, 0);
    e->k = VRELOC;
    break;
  default:
    lua_assert(0);
  }
  int temp = e->f;
  e->f = e->t;
  e->t = temp;
  removevalues(fs, e->f);
  removevalues(fs, e->t);
}

/* ------------------------------------------------------------------------------------------
 * Indexing.
 */

static int isKstr(FuncState *fs, ExpDesc *e) {
  return e->k == VK && !hasjumps(e) && e->u.info <= MAXARG_B &&
         ttisshrstring(&fs->f->k[e->u.info]);
}

static int isKint(ExpDesc *e) {
  return e->k == VKINT && !hasjumps(e);
}

static int isCint(ExpDesc *e) {
  return isKint(e) && l_castS2U(e->u.ival) <= (lua_Unsigned)MAXARG_C;
}

static int isSCint(ExpDesc *e) {
  return isKint(e) && fitsC(e->u.ival);
}

/* A number that fits an immediate sC operand; isfloat tells the VM to compare as float. */
static int isSCnumber(ExpDesc *e, int *pi, int *isfloat) {
  lua_Integer i;
  if (e->k == VKINT)
    i = e->u.ival;
  else if (e->k == VKFLT && vm_flttointns(e->u.nval, &i, F2Ieq))
    *isfloat = 1;
  else
    return 0;
  if (!hasjumps(e) && fitsC(i)) {
    *pi = int2sC((int)i);
    return 1;
  }
  return 0;
}

void cc_indexed(FuncState *fs, ExpDesc *t, ExpDesc *k) {
  if (k->k == VKSTR)
    str2K(fs, k);
  if (t->k == VUPVAL && !isKstr(fs, k))  /* GETTABUP takes only string constants */
    cc_exp2anyreg(fs, t);
  if (t->k == VUPVAL) {
    t->ind.t = t->u.info;
    t->ind.idx = k->u.info;
    t->k = VINDEXUP;
  } else {
    t->ind.t = t->k == VLOCAL ? t->var.ridx : t->u.info;
    if (isKstr(fs, k)) {
      t->ind.idx = k->u.info;
      t->k = VINDEXSTR;
    } else if (isCint(k)) {
      t->ind.idx = (int)k->u.ival;
      t->k = VINDEXI;
    } else {
      t->ind.idx = cc_exp2anyreg(fs, k);
      t->k = VINDEXED;
    }
  }
}

/* ------------------------------------------------------------------------------------------
 * Operators.
 */

/* Folding must not change what the program does: no division by zero, no bitwise operation
 * on non-integral floats (those raise at run time). */
static int validop(int op, Value *v1, Value *v2) {
  switch (op) {
  case LUA_OPBAND: case LUA_OPBOR: case LUA_OPBXOR:
  case LUA_OPSHL: case LUA_OPSHR: case LUA_OPBNOT: {
    lua_Integer i;
    return vm_tointegerns(v1, &i, F2Ieq) && vm_tointegerns(v2, &i, F2Ieq);
  }
  case LUA_OPDIV: case LUA_OPIDIV: case LUA_OPMOD:
    return nvalue(v2) != 0;
  default:
    return 1;
  }
}

/* NaN and zero results are left to run time: NaN is not a valid constant key and -0.0
 * would collapse with 0.0 in the constant table. */
static int constfolding(FuncState *fs, int op, ExpDesc *e1, const ExpDesc *e2) {
  Value v1, v2, res;
  if (!tonumeral(e1, &v1) || !tonumeral(e2, &v2) || !validop(op, &v1, &v2))
    return 0;
  if (!vm_rawarith(fs->ls->L, op, &v1, &v2, &res))
    return 0;
  if (ttisinteger(&res)) {
    e1->k = VKINT;
    e1->u.ival = ivalue(&res);
  } else {
    lua_Number n = fltvalue(&res);
    if (n != n || n == 0)
      return 0;
    e1->k = VKFLT;
    e1->u.nval = n;
  }
  return 1;
}

static void codeunexpval(FuncState *fs, OpCode o, ExpDesc *e, int line) {
  int r = cc_exp2anyreg(fs, e);
  freeexp(fs, e);
  e->u.info = cc_codeABC(fs, o, 0, r, 0);
  e->k = VRELOC;
  cc_fixline(fs, line);
}

/* Emits "op" and its metamethod fallback (mmop); the result is relocatable. */
static void finishbinexpval(FuncState *fs, ExpDesc *e1, ExpDesc *e2, OpCode op, int v2,
                            int flip, int line, OpCode mmop, TMS event) {
  int v1 = cc_exp2anyreg(fs, e1);
  int pc = cc_codeABCk(fs, op, 0, v1, v2, 0);
  freeexps(fs, e1, e2);
  e1->u.info = pc;
  e1->k = VRELOC;
  cc_fixline(fs, line);
  cc_codeABCk(fs, mmop, v1, v2, (int)event, flip);
  cc_fixline(fs, line);
}

static void codebinexpval(FuncState *fs, OpCode op, ExpDesc *e1, ExpDesc *e2, int line) {
  int v2 = cc_exp2anyreg(fs, e2);
  finishbinexpval(fs, e1, e2, op, v2, 0, line, OP_MMBIN, (TMS)((op - OP_ADD) + TM_ADD));
}

static void codebini(FuncState *fs, OpCode op, ExpDesc *e1, ExpDesc *e2, int flip, int line,
                     TMS event) {
  int v2 = int2sC((int)e2->u.ival);
  finishbinexpval(fs, e1, e2, op, v2, flip, line, OP_MMBINI, event);
}

static void codebinK(FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int flip, int line) {
  TMS event = (TMS)(opr + TM_ADD);
  int v2 = e2->u.info;
  OpCode op = (OpCode)(opr + OP_ADDK);
  finishbinexpval(fs, e1, e2, op, v2, flip, line, OP_MMBINK, event);
}

/* "a - k" as "a + (-k)" (and "a << k" as "a >> -k"); the metamethod still sees k. */
static int finishbinexpneg(FuncState *fs, ExpDesc *e1, ExpDesc *e2, OpCode op, int line,
                           TMS event) {
  if (!isKint(e2))
    return 0;
  lua_Integer i2 = e2->u.ival;
  if (!(fitsC(i2) && fitsC(-i2)))
    return 0;
  int v2 = (int)i2;
  finishbinexpval(fs, e1, e2, op, int2sC(-v2), 0, line, OP_MMBINI, event);
  SETARG_B(fs->f->code[fs->pc - 1], int2sC(v2));
  return 1;
}

static void swapexps(ExpDesc *e1, ExpDesc *e2) {
  ExpDesc t = *e1;
  *e1 = *e2;
  *e2 = t;
}

static void codearith(FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int flip, int line) {
  if (tonumeral(e2, NULL) && exp2K(fs, e2)) {
    codebinK(fs, opr, e1, e2, flip, line);
  } else {
    if (flip)
      swapexps(e1, e2);
    codebinexpval(fs, (OpCode)(opr + OP_ADD), e1, e2, line);
  }
}

static void codecommutative(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2, int line) {
  int flip = 0;
  if (tonumeral(e1, NULL)) {  /* constant first: swap so it can be an immediate/K */
    swapexps(e1, e2);
    flip = 1;
  }
  if (op == OPR_ADD && isSCint(e2))
    codebini(fs, OP_ADDI, e1, e2, flip, line, TM_ADD);
  else
    codearith(fs, op, e1, e2, flip, line);
}

/* Written as in later 5.4 releases: when a constant first operand has no K slot left (more
 * than 255 constants) Debian's 5.4.4 loads it into a register after the second operand, in
 * a different register order, so listings differ from luac5.4 only in that case. */
static void codebitwise(FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int line) {
  int flip = 0;
  if (e1->k == VKINT) {
    swapexps(e1, e2);
    flip = 1;
  }
  if (e2->k == VKINT && exp2K(fs, e2)) {
    codebinK(fs, opr, e1, e2, flip, line);
  } else {
    if (flip)
      swapexps(e1, e2);
    codebinexpval(fs, (OpCode)(opr + OP_ADD), e1, e2, line);
  }
}

/* op is OP_LT or OP_LE; immediate forms when one side is a small number. */
static void codeorder(FuncState *fs, OpCode op, ExpDesc *e1, ExpDesc *e2) {
  int r1, r2, im;
  int isfloat = 0;
  if (isSCnumber(e2, &im, &isfloat)) {
    r1 = cc_exp2anyreg(fs, e1);
    r2 = im;
    op = (OpCode)((op - OP_LT) + OP_LTI);
  } else if (isSCnumber(e1, &im, &isfloat)) {
    r1 = cc_exp2anyreg(fs, e2);
    r2 = im;
    op = op == OP_LT ? OP_GTI : OP_GEI;  /* "k < x" is "x > k" */
  } else {
    r1 = cc_exp2anyreg(fs, e1);
    r2 = cc_exp2anyreg(fs, e2);
  }
  freeexps(fs, e1, e2);
  e1->u.info = condjump(fs, op, r1, r2, isfloat, 1);
  e1->k = VJMP;
}

static void codeeq(FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2) {
  int r1, r2, im;
  int isfloat = 0;
  OpCode op;
  if (e1->k != VNONRELOC)  /* e1 was left a constant by cc_infix: put the register first */
    swapexps(e1, e2);
  r1 = cc_exp2anyreg(fs, e1);
  if (isSCnumber(e2, &im, &isfloat)) {
    op = OP_EQI;
    r2 = im;
  } else if (exp2RK(fs, e2)) {
    op = OP_EQK;
    r2 = e2->u.info;
  } else {
    op = OP_EQ;
    r2 = cc_exp2anyreg(fs, e2);
  }
  freeexps(fs, e1, e2);
  e1->u.info = condjump(fs, op, r1, r2, isfloat, opr == OPR_EQ);
  e1->k = VJMP;
}

void cc_prefix(FuncState *fs, UnOpr opr, ExpDesc *e, int line) {
  static const ExpDesc ef = {VKINT, {0}, {0, 0}, {0, 0}, NO_JUMP, NO_JUMP};
  cc_dischargevars(fs, e);
  switch (opr) {
  case OPR_MINUS: case OPR_BNOT:
    if (constfolding(fs, (int)opr + LUA_OPUNM, e, &ef))
      break;
    /* fall through */
  case OPR_LEN:
    codeunexpval(fs, (OpCode)(opr + OP_UNM), e, line);
    break;
  case OPR_NOT:
    codenot(fs, e);
    break;
  default:
    lua_assert(0);
  }
}

/* Called after the first operand of a binary operator is read. */
void cc_infix(FuncState *fs, BinOpr op, ExpDesc *v) {
  cc_dischargevars(fs, v);
  switch (op) {
  case OPR_AND:
    cc_goiftrue(fs, v);
    break;
  case OPR_OR:
    cc_goiffalse(fs, v);
    break;
  case OPR_CONCAT:
    cc_exp2nextreg(fs, v);  /* operands must be consecutive registers */
    break;
  case OPR_ADD: case OPR_SUB: case OPR_MUL: case OPR_DIV: case OPR_IDIV: case OPR_MOD:
  case OPR_POW: case OPR_BAND: case OPR_BOR: case OPR_BXOR: case OPR_SHL: case OPR_SHR:
    if (!tonumeral(v, NULL))
      cc_exp2anyreg(fs, v);
    break;
  case OPR_EQ: case OPR_NE:
    if (!tonumeral(v, NULL))
      exp2RK(fs, v);
    break;
  case OPR_LT: case OPR_LE: case OPR_GT: case OPR_GE: {
    int dummy, dummy2;
    if (!isSCnumber(v, &dummy, &dummy2))
      cc_exp2anyreg(fs, v);
    break;
  }
  default:
    lua_assert(0);
  }
}

/* Merges "a .. (b .. c)" into one CONCAT over consecutive registers. */
static void codeconcat(FuncState *fs, ExpDesc *e1, ExpDesc *e2, int line) {
  Instruction *ie2 = previousinstruction(fs);
  if (GET_OPCODE(*ie2) == OP_CONCAT) {
    int n = GETARG_B(*ie2);
    freeexp(fs, e2);
    SETARG_A(*ie2, e1->u.info);
    SETARG_B(*ie2, n + 1);
  } else {
    cc_codeABC(fs, OP_CONCAT, e1->u.info, 2, 0);
    freeexp(fs, e2);
    cc_fixline(fs, line);
  }
}

void cc_posfix(FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int line) {
  cc_dischargevars(fs, e2);
  if (opr <= OPR_SHR && constfolding(fs, (int)opr + LUA_OPADD, e1, e2))
    return;
  switch (opr) {
  case OPR_AND:
    cc_concat(fs, &e2->f, e1->f);
    *e1 = *e2;
    break;
  case OPR_OR:
    cc_concat(fs, &e2->t, e1->t);
    *e1 = *e2;
    break;
  case OPR_CONCAT:
    cc_exp2nextreg(fs, e2);
    codeconcat(fs, e1, e2, line);
    break;
  case OPR_ADD: case OPR_MUL:
    codecommutative(fs, opr, e1, e2, line);
    break;
  case OPR_SUB:
    if (finishbinexpneg(fs, e1, e2, OP_ADDI, line, TM_SUB))
      break;
    /* fall through */
  case OPR_DIV: case OPR_IDIV: case OPR_MOD: case OPR_POW:
    codearith(fs, opr, e1, e2, 0, line);
    break;
  case OPR_BAND: case OPR_BOR: case OPR_BXOR:
    codebitwise(fs, opr, e1, e2, line);
    break;
  case OPR_SHL:
    if (isSCint(e1)) {
      swapexps(e1, e2);
      codebini(fs, OP_SHLI, e1, e2, 1, line, TM_SHL);  /* I << r */
    } else if (finishbinexpneg(fs, e1, e2, OP_SHRI, line, TM_SHL)) {
      /* r << I coded as r >> -I */
    } else {
      codebinexpval(fs, OP_SHL, e1, e2, line);
    }
    break;
  case OPR_SHR:
    if (isSCint(e2))
      codebini(fs, OP_SHRI, e1, e2, 0, line, TM_SHR);
    else
      codebinexpval(fs, OP_SHR, e1, e2, line);
    break;
  case OPR_EQ: case OPR_NE:
    codeeq(fs, opr, e1, e2);
    break;
  case OPR_GT: case OPR_GE:
    /* a > b is b < a; a >= b is b <= a */
    swapexps(e1, e2);
    opr = (BinOpr)((opr - OPR_NE) + OPR_EQ);
    /* fall through */
  case OPR_LT: case OPR_LE:
    codeorder(fs, (OpCode)((opr - OPR_EQ) + OP_EQ), e1, e2);
    break;
  default:
    lua_assert(0);
  }
}

/* ------------------------------------------------------------------------------------------
 * Tables and the final pass.
 */

void cc_settablesize(FuncState *fs, int pc, int ra, int asize, int hsize) {
  Instruction *inst = &fs->f->code[pc];
  int rb = hsize != 0 ? vm_ceillog2((unsigned int)hsize) + 1 : 0;
  int extra = asize / (MAXARG_C + 1);
  int rc = asize % (MAXARG_C + 1);
  *inst = CREATE_ABCk(OP_NEWTABLE, ra, rb, rc, extra > 0);
  *(inst + 1) = CREATE_Ax(OP_EXTRAARG, extra);
}

void cc_setlist(FuncState *fs, int base, int nelems, int tostore) {
  if (tostore == LUA_MULTRET)
    tostore = 0;
  if (nelems <= MAXARG_C) {
    cc_codeABC(fs, OP_SETLIST, base, tostore, nelems);
  } else {
    int extra = nelems / (MAXARG_C + 1);
    nelems %= (MAXARG_C + 1);
    cc_codeABCk(fs, OP_SETLIST, base, tostore, nelems, 1);
    codeextraarg(fs, extra);
  }
  fs->freereg = cast_byte(base + 1);
}

/* Follows a chain of unconditional jumps (bounded, in case of a loop of jumps). */
static int finaltarget(Instruction *code, int i) {
  for (int count = 0; count < 100; count++) {
    Instruction pc = code[i];
    if (GET_OPCODE(pc) != OP_JMP)
      break;
    i += GETARG_sJ(pc) + 1;
  }
  return i;
}

/* Final adjustments once the whole function is known: returns must close upvalues or
 * restore vararg frames, and jumps to jumps go straight to their final target. */
void cc_finish(FuncState *fs) {
  Proto *p = fs->f;
  for (int i = 0; i < fs->pc; i++) {
    Instruction *pc = &p->code[i];
    switch (GET_OPCODE(*pc)) {
    case OP_RETURN0: case OP_RETURN1:
      if (!(fs->needclose || p->is_vararg))
        break;
      SET_OPCODE(*pc, OP_RETURN);
      /* fall through */
    case OP_RETURN: case OP_TAILCALL:
      if (fs->needclose)
        SETARG_k(*pc, 1);
      if (p->is_vararg)
        SETARG_C(*pc, p->numparams + 1);
      break;
    case OP_JMP:
      fixjump(fs, i, finaltarget(p->code, i));
      break;
    default:
      break;
    }
  }
}
