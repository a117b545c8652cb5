/* Specialised executors for the instruction forms compilers emit most (mov, ALU, lea, jcc,
 * push/pop, call/ret, movzx, cmovcc, inc/dec at 32 and 64 bits). The decoder attaches one
 * to each cached instruction, so the hot path skips the generic dispatch switch; anything
 * not listed here runs through sx_exec_int. */
#include <string.h>

#include "syscall-shim/cpu/internal.h"

/* 32-bit writes zero-extend; 64-bit writes replace. */
#define PUT(c, n, sz, v) ((c)->r[n] = (sz) == 8 ? (uint64_t)(v) : (uint32_t)(v))
#define MASK(sz, v) ((sz) == 8 ? (uint64_t)(v) : (uint32_t)(v))

/* ALU families: rm,reg (01), reg,rm (03), rm,imm (81/83) for register and memory forms. */
#define ALU_FORMS(op, sz)                                                                  \
  static void a##op##_##sz##_rr(SxCpu *c, const Insn *i) { /* op rm(reg), reg */           \
    uint64_t r = alu_op(c, op, sz, c->r[i->rm], c->r[i->reg]);                             \
    if (op != 7) PUT(c, i->rm, sz, r);                                                     \
  }                                                                                        \
  static void a##op##_##sz##_mr(SxCpu *c, const Insn *i) { /* op [mem], reg */             \
    uint64_t a = ea(c, i);                                                                 \
    if (op != 7) check_write(c, a, sz);                                                    \
    uint64_t r = alu_op(c, op, sz, ld(c, a, sz), c->r[i->reg]);                            \
    if (op != 7) st(c, a, r, sz);                                                          \
  }                                                                                        \
  static void a##op##_##sz##_rm(SxCpu *c, const Insn *i) { /* op reg, [mem] */             \
    uint64_t r = alu_op(c, op, sz, c->r[i->reg], ld(c, ea(c, i), sz));                     \
    if (op != 7) PUT(c, i->reg, sz, r);                                                    \
  }                                                                                        \
  static void a##op##_##sz##_ri(SxCpu *c, const Insn *i) { /* op rm(reg), imm */           \
    uint64_t r = alu_op(c, op, sz, c->r[i->rm], i->imm);                                   \
    if (op != 7) PUT(c, i->rm, sz, r);                                                     \
  }                                                                                        \
  static void a##op##_##sz##_mi(SxCpu *c, const Insn *i) { /* op [mem], imm */             \
    uint64_t a = ea(c, i);                                                                 \
    if (op != 7) check_write(c, a, sz);                                                    \
    uint64_t r = alu_op(c, op, sz, ld(c, a, sz), i->imm);                                  \
    if (op != 7) st(c, a, r, sz);                                                          \
  }                                                                                        \
  static void a##op##_##sz##_gr(SxCpu *c, const Insn *i) { /* op reg, rm(reg) */           \
    uint64_t r = alu_op(c, op, sz, c->r[i->reg], c->r[i->rm]);                             \
    if (op != 7) PUT(c, i->reg, sz, r);                                                    \
  }                                                                                        \
  static void a##op##_##sz##_ai(SxCpu *c, const Insn *i) { /* op eax/rax, imm */           \
    uint64_t r = alu_op(c, op, sz, c->r[SX_RAX], i->imm);                                  \
    if (op != 7) PUT(c, SX_RAX, sz, r);                                                    \
  }

#define ALU_OPS(sz) ALU_FORMS(0, sz) ALU_FORMS(1, sz) ALU_FORMS(2, sz) ALU_FORMS(3, sz) \
                    ALU_FORMS(4, sz) ALU_FORMS(5, sz) ALU_FORMS(6, sz) ALU_FORMS(7, sz)
ALU_OPS(4)
ALU_OPS(8)

#define ROW(op, sz) {a##op##_##sz##_rr, a##op##_##sz##_mr, a##op##_##sz##_rm, a##op##_##sz##_ri, \
                     a##op##_##sz##_mi, a##op##_##sz##_gr, a##op##_##sz##_ai}
/* [64-bit][operation][form: rr mr rm ri mi gr ai] */
static const SxHandler alu_tab[2][8][7] = {
    {ROW(0, 4), ROW(1, 4), ROW(2, 4), ROW(3, 4), ROW(4, 4), ROW(5, 4), ROW(6, 4), ROW(7, 4)},
    {ROW(0, 8), ROW(1, 8), ROW(2, 8), ROW(3, 8), ROW(4, 8), ROW(5, 8), ROW(6, 8), ROW(7, 8)},
};

/* test rm, reg (85) */
#define TEST(sz)                                                                           \
  static void test_##sz##_rr(SxCpu *c, const Insn *i) { alu_op(c, 4, sz, c->r[i->rm], c->r[i->reg]); } \
  static void test_##sz##_mr(SxCpu *c, const Insn *i) { alu_op(c, 4, sz, ld(c, ea(c, i), sz), c->r[i->reg]); }
TEST(4)
TEST(8)

/* moves */
#define MOV(sz)                                                                            \
  static void mov_##sz##_rr(SxCpu *c, const Insn *i) { PUT(c, i->rm, sz, c->r[i->reg]); }  \
  static void mov_##sz##_gr(SxCpu *c, const Insn *i) { PUT(c, i->reg, sz, c->r[i->rm]); }  \
  static void mov_##sz##_mr(SxCpu *c, const Insn *i) { st(c, ea(c, i), c->r[i->reg], sz); } \
  static void mov_##sz##_rm(SxCpu *c, const Insn *i) { PUT(c, i->reg, sz, ld(c, ea(c, i), sz)); } \
  static void mov_##sz##_mi(SxCpu *c, const Insn *i) { st(c, ea(c, i), i->imm, sz); }     \
  static void mov_##sz##_ri(SxCpu *c, const Insn *i) { PUT(c, i->rm, sz, i->imm); }      \
  static void lea_##sz(SxCpu *c, const Insn *i) { PUT(c, i->reg, sz, ea(c, i)); }
MOV(4)
MOV(8)

/* The same loads and stores for the commonest address form, [base + disp], flat. */
#define EA_BD(c, i) ((c)->r[(i)->base] + (uint64_t)(i)->disp)
#define MOVBD(sz)                                                                          \
  static void mov_##sz##_mr_bd(SxCpu *c, const Insn *i) { st(c, EA_BD(c, i), c->r[i->reg], sz); } \
  static void mov_##sz##_rm_bd(SxCpu *c, const Insn *i) { PUT(c, i->reg, sz, ld(c, EA_BD(c, i), sz)); }
MOVBD(4)
MOVBD(8)

/* mov r, imm (b8+r): the register number was folded into rm at pick time */
static void movi_4(SxCpu *c, const Insn *i) { c->r[i->rm] = (uint32_t)i->imm; }
static void movi_8(SxCpu *c, const Insn *i) { c->r[i->rm] = i->imm; }

static void movzx8_rm(SxCpu *c, const Insn *i) { PUT(c, i->reg, i->opsize, ld(c, ea(c, i), 1)); }
static void movzx16_rm(SxCpu *c, const Insn *i) { PUT(c, i->reg, i->opsize, ld(c, ea(c, i), 2)); }
static void movsx8_rm(SxCpu *c, const Insn *i) {
  PUT(c, i->reg, i->opsize, (uint64_t)(int64_t)(int8_t)ld(c, ea(c, i), 1));
}
static void movsx16_rm(SxCpu *c, const Insn *i) {
  PUT(c, i->reg, i->opsize, (uint64_t)(int64_t)(int16_t)ld(c, ea(c, i), 2));
}
static void movsxd_rr(SxCpu *c, const Insn *i) { c->r[i->reg] = (uint64_t)(int64_t)(int32_t)c->r[i->rm]; }
static void movsxd_rm(SxCpu *c, const Insn *i) {
  c->r[i->reg] = (uint64_t)(int64_t)(int32_t)ld(c, ea(c, i), 4);
}

/* control flow */
/* one handler per condition, so cond() folds to the single test it needs */
#define JCC(cc) \
  static void jcc##cc(SxCpu *c, const Insn *i) { if (cond(c, cc)) c->rip += i->imm; }
JCC(0) JCC(1) JCC(2) JCC(3) JCC(4) JCC(5) JCC(6) JCC(7)
JCC(8) JCC(9) JCC(10) JCC(11) JCC(12) JCC(13) JCC(14) JCC(15)
static const SxHandler jcc_tab[16] = {jcc0, jcc1, jcc2, jcc3, jcc4, jcc5, jcc6, jcc7,
                                      jcc8, jcc9, jcc10, jcc11, jcc12, jcc13, jcc14, jcc15};
static void jmp_rel(SxCpu *c, const Insn *i) { c->rip += i->imm; }
static void call_rel(SxCpu *c, const Insn *i) {
  push(c, c->rip, 8);
  c->rip += i->imm;
}
static void ret(SxCpu *c, const Insn *i) {
  (void)i;
  uint64_t t = ld(c, c->r[SX_RSP], 8);
  c->r[SX_RSP] += 8;
  c->rip = t;
}
static void push_r(SxCpu *c, const Insn *i) { push(c, c->r[i->rm], 8); }
static void pop_r(SxCpu *c, const Insn *i) {
  uint64_t v = ld(c, c->r[SX_RSP], 8);
  c->r[SX_RSP] += 8;
  c->r[i->rm] = v;
}
static void nop(SxCpu *c, const Insn *i) { (void)c, (void)i; }

#define CMOV(sz)                                                                          \
  static void cmov_##sz##_rr(SxCpu *c, const Insn *i) {                                   \
    uint64_t v = cond(c, i->op & 15) ? c->r[i->rm] : c->r[i->reg];                       \
    PUT(c, i->reg, sz, v);                                                                \
  }
CMOV(4)
CMOV(8)

static void setcc_r(SxCpu *c, const Insn *i) { reg_set(c, i, i->rm, 1, (uint64_t)cond(c, i->op & 15)); }

#define INCDEC(sz)                                                                        \
  static void inc_##sz(SxCpu *c, const Insn *i) {                                         \
    uint64_t v = MASK(sz, c->r[i->rm]);                                                   \
    sx_flags_get(c);                                                                      \
    PUT(c, i->rm, sz, v + 1);                                                             \
    lazy(c, LZ_INC, sz, v, 1, MASK(sz, v + 1));                                           \
  }                                                                                       \
  static void dec_##sz(SxCpu *c, const Insn *i) {                                         \
    uint64_t v = MASK(sz, c->r[i->rm]);                                                   \
    sx_flags_get(c);                                                                      \
    PUT(c, i->rm, sz, v - 1);                                                             \
    lazy(c, LZ_DEC, sz, v, 1, MASK(sz, v - 1));                                           \
  }
INCDEC(4)
INCDEC(8)

/* shl/shr/sar of a register by an immediate or 1: CF/OF go straight into the lazy state */
#define SHIFTS(sz)                                                                         \
  static void shift_##sz(SxCpu *c, const Insn *i, unsigned n, int op) {                   \
    const int bits = sz * 8;                                                               \
    n &= bits - 1;                                                                         \
    uint64_t a = MASK(sz, c->r[i->rm]), r, cf, of;                                         \
    if (!n) {                                                                              \
      PUT(c, i->rm, sz, a); /* no flag change; a 32-bit destination still zero-extends */ \
      return;                                                                              \
    }                                                                                      \
    if (op == 4) {                                                                         \
      r = MASK(sz, a << n), cf = (a >> (bits - n)) & 1, of = (r >> (bits - 1)) ^ cf;        \
    } else if (op == 5) {                                                                  \
      r = a >> n, cf = (a >> (n - 1)) & 1, of = a >> (bits - 1);                           \
    } else {                                                                               \
      int64_t sa = sz == 8 ? (int64_t)a : (int64_t)(int32_t)a;                             \
      r = MASK(sz, (uint64_t)(sa >> n)), cf = (uint64_t)(sa >> (n - 1)) & 1, of = 0;       \
    }                                                                                      \
    PUT(c, i->rm, sz, r);                                                                  \
    lazy(c, LZ_CFOF, sz, 0, cf | (of & 1) << 1, r);                                        \
  }                                                                                        \
  static void shl_##sz(SxCpu *c, const Insn *i) { shift_##sz(c, i, (unsigned)i->imm, 4); } \
  static void shr_##sz(SxCpu *c, const Insn *i) { shift_##sz(c, i, (unsigned)i->imm, 5); } \
  static void sar_##sz(SxCpu *c, const Insn *i) { shift_##sz(c, i, (unsigned)i->imm, 7); } \
  static void shl1_##sz(SxCpu *c, const Insn *i) { shift_##sz(c, i, 1, 4); }             \
  static void shr1_##sz(SxCpu *c, const Insn *i) { shift_##sz(c, i, 1, 5); }             \
  static void sar1_##sz(SxCpu *c, const Insn *i) { shift_##sz(c, i, 1, 7); }
SHIFTS(4)
SHIFTS(8)

static void imul_rr(SxCpu *c, const Insn *i) {
  PUT(c, i->reg, i->opsize, sx_imul2(c, i->opsize, c->r[i->reg], c->r[i->rm]));
}
static void imul_rm(SxCpu *c, const Insn *i) {
  PUT(c, i->reg, i->opsize, sx_imul2(c, i->opsize, c->r[i->reg], ld(c, ea(c, i), i->opsize)));
}

/* byte compares and tests, frequent in string and parsing code */
static void test8_rr(SxCpu *c, const Insn *i) {
  alu_op(c, 4, 1, reg_get(c, i, i->rm, 1), reg_get(c, i, i->reg, 1));
}
static void cmp8_al_imm(SxCpu *c, const Insn *i) { alu_op(c, 7, 1, c->r[SX_RAX], i->imm); }
static void test8_al_imm(SxCpu *c, const Insn *i) { alu_op(c, 4, 1, c->r[SX_RAX], i->imm); }
static void cmp8_rm_imm(SxCpu *c, const Insn *i) { alu_op(c, 7, 1, rm_get(c, i, 1), i->imm); }
static void test8_rm_imm(SxCpu *c, const Insn *i) { alu_op(c, 4, 1, rm_get(c, i, 1), i->imm); }
static void cmp8_rm_r(SxCpu *c, const Insn *i) { alu_op(c, 7, 1, rm_get(c, i, 1), reg_get(c, i, i->reg, 1)); }
static void cmp8_r_rm(SxCpu *c, const Insn *i) { alu_op(c, 7, 1, reg_get(c, i, i->reg, 1), rm_get(c, i, 1)); }

/* byte moves: register numbers may name ah..bh, so they go through reg_get/reg_set */
static void mov8_mi(SxCpu *c, const Insn *i) { st(c, ea(c, i), i->imm, 1); }
static void mov8_mr(SxCpu *c, const Insn *i) { st(c, ea(c, i), reg_get(c, i, i->reg, 1), 1); }
static void mov8_rm(SxCpu *c, const Insn *i) { reg_set(c, i, i->reg, 1, ld(c, ea(c, i), 1)); }
static void movzx8_rr(SxCpu *c, const Insn *i) { PUT(c, i->reg, i->opsize, reg_get(c, i, i->rm, 1)); }
static void movzx16_rr(SxCpu *c, const Insn *i) { PUT(c, i->reg, i->opsize, c->r[i->rm] & 0xffff); }
static void movsx8_rr(SxCpu *c, const Insn *i) {
  PUT(c, i->reg, i->opsize, (uint64_t)(int64_t)(int8_t)reg_get(c, i, i->rm, 1));
}
static void movsx16_rr(SxCpu *c, const Insn *i) {
  PUT(c, i->reg, i->opsize, (uint64_t)(int64_t)(int16_t)c->r[i->rm]);
}
static void cdqe(SxCpu *c, const Insn *i) {
  (void)i;
  c->r[SX_RAX] = (uint64_t)(int64_t)(int32_t)c->r[SX_RAX];
}

/* ---- SSE2 moves and the byte-compare idioms of libc's string functions ---- */
typedef uint8_t V16 __attribute__((vector_size(16)));
typedef uint64_t V2Q __attribute__((vector_size(16)));

static _Noreturn void misaligned(SxCpu *c) { sx_cpu_fault(c, SX_STOP_SEGV, 0, 0x80); }

HOT V2Q xload(SxCpu *c, const Insn *i, int aligned) {
  V2Q v;
  if (i->mod == 3) {
    memcpy(&v, c->xmm[i->rm].b, 16);
  } else {
    uint64_t a = ea(c, i);
    if (aligned && (a & 15)) misaligned(c);
    mem_read(c, a, &v, 16);
  }
  return v;
}
HOT void xset(SxCpu *c, int r, V2Q v) { memcpy(c->xmm[r].b, &v, 16); }

static void movx_load_a(SxCpu *c, const Insn *i) { xset(c, i->reg, xload(c, i, 1)); }
static void movx_load_u(SxCpu *c, const Insn *i) { xset(c, i->reg, xload(c, i, 0)); }
static void movx_store(SxCpu *c, const Insn *i, int aligned) {
  V2Q v;
  memcpy(&v, c->xmm[i->reg].b, 16);
  if (i->mod == 3) {
    xset(c, i->rm, v);
    return;
  }
  uint64_t a = ea(c, i);
  if (aligned && (a & 15)) misaligned(c);
  mem_write(c, a, &v, 16);
}
static void movx_store_a(SxCpu *c, const Insn *i) { movx_store(c, i, 1); }
static void movx_store_u(SxCpu *c, const Insn *i) { movx_store(c, i, 0); }

#define XOP(name, expr)                                                  \
  static void name(SxCpu *c, const Insn *i) {                            \
    V2Q s = xload(c, i, 1), d;                                           \
    memcpy(&d, c->xmm[i->reg].b, 16);                                    \
    V16 sb = (V16)s, db = (V16)d;                                        \
    (void)sb, (void)db;                                                  \
    xset(c, i->reg, (V2Q)(expr));                                        \
  }
XOP(x_pxor, d ^ s)
XOP(x_pand, d & s)
XOP(x_por, d | s)
XOP(x_pandn, ~d & s)
XOP(x_pcmpeqb, (V2Q)(V16)(db == sb))
XOP(x_paddb, (V2Q)(db + sb))
XOP(x_psubb, (V2Q)(db - sb))
XOP(x_paddq, d + s)
XOP(x_psubq, d - s)
XOP(x_pminub, (V2Q)((db & (V16)(db < sb)) | (sb & ~(V16)(db < sb))))

static void x_pmovmskb(SxCpu *c, const Insn *i) {
  uint64_t m = 0;
  for (int k = 0; k < 16; k++) m |= (uint64_t)(c->xmm[i->rm].b[k] >> 7) << k;
  c->r[i->reg] = m;
}

/* Picks an SSE fast path, or NULL for sse.c. */
static SxHandler pick_sse(const Insn *i) {
  int op = i->op & 0xff, p66 = i->p66 && !i->rep, none = !i->p66 && !i->rep, f3 = i->rep == 0xf3;
  switch (op) {
  case 0x10: return (none || p66) ? movx_load_u : NULL;      /* movups, movupd */
  case 0x11: return (none || p66) ? movx_store_u : NULL;
  case 0x28: return (none || p66) ? movx_load_a : NULL;      /* movaps, movapd */
  case 0x29: return (none || p66) ? movx_store_a : NULL;
  case 0x6f: return p66 ? movx_load_a : f3 ? movx_load_u : NULL; /* movdqa, movdqu */
  case 0x7f: return p66 ? movx_store_a : f3 ? movx_store_u : NULL;
  case 0x57: return (none || p66) ? x_pxor : NULL;           /* xorps, xorpd */
  case 0xef: return p66 ? x_pxor : NULL;
  case 0xdb: return p66 ? x_pand : NULL;
  case 0xeb: return p66 ? x_por : NULL;
  case 0xdf: return p66 ? x_pandn : NULL;
  case 0x74: return p66 ? x_pcmpeqb : NULL;
  case 0xfc: return p66 ? x_paddb : NULL;
  case 0xf8: return p66 ? x_psubb : NULL;
  case 0xd4: return p66 ? x_paddq : NULL;
  case 0xfb: return p66 ? x_psubq : NULL;
  case 0xda: return p66 ? x_pminub : NULL;
  case 0xd7: return p66 && i->mod == 3 ? x_pmovmskb : NULL;
  default: return NULL;
  }
}

/* Is this 0f-map opcode one that sse.c owns (so dispatch can skip the integer switch)? */
static int sse_op(int op) {
  return (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) || (op >= 0x50 && op <= 0x7f && op != 0x77) ||
         op == 0xc2 || (op >= 0xc4 && op <= 0xc6) || (op >= 0xd0 && op <= 0xff);
}

SxHandler sx_pick_handler(Insn *i) {
  int op = i->op, sz = i->opsize, mem = i->mod != 3, w = sz == 8;
  /* [base + disp] with 64-bit addressing and no segment: the EA is one add */
  int bd = mem && i->base < 16 && i->index == 16 && i->asize == 8 && !i->seg;
  if (i->lock || ((op == 0x86 || op == 0x87) && mem)) return sx_exec_locked;
  if (op >= OP_0F && op < OP_0F38 && sse_op(op & 0xff)) {
    SxHandler h = pick_sse(i);
    return h ? h : sx_exec_sse;
  }
  switch (op) { /* byte and string forms, before the 16-bit filter below */
  case 0xc6: return mem && (i->reg & 7) == 0 ? mov8_mi : sx_exec_int;
  case 0x88: return mem ? mov8_mr : sx_exec_int;
  case 0x8a: return mem ? mov8_rm : sx_exec_int;
  case 0xa4: case 0xa5: case 0xa6: case 0xa7: case 0xaa: case 0xab: case 0xac: case 0xad:
  case 0xae: case 0xaf:
    return sx_exec_string;
  case 0x84: return mem ? sx_exec_int : test8_rr;
  case 0x3c: return cmp8_al_imm;
  case 0xa8: return test8_al_imm;
  case 0x38: return cmp8_rm_r;
  case 0x3a: return cmp8_r_rm;
  case 0x80: return (i->reg & 7) == 7 ? cmp8_rm_imm : sx_exec_int;
  case 0xf6: return (i->reg & 7) < 2 ? test8_rm_imm : sx_exec_int;
  default: break;
  }
  if (op < 0x40 && (op & 7) < 6 && sz != 2) {
    int aop = op >> 3;
    switch (op & 7) {
    case 1: return alu_tab[w][aop][mem ? 1 : 0];
    case 3: return alu_tab[w][aop][mem ? 2 : 5];
    case 5: return alu_tab[w][aop][6];
    default: return sx_exec_int;
    }
  }
  if (sz == 2 && op != 0xe8 && op != 0xc3 && op != 0xe9 && op != 0xeb && !(op >= 0x70 && op < 0x80) &&
      !(op >= (OP_0F | 0x80) && op < (OP_0F | 0x90)))
    return sx_exec_int;
  switch (op) {
  case 0x81: case 0x83: return alu_tab[w][i->reg & 7][mem ? 4 : 3];
  case 0x85: return mem ? (w ? test_8_mr : test_4_mr) : (w ? test_8_rr : test_4_rr);
  case 0x89:
    if (mem && bd) return w ? mov_8_mr_bd : mov_4_mr_bd;
    return mem ? (w ? mov_8_mr : mov_4_mr) : (w ? mov_8_rr : mov_4_rr);
  case 0x8b:
    if (mem && bd) return w ? mov_8_rm_bd : mov_4_rm_bd;
    return mem ? (w ? mov_8_rm : mov_4_rm) : (w ? mov_8_gr : mov_4_gr);
  case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
    i->rm = (uint8_t)((op & 7) | ((i->rex & 1) << 3)); /* the generic path ignores rm here */
    return push_r;
  case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
    i->rm = (uint8_t)((op & 7) | ((i->rex & 1) << 3));
    return pop_r;
  case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
    i->rm = (uint8_t)((op & 7) | ((i->rex & 1) << 3));
    return w ? movi_8 : movi_4;
  case 0xc7: if ((i->reg & 7) == 0) return mem ? (w ? mov_8_mi : mov_4_mi) : (w ? mov_8_ri : mov_4_ri);
             return sx_exec_int;
  case 0x8d: return mem ? (w ? lea_8 : lea_4) : sx_exec_int;
  case 0x63: return w ? (mem ? movsxd_rm : movsxd_rr) : sx_exec_int;
  case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
  case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
    return jcc_tab[op & 15];
  case 0xe9: case 0xeb: return jmp_rel;
  case 0xe8: return call_rel;
  case 0xc3: return ret;
  case 0x90: return (i->rex & 1) ? sx_exec_int : nop;
  case OP_0F | 0x1f: return nop;
  case OP_0F | 0xb6: return mem ? movzx8_rm : movzx8_rr;
  case OP_0F | 0xb7: return mem ? movzx16_rm : movzx16_rr;
  case OP_0F | 0xbe: return mem ? movsx8_rm : movsx8_rr;
  case OP_0F | 0xbf: return mem ? movsx16_rm : movsx16_rr;
  case 0x98: return w ? cdqe : sx_exec_int;
  case 0xc1: case 0xd1: {
    int r = i->reg & 7, one = op == 0xd1;
    if (mem || (r != 4 && r != 5 && r != 7)) return sx_exec_int;
    if (r == 4) return one ? (w ? shl1_8 : shl1_4) : (w ? shl_8 : shl_4);
    if (r == 5) return one ? (w ? shr1_8 : shr1_4) : (w ? shr_8 : shr_4);
    return one ? (w ? sar1_8 : sar1_4) : (w ? sar_8 : sar_4);
  }
  case OP_0F | 0xaf: return mem ? imul_rm : imul_rr;
  case 0xff: if (!mem && (i->reg & 7) < 2) return (i->reg & 7) ? (w ? dec_8 : dec_4) : (w ? inc_8 : inc_4);
             return sx_exec_int;
  default: break;
  }
  if (op >= (OP_0F | 0x80) && op < (OP_0F | 0x90)) return jcc_tab[op & 15];
  if (op >= (OP_0F | 0x40) && op < (OP_0F | 0x50)) return mem ? sx_exec_int : (w ? cmov_8_rr : cmov_4_rr);
  if (op >= (OP_0F | 0x90) && op < (OP_0F | 0xa0)) return mem ? sx_exec_int : setcc_r;
  return sx_exec_int;
}
