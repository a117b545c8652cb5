/* The bytecode verifier: proves, before a loaded chunk runs, that every instruction stays
 * inside what the interpreter assumes (registers below maxstack, indices in range, jumps
 * inside the code, operand shapes the compiler would produce), so that running ANY loaded
 * byte string is memory-safe. Each rule below says which interpreter assumption it protects. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/bytecode/bytecode.h"
#include "vm/gc.h"

typedef struct Check {
  lua_State *L;             /* scratch memory comes from its heap (and its memory limit) */
  const Proto *f;
  int nups;                 /* upvalues the closure of f will have */
  int needclose;            /* f has captured registers or tbc variables */
  unsigned char *target;    /* target[pc]: reached other than by falling through */
  int *minsrc, *maxsrc;     /* lowest/highest pc of those jumps into each target */
  int *listbase;            /* for a checked SETLIST: pc of its NEWTABLE */
  long listlimit;           /* most list items any constructor of f can store */
  char *msg;
  size_t msgsize;
  int failed;
} Check;

/* Zeroed working memory in the collected heap, so a big chunk's verification counts against
 * the memory limit; failing to get it raises "not enough memory" (what is already taken is
 * garbage then). Freed explicitly when the function is done. */
static void *scratch(Check *c, size_t size) {
  void *p = gc_alloc_atomic(c->L, size ? size : 1);
  memset(p, 0, size ? size : 1);
  return p;
}

static const char *report(Check *c, int pc, const char *fmt, ...) {
  char what[120];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (c->f->linedefined == 0)
    snprintf(c->msg, c->msgsize, "main function: %s at pc %d", what, pc + 1);
  else
    snprintf(c->msg, c->msgsize, "function at line %d: %s at pc %d", c->f->linedefined, what,
             pc + 1);
  c->failed = 1;
  return c->msg;
}

#define FAIL(...) return report(c, pc, __VA_ARGS__)
#define REG(r) do { if ((r) >= f->maxstacksize) FAIL("register %d out of range", (r)); } while (0)
/* Registers r .. r+n-1 all exist. */
#define REGS(r, n) \
  do { if ((long)(r) + (long)(n) > f->maxstacksize) FAIL("register range out of range"); } while (0)
#define KIDX(x) do { if ((x) >= f->sizek) FAIL("constant index %d out of range", (x)); } while (0)
#define UPV(u) do { if ((u) >= c->nups) FAIL("upvalue index %d out of range", (u)); } while (0)
/* GETFIELD & co. hand K[x] straight to the short-string lookup. */
#define KSHORT(x) \
  do { KIDX(x); if (!ttisshrstring(&f->k[x])) FAIL("constant %d is not a short string", (x)); } while (0)
#define RK(i) \
  do { if (GETARG_k(i)) KIDX(GETARG_C(i)); else REG(GETARG_C(i)); } while (0)
#define NEXT_IS(o) \
  do { if (pc + 1 >= n || GET_OPCODE(code[pc + 1]) != (o)) FAIL("%s must follow %s", vm_opinfo[o].name, vm_opinfo[op].name); } while (0)
#define SUCC(t) do { long t_ = (t); if (t_ < 0 || t_ >= n) FAIL("jump target out of range"); } while (0)

static int isarith(OpCode op) { return op >= OP_ADDI && op <= OP_SHR; }

/* An instruction that takes its operand count from L->top needs the previous instruction to
 * have set it (and to have set it above its own base), and must not be reachable otherwise. */
static const char *checkintop(Check *c, int pc, OpCode op, int a) {
  const Instruction *code = c->f->code;
  if (pc == 0 || c->target[pc]) FAIL("variable operand count without a producer");
  Instruction prev = code[pc - 1];
  OpCode pop = GET_OPCODE(prev);
  /* TAILCALL never falls through; the RETURN the compiler leaves after it is dead code. */
  if (!(((pop == OP_CALL || pop == OP_VARARG) && GETARG_C(prev) == 0) || pop == OP_TAILCALL))
    FAIL("variable operand count without a producer");
  if (GETARG_A(prev) < a + (op == OP_RETURN ? 0 : 1)) FAIL("variable operands below the base");
  return NULL;
}

/* Pass 1: every place reachable other than by falling through (jump targets, skips). */
static void marktargets(Check *c) {
  const Proto *f = c->f;
  int n = f->sizecode;
  for (int pc = 0; pc < n; pc++) {
    Instruction i = f->code[pc];
    long t = -1, t2 = -1;
    switch (GET_OPCODE(i)) {
      case OP_JMP: t = pc + 1L + GETARG_sJ(i); break;
      case OP_LFALSESKIP: t = pc + 2L; break;
      case OP_EQ: case OP_LT: case OP_LE: case OP_EQK: case OP_EQI: case OP_LTI:
      case OP_LEI: case OP_GTI: case OP_GEI: case OP_TEST: case OP_TESTSET:
        t = pc + 2L;
        break;
      case OP_FORLOOP: case OP_TFORLOOP: t = pc + 1L - GETARG_Bx(i); break;
      case OP_FORPREP: t = pc + 2L + GETARG_Bx(i); break;
      case OP_TFORPREP: t = pc + 1L + GETARG_Bx(i); break;
      case OP_TFORCALL: t = pc + 2L; break;  /* loop exit through the TFORLOOP */
      /* LOADKX, NEWTABLE and SETLIST with k step over their EXTRAARG: that is their normal
       * flow, not a jump (a jump to the EXTRAARG itself is one, and is marked as such). */
      default:
        if (isarith(GET_OPCODE(i))) t2 = pc + 2L;  /* fast path skips the MMBIN */
        break;
    }
    long ts[2] = {t, t2};
    for (int j = 0; j < 2; j++) {
      if (ts[j] < 0 || ts[j] >= n) continue;
      int tt = (int)ts[j];
      if (!c->target[tt] || pc < c->minsrc[tt]) c->minsrc[tt] = pc;
      if (!c->target[tt] || pc > c->maxsrc[tt]) c->maxsrc[tt] = pc;
      c->target[tt] = 1;
    }
  }
}

/* Can instruction i change register r? (Conservative: calls clobber everything above A.) */
static int writes(Instruction i, int r) {
  OpCode op = GET_OPCODE(i);
  int a = GETARG_A(i);
  switch (op) {
    case OP_LOADNIL: return r >= a && r <= a + GETARG_B(i);
    case OP_CALL: case OP_TAILCALL: case OP_TFORCALL: case OP_VARARG: return r >= a;
    case OP_SELF: return r == a || r == a + 1;
    case OP_CONCAT: return r >= a && r < a + GETARG_B(i);
    case OP_FORPREP: case OP_FORLOOP: case OP_TFORLOOP: return r >= a && r <= a + 4;
    default: return op < NUM_OPCODES && testAMode(op) && r == a;
  }
}

/* SETLIST stores straight into the array part of R[A] as a table: the table must be the one
 * its constructor's NEWTABLE made. Every path to the SETLIST must pass that NEWTABLE (or an
 * earlier checked SETLIST of the same constructor) with nothing in between writing R[A], and
 * nothing may jump into that stretch from outside it. Upvalue aliasing and debug.setlocal are
 * beyond a static check; the interpreter checks the type as well. */
static const char *checksetlist(Check *c, int pc, int a) {
  const Instruction *code = c->f->code;
  int lo = -1, q;
  for (q = pc - 1; q >= 0; q--) {
    Instruction i = code[q];
    OpCode op = GET_OPCODE(i);
    if (op == OP_NEWTABLE && GETARG_A(i) == a) {
      lo = q;
      break;
    }
    if (op == OP_SETLIST && GETARG_A(i) == a && c->listbase[q] >= 0) {
      lo = c->listbase[q];
      break;
    }
    if (writes(i, a)) break;
  }
  if (lo < 0) FAIL("list store into a register without its table");
  for (int t = q + 1; t <= pc; t++)
    if (c->target[t] && (c->minsrc[t] < lo || c->maxsrc[t] > pc))
      FAIL("jump into a table constructor");
  c->listbase[pc] = lo;
  return NULL;
}

static const char *checkcode(Check *c) {
  const Proto *f = c->f;
  const Instruction *code = f->code;
  int n = f->sizecode;
  int pc = 0;
  if (n < 1) FAIL("empty code");
  if (f->numparams > f->maxstacksize) FAIL("more parameters than registers");
  /* A vararg function must start by moving its fixed parameters (frame layout). */
  if (f->is_vararg != (GET_OPCODE(code[0]) == OP_VARARGPREP)) FAIL("vararg frame setup missing");
  for (pc = 0; pc < n; pc++) {
    Instruction i = code[pc];
    OpCode op = GET_OPCODE(i);
    if (op >= NUM_OPCODES) FAIL("invalid opcode %d", (int)op);
    int a = GETARG_A(i), b = GETARG_B(i), cc = GETARG_C(i);
    switch (op) {
      case OP_MOVE: case OP_UNM: case OP_BNOT: case OP_NOT: case OP_LEN:
      case OP_ADDI: case OP_SHRI: case OP_SHLI: case OP_GETI:
        REG(a); REG(b);
        break;
      case OP_LOADI: case OP_LOADF: case OP_LOADFALSE: case OP_LOADTRUE:
      case OP_CLOSE: case OP_TBC:
        REG(a);
        break;
      case OP_LFALSESKIP:
        REG(a);
        SUCC(pc + 2L);
        break;
      case OP_LOADK:
        REG(a); KIDX(GETARG_Bx(i));
        break;
      case OP_LOADKX:
        REG(a); NEXT_IS(OP_EXTRAARG); KIDX(GETARG_Ax(code[pc + 1]));
        SUCC(pc + 2L);
        break;
      case OP_LOADNIL:
        REGS(a, b + 1);
        break;
      case OP_GETUPVAL: case OP_SETUPVAL:
        REG(a); UPV(b);
        break;
      case OP_GETTABUP:
        REG(a); UPV(b); KSHORT(cc);
        break;
      case OP_GETTABLE:
        REG(a); REG(b); REG(cc);
        break;
      case OP_GETFIELD:
        REG(a); REG(b); KSHORT(cc);
        break;
      case OP_SETTABUP:
        UPV(a); KSHORT(b); RK(i);
        break;
      case OP_SETTABLE:
        REG(a); REG(b); RK(i);
        break;
      case OP_SETI:
        REG(a); RK(i);
        break;
      case OP_SETFIELD:
        REG(a); KSHORT(b); RK(i);
        break;
      case OP_NEWTABLE: {
        REG(a); NEXT_IS(OP_EXTRAARG);
        /* Size hints come from the constructor's own fields: each hash field needs a store
         * instruction, each flush of up to LFIELDS_PER_FLUSH list items a SETLIST (merged
         * nils need no more). Forged hints beyond that could demand gigabytes or overflow. */
        long hlimit = 4L * n + 64;
        if (b > 0 && (b - 1 > 30 || (1L << (b - 1)) > hlimit)) FAIL("table size hint too large");
        long asize = cc + (GETARG_k(i) ? (long)GETARG_Ax(code[pc + 1]) * (MAXARG_C + 1) : 0);
        if (asize > c->listlimit) FAIL("table size hint too large");
        SUCC(pc + 2L);
        break;
      }
      case OP_SELF:
        REGS(a, 2); REG(b);
        if (GETARG_k(i)) {
          KIDX(cc);
          if (!ttisstring(&f->k[cc])) FAIL("method name is not a string");
        } else {
          /* The interpreter takes the key as a string without looking: only accept the
           * compiler's pattern, the key loaded from a string constant just before. */
          REG(cc);
          int kidx = -1;
          if (pc >= 1 && !c->target[pc] && GET_OPCODE(code[pc - 1]) == OP_LOADK &&
              GETARG_A(code[pc - 1]) == cc)
            kidx = GETARG_Bx(code[pc - 1]);
          else if (pc >= 2 && !c->target[pc] && !c->target[pc - 1] &&
                   GET_OPCODE(code[pc - 1]) == OP_EXTRAARG &&
                   GET_OPCODE(code[pc - 2]) == OP_LOADKX && GETARG_A(code[pc - 2]) == cc)
            kidx = GETARG_Ax(code[pc - 1]);
          if (kidx < 0 || kidx >= f->sizek || !ttisstring(&f->k[kidx]))
            FAIL("method name is not a string");
        }
        break;
      case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK: case OP_POWK: case OP_DIVK:
      case OP_IDIVK:
        REG(a); REG(b); KIDX(cc);
        if (!ttisnumber(&f->k[cc])) FAIL("arithmetic constant is not a number");
        break;
      case OP_BANDK: case OP_BORK: case OP_BXORK:
        REG(a); REG(b); KIDX(cc);
        if (!ttisinteger(&f->k[cc])) FAIL("bitwise constant is not an integer");
        break;
      case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW: case OP_DIV:
      case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR:
        REG(a); REG(b); REG(cc);
        break;
      case OP_MMBIN: case OP_MMBINI: case OP_MMBINK:
        /* The metamethod result goes to the previous instruction's A register. */
        if (pc == 0 || !isarith(GET_OPCODE(code[pc - 1]))) FAIL("MMBIN does not follow arithmetic");
        REG(a);
        if (op == OP_MMBIN) REG(b);
        if (op == OP_MMBINK) KIDX(b);
        if (cc < TM_ADD || cc > TM_SHR) FAIL("bad metamethod event %d", cc);
        break;
      case OP_CONCAT:
        if (b < 2) FAIL("concatenation of fewer than two values");
        REGS(a, b);
        break;
      case OP_JMP:
        SUCC(pc + 1L + GETARG_sJ(i));
        break;
      case OP_EQ: case OP_LT: case OP_LE: case OP_TESTSET:
        REG(a); REG(b);
        goto test;
      case OP_EQK:
        REG(a); KIDX(b);
        goto test;
      case OP_EQI: case OP_LTI: case OP_LEI: case OP_GTI: case OP_GEI: case OP_TEST:
        REG(a);
      test:
        /* A test either skips or takes the jump right after it. */
        NEXT_IS(OP_JMP);
        SUCC(pc + 2L);
        break;
      case OP_CALL:
        REG(a);
        if (b == 0) {
          const char *e = checkintop(c, pc, op, a);
          if (e) return e;
        } else {
          REGS(a, b);
        }
        if (cc > 0) REGS(a, cc - 1);
        break;
      case OP_TAILCALL: case OP_RETURN:
        /* A RETURN of no values may name the register just past the frame. */
        if (op == OP_TAILCALL || b != 1) REG(a);
        else if (a > f->maxstacksize) FAIL("register %d out of range", a);
        if (b == 0) {
          const char *e = checkintop(c, pc, op, a);
          if (e) return e;
        } else {
          REGS(a, b - 1 + (op == OP_TAILCALL));
        }
        /* C restores a vararg frame's function slot; a wrong value moves the frame. */
        if (cc != (f->is_vararg ? f->numparams + 1 : 0)) FAIL("bad vararg frame size");
        /* Without k, open upvalues would outlive the frame they point into. */
        if (c->needclose && !GETARG_k(i)) FAIL("return without closing upvalues");
        continue;  /* does not fall through */
      case OP_RETURN0: case OP_RETURN1:
        if (op == OP_RETURN1) REG(a);
        if (f->is_vararg) FAIL("short return in a vararg function");
        if (c->needclose) FAIL("return without closing upvalues");
        continue;
      case OP_FORLOOP:
        REGS(a, 4);
        SUCC(pc + 1L - GETARG_Bx(i));
        break;
      case OP_FORPREP:
        REGS(a, 4);
        SUCC(pc + 2L + GETARG_Bx(i));
        break;
      case OP_TFORPREP: {
        REGS(a, 4);
        long t = pc + 1L + GETARG_Bx(i);
        SUCC(t);
        /* The interpreter runs its target as the loop's TFORCALL without decoding it. */
        if (GET_OPCODE(code[t]) != OP_TFORCALL || GETARG_A(code[t]) != a)
          FAIL("TFORPREP does not jump to its TFORCALL");
        continue;
      }
      case OP_TFORCALL:
        /* Copies the iterator triple to A+4..A+6 and calls it there, C results. */
        REGS(a, 7);
        REGS(a, 4 + cc);
        NEXT_IS(OP_TFORLOOP);
        if (GETARG_A(code[pc + 1]) != a) FAIL("TFORLOOP does not match TFORCALL");
        break;
      case OP_TFORLOOP:
        REGS(a, 5);
        SUCC(pc + 1L - GETARG_Bx(i));
        break;
      case OP_SETLIST: {
        REG(a);
        const char *e = checksetlist(c, pc, a);
        if (e) return e;
        if (b == 0) {
          const char *e = checkintop(c, pc, op, a);
          if (e) return e;
        } else {
          REGS(a, b + 1);
        }
        if (GETARG_k(i)) {
          NEXT_IS(OP_EXTRAARG);
          long last = cc + (long)GETARG_Ax(code[pc + 1]) * (MAXARG_C + 1);
          if (last > c->listlimit) FAIL("list index too large");
          SUCC(pc + 2L);
        }
        break;
      }
      case OP_CLOSURE:
        REG(a);
        if (GETARG_Bx(i) >= f->sizep) FAIL("function index %d out of range", GETARG_Bx(i));
        break;
      case OP_VARARG:
        if (cc != 1) REG(a);
        if (!f->is_vararg) FAIL("vararg in a fixed-parameter function");
        if (cc > 0) REGS(a, cc - 1);
        break;
      case OP_VARARGPREP:
        if (pc != 0 || !f->is_vararg) FAIL("misplaced VARARGPREP");
        if (a != f->numparams) FAIL("VARARGPREP does not match the parameters");
        break;
      case OP_EXTRAARG: {
        OpCode pop = pc > 0 ? GET_OPCODE(code[pc - 1]) : OP_EXTRAARG;
        if (!(pop == OP_LOADKX || pop == OP_NEWTABLE ||
              (pop == OP_SETLIST && GETARG_k(code[pc - 1]))))
          FAIL("stray EXTRAARG");
        break;
      }
      default:
        FAIL("unhandled opcode %s", vm_opinfo[op].name);
    }
    SUCC(pc + 1L);  /* falls through: something must follow */
    if (isarith(op)) SUCC(pc + 2L);  /* the fast path skips the MMBIN after it */
  }
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * Open upvalues over SETLIST registers. A closure created in this frame keeps an open upvalue
 * on the register it captured until a CLOSE (or the return) at or below it; while it is open,
 * any call can rewrite that register. A SETLIST whose register may still be captured could then
 * store into whatever the closure put there, so a forward "maybe open" dataflow over the code
 * must show every SETLIST register closed. (The compiler always CLOSEs a block's captured
 * registers before reusing them, so valid code passes.)
 */
static int successors(const Proto *f, int pc, int *out) {
  Instruction i = f->code[pc];
  OpCode op = GET_OPCODE(i);
  int n = 0;
  switch (op) {
    case OP_JMP: out[n++] = pc + 1 + GETARG_sJ(i); break;
    case OP_LFALSESKIP: out[n++] = pc + 2; break;
    case OP_LOADKX: case OP_NEWTABLE: out[n++] = pc + 2; break;
    case OP_SETLIST: out[n++] = GETARG_k(i) ? pc + 2 : pc + 1; break;
    case OP_RETURN: case OP_RETURN0: case OP_RETURN1: case OP_TAILCALL: break;
    case OP_FORLOOP: case OP_TFORLOOP:
      out[n++] = pc + 1;
      out[n++] = pc + 1 - GETARG_Bx(i);
      break;
    case OP_FORPREP:
      out[n++] = pc + 1;
      out[n++] = pc + 2 + GETARG_Bx(i);
      break;
    case OP_TFORPREP: out[n++] = pc + 1 + GETARG_Bx(i); break;
    default:
      out[n++] = pc + 1;
      if (testTMode(op) || (op >= OP_ADDI && op <= OP_SHR)) out[n++] = pc + 2;
      break;
  }
  return n;
}

/* The sets are rows of nw 64-bit words, one bit per register below maxstacksize. */
static void transfer(const Proto *f, int pc, uint64_t *r) {
  Instruction i = f->code[pc];
  if (GET_OPCODE(i) == OP_CLOSURE) {
    const Proto *child = f->p[GETARG_Bx(i)];
    for (int u = 0; u < child->sizeupvalues; u++)
      if (child->upvalues[u].instack) {
        int reg = child->upvalues[u].idx;  /* below maxstacksize (checked in checkproto) */
        r[reg >> 6] |= (uint64_t)1 << (reg & 63);
      }
  } else if (GET_OPCODE(i) == OP_CLOSE) {
    int a = GETARG_A(i);  /* closes every register >= a */
    for (int reg = a; reg < f->maxstacksize; reg++) r[reg >> 6] &= ~((uint64_t)1 << (reg & 63));
  }
}

static const char *checkopenupvalues(Check *c) {
  const Proto *f = c->f;
  int n = f->sizecode, pc = 0, nw = (f->maxstacksize + 63) / 64;
  uint64_t out[4];
  uint64_t *in = scratch(c, (size_t)n * (size_t)nw * sizeof(uint64_t));
  unsigned char *queued = scratch(c, (size_t)n);
  int *work = scratch(c, (size_t)n * sizeof(int));
  const char *e = NULL;
  int top = 0;
  for (int q = n - 1; q >= 0; q--) {  /* every instruction once, then whatever changes */
    work[top++] = q;
    queued[q] = 1;
  }
  while (top > 0) {  /* union of sets only grows, so this terminates */
    pc = work[--top];
    queued[pc] = 0;
    memcpy(out, in + (size_t)pc * nw, (size_t)nw * sizeof(uint64_t));
    transfer(f, pc, out);
    int succ[2];
    int ns = successors(f, pc, succ);
    for (int j = 0; j < ns; j++) {
      uint64_t *t = in + (size_t)succ[j] * nw;
      int grew = 0;
      for (int w = 0; w < nw; w++)
        if ((out[w] | t[w]) != t[w]) {
          t[w] |= out[w];
          grew = 1;
        }
      if (grew && !queued[succ[j]]) {
        queued[succ[j]] = 1;
        work[top++] = succ[j];
      }
    }
  }
  for (pc = 0; pc < n; pc++) {
    Instruction i = f->code[pc];
    int a = GETARG_A(i);
    if (GET_OPCODE(i) == OP_SETLIST && a < f->maxstacksize &&
        (in[(size_t)pc * nw + (a >> 6)] >> (a & 63)) & 1) {
      e = report(c, pc, "list store into a register a closure may still capture");
      break;
    }
  }
  gc_free(c->L, in);
  gc_free(c->L, queued);
  gc_free(c->L, work);
  return e;
}

static const char *checkproto(lua_State *L, const Proto *f, int nups, int depth, char *msg,
                              size_t msgsize) {
  Check c = {L, f, nups, 0, NULL, NULL, NULL, NULL, 0, msg, msgsize, 0};
  int pc = 0;
  if (depth > BC_MAX_NESTING) return report(&c, pc, "functions nested too deeply");
  /* Upvalue descriptors of nested functions index this function's registers/upvalues. */
  for (int j = 0; j < f->sizep; j++) {
    const Proto *child = f->p[j];
    for (int u = 0; u < child->sizeupvalues; u++) {
      const Upvaldesc *d = &child->upvalues[u];
      if (d->instack > 1) return report(&c, pc, "bad upvalue descriptor in nested function %d", j);
      if (d->instack) {
        c.needclose = 1;
        if (d->idx >= f->maxstacksize)
          return report(&c, pc, "captured register out of range in nested function %d", j);
      } else if (d->idx >= f->sizeupvalues) {
        return report(&c, pc, "upvalue index out of range in nested function %d", j);
      }
    }
  }
  long nsetlist = 0;
  for (int k = 0; k < f->sizecode; k++) {
    OpCode op = GET_OPCODE(f->code[k]);
    if (op == OP_TBC || op == OP_TFORPREP) c.needclose = 1;
    if (op == OP_SETLIST) nsetlist++;
  }
  c.listlimit = LFIELDS_PER_FLUSH * (nsetlist + 1) + 64;
  size_t n1 = (size_t)f->sizecode + 1;
  c.target = scratch(&c, n1);
  c.minsrc = scratch(&c, n1 * sizeof(int));
  c.maxsrc = scratch(&c, n1 * sizeof(int));
  c.listbase = scratch(&c, n1 * sizeof(int));
  for (size_t q = 0; q < n1; q++) c.listbase[q] = -1;
  marktargets(&c);
  const char *e = checkcode(&c);
  gc_free(L, c.target);  /* before the dataflow takes its own */
  gc_free(L, c.minsrc);
  gc_free(L, c.maxsrc);
  gc_free(L, c.listbase);
  /* Only functions that both capture registers and build lists need the dataflow. */
  if (e == NULL && c.needclose && nsetlist > 0) e = checkopenupvalues(&c);
  if (e != NULL) return e;
  for (int j = 0; j < f->sizep; j++) {
    e = checkproto(L, f->p[j], f->p[j]->sizeupvalues, depth + 1, msg, msgsize);
    if (e != NULL) return e;
  }
  return NULL;
}

const char *bc_verify(lua_State *L, const Proto *f, int nupvalues_outside, char *msg,
                      size_t msgsize) {
  return checkproto(L, f, nupvalues_outside, 0, msg, msgsize);
}
