/* General-purpose instructions: integer ALU, shifts and rotates, multiply and divide, bit
 * operations, moves, stack and control flow, flag instructions, the read-modify-write forms
 * locked instructions use (atomic.c makes them atomic) and cpuid/rdtsc. The executor's top-level
 * dispatch also lives here and hands string, SSE and x87 opcodes to their own files. */
#include <time.h>

#include "syscall-shim/cpu/internal.h"

/* Linux reports #GP from user mode (privileged or I/O instructions) as SIGSEGV, SI_KERNEL. */
#define SI_KERNEL_LINUX 0x80
static _Noreturn void gp(SxCpu *c) { sx_cpu_fault(c, SX_STOP_SEGV, 0, SI_KERNEL_LINUX); }
static _Noreturn void ill(SxCpu *c) { STOP(c, SX_STOP_ILL); }

/* Stack-operand size: 64-bit unless 66 asks for 16 (32 is not encodable in long mode). */
static inline int ssz(const Insn *i) { return i->p66 && !(i->rex & 8) ? 2 : 8; }

#define alu alu_op

/* ALU on an r/m destination: write access is verified before anything changes. */
static void alu_rm(SxCpu *c, const Insn *i, int op, int size, uint64_t b) {
  if (i->mod == 3) {
    uint64_t r = alu(c, op, size, reg_get(c, i, i->rm, size), b);
    if (op != 7) reg_set(c, i, i->rm, size, r);
    return;
  }
  uint64_t addr = ea(c, i);
  if (op != 7) check_write(c, addr, size);
  uint64_t a = ld(c, addr, size);
  uint64_t r = alu(c, op, size, a, b);
  if (op != 7) st(c, addr, r, size);
}

/* Shift and rotate group (c0 c1 d0-d3): op is ModRM.reg. */
static void shift(SxCpu *c, const Insn *i, int size, unsigned cnt) {
  int op = i->reg & 7, bits = size * 8;
  uint64_t m = size_mask(size), addr = 0;
  cnt &= size == 8 ? 0x3f : 0x1f;
  if (i->mod != 3) {
    addr = ea(c, i);
    check_write(c, addr, size);
  }
  uint64_t a = i->mod == 3 ? reg_get(c, i, i->rm, size) : ld(c, addr, size), r = a;
  if (cnt == 0) {
    /* No flag changes; a 32-bit register destination is still written (zero-extending). */
    if (i->mod == 3) reg_set(c, i, i->rm, size, a);
    return;
  }
  uint64_t f = sx_flags_get(c), cf = f & F_CF, of = 0, msb = 1ull << (bits - 1);
  int arith = 0;
  switch (op) {
  case 0: { /* rol */
    unsigned n = cnt % (unsigned)bits;
    r = n ? ((a << n) | (a >> (bits - (int)n))) & m : a;
    cf = r & 1;
    of = ((r & msb) ? 1 : 0) ^ cf;
    break;
  }
  case 1: { /* ror */
    unsigned n = cnt % (unsigned)bits;
    r = n ? ((a >> n) | (a << (bits - (int)n))) & m : a;
    cf = (r & msb) ? 1 : 0;
    of = cf ^ ((r >> (bits - 2)) & 1);
    break;
  }
  case 2: { /* rcl: rotate through carry, bits+1 wide */
    unsigned n = size == 1 ? cnt % 9 : size == 2 ? cnt % 17 : cnt;
    for (unsigned k = 0; k < n; k++) {
      uint64_t out = (r & msb) ? 1 : 0;
      r = ((r << 1) | cf) & m;
      cf = out;
    }
    of = ((r & msb) ? 1 : 0) ^ cf;
    break;
  }
  case 3: { /* rcr */
    unsigned n = size == 1 ? cnt % 9 : size == 2 ? cnt % 17 : cnt;
    of = ((a & msb) ? 1 : 0) ^ cf;
    for (unsigned k = 0; k < n; k++) {
      uint64_t out = r & 1;
      r = (r >> 1) | (cf ? msb : 0);
      cf = out;
    }
    break;
  }
  case 4: case 6: /* shl/sal */
    r = cnt < (unsigned)bits ? (a << cnt) & m : 0;
    cf = cnt <= (unsigned)bits ? (a >> (bits - (int)cnt)) & 1 : 0;
    of = ((r & msb) ? 1 : 0) ^ cf;
    arith = 1;
    break;
  case 5: /* shr */
    r = cnt < (unsigned)bits ? a >> cnt : 0;
    cf = cnt <= (unsigned)bits ? (a >> (cnt - 1)) & 1 : 0;
    of = (a & msb) ? 1 : 0;
    arith = 1;
    break;
  default: { /* sar */
    int64_t s = sext(a, size);
    unsigned n = cnt < (unsigned)bits ? cnt : (unsigned)bits - 1;
    r = (uint64_t)(s >> n) & m;
    cf = (uint64_t)(s >> (cnt <= (unsigned)bits ? cnt - 1 : (unsigned)bits - 1)) & 1;
    of = 0;
    arith = 1;
    break;
  }
  }
  if (i->mod == 3) reg_set(c, i, i->rm, size, r);
  else st(c, addr, r, size);
  f &= ~(uint64_t)(F_CF | F_OF);
  f |= (cf ? F_CF : 0) | (of ? F_OF : 0);
  if (arith) f = (f & ~(uint64_t)(F_SF | F_ZF | F_PF | F_AF)) | sx_flags_szp(r, size);
  sx_flags_set(c, f);
}

/* shld/shrd: count from imm8 or cl. */
static void shiftd(SxCpu *c, const Insn *i, int right, unsigned cnt) {
  int size = i->opsize, bits = size * 8;
  uint64_t m = size_mask(size), addr = 0;
  cnt &= size == 8 ? 0x3f : 0x1f;
  if (i->mod != 3) {
    addr = ea(c, i);
    check_write(c, addr, size);
  }
  uint64_t a = i->mod == 3 ? reg_get(c, i, i->rm, size) : ld(c, addr, size);
  uint64_t b = reg_get(c, i, i->reg, size), r, cf;
  if (cnt == 0) {
    if (i->mod == 3) reg_set(c, i, i->rm, size, a);
    return;
  }
  if (size == 2) {
    /* 16-bit counts above 16 are undefined; model them as a rotate through the 32-bit pair. */
    uint64_t pair = right ? (a | (b << 16) | (a << 32)) : ((a << 32) | (b << 16) | a);
    if (right) {
      r = (pair >> cnt) & 0xffff;
      cf = (pair >> (cnt - 1)) & 1;
    } else {
      r = (pair >> (32 - cnt)) & 0xffff;
      cf = (pair >> (48 - cnt)) & 1;
    }
  } else if (right) {
    r = ((a >> cnt) | (b << (bits - (int)cnt))) & m;
    cf = (a >> (cnt - 1)) & 1;
  } else {
    r = ((a << cnt) | (b >> (bits - (int)cnt))) & m;
    cf = (a >> (bits - (int)cnt)) & 1;
  }
  if (i->mod == 3) reg_set(c, i, i->rm, size, r);
  else st(c, addr, r, size);
  uint64_t msb = 1ull << (bits - 1);
  uint64_t f = sx_flags_get(c) & ~(uint64_t)F_ARITH;
  f |= sx_flags_szp(r, size) | (cf ? F_CF : 0) | (((r ^ a) & msb) ? F_OF : 0);
  sx_flags_set(c, f);
}

/* f6/f7 /4../7: one-operand multiply and divide. */
static void muldiv(SxCpu *c, const Insn *i, int size) {
  int op = i->reg & 7;
  uint64_t src = rm_get(c, i, size), m = size_mask(size);
  int bits = size * 8;
  if (op == 4 || op == 5) {
    uint64_t lo, hi;
    int over;
    if (op == 4) {
      unsigned __int128 p = (unsigned __int128)(c->r[SX_RAX] & m) * src;
      if (size == 8) lo = (uint64_t)p, hi = (uint64_t)(p >> 64);
      else lo = (uint64_t)p & m, hi = ((uint64_t)p >> bits) & m;
      over = hi != 0;
    } else {
      __int128 p = (__int128)sext(c->r[SX_RAX], size) * sext(src, size);
      if (size == 8) lo = (uint64_t)p, hi = (uint64_t)(p >> 64);
      else lo = (uint64_t)p & m, hi = (uint64_t)(p >> bits) & m;
      over = p != (__int128)sext(lo, size);
    }
    if (size == 1) {
      c->r[SX_RAX] = (c->r[SX_RAX] & ~0xffffull) | lo | (hi << 8);
    } else {
      reg_set(c, i, SX_RAX, size, lo);
      reg_set(c, i, SX_RDX, size, hi);
    }
    /* SF, ZF, AF and PF are undefined; report them from the low half like recent Intel. */
    uint64_t f = sx_flags_get(c) & ~(uint64_t)F_ARITH;
    f |= sx_flags_szp(lo, size) | (over ? (F_CF | F_OF) : 0);
    sx_flags_set(c, f);
    return;
  }
  if (src == 0) STOP(c, SX_STOP_FPE);
  if (op == 6) {
    unsigned __int128 n;
    if (size == 1) n = c->r[SX_RAX] & 0xffff;
    else n = ((unsigned __int128)(c->r[SX_RDX] & m) << bits) | (c->r[SX_RAX] & m);
    unsigned __int128 q = n / src, rem = n % src;
    if (q > m) STOP(c, SX_STOP_FPE);
    if (size == 1) {
      c->r[SX_RAX] = (c->r[SX_RAX] & ~0xffffull) | (uint64_t)q | ((uint64_t)rem << 8);
    } else {
      reg_set(c, i, SX_RAX, size, (uint64_t)q);
      reg_set(c, i, SX_RDX, size, (uint64_t)rem);
    }
  } else {
    __int128 n;
    if (size == 1) n = (int16_t)c->r[SX_RAX];
    else if (size == 8) n = (__int128)(((unsigned __int128)c->r[SX_RDX] << 64) | c->r[SX_RAX]);
    else n = (__int128)sext(((c->r[SX_RDX] & m) << bits) | (c->r[SX_RAX] & m), size * 2);
    __int128 d = sext(src, size);
    /* The one quotient that overflows int128 itself cannot fit the destination either. */
    if (size == 8 && (unsigned __int128)n == (unsigned __int128)1 << 127 && d == -1) STOP(c, SX_STOP_FPE);
    __int128 q = n / d, rem = n % d;
    __int128 lim = (__int128)1 << (bits - 1);
    if (q >= lim || q < -lim) STOP(c, SX_STOP_FPE);
    if (size == 1) {
      c->r[SX_RAX] = (c->r[SX_RAX] & ~0xffffull) | ((uint64_t)q & 0xff) | (((uint64_t)rem & 0xff) << 8);
    } else {
      reg_set(c, i, SX_RAX, size, (uint64_t)q);
      reg_set(c, i, SX_RDX, size, (uint64_t)rem);
    }
  }
}

/* Two- and three-operand imul: truncated product, CF = OF = "did not fit". */
uint64_t sx_imul2(SxCpu *c, int size, uint64_t a, uint64_t b) {
  __int128 p = (__int128)sext(a, size) * sext(b, size);
  uint64_t lo = (uint64_t)p & size_mask(size);
  int over = p != (__int128)sext(lo, size);
  lazy(c, LZ_CFOF, size, 0, over ? 3 : 0, lo);
  return lo;
}

/* bt/bts/btr/btc; op 0..3. Register bit offsets address memory beyond the operand. */
static void bitop(SxCpu *c, const Insn *i, int op, uint64_t off, int is_imm) {
  int size = i->opsize, bits = size * 8;
  uint64_t v, addr = 0, bit;
  if (i->mod == 3) {
    bit = off & (uint64_t)(bits - 1);
    v = reg_get(c, i, i->rm, size);
  } else {
    addr = ea(c, i);
    if (is_imm) {
      bit = off & (uint64_t)(bits - 1);
    } else {
      int64_t so = sext(off, size);
      addr += (uint64_t)((so >> (size == 8 ? 6 : size == 4 ? 5 : 4)) * size);
      bit = (uint64_t)so & (uint64_t)(bits - 1);
    }
    if (op) check_write(c, addr, size);
    v = ld(c, addr, size);
  }
  uint64_t cf = (v >> bit) & 1, nv = v;
  if (op == 1) nv |= 1ull << bit;
  else if (op == 2) nv &= ~(1ull << bit);
  else if (op == 3) nv ^= 1ull << bit;
  if (op) {
    if (i->mod == 3) reg_set(c, i, i->rm, size, nv);
    else st(c, addr, nv, size);
  }
  sx_flags_put(c, F_CF, cf ? F_CF : 0);
}

static uint64_t rdtsc_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 3000000000ull + (uint64_t)ts.tv_nsec * 3; /* a nominal 3 GHz */
}

/* cpuid: baseline x86-64 only (SSE2), so guest libraries select their baseline code. */
void sx_cpuid(SxCpu *c) {
  uint32_t leaf = (uint32_t)c->r[SX_RAX], sub = (uint32_t)c->r[SX_RCX];
  uint32_t a = 0, b = 0, cx = 0, d = 0;
  switch (leaf) {
  case 0:
    a = 7;
    b = 0x756e6547, d = 0x49656e69, cx = 0x6c65746e; /* "GenuineIntel" */
    break;
  case 1:
    a = 0x000306a9;                 /* family 6: glibc treats it as a plain Intel core */
    b = (8u << 8) | (1u << 16);     /* clflush line 64 bytes, one logical processor */
    d = (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15) | (1u << 19) | (1u << 23) |
        (1u << 24) | (1u << 25) | (1u << 26); /* fpu tsc cx8 cmov clfsh mmx fxsr sse sse2 */
    break;
  case 4: {
    /* Deterministic cache parameters, so libc sizes its memcpy thresholds sensibly:
     * L1d 32K, L1i 32K, L2 256K, L3 8M; all 64-byte lines. */
    static const uint32_t type[4] = {1, 2, 3, 3}, level[4] = {1, 1, 2, 3};
    static const uint32_t ways[4] = {8, 8, 4, 16}, sets[4] = {64, 64, 1024, 8192};
    if (sub < 4) {
      a = type[sub] | (level[sub] << 5) | (1u << 8);
      b = 63u | ((ways[sub] - 1) << 22);
      cx = sets[sub] - 1;
    }
    break;
  }
  case 0x80000000: a = 0x80000001; break;
  case 0x80000001:
    cx = 1u;                                       /* lahf/sahf in long mode */
    d = (1u << 11) | (1u << 20) | (1u << 29);      /* syscall, nx, long mode */
    break;
  default: break;
  }
  c->r[SX_RAX] = a, c->r[SX_RBX] = b, c->r[SX_RCX] = cx, c->r[SX_RDX] = d;
}

static inline void jump(SxCpu *c, const Insn *i, uint64_t target) {
  (void)i;
  c->rip = target;
}

/* 0f ae: fences, fxsave/fxrstor, ldmxcsr/stmxcsr, clflush, and fs/gs base access. */
static void grp15(SxCpu *c, const Insn *i) {
  int r = i->reg & 7;
  if (i->mod == 3) {
    if (i->rep == 0xf3 && r < 4) {
      int sz = (i->rex & 8) ? 8 : 4;
      uint64_t *base = (r & 1) ? &c->gs_base : &c->fs_base;
      if (r < 2) reg_set(c, i, i->rm, sz, *base);
      else *base = reg_get(c, i, i->rm, sz);
      return;
    }
    if (r >= 5 && !i->rep) return; /* lfence, mfence, sfence: one thread, nothing to order */
    ill(c);
  }
  if (i->rep) ill(c);
  uint64_t addr = ea(c, i);
  switch (r) {
  case 0: sx_fxsave(c, addr); return;
  case 1: sx_fxrstor(c, addr); return;
  case 2: {
    uint32_t v = (uint32_t)ld(c, addr, 4);
    if (v & 0xffff0000u) gp(c); /* reserved MXCSR bits set: #GP */
    c->mxcsr = v;
    return;
  }
  case 3: st(c, addr, c->mxcsr, 4); return;
  case 7: ld(c, addr, 1); return; /* clflush: only the access check is observable */
  default: ill(c);
  }
}

static void cmpxchg(SxCpu *c, const Insn *i, int size) {
  uint64_t addr = 0, d;
  if (i->mod == 3) {
    d = reg_get(c, i, i->rm, size);
  } else {
    addr = ea(c, i);
    check_write(c, addr, size);
    d = ld(c, addr, size);
  }
  uint64_t acc = reg_get(c, i, SX_RAX, size);
  alu(c, 7, size, acc, d);
  if ((acc & size_mask(size)) == d) {
    uint64_t s = reg_get(c, i, i->reg, size);
    if (i->mod == 3) reg_set(c, i, i->rm, size, s);
    else st(c, addr, s, size);
  } else {
    if (i->mod != 3) st(c, addr, d, size); /* the locked cycle always writes back */
    reg_set(c, i, SX_RAX, size, d);
  }
}

static void cmpxchg8b16b(SxCpu *c, const Insn *i) {
  if (i->mod == 3 || (i->reg & 7) != 1) ill(c);
  uint64_t addr = ea(c, i);
  if (i->rex & 8) {
    if (addr & 15) gp(c);
    check_write(c, addr, 16);
    uint64_t lo = ld(c, addr, 8), hi = ld(c, addr + 8, 8);
    int eq = lo == c->r[SX_RAX] && hi == c->r[SX_RDX];
    if (eq) {
      st(c, addr, c->r[SX_RBX], 8);
      st(c, addr + 8, c->r[SX_RCX], 8);
    } else {
      st(c, addr, lo, 8);
      st(c, addr + 8, hi, 8);
      c->r[SX_RAX] = lo, c->r[SX_RDX] = hi;
    }
    sx_flags_put(c, F_ZF, eq ? F_ZF : 0);
  } else {
    check_write(c, addr, 8);
    uint64_t v = ld(c, addr, 8);
    uint64_t cmp = (c->r[SX_RAX] & 0xffffffffu) | (c->r[SX_RDX] << 32);
    int eq = v == cmp;
    if (eq) {
      st(c, addr, (c->r[SX_RBX] & 0xffffffffu) | (c->r[SX_RCX] << 32), 8);
    } else {
      st(c, addr, v, 8);
      c->r[SX_RAX] = (uint32_t)v, c->r[SX_RDX] = v >> 32;
    }
    sx_flags_put(c, F_ZF, eq ? F_ZF : 0);
  }
}

static uint64_t bswap(uint64_t v, int size) {
  switch (size) {
  case 8: return __builtin_bswap64(v);
  case 4: return __builtin_bswap32((uint32_t)v);
  default: return 0; /* bswap r16 is undefined; hardware yields 0 in the low word */
  }
}

/* The two-byte (0f) map minus SSE, which sse.c owns. */
static void exec_0f(SxCpu *c, const Insn *i) {
  int op = i->op & 0xff, size = i->opsize;
  switch (op) {
  case 0x01:
    if (i->mod == 3 && i->reg == 2 && i->rm == 0) { /* xgetbv: x87 and SSE state enabled */
      if ((uint32_t)c->r[SX_RCX] != 0) gp(c);
      c->r[SX_RAX] = 3, c->r[SX_RDX] = 0;
      return;
    }
    if (i->mod == 3 && i->reg == 7 && i->rm == 1) { /* rdtscp */
      uint64_t t = rdtsc_now();
      c->r[SX_RAX] = (uint32_t)t, c->r[SX_RDX] = t >> 32, c->r[SX_RCX] = 0;
      return;
    }
    gp(c);
  case 0x05: /* syscall: the kernel's view of rcx/r11 */
    c->r[SX_RCX] = c->rip;
    c->r[SX_R11] = sx_flags_get(c) | 2;
    sx_cpu_fault(c, SX_STOP_SYSCALL, 0, 0);
  case 0x0b: ill(c);
  case 0x0d: if (i->mod == 3) ill(c); return; /* prefetchw */
  case 0x18: if (i->mod == 3) return; return; /* prefetch hints (register forms are nops) */
  case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
    return; /* hint nops, endbr64 (f3 0f 1e fa), bndcl-family on non-MPX parts */
  case 0x31: {
    uint64_t t = rdtsc_now();
    c->r[SX_RAX] = (uint32_t)t, c->r[SX_RDX] = t >> 32;
    return;
  }
  case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
  case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f: {
    uint64_t v = rm_get(c, i, size); /* the source is read (and can fault) either way */
    if (cond(c, op & 15)) reg_set(c, i, i->reg, size, v);
    else if (size == 4) reg_set(c, i, i->reg, 4, reg_get(c, i, i->reg, 4));
    return;
  }
  case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
  case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f:
    if (cond(c, op & 15)) jump(c, i, c->rip + i->imm);
    return;
  case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
  case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f:
    rm_set(c, i, 1, (uint64_t)cond(c, op & 15));
    return;
  case 0xa2: sx_cpuid(c); return;
  case 0xa3: bitop(c, i, 0, reg_get(c, i, i->reg, size), 0); return;
  case 0xab: bitop(c, i, 1, reg_get(c, i, i->reg, size), 0); return;
  case 0xb3: bitop(c, i, 2, reg_get(c, i, i->reg, size), 0); return;
  case 0xbb: bitop(c, i, 3, reg_get(c, i, i->reg, size), 0); return;
  case 0xba:
    if ((i->reg & 7) < 4) ill(c);
    bitop(c, i, (i->reg & 7) - 4, i->imm & 0xff, 1);
    return;
  case 0xa4: shiftd(c, i, 0, (unsigned)i->imm & 0xff); return;
  case 0xa5: shiftd(c, i, 0, (unsigned)c->r[SX_RCX] & 0xff); return;
  case 0xac: shiftd(c, i, 1, (unsigned)i->imm & 0xff); return;
  case 0xad: shiftd(c, i, 1, (unsigned)c->r[SX_RCX] & 0xff); return;
  case 0xae: grp15(c, i); return;
  case 0xaf: {
    uint64_t v = rm_get(c, i, size);
    reg_set(c, i, i->reg, size, sx_imul2(c, size, reg_get(c, i, i->reg, size), v));
    return;
  }
  case 0xb0: cmpxchg(c, i, 1); return;
  case 0xb1: cmpxchg(c, i, size); return;
  case 0xb6: reg_set(c, i, i->reg, size, rm_get(c, i, 1)); return;
  case 0xb7: reg_set(c, i, i->reg, size, rm_get(c, i, 2)); return;
  case 0xbe: reg_set(c, i, i->reg, size, (uint64_t)sext(rm_get(c, i, 1), 1)); return;
  case 0xbf: reg_set(c, i, i->reg, size, (uint64_t)sext(rm_get(c, i, 2), 2)); return;
  case 0xb8: {
    if (i->rep != 0xf3) ill(c);
    uint64_t v = rm_get(c, i, size);
    reg_set(c, i, i->reg, size, (uint64_t)__builtin_popcountll(v));
    sx_flags_set(c, (sx_flags_get(c) & ~(uint64_t)F_ARITH) | (v ? 0 : F_ZF));
    return;
  }
  case 0xbc: case 0xbd: {
    uint64_t v = rm_get(c, i, size);
    int bits = size * 8;
    if (i->rep == 0xf3) { /* tzcnt / lzcnt */
      uint64_t n;
      if (!v) n = (uint64_t)bits;
      else if (op == 0xbc) n = (uint64_t)__builtin_ctzll(v);
      else n = (uint64_t)(__builtin_clzll(v) - (64 - bits));
      reg_set(c, i, i->reg, size, n);
      uint64_t f = sx_flags_get(c) & ~(uint64_t)(F_CF | F_ZF);
      sx_flags_set(c, f | (v ? 0 : F_CF) | (n ? 0 : F_ZF));
      return;
    }
    uint64_t f = sx_flags_get(c) & ~(uint64_t)F_ZF;
    if (!v) {
      sx_flags_set(c, f | F_ZF); /* destination unchanged, as AMD documents and Intel does */
      return;
    }
    reg_set(c, i, i->reg, size,
            (uint64_t)(op == 0xbc ? __builtin_ctzll(v) : 63 - __builtin_clzll(v)));
    sx_flags_set(c, f);
    return;
  }
  case 0xc0: case 0xc1: { /* xadd */
    int sz = op == 0xc0 ? 1 : size;
    uint64_t addr = 0, d;
    if (i->mod == 3) {
      d = reg_get(c, i, i->rm, sz);
    } else {
      addr = ea(c, i);
      check_write(c, addr, sz);
      d = ld(c, addr, sz);
    }
    uint64_t s = reg_get(c, i, i->reg, sz), r = alu(c, 0, sz, d, s);
    reg_set(c, i, i->reg, sz, d);
    if (i->mod == 3) reg_set(c, i, i->rm, sz, r);
    else st(c, addr, r, sz);
    return;
  }
  case 0xc3: /* movnti */
    if (i->mod == 3) ill(c);
    st(c, ea(c, i), reg_get(c, i, i->reg, size == 8 ? 8 : 4), size == 8 ? 8 : 4);
    return;
  case 0xc7: cmpxchg8b16b(c, i); return;
  case 0xc8: case 0xc9: case 0xca: case 0xcb: case 0xcc: case 0xcd: case 0xce: case 0xcf: {
    int r = (op & 7) | ((i->rex & 1) << 3);
    reg_set(c, i, r, size, bswap(reg_get(c, i, r, size), size));
    return;
  }
  default:
    if (op == 0x00 || op == 0x06 || op == 0x07 || op == 0x08 || op == 0x09 ||
        (op >= 0x30 && op <= 0x35))
      gp(c); /* system instructions: #GP from user mode */
    sx_exec_sse(c, i);
    return;
  }
}

/* 0f 38 / 0f 3a: only movbe is baseline-adjacent enough to support; the rest is SSSE3+. */
static void exec_0f38(SxCpu *c, const Insn *i) {
  int size = i->opsize;
  if ((i->op == (OP_0F38 | 0xf0) || i->op == (OP_0F38 | 0xf1)) && i->rep == 0 && i->mod != 3) {
    uint64_t addr = ea(c, i);
    if (i->op & 1) {
      uint64_t v = reg_get(c, i, i->reg, size);
      st(c, addr, size == 2 ? __builtin_bswap16((uint16_t)v) : bswap(v, size), size);
    }
    else if (size == 2) reg_set(c, i, i->reg, 2, __builtin_bswap16((uint16_t)ld(c, addr, 2)));
    else reg_set(c, i, i->reg, size, bswap(ld(c, addr, size), size));
    return;
  }
  ill(c);
}

void sx_exec_int(SxCpu *c, const Insn *i) {
  int op = i->op, size = i->opsize;
  if (op >= 0x100) {
    if (op < OP_0F38) exec_0f(c, i);
    else exec_0f38(c, i);
    return;
  }
  if (op < 0x40 && (op & 7) < 6) {
    int aop = op >> 3, form = op & 7, sz = (form & 1) ? size : 1;
    switch (form) {
    case 0: case 1: alu_rm(c, i, aop, sz, reg_get(c, i, i->reg, sz)); return;
    case 2: case 3: {
      uint64_t r = alu(c, aop, sz, reg_get(c, i, i->reg, sz), rm_get(c, i, sz));
      if (aop != 7) reg_set(c, i, i->reg, sz, r);
      return;
    }
    default: {
      uint64_t r = alu(c, aop, sz, reg_get(c, i, SX_RAX, sz), i->imm);
      if (aop != 7) reg_set(c, i, SX_RAX, sz, r);
      return;
    }
    }
  }
  switch (op) {
  case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57: {
    int r = (op & 7) | ((i->rex & 1) << 3);
    push(c, c->r[r], ssz(i));
    return;
  }
  case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f: {
    int r = (op & 7) | ((i->rex & 1) << 3), s = ssz(i);
    uint64_t v = ld(c, c->r[SX_RSP], s);
    c->r[SX_RSP] += (uint64_t)s;
    reg_set(c, i, r, s, v);
    return;
  }
  case 0x63:
    if (size == 8) reg_set(c, i, i->reg, 8, (uint64_t)(int64_t)(int32_t)rm_get(c, i, 4));
    else reg_set(c, i, i->reg, size, rm_get(c, i, size));
    return;
  case 0x68: case 0x6a: push(c, i->imm, ssz(i)); return;
  case 0x69: case 0x6b:
    reg_set(c, i, i->reg, size, sx_imul2(c, size, rm_get(c, i, size), i->imm));
    return;
  case 0x6c: case 0x6d: case 0x6e: case 0x6f: gp(c);
  case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
  case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
    if (cond(c, op & 15)) jump(c, i, c->rip + i->imm);
    return;
  case 0x80: alu_rm(c, i, i->reg & 7, 1, i->imm); return;
  case 0x81: case 0x83: alu_rm(c, i, i->reg & 7, size, i->imm); return;
  case 0x84: alu(c, 4, 1, rm_get(c, i, 1), reg_get(c, i, i->reg, 1)); return;
  case 0x85: alu(c, 4, size, rm_get(c, i, size), reg_get(c, i, i->reg, size)); return;
  case 0x86: case 0x87: {
    int sz = op == 0x86 ? 1 : size;
    uint64_t a = reg_get(c, i, i->reg, sz);
    if (i->mod == 3) {
      uint64_t b = reg_get(c, i, i->rm, sz);
      reg_set(c, i, i->rm, sz, a);
      reg_set(c, i, i->reg, sz, b);
    } else {
      uint64_t addr = ea(c, i);
      check_write(c, addr, sz);
      uint64_t b = ld(c, addr, sz);
      st(c, addr, a, sz);
      reg_set(c, i, i->reg, sz, b);
    }
    return;
  }
  case 0x88: rm_set(c, i, 1, reg_get(c, i, i->reg, 1)); return;
  case 0x89: rm_set(c, i, size, reg_get(c, i, i->reg, size)); return;
  case 0x8a: reg_set(c, i, i->reg, 1, rm_get(c, i, 1)); return;
  case 0x8b: reg_set(c, i, i->reg, size, rm_get(c, i, size)); return;
  case 0x8c: case 0x8e: ill(c); /* segment registers are not modelled */
  case 0x8d:
    if (i->mod == 3) ill(c);
    {
      /* lea ignores segment overrides: compute without them. */
      Insn t = *i;
      t.seg = 0;
      reg_set(c, i, i->reg, size, ea(c, &t));
    }
    return;
  case 0x8f: {
    if ((i->reg & 7) != 0) ill(c);
    int s = ssz(i);
    uint64_t v = ld(c, c->r[SX_RSP], s);
    c->r[SX_RSP] += (uint64_t)s;
    /* rsp-relative destinations see the incremented rsp, as the SDM specifies. */
    rm_set(c, i, s, v);
    return;
  }
  case 0x90:
    if (!(i->rex & 1)) return; /* nop, pause (f3 90) */
    __attribute__((fallthrough)); /* xchg r8, rax */
  case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
    int r = (op & 7) | ((i->rex & 1) << 3);
    uint64_t a = reg_get(c, i, r, size), b = reg_get(c, i, SX_RAX, size);
    reg_set(c, i, r, size, b);
    reg_set(c, i, SX_RAX, size, a);
    return;
  }
  case 0x98:
    if (size == 8) c->r[SX_RAX] = (uint64_t)(int64_t)(int32_t)c->r[SX_RAX];
    else if (size == 4) c->r[SX_RAX] = (uint32_t)(int32_t)(int16_t)c->r[SX_RAX];
    else reg_set(c, i, SX_RAX, 2, (uint64_t)(int16_t)(int8_t)c->r[SX_RAX]);
    return;
  case 0x99:
    reg_set(c, i, SX_RDX, size, (c->r[SX_RAX] >> (size * 8 - 1)) & 1 ? ~0ull : 0);
    return;
  case 0x9b: return; /* fwait: x87 exceptions are never unmasked-pending here */
  case 0x9c: push(c, (sx_flags_get(c) | 2) & 0xfcffff, ssz(i)); return;
  case 0x9d: {
    int s = ssz(i);
    uint64_t v = ld(c, c->r[SX_RSP], s);
    c->r[SX_RSP] += (uint64_t)s;
    /* User mode may change the arithmetic flags, TF, DF, NT, AC and ID; not IF or IOPL. */
    uint64_t mask = F_ARITH | F_TF | F_DF | 0x4000 | (s == 8 ? 0x240000 : 0);
    sx_flags_set(c, (sx_flags_get(c) & ~mask) | (v & mask) | 2);
    return;
  }
  case 0x9e: {
    uint64_t mask = F_SF | F_ZF | F_AF | F_PF | F_CF;
    sx_flags_set(c, (sx_flags_get(c) & ~mask) | ((c->r[SX_RAX] >> 8) & mask));
    return;
  }
  case 0x9f:
    c->r[SX_RAX] = (c->r[SX_RAX] & ~0xff00ull) | (((sx_flags_get(c) & 0xd5) | 2) << 8);
    return;
  case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
    int sz = (op & 1) ? size : 1;
    uint64_t addr = i->imm + (i->seg == 4 ? c->fs_base : i->seg == 5 ? c->gs_base : 0);
    if (op < 0xa2) reg_set(c, i, SX_RAX, sz, ld(c, addr, sz));
    else st(c, addr, reg_get(c, i, SX_RAX, sz), sz);
    return;
  }
  case 0xa4: case 0xa5: case 0xa6: case 0xa7: case 0xaa: case 0xab: case 0xac: case 0xad:
  case 0xae: case 0xaf:
    sx_exec_string(c, i);
    return;
  case 0xa8: alu(c, 4, 1, c->r[SX_RAX], i->imm); return;
  case 0xa9: alu(c, 4, size, c->r[SX_RAX], i->imm); return;
  case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
    reg_set(c, i, (op & 7) | ((i->rex & 1) << 3), 1, i->imm);
    return;
  case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
    reg_set(c, i, (op & 7) | ((i->rex & 1) << 3), size, i->imm);
    return;
  case 0xc0: shift(c, i, 1, (unsigned)i->imm); return;
  case 0xc1: shift(c, i, size, (unsigned)i->imm); return;
  case 0xd0: shift(c, i, 1, 1); return;
  case 0xd1: shift(c, i, size, 1); return;
  case 0xd2: shift(c, i, 1, (unsigned)c->r[SX_RCX] & 0xff); return;
  case 0xd3: shift(c, i, size, (unsigned)c->r[SX_RCX] & 0xff); return;
  case 0xc2: case 0xc3: {
    uint64_t t = ld(c, c->r[SX_RSP], 8);
    c->r[SX_RSP] += 8 + (op == 0xc2 ? i->imm : 0);
    jump(c, i, t);
    return;
  }
  case 0xc6: case 0xc7:
    if ((i->reg & 7) != 0) ill(c);
    rm_set(c, i, op == 0xc6 ? 1 : size, i->imm);
    return;
  case 0xc8: { /* enter */
    unsigned level = i->imm2 & 31;
    uint64_t rbp = c->r[SX_RBP], rsp = c->r[SX_RSP] - 8;
    st(c, rsp, rbp, 8);
    uint64_t frame = rsp;
    if (level) {
      for (unsigned k = 1; k < level; k++) {
        rbp -= 8, rsp -= 8;
        st(c, rsp, ld(c, rbp, 8), 8);
      }
      rsp -= 8;
      st(c, rsp, frame, 8);
    }
    c->r[SX_RBP] = frame;
    c->r[SX_RSP] = rsp - i->imm;
    return;
  }
  case 0xc9: {
    uint64_t v = ld(c, c->r[SX_RBP], 8);
    c->r[SX_RSP] = c->r[SX_RBP] + 8;
    c->r[SX_RBP] = v;
    return;
  }
  case 0xcc: sx_cpu_fault(c, SX_STOP_TRAP, 0, 0);
  case 0xcd: case 0xcf: gp(c);
  case 0xd7: {
    uint64_t a = c->r[SX_RBX] + (c->r[SX_RAX] & 0xff);
    if (i->asize == 4) a = (uint32_t)a;
    if (i->seg == 4) a += c->fs_base;
    else if (i->seg == 5) a += c->gs_base;
    reg_set(c, i, SX_RAX, 1, ld(c, a, 1));
    return;
  }
  case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
    sx_exec_x87(c, i);
    return;
  case 0xe0: case 0xe1: case 0xe2: case 0xe3: {
    uint64_t cnt = i->asize == 4 ? (uint32_t)c->r[SX_RCX] : c->r[SX_RCX];
    int take;
    if (op == 0xe3) {
      take = cnt == 0;
    } else {
      cnt--;
      if (i->asize == 4) c->r[SX_RCX] = (uint32_t)cnt;
      else c->r[SX_RCX] = cnt;
      take = cnt != 0;
      if (op == 0xe0) take = take && !cond(c, 4);
      if (op == 0xe1) take = take && cond(c, 4);
    }
    if (take) jump(c, i, c->rip + i->imm);
    return;
  }
  case 0xe4: case 0xe5: case 0xe6: case 0xe7: case 0xec: case 0xed: case 0xee: case 0xef: gp(c);
  case 0xe8:
    push(c, c->rip, 8);
    jump(c, i, c->rip + i->imm);
    return;
  case 0xe9: case 0xeb: jump(c, i, c->rip + i->imm); return;
  case 0xf1: sx_cpu_fault(c, SX_STOP_TRAP, 0, 0);
  case 0xf4: sx_cpu_fault(c, SX_STOP_HLT, 0, 0);
  case 0xf5: sx_flags_put(c, F_CF, sx_flags_get(c) ^ F_CF); return;
  case 0xf6: case 0xf7: {
    int sz = op == 0xf6 ? 1 : size;
    switch (i->reg & 7) {
    case 0: case 1: alu(c, 4, sz, rm_get(c, i, sz), i->imm); return;
    case 2:
      if (i->mod == 3) reg_set(c, i, i->rm, sz, ~reg_get(c, i, i->rm, sz));
      else {
        uint64_t a = ea(c, i);
        check_write(c, a, sz);
        st(c, a, ~ld(c, a, sz), sz);
      }
      return;
    case 3: {
      uint64_t a = 0, v;
      if (i->mod == 3) v = reg_get(c, i, i->rm, sz);
      else {
        a = ea(c, i);
        check_write(c, a, sz);
        v = ld(c, a, sz);
      }
      uint64_t r = alu(c, 5, sz, 0, v);
      if (i->mod == 3) reg_set(c, i, i->rm, sz, r);
      else st(c, a, r, sz);
      return;
    }
    default: muldiv(c, i, sz); return;
    }
  }
  case 0xf8: sx_flags_put(c, F_CF, 0); return;
  case 0xf9: sx_flags_put(c, F_CF, F_CF); return;
  case 0xfa: case 0xfb: gp(c);
  case 0xfc: c->rflags &= ~(uint64_t)F_DF; return;
  case 0xfd: c->rflags |= F_DF; return;
  case 0xfe: case 0xff: {
    int r = i->reg & 7, sz = op == 0xfe ? 1 : size;
    if (r < 2) { /* inc, dec: CF survives */
      uint64_t a = 0, v;
      if (i->mod == 3) v = reg_get(c, i, i->rm, sz);
      else {
        a = ea(c, i);
        check_write(c, a, sz);
        v = ld(c, a, sz);
      }
      sx_flags_get(c);
      uint64_t res = (r ? v - 1 : v + 1) & size_mask(sz);
      if (i->mod == 3) reg_set(c, i, i->rm, sz, res);
      else st(c, a, res, sz);
      lazy(c, r ? LZ_DEC : LZ_INC, sz, v & size_mask(sz), 1, res);
      return;
    }
    if (op == 0xfe) ill(c);
    switch (r) {
    case 2: {
      uint64_t t = rm_get(c, i, 8);
      push(c, c->rip, 8);
      jump(c, i, t);
      return;
    }
    case 4: jump(c, i, rm_get(c, i, 8)); return;
    case 6: {
      int s = ssz(i);
      push(c, rm_get(c, i, s), s);
      return;
    }
    default: ill(c); /* far call/jmp */
    }
  }
  default: ill(c);
  }
}
