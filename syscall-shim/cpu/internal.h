/* Interpreter-private declarations shared by the files of syscall-shim/cpu/: the decoded
 * instruction, the per-CPU private state (lazy flags, TLB, decode cache), and the operand
 * and memory helpers every instruction family uses. */
#ifndef SX_CPU_INTERNAL_H
#define SX_CPU_INTERNAL_H

#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "syscall-shim/cpu/cpu.h"

/* rflags bits */
#define F_CF 0x1u
#define F_PF 0x4u
#define F_AF 0x10u
#define F_ZF 0x40u
#define F_SF 0x80u
#define F_TF 0x100u
#define F_IF 0x200u
#define F_DF 0x400u
#define F_OF 0x800u
#define F_ID 0x200000u
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

/* Opcode spaces folded into Insn.op. */
#define OP_0F 0x100
#define OP_0F38 0x200
#define OP_0F3A 0x300

/* A decoded instruction. `reg` and (when mod == 3) `rm` already include REX.R/REX.B. */
struct Insn;
typedef void (*SxHandler)(SxCpu *c, const struct Insn *i);

typedef struct Insn {
  uint64_t rip;      /* address of the instruction (cache tag) */
  SxHandler fn;      /* executor chosen at decode time (fast.c) */
  uint64_t imm;
  int32_t disp;      /* x86-64 displacements are at most 32 bits */
  uint16_t op;
  uint16_t imm2;     /* enter's second immediate */
  uint8_t len;
  uint8_t has_modrm, mod, reg, rm;
  uint8_t base, index, scale; /* base/index 16 = none; base 17 = rip */
  uint8_t opsize;    /* 2, 4 or 8 */
  uint8_t asize;     /* 4 or 8 */
  uint8_t rep;       /* 0, 0xf2 or 0xf3 */
  uint8_t seg;       /* 0, 4 (fs) or 5 (gs); others are flat in 64-bit mode */
  uint8_t rex;       /* the REX byte, 0 when absent */
  uint8_t p66;       /* operand-size prefix seen (SSE uses it as a selector) */
  uint8_t lock;
} Insn;

#define TLB_SIZE 256
/* Decoded code is cached as straight-line blocks ending at a control transfer, so the
 * instructions of a loop body sit next to each other and dispatch needs no lookup. */
#define BLOCKS_LOG2 12
#define BLOCKS (1 << BLOCKS_LOG2)
#define BLOCK_MAX 16

typedef struct Block {
  uint64_t rip;      /* start address; 0 with want 0 marks a free slot */
  uint64_t want;     /* ~(its page's code version) when decoded: valid while they agree; 0
                        (never agrees) for checked blocks */
  uint64_t seen;     /* checked blocks: the code version when decoded */
  uint64_t sum;      /* checked blocks: hash of the instruction bytes */
  uint16_t bytes;    /* length of the instruction bytes */
  uint8_t checked;   /* from a shared mapping, which another mapping or process may rewrite
                        without a store here: its bytes are compared at every entry */
  int n;
  Insn insn[BLOCK_MAX];
} Block;

typedef struct TlbEntry { uint64_t page; uint8_t *host; } TlbEntry;

/* Lazy flag kinds: the arithmetic flags are derived from (a, b, res, size) on demand. */
/* LZ_SUB is a plain a - b (sub, cmp, neg, cmps, scas) with a and b already masked, which lets
 * conditions compare the operands directly; sbb's borrow-in makes it LZ_SBB. */
/* LZ_CFOF carries CF (bit 0) and OF (bit 1) explicitly in lz_b, with SF/ZF/PF from the
 * result and AF clear: shifts and multiplies, whose CF/OF are cheap to get while executing. */
enum { LZ_NONE, LZ_ADD, LZ_SUB, LZ_LOGIC, LZ_INC, LZ_DEC, LZ_SBB, LZ_CFOF };

typedef struct Impl {
  int lz_op, lz_size;
  uint64_t lz_a, lz_b, lz_res;
  uint64_t mem_gen;          /* sx_mem_generation the TLBs were filled under */
  uint64_t *code_ver;        /* the address space's code versions (SxMem.code_ver) */
  uint64_t code_writes;      /* guest stores into executable pages (statistics) */
  TlbEntry rtlb[TLB_SIZE], wtlb[TLB_SIZE];
  uint64_t cur_rip;          /* start of the executing instruction; faults rewind to it */
  int bad_len;               /* bytes the decoder consumed before rejecting an instruction */
  SxMemGuard guard;          /* longjmp target for faults inside an instruction */
  SxStop fault_stop;
  int code_written;          /* a store changed code: the running block stops */
  Block *blocks;             /* BLOCKS entries */
} Impl;

#define IMPL(c) ((Impl *)(c)->impl)
#define HOT static inline __attribute__((always_inline))

HOT uint64_t size_mask(int size) {
  return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}
HOT int64_t sext(uint64_t v, int size) {
  switch (size) {
  case 1: return (int8_t)v;
  case 2: return (int16_t)v;
  case 4: return (int32_t)v;
  default: return (int64_t)v;
  }
}

/* ---- faults (cpu.c) ---- */
_Noreturn void sx_cpu_fault(SxCpu *c, SxStop why, uint64_t addr, int code);
#define STOP(c, why) sx_cpu_fault(c, why, 0, 0)

/* ---- memory (cpu.c) ---- */
uint8_t *sx_cpu_tlb_fill(SxCpu *c, uint64_t addr, int write);
void sx_cpu_mem_slow_read(SxCpu *c, uint64_t addr, void *dst, int len);
void sx_cpu_mem_slow_write(SxCpu *c, uint64_t addr, const void *src, int len);
/* After a guest store into an executable page: decoded code there goes, in every thread. */
void sx_cpu_code_write(SxCpu *c, uint64_t addr, uint64_t len);

HOT void mem_read(SxCpu *c, uint64_t addr, void *dst, int len) {
  Impl *x = IMPL(c);
  TlbEntry *t = &x->rtlb[(addr >> 12) & (TLB_SIZE - 1)];
  if (__builtin_expect(t->page == (addr >> 12) && (addr & SX_PAGE_MASK) + (unsigned)len <= SX_PAGE_SIZE,
                       1)) {
    const uint8_t *h = t->host + (addr & SX_PAGE_MASK);
    switch (len) { /* constant sizes become single moves */
    case 1: memcpy(dst, h, 1); break;
    case 2: memcpy(dst, h, 2); break;
    case 4: memcpy(dst, h, 4); break;
    case 8: memcpy(dst, h, 8); break;
    default: memcpy(dst, h, (size_t)len); break;
    }
    return;
  }
  sx_cpu_mem_slow_read(c, addr, dst, len);
}
HOT void mem_write(SxCpu *c, uint64_t addr, const void *src, int len) {
  Impl *x = IMPL(c);
  TlbEntry *t = &x->wtlb[(addr >> 12) & (TLB_SIZE - 1)];
  if (__builtin_expect(t->page == (addr >> 12) && (addr & SX_PAGE_MASK) + (unsigned)len <= SX_PAGE_SIZE,
                       1)) {
    uint8_t *h = t->host + (addr & SX_PAGE_MASK);
    switch (len) {
    case 1: memcpy(h, src, 1); break;
    case 2: memcpy(h, src, 2); break;
    case 4: memcpy(h, src, 4); break;
    case 8: memcpy(h, src, 8); break;
    default: memcpy(h, src, (size_t)len); break;
    }
    return;
  }
  sx_cpu_mem_slow_write(c, addr, src, len);
}
/* Faults now if a later write to [addr, addr+len) would fault, so read-modify-write
 * instructions change nothing before a protection fault. */
void sx_cpu_mem_check_write(SxCpu *c, uint64_t addr, int len);

HOT uint64_t ld(SxCpu *c, uint64_t addr, int size) {
  uint64_t v = 0;
  mem_read(c, addr, &v, size); /* little-endian host assumed (x86-64, arm64, riscv64) */
  return v;
}
HOT void st(SxCpu *c, uint64_t addr, uint64_t v, int size) { mem_write(c, addr, &v, size); }

/* ---- registers and operands ---- */
HOT uint64_t reg_get(SxCpu *c, const Insn *i, int r, int size) {
  if (size == 1) {
    if (!i->rex && r >= 4 && r < 8) return (c->r[r - 4] >> 8) & 0xff;
    return c->r[r] & 0xff;
  }
  return c->r[r] & size_mask(size);
}
HOT void reg_set(SxCpu *c, const Insn *i, int r, int size, uint64_t v) {
  switch (size) {
  case 1:
    if (!i->rex && r >= 4 && r < 8) c->r[r - 4] = (c->r[r - 4] & ~0xff00ull) | ((v & 0xff) << 8);
    else c->r[r] = (c->r[r] & ~0xffull) | (v & 0xff);
    break;
  case 2: c->r[r] = (c->r[r] & ~0xffffull) | (v & 0xffff); break;
  case 4: c->r[r] = (uint32_t)v; break;
  default: c->r[r] = v;
  }
}

/* Effective address of the memory operand. */
HOT uint64_t ea(SxCpu *c, const Insn *i) {
  uint64_t a = (uint64_t)i->disp;
  if (i->base < 16) a += c->r[i->base];
  else if (i->base == 17) a += i->rip + i->len;
  if (i->index < 16) a += c->r[i->index] << i->scale;
  if (i->asize == 4) a = (uint32_t)a;
  if (i->seg == 4) a += c->fs_base;
  else if (i->seg == 5) a += c->gs_base;
  return a;
}

HOT uint64_t rm_get(SxCpu *c, const Insn *i, int size) {
  if (i->mod == 3) return reg_get(c, i, i->rm, size);
  return ld(c, ea(c, i), size);
}
HOT void rm_set(SxCpu *c, const Insn *i, int size, uint64_t v) {
  if (i->mod == 3) reg_set(c, i, i->rm, size, v);
  else st(c, ea(c, i), v, size);
}

HOT void push(SxCpu *c, uint64_t v, int size) {
  st(c, c->r[SX_RSP] - (uint64_t)size, v, size);
  c->r[SX_RSP] -= (uint64_t)size;
}
HOT uint64_t pop(SxCpu *c, int size) {
  uint64_t v = ld(c, c->r[SX_RSP], size);
  c->r[SX_RSP] += (uint64_t)size;
  return v;
}

/* ---- flags (flags.c) ---- */
uint64_t sx_flags_get(SxCpu *c);          /* exact rflags */
void sx_flags_set(SxCpu *c, uint64_t f);  /* replace arithmetic + control flags */
int sx_flags_cond(SxCpu *c, int cc);      /* x86 condition code 0..15 */
HOT void lazy(SxCpu *c, int op, int size, uint64_t a, uint64_t b, uint64_t res) {
  Impl *x = IMPL(c);
  x->lz_op = op, x->lz_size = size, x->lz_a = a, x->lz_b = b, x->lz_res = res;
}
/* Sets CF and OF explicitly, keeping the rest as they are (used by shifts, mul). */
void sx_flags_put(SxCpu *c, uint64_t mask, uint64_t bits);
uint64_t sx_flags_szp(uint64_t res, int size); /* SF, ZF, PF of a result */
int sx_flags_cf(SxCpu *c);

/* Condition codes: the compare/test idioms that precede most branches are answered from
 * the lazy operands directly; everything else materialises the flags. */
HOT int cond(SxCpu *c, int cc) {
  Impl *x = IMPL(c);
  if (x->lz_op == LZ_SUB) {
    uint64_t a = x->lz_a, b = x->lz_b;
    int sh = 64 - 8 * x->lz_size; /* signed compares: move the sign bits to bit 63 */
    switch (cc) {
    case 2: return a < b;
    case 3: return a >= b;
    case 4: return a == b;
    case 5: return a != b;
    case 6: return a <= b;
    case 7: return a > b;
    case 0xc: return (int64_t)(a << sh) < (int64_t)(b << sh);
    case 0xd: return (int64_t)(a << sh) >= (int64_t)(b << sh);
    case 0xe: return (int64_t)(a << sh) <= (int64_t)(b << sh);
    case 0xf: return (int64_t)(a << sh) > (int64_t)(b << sh);
    default: break;
    }
  } else if (x->lz_op == LZ_LOGIC) {
    uint64_t r = x->lz_res & size_mask(x->lz_size);
    int sf = (int)((r >> (x->lz_size * 8 - 1)) & 1);
    switch (cc) {
    case 2: return 0;
    case 3: return 1;
    case 4: case 6: return r == 0;
    case 5: case 7: return r != 0;
    case 8: case 0xc: return sf;
    case 9: case 0xd: return !sf;
    case 0xe: return r == 0 || sf;
    case 0xf: return r != 0 && !sf;
    default: break;
    }
  }
  return sx_flags_cond(c, cc);
}

/* ALU operation op (add or adc sbb and sub xor cmp) on masked operands, recording lazy flags. */
HOT uint64_t alu_op(SxCpu *c, int op, int size, uint64_t a, uint64_t b) {
  uint64_t m = size_mask(size), r;
  a &= m, b &= m;
  switch (op) {
  case 0: r = a + b; lazy(c, LZ_ADD, size, a, b, r); break;
  case 1: r = a | b; lazy(c, LZ_LOGIC, size, a, b, r); break;
  case 2: r = a + b + (uint64_t)sx_flags_cf(c); lazy(c, LZ_ADD, size, a, b, r); break;
  case 3: r = a - b - (uint64_t)sx_flags_cf(c); lazy(c, LZ_SBB, size, a, b, r); break;
  case 4: r = a & b; lazy(c, LZ_LOGIC, size, a, b, r); break;
  case 5: case 7: r = a - b; lazy(c, LZ_SUB, size, a, b, r); break;
  default: r = a ^ b; lazy(c, LZ_LOGIC, size, a, b, r); break;
  }
  return r & m;
}

/* Inline write-permission probe: the common case is a write-TLB hit. */
HOT void check_write(SxCpu *c, uint64_t addr, int len) {
  Impl *x = IMPL(c);
  if (__builtin_expect(x->wtlb[(addr >> 12) & (TLB_SIZE - 1)].page == addr >> 12 &&
                       (addr & SX_PAGE_MASK) + (unsigned)len <= SX_PAGE_SIZE, 1))
    return;
  sx_cpu_mem_check_write(c, addr, len);
}

/* Picks the executor for a freshly decoded instruction (fast.c). */
SxHandler sx_pick_handler(Insn *i);

/* ---- decoder (decode.c) ---- */
/* Decodes the instruction at rip into *i. Stops with SEGV/ILL on failure, or when `trying`
 * returns -1 instead (used to extend a block without faulting early). */
int sx_decode_at(SxCpu *c, uint64_t rip, Insn *i, int trying);
int sx_cpu_fetch(SxCpu *c, uint64_t rip, uint8_t *buf);
_Noreturn void sx_cpu_fetch_fault(SxCpu *c, uint64_t addr);

/* ---- instruction families ---- */
void sx_exec_int(SxCpu *c, const Insn *i);    /* int.c: general-purpose instructions */
void sx_exec_locked(SxCpu *c, const Insn *i); /* atomic.c: lock prefix, xchg with memory */
void sx_exec_string(SxCpu *c, const Insn *i); /* string.c */
void sx_exec_sse(SxCpu *c, const Insn *i);    /* sse.c */
void sx_exec_x87(SxCpu *c, const Insn *i);    /* x87.c */
void sx_cpuid(SxCpu *c);                      /* misc in int.c */
uint64_t sx_imul2(SxCpu *c, int size, uint64_t a, uint64_t b); /* truncating imul, sets flags */
void sx_fxsave(SxCpu *c, uint64_t addr);      /* x87.c */
void sx_fxrstor(SxCpu *c, uint64_t addr);

#endif
