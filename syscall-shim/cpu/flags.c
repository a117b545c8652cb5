/* Lazy arithmetic flags: ALU instructions record their operands and result, and CF/PF/AF/ZF/SF/OF
 * are computed only when something reads them (a jcc, pushf, adc...). Most flag results are
 * overwritten before being read, so this saves most of the work. */
#include "syscall-shim/cpu/internal.h"

uint64_t sx_flags_szp(uint64_t res, int size) {
  uint64_t f = 0;
  res &= size_mask(size);
  if (!res) f |= F_ZF;
  if ((res >> (size * 8 - 1)) & 1) f |= F_SF;
  if (!__builtin_parity((unsigned)(res & 0xff))) f |= F_PF;
  return f;
}

/* Computes the arithmetic flags of the pending lazy operation. */
static uint64_t compute(const Impl *x, uint64_t old) {
  int size = x->lz_size, top = size * 8 - 1;
  uint64_t a = x->lz_a, b = x->lz_b, r = x->lz_res;
  uint64_t f = sx_flags_szp(r, size);
  switch (x->lz_op) {
  case LZ_ADD:
  case LZ_INC:
    /* Carry out of the top bit; the formula also holds for adc's carry-in, which lives in r. */
    if (x->lz_op == LZ_ADD) f |= (((a & b) | ((a | b) & ~r)) >> top) & 1 ? F_CF : 0;
    else f |= old & F_CF;
    if ((((a ^ r) & (b ^ r)) >> top) & 1) f |= F_OF;
    if ((a ^ b ^ r) & 0x10) f |= F_AF;
    break;
  case LZ_SUB:
  case LZ_SBB:
  case LZ_DEC:
    if (x->lz_op != LZ_DEC) f |= (((~a & b) | ((~a | b) & r)) >> top) & 1 ? F_CF : 0;
    else f |= old & F_CF;
    if ((((a ^ b) & (a ^ r)) >> top) & 1) f |= F_OF;
    if ((a ^ b ^ r) & 0x10) f |= F_AF;
    break;
  case LZ_LOGIC:
    break; /* CF = OF = 0; AF is undefined, we clear it like current Intel parts */
  case LZ_CFOF:
    f |= (b & 1 ? F_CF : 0) | (b & 2 ? F_OF : 0);
    break;
  }
  return f;
}

uint64_t sx_flags_get(SxCpu *c) {
  Impl *x = IMPL(c);
  if (x->lz_op != LZ_NONE) {
    c->rflags = (c->rflags & ~(uint64_t)F_ARITH) | compute(x, c->rflags);
    x->lz_op = LZ_NONE;
  }
  return c->rflags;
}

void sx_flags_set(SxCpu *c, uint64_t f) {
  IMPL(c)->lz_op = LZ_NONE;
  c->rflags = f;
}

void sx_flags_put(SxCpu *c, uint64_t mask, uint64_t bits) {
  uint64_t f = sx_flags_get(c);
  c->rflags = (f & ~mask) | (bits & mask);
}

int sx_flags_cf(SxCpu *c) {
  Impl *x = IMPL(c);
  if (x->lz_op == LZ_LOGIC) return 0;
  return (int)(sx_flags_get(c) & F_CF);
}

void sx_cpu_sync_flags(SxCpu *c) {
  sx_flags_get(c);
  c->rflags |= 2; /* bit 1 always reads as 1 */
}

/* Condition codes, with fast paths for the compare/test idioms that precede most branches. */
int sx_flags_cond(SxCpu *c, int cc) {
  Impl *x = IMPL(c);
  if (x->lz_op == LZ_SUB) {
    int size = x->lz_size;
    uint64_t m = size_mask(size), a = x->lz_a & m, b = x->lz_b & m, r = x->lz_res & m;
    /* Valid only when res = a - b exactly (cmp/sub, not sbb with a borrow in). */
    if (r == ((a - b) & m)) {
      int64_t sa = sext(a, size), sb = sext(b, size);
      switch (cc) {
      case 2: return a < b;
      case 3: return a >= b;
      case 4: return a == b;
      case 5: return a != b;
      case 6: return a <= b;
      case 7: return a > b;
      case 0xc: return sa < sb;
      case 0xd: return sa >= sb;
      case 0xe: return sa <= sb;
      case 0xf: return sa > sb;
      default: break;
      }
    }
  } else if (x->lz_op == LZ_LOGIC) {
    int size = x->lz_size;
    uint64_t r = x->lz_res & size_mask(size);
    int sf = (int)((r >> (size * 8 - 1)) & 1);
    switch (cc) {
    case 0: return 0;
    case 1: return 1;
    case 2: return 0;
    case 3: return 1;
    case 4: return r == 0;
    case 5: return r != 0;
    case 6: return r == 0;
    case 7: return r != 0;
    case 8: return sf;
    case 9: return !sf;
    case 0xc: return sf;
    case 0xd: return !sf;
    case 0xe: return r == 0 || sf;
    case 0xf: return r != 0 && !sf;
    default: break;
    }
  }
  uint64_t f = sx_flags_get(c);
  int v;
  switch (cc >> 1) {
  case 0: v = !!(f & F_OF); break;
  case 1: v = !!(f & F_CF); break;
  case 2: v = !!(f & F_ZF); break;
  case 3: v = !!(f & (F_CF | F_ZF)); break;
  case 4: v = !!(f & F_SF); break;
  case 5: v = !!(f & F_PF); break;
  case 6: v = !!(f & F_SF) != !!(f & F_OF); break;
  default: v = (f & F_ZF) || (!!(f & F_SF) != !!(f & F_OF)); break;
  }
  return (cc & 1) ? !v : v;
}
