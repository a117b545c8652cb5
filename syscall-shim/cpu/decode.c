/* The x86-64 instruction decoder: legacy prefixes, REX, the one-byte, 0F, 0F 38 and 0F 3A
 * opcode maps, ModRM/SIB/displacement and immediates. It produces an Insn that the executor
 * caches, so decoding happens once per instruction address. */
#include "syscall-shim/cpu/internal.h"

/* Per-opcode attributes. */
enum {
  A_M = 1,      /* has a ModRM byte */
  A_I8 = 2,     /* imm8 */
  A_IZ = 4,     /* imm16 or imm32 by operand size (sign-extended to 64 when used) */
  A_IV = 8,     /* imm16/32/64 by operand size (mov r, imm) */
  A_I16 = 16,   /* imm16 (ret n) */
  A_ENTER = 32, /* imm16 + imm8 */
  A_MOFFS = 64, /* address-sized moffs (a0-a3) */
  A_I32 = 128,  /* imm32 regardless of operand size (rel32 branches) */
  A_BAD = 256,  /* invalid in 64-bit mode */
  A_GRP3 = 512, /* f6/f7: immediate only for /0 and /1 */
};

#define M A_M
#define I8 A_I8
#define IZ A_IZ
#define X A_BAD

/* One-byte map, rows of 16 opcodes. */
static const uint16_t map1[256] = {
  /* 00 */ M, M, M, M, I8, IZ, X, X, M, M, M, M, I8, IZ, X, 0,
  /* 10 */ M, M, M, M, I8, IZ, X, X, M, M, M, M, I8, IZ, X, X,
  /* 20 */ M, M, M, M, I8, IZ, 0, X, M, M, M, M, I8, IZ, 0, X,
  /* 30 */ M, M, M, M, I8, IZ, 0, X, M, M, M, M, I8, IZ, 0, X,
  /* 40 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 50 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 60 */ X, X, X, M, 0, 0, 0, 0, IZ, M | IZ, I8, M | I8, 0, 0, 0, 0,
  /* 70 */ I8, I8, I8, I8, I8, I8, I8, I8, I8, I8, I8, I8, I8, I8, I8, I8,
  /* 80 */ M | I8, M | IZ, X, M | I8, M, M, M, M, M, M, M, M, M, M, M, M,
  /* 90 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, X, 0, 0, 0, 0, 0,
  /* a0 */ A_MOFFS, A_MOFFS, A_MOFFS, A_MOFFS, 0, 0, 0, 0, I8, IZ, 0, 0, 0, 0, 0, 0,
  /* b0 */ I8, I8, I8, I8, I8, I8, I8, I8, A_IV, A_IV, A_IV, A_IV, A_IV, A_IV, A_IV, A_IV,
  /* c0 */ M | I8, M | I8, A_I16, 0, X, X, M | I8, M | IZ, A_ENTER, 0, A_I16, 0, 0, I8, X, 0,
  /* d0 */ M, M, M, M, X, X, X, 0, M, M, M, M, M, M, M, M,
  /* e0 */ I8, I8, I8, I8, I8, I8, I8, I8, A_I32, A_I32, X, I8, 0, 0, 0, 0,
  /* f0 */ 0, 0, 0, 0, 0, 0, M | A_GRP3, M | A_GRP3, 0, 0, 0, 0, 0, 0, M, M,
};

/* Two-byte (0F) map. */
static const uint16_t map2[256] = {
  /* 00 */ M, M, M, M, X, 0, 0, 0, 0, 0, X, 0, X, M, 0, X,
  /* 10 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* 20 */ X, X, X, X, X, X, X, X, M, M, M, M, M, M, M, M,
  /* 30 */ 0, 0, 0, 0, 0, 0, X, 0, 0, X, 0, X, X, X, X, X,
  /* 40 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* 50 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* 60 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* 70 */ M | I8, M | I8, M | I8, M | I8, M, M, M, 0, M, M, X, X, M, M, M, M,
  /* 80 */ A_I32, A_I32, A_I32, A_I32, A_I32, A_I32, A_I32, A_I32,
           A_I32, A_I32, A_I32, A_I32, A_I32, A_I32, A_I32, A_I32,
  /* 90 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* a0 */ 0, 0, 0, M, M | I8, M, X, X, 0, 0, 0, M, M | I8, M, M, M,
  /* b0 */ M, M, M, M, M, M, M, M, M, M, M | I8, M, M, M, M, M,
  /* c0 */ M, M, M | I8, M, M | I8, M | I8, M | I8, M, 0, 0, 0, 0, 0, 0, 0, 0,
  /* d0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* e0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
  /* f0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, X,
};

#undef M
#undef I8
#undef IZ
#undef X

typedef struct {
  SxCpu *c;
  const uint8_t *b;
  int n, avail;
  int trying, failed; /* in try mode errors are recorded instead of raised */
  uint64_t rip;
} Cursor;

static uint8_t next(Cursor *k) {
  if (k->n >= k->avail) {
    if (k->trying) {
      if (!k->failed) IMPL(k->c)->bad_len = k->n;
      k->failed = 1;
      return 0;
    }
    IMPL(k->c)->bad_len = k->n;
    /* Running past 15 bytes is #GP (SIGSEGV on Linux too) at rip; else the next page faults. */
    if (k->n >= 15) sx_cpu_fault(k->c, SX_STOP_ILL, 0, 0);
    sx_cpu_fetch_fault(k->c, k->rip + (uint64_t)k->n);
  }
  return k->b[k->n++];
}

static uint64_t imm(Cursor *k, int bytes) {
  uint64_t v = 0;
  for (int s = 0; s < bytes; s++) v |= (uint64_t)next(k) << (8 * s);
  return v;
}

static void bad(Cursor *k) {
  IMPL(k->c)->bad_len = k->n;
  if (k->trying) {
    k->failed = 1;
    return;
  }
  IMPL(k->c)->bad_len = k->n;
  sx_cpu_fault(k->c, SX_STOP_ILL, 0, 0);
}

static void modrm(Cursor *k, Insn *i) {
  uint8_t m = next(k);
  int rexr = (i->rex >> 2) & 1, rexx = (i->rex >> 1) & 1, rexb = i->rex & 1;
  i->has_modrm = 1;
  i->mod = m >> 6;
  i->reg = (uint8_t)(((m >> 3) & 7) | (rexr << 3));
  i->base = i->index = 16;
  i->scale = 0;
  i->disp = 0;
  if (i->mod == 3) {
    i->rm = (uint8_t)((m & 7) | (rexb << 3));
    return;
  }
  i->rm = m & 7;
  if ((m & 7) == 4) {
    uint8_t sib = next(k);
    int idx = ((sib >> 3) & 7) | (rexx << 3), base = sib & 7;
    i->scale = sib >> 6;
    if (idx != 4) i->index = (uint8_t)idx;
    if (base == 5 && i->mod == 0) {
      i->disp = (int32_t)imm(k, 4);
    } else {
      i->base = (uint8_t)(base | (rexb << 3));
    }
  } else if ((m & 7) == 5 && i->mod == 0) {
    i->base = 17; /* rip-relative */
    i->disp = (int32_t)imm(k, 4);
  } else {
    i->base = (uint8_t)((m & 7) | (rexb << 3));
  }
  if (i->mod == 1) i->disp = (int8_t)next(k);
  else if (i->mod == 2) i->disp = (int32_t)imm(k, 4);
}

/* lock is #UD except on the read-modify-write forms with a memory destination. */
static int lock_ok(const Insn *i) {
  int op = i->op, r = i->reg & 7;
  if (i->mod == 3 || !i->has_modrm) return 0;
  if (op < 0x40) return (op & 7) < 2 && (op >> 3) != 7;
  switch (op) {
  case 0x80: case 0x81: case 0x83: return r != 7;
  case 0x86: case 0x87: return 1;
  case 0xf6: case 0xf7: return r == 2 || r == 3;
  case 0xfe: case 0xff: return r < 2;
  case OP_0F | 0xab: case OP_0F | 0xb3: case OP_0F | 0xbb: return 1;
  case OP_0F | 0xba: return r >= 5;
  case OP_0F | 0xb0: case OP_0F | 0xb1: case OP_0F | 0xc0: case OP_0F | 0xc1: return 1;
  case OP_0F | 0xc7: return r == 1;
  default: return 0;
  }
}

int sx_decode_at(SxCpu *c, uint64_t rip, Insn *i, int trying) {
  uint8_t buf[16];
  Cursor k = {c, buf, 0, sx_cpu_fetch(c, rip, buf), trying, 0, rip};
  memset(i, 0, sizeof *i);
  i->rip = ~0ull; /* stays invalid if decoding faults */
  i->asize = 8;
  int p66 = 0, rexw = 0;
  uint8_t b;
  for (;;) {
    b = next(&k);
    switch (b) {
    case 0x66: p66 = 1; i->rex = 0; continue;
    case 0x67: i->asize = 4; i->rex = 0; continue;
    case 0xf0: i->lock = 1; i->rex = 0; continue;
    case 0xf2: case 0xf3: i->rep = b; i->rex = 0; continue;
    case 0x26: case 0x2e: case 0x36: case 0x3e: i->rex = 0; continue; /* flat in 64-bit mode */
    case 0x64: i->seg = 4; i->rex = 0; continue;
    case 0x65: i->seg = 5; i->rex = 0; continue;
    default: break;
    }
    if ((b & 0xf0) == 0x40) { i->rex = b; continue; } /* only effective if the opcode follows */
    break;
  }
  rexw = (i->rex >> 3) & 1;
  i->p66 = (uint8_t)p66;
  i->opsize = rexw ? 8 : p66 ? 2 : 4;
  unsigned attr;
  if (b == 0x0f) {
    b = next(&k);
    if (b == 0x38) {
      i->op = (uint16_t)(OP_0F38 | next(&k));
      attr = A_M;
    } else if (b == 0x3a) {
      i->op = (uint16_t)(OP_0F3A | next(&k));
      attr = A_M | A_I8;
    } else {
      i->op = (uint16_t)(OP_0F | b);
      attr = map2[b];
    }
  } else {
    i->op = b;
    attr = map1[b];
  }
  if (attr & A_BAD) {
    bad(&k);
    return -1;
  }
  if (attr & A_M) modrm(&k, i);
  if (attr & A_I8) i->imm = (uint64_t)(int64_t)(int8_t)next(&k);
  if (attr & A_IZ) i->imm = i->opsize == 2 ? (uint64_t)(int64_t)(int16_t)imm(&k, 2)
                                           : (uint64_t)(int64_t)(int32_t)imm(&k, 4);
  if (attr & A_I32) i->imm = (uint64_t)(int64_t)(int32_t)imm(&k, 4);
  if (attr & A_IV) i->imm = imm(&k, i->opsize);
  if (attr & A_I16) i->imm = imm(&k, 2);
  if (attr & A_ENTER) {
    i->imm = imm(&k, 2);
    i->imm2 = next(&k);
  }
  if (attr & A_MOFFS) i->imm = imm(&k, i->asize);
  if ((attr & A_GRP3) && (i->reg & 7) < 2) {
    if (b == 0xf6) i->imm = (uint64_t)(int64_t)(int8_t)next(&k);
    else i->imm = i->opsize == 2 ? (uint64_t)(int64_t)(int16_t)imm(&k, 2)
                                 : (uint64_t)(int64_t)(int32_t)imm(&k, 4);
  }
  i->len = (uint8_t)k.n;
  if (i->lock && !lock_ok(i)) bad(&k);
  if (k.failed) return -1;
  i->rip = rip;
  return 0;
  /* ModRM opcodes whose register form is the only one (or never) valid are rejected at
   * execution, where the semantics live. */
}
