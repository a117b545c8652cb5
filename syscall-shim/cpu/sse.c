/* SSE and SSE2: moves, packed integer arithmetic, shuffles and packs in portable C, and the
 * floating-point operations (arithmetic, compares, conversions) executed by the host's own SSE
 * unit under the guest's MXCSR, which gives bit-exact results, NaN rules, DAZ/FTZ and exception
 * flags. Host assumption: an x86-64 host (documented in docs; the x87 unit needs it too). */
#include "syscall-shim/cpu/internal.h"

#if !defined(__x86_64__)
#error "SSE floating point is executed on the host SSE unit: an x86-64 host is required for now"
#endif

typedef float V4 __attribute__((vector_size(16)));
typedef union X {
  uint8_t b[16];
  uint16_t w[8];
  uint32_t d[4];
  uint64_t q[2];
  int8_t sb[16];
  int16_t sw[8];
  int32_t sd[4];
  int64_t sq[2];
  float f[4];
  double g[2];
  V4 v;
} X;

#define SI_KERNEL_LINUX 0x80
static _Noreturn void gp(SxCpu *c) { sx_cpu_fault(c, SX_STOP_SEGV, 0, SI_KERNEL_LINUX); }
static _Noreturn void ill(SxCpu *c) { STOP(c, SX_STOP_ILL); }

/* Mandatory-prefix selector: 0 none, 1 = 66, 2 = f3, 3 = f2 (f2/f3 win over 66). */
static inline int sel(const Insn *i) {
  return i->rep == 0xf3 ? 2 : i->rep == 0xf2 ? 3 : i->p66 ? 1 : 0;
}

static inline X xget(SxCpu *c, int r) {
  X x;
  memcpy(&x, c->xmm[r].b, 16);
  return x;
}
static inline void xput(SxCpu *c, int r, const X *x) { memcpy(c->xmm[r].b, x, 16); }

/* The r/m source: an xmm register or `size` bytes of memory (zero-filled above); 16-byte
 * memory operands of legacy SSE must be aligned unless the instruction says otherwise. */
static X src(SxCpu *c, const Insn *i, int size, int aligned) {
  X x;
  if (i->mod == 3) return xget(c, i->rm);
  memset(&x, 0, sizeof x);
  uint64_t a = ea(c, i);
  if (aligned && size == 16 && (a & 15)) gp(c);
  mem_read(c, a, &x, size);
  return x;
}
static void store(SxCpu *c, const Insn *i, const void *v, int size, int aligned) {
  uint64_t a = ea(c, i);
  if (aligned && (a & 15)) gp(c);
  mem_write(c, a, v, size);
}

/* ---- floating point on the host unit ---- */

/* Applies the exception flags an operation raised; unmasked ones fault (#XM -> SIGFPE)
 * before the destination is written. */
static void fpdone(SxCpu *c, uint32_t after) {
  uint32_t raised = after & 0x3f & ~(c->mxcsr & 0x3f);
  if (raised & ~(c->mxcsr >> 7) & 0x3f) STOP(c, SX_STOP_FPE);
  c->mxcsr |= after & 0x3f;
}

#define HOSTFP(body)                                   \
  do {                                                 \
    uint32_t hm_, gm_ = c->mxcsr | 0x1f80;             \
    __asm__ volatile("stmxcsr %0" : "=m"(hm_));        \
    __asm__ volatile("ldmxcsr %0" ::"m"(gm_));         \
    body;                                              \
    __asm__ volatile("stmxcsr %0" : "=m"(gm_));        \
    __asm__ volatile("ldmxcsr %0" ::"m"(hm_));         \
    fpdone(c, gm_);                                    \
  } while (0)

#define OP2(m) __asm__ volatile(m " %1, %0" : "+x"(d.v) : "x"(s.v))
/* An operation in its ps/pd/ss/sd forms, chosen by the prefix. */
#define FP4(name)                                  \
  switch (p) {                                     \
  case 0: HOSTFP(OP2(name "ps")); break;           \
  case 1: HOSTFP(OP2(name "pd")); break;           \
  case 2: HOSTFP(OP2(name "ss")); break;           \
  default: HOSTFP(OP2(name "sd")); break;          \
  }

static int fp_size(int p) { return p == 2 ? 4 : p == 3 ? 8 : 16; }

#define CMPN(n)                                                           \
  case n:                                                                 \
    switch (p) {                                                          \
    case 0: HOSTFP(OP2("cmpps $" #n ",")); break;                        \
    case 1: HOSTFP(OP2("cmppd $" #n ",")); break;                        \
    case 2: HOSTFP(OP2("cmpss $" #n ",")); break;                        \
    default: HOSTFP(OP2("cmpsd $" #n ",")); break;                       \
    }                                                                     \
    break;

static void fp_cmp(SxCpu *c, int p, X *dd, X ss, int pred) {
  X d = *dd, s = ss;
  switch (pred & 7) {
    CMPN(0) CMPN(1) CMPN(2) CMPN(3) CMPN(4) CMPN(5) CMPN(6) CMPN(7)
  }
  *dd = d;
}

/* comiss/ucomiss/comisd/ucomisd: ZF PF CF from the compare, OF SF AF cleared. */
static void fp_comi(SxCpu *c, int dbl, int ordered, X d, X s) {
  uint8_t z, pf, cf;
#define COMI(m) \
  __asm__ volatile(m " %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2" : "=q"(z), "=q"(pf), "=q"(cf) : "x"(s.v), "x"(d.v))
  if (dbl) {
    if (ordered) HOSTFP(COMI("comisd"));
    else HOSTFP(COMI("ucomisd"));
  } else {
    if (ordered) HOSTFP(COMI("comiss"));
    else HOSTFP(COMI("ucomiss"));
  }
#undef COMI
  uint64_t f = sx_flags_get(c) & ~(uint64_t)F_ARITH;
  sx_flags_set(c, f | (z ? F_ZF : 0) | (pf ? F_PF : 0) | (cf ? F_CF : 0));
}

/* r/m32 or r/m64 integer source for cvtsi2ss/sd. */
static int64_t int_src(SxCpu *c, const Insn *i, int size) {
  return sext(rm_get(c, i, size), size);
}

static void fp_cvt(SxCpu *c, const Insn *i, int p) {
  int op = i->op & 0xff, r = i->reg;
  X d = xget(c, r), s;
  switch (op) {
  case 0x2a: { /* cvtsi2ss / cvtsi2sd */
    if (p < 2) ill(c); /* cvtpi2ps/pd use MMX registers */
    int64_t v = int_src(c, i, (i->rex & 8) ? 8 : 4);
    int32_t v32 = (int32_t)v;
    if (i->rex & 8) {
      if (p == 2) HOSTFP(__asm__ volatile("cvtsi2ssq %1, %0" : "+x"(d.v) : "r"(v)));
      else HOSTFP(__asm__ volatile("cvtsi2sdq %1, %0" : "+x"(d.v) : "r"(v)));
    } else {
      if (p == 2) HOSTFP(__asm__ volatile("cvtsi2ssl %1, %0" : "+x"(d.v) : "r"(v32)));
      else HOSTFP(__asm__ volatile("cvtsi2sdl %1, %0" : "+x"(d.v) : "r"(v32)));
    }
    xput(c, r, &d);
    return;
  }
  case 0x2c: case 0x2d: { /* cvt(t)ss2si / cvt(t)sd2si */
    if (p < 2) ill(c);
    s = src(c, i, p == 2 ? 4 : 8, 0);
    int w = (i->rex & 8) != 0;
    uint64_t out = 0;
    int64_t o64 = 0;
    int32_t o32 = 0;
#define CV(m, o) __asm__ volatile(m " %1, %0" : "=r"(o) : "x"(s.v))
    if (op == 0x2c) {
      if (p == 2) { if (w) HOSTFP(CV("cvttss2si", o64)); else HOSTFP(CV("cvttss2si", o32)); }
      else { if (w) HOSTFP(CV("cvttsd2si", o64)); else HOSTFP(CV("cvttsd2si", o32)); }
    } else {
      if (p == 2) { if (w) HOSTFP(CV("cvtss2si", o64)); else HOSTFP(CV("cvtss2si", o32)); }
      else { if (w) HOSTFP(CV("cvtsd2si", o64)); else HOSTFP(CV("cvtsd2si", o32)); }
    }
#undef CV
    out = w ? (uint64_t)o64 : (uint32_t)o32;
    reg_set(c, i, r, w ? 8 : 4, out);
    return;
  }
  case 0x5a:
    s = src(c, i, p == 0 ? 8 : p == 1 ? 16 : p == 2 ? 4 : 8, p == 1);
    switch (p) {
    case 0: HOSTFP(OP2("cvtps2pd")); break;
    case 1: HOSTFP(OP2("cvtpd2ps")); break;
    case 2: HOSTFP(OP2("cvtss2sd")); break;
    default: HOSTFP(OP2("cvtsd2ss")); break;
    }
    break;
  case 0x5b:
    if (p == 3) ill(c);
    s = src(c, i, 16, 1);
    if (p == 0) HOSTFP(OP2("cvtdq2ps"));
    else if (p == 1) HOSTFP(OP2("cvtps2dq"));
    else HOSTFP(OP2("cvttps2dq"));
    break;
  default: /* 0xe6 */
    if (p == 0) ill(c);
    s = src(c, i, p == 2 ? 8 : 16, p != 2);
    if (p == 1) HOSTFP(OP2("cvttpd2dq"));
    else if (p == 2) HOSTFP(OP2("cvtdq2pd"));
    else HOSTFP(OP2("cvtpd2dq"));
    break;
  }
  xput(c, r, &d);
}

/* ---- integer helpers ---- */
static inline int8_t sat8(int v) { return (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v); }
static inline uint8_t satu8(int v) { return (uint8_t)(v > 255 ? 255 : v < 0 ? 0 : v); }
static inline int16_t sat16(int v) { return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v); }
static inline uint16_t satu16(int v) { return (uint16_t)(v > 65535 ? 65535 : v < 0 ? 0 : v); }

/* Shifts each element of width `bits` by count: kind 0 logical right, 1 arithmetic right,
 * 2 left. Counts past the width clear (or sign-fill) the element. */
static void pshift(X *d, int bits, int kind, uint64_t count) {
  int n = 128 / bits;
  for (int k = 0; k < n; k++) {
    switch (bits) {
    case 16:
      if (kind == 1) d->sw[k] = (int16_t)(d->sw[k] >> (count > 15 ? 15 : count));
      else if (count > 15) d->w[k] = 0;
      else d->w[k] = (uint16_t)(kind ? d->w[k] << count : d->w[k] >> count);
      break;
    case 32:
      if (kind == 1) d->sd[k] = d->sd[k] >> (count > 31 ? 31 : count);
      else if (count > 31) d->d[k] = 0;
      else d->d[k] = kind ? d->d[k] << count : d->d[k] >> count;
      break;
    default:
      if (count > 63) d->q[k] = 0;
      else d->q[k] = kind ? d->q[k] << count : d->q[k] >> count;
      break;
    }
  }
}

static void byteshift(X *d, unsigned n, int left) {
  X r;
  memset(&r, 0, sizeof r);
  if (n < 16) {
    if (left) memcpy(r.b + n, d->b, 16 - n);
    else memcpy(r.b, d->b + n, 16 - n);
  }
  *d = r;
}

/* Packed integer operations of the 66-prefixed 0f 60-7f and d0-ff rows: d op= s. */
static int pint(int op, X *d, const X *s) {
  X r = *d;
  int k;
  switch (op) {
  case 0x60: for (k = 0; k < 8; k++) r.b[2 * k] = d->b[k], r.b[2 * k + 1] = s->b[k]; break;
  case 0x61: for (k = 0; k < 4; k++) r.w[2 * k] = d->w[k], r.w[2 * k + 1] = s->w[k]; break;
  case 0x62: for (k = 0; k < 2; k++) r.d[2 * k] = d->d[k], r.d[2 * k + 1] = s->d[k]; break;
  case 0x6c: r.q[0] = d->q[0], r.q[1] = s->q[0]; break;
  case 0x68: for (k = 0; k < 8; k++) r.b[2 * k] = d->b[k + 8], r.b[2 * k + 1] = s->b[k + 8]; break;
  case 0x69: for (k = 0; k < 4; k++) r.w[2 * k] = d->w[k + 4], r.w[2 * k + 1] = s->w[k + 4]; break;
  case 0x6a: for (k = 0; k < 2; k++) r.d[2 * k] = d->d[k + 2], r.d[2 * k + 1] = s->d[k + 2]; break;
  case 0x6d: r.q[0] = d->q[1], r.q[1] = s->q[1]; break;
  case 0x63: for (k = 0; k < 8; k++) r.sb[k] = sat8(d->sw[k]), r.sb[k + 8] = sat8(s->sw[k]); break;
  case 0x6b:
    for (k = 0; k < 4; k++) {
      int32_t a = d->sd[k], b = s->sd[k];
      r.sw[k] = (int16_t)(a > 32767 ? 32767 : a < -32768 ? -32768 : a);
      r.sw[k + 4] = (int16_t)(b > 32767 ? 32767 : b < -32768 ? -32768 : b);
    }
    break;
  case 0x67: for (k = 0; k < 8; k++) r.b[k] = satu8(d->sw[k]), r.b[k + 8] = satu8(s->sw[k]); break;
  case 0x64: for (k = 0; k < 16; k++) r.b[k] = d->sb[k] > s->sb[k] ? 0xff : 0; break;
  case 0x65: for (k = 0; k < 8; k++) r.w[k] = d->sw[k] > s->sw[k] ? 0xffff : 0; break;
  case 0x66: for (k = 0; k < 4; k++) r.d[k] = d->sd[k] > s->sd[k] ? ~0u : 0; break;
  case 0x74: for (k = 0; k < 16; k++) r.b[k] = d->b[k] == s->b[k] ? 0xff : 0; break;
  case 0x75: for (k = 0; k < 8; k++) r.w[k] = d->w[k] == s->w[k] ? 0xffff : 0; break;
  case 0x76: for (k = 0; k < 4; k++) r.d[k] = d->d[k] == s->d[k] ? ~0u : 0; break;
  case 0xd1: pshift(&r, 16, 0, s->q[0]); break;
  case 0xd2: pshift(&r, 32, 0, s->q[0]); break;
  case 0xd3: pshift(&r, 64, 0, s->q[0]); break;
  case 0xe1: pshift(&r, 16, 1, s->q[0]); break;
  case 0xe2: pshift(&r, 32, 1, s->q[0]); break;
  case 0xf1: pshift(&r, 16, 2, s->q[0]); break;
  case 0xf2: pshift(&r, 32, 2, s->q[0]); break;
  case 0xf3: pshift(&r, 64, 2, s->q[0]); break;
  case 0xd4: for (k = 0; k < 2; k++) r.q[k] = d->q[k] + s->q[k]; break;
  case 0xfb: for (k = 0; k < 2; k++) r.q[k] = d->q[k] - s->q[k]; break;
  case 0xfc: for (k = 0; k < 16; k++) r.b[k] = (uint8_t)(d->b[k] + s->b[k]); break;
  case 0xfd: for (k = 0; k < 8; k++) r.w[k] = (uint16_t)(d->w[k] + s->w[k]); break;
  case 0xfe: for (k = 0; k < 4; k++) r.d[k] = d->d[k] + s->d[k]; break;
  case 0xf8: for (k = 0; k < 16; k++) r.b[k] = (uint8_t)(d->b[k] - s->b[k]); break;
  case 0xf9: for (k = 0; k < 8; k++) r.w[k] = (uint16_t)(d->w[k] - s->w[k]); break;
  case 0xfa: for (k = 0; k < 4; k++) r.d[k] = d->d[k] - s->d[k]; break;
  case 0xec: for (k = 0; k < 16; k++) r.sb[k] = sat8(d->sb[k] + s->sb[k]); break;
  case 0xed: for (k = 0; k < 8; k++) r.sw[k] = sat16(d->sw[k] + s->sw[k]); break;
  case 0xe8: for (k = 0; k < 16; k++) r.sb[k] = sat8(d->sb[k] - s->sb[k]); break;
  case 0xe9: for (k = 0; k < 8; k++) r.sw[k] = sat16(d->sw[k] - s->sw[k]); break;
  case 0xdc: for (k = 0; k < 16; k++) r.b[k] = satu8(d->b[k] + s->b[k]); break;
  case 0xdd: for (k = 0; k < 8; k++) r.w[k] = satu16(d->w[k] + s->w[k]); break;
  case 0xd8: for (k = 0; k < 16; k++) r.b[k] = satu8(d->b[k] - s->b[k]); break;
  case 0xd9: for (k = 0; k < 8; k++) r.w[k] = satu16(d->w[k] - s->w[k]); break;
  case 0xd5: for (k = 0; k < 8; k++) r.w[k] = (uint16_t)(d->sw[k] * s->sw[k]); break;
  case 0xe5: for (k = 0; k < 8; k++) r.w[k] = (uint16_t)((d->sw[k] * s->sw[k]) >> 16); break;
  case 0xe4: for (k = 0; k < 8; k++) r.w[k] = (uint16_t)(((uint32_t)d->w[k] * s->w[k]) >> 16); break;
  case 0xf4: for (k = 0; k < 2; k++) r.q[k] = (uint64_t)d->d[2 * k] * s->d[2 * k]; break;
  case 0xf5:
    for (k = 0; k < 4; k++)
      r.d[k] = (uint32_t)(d->sw[2 * k] * s->sw[2 * k]) + (uint32_t)(d->sw[2 * k + 1] * s->sw[2 * k + 1]);
    break;
  case 0xf6:
    for (k = 0; k < 2; k++) {
      unsigned sum = 0;
      for (int j = 0; j < 8; j++) {
        int a = d->b[8 * k + j], b = s->b[8 * k + j];
        sum += (unsigned)(a > b ? a - b : b - a);
      }
      r.q[k] = sum;
    }
    break;
  case 0xe0: for (k = 0; k < 16; k++) r.b[k] = (uint8_t)((d->b[k] + s->b[k] + 1) >> 1); break;
  case 0xe3: for (k = 0; k < 8; k++) r.w[k] = (uint16_t)((d->w[k] + s->w[k] + 1) >> 1); break;
  case 0xda: for (k = 0; k < 16; k++) r.b[k] = d->b[k] < s->b[k] ? d->b[k] : s->b[k]; break;
  case 0xde: for (k = 0; k < 16; k++) r.b[k] = d->b[k] > s->b[k] ? d->b[k] : s->b[k]; break;
  case 0xea: for (k = 0; k < 8; k++) r.sw[k] = d->sw[k] < s->sw[k] ? d->sw[k] : s->sw[k]; break;
  case 0xee: for (k = 0; k < 8; k++) r.sw[k] = d->sw[k] > s->sw[k] ? d->sw[k] : s->sw[k]; break;
  case 0xdb: for (k = 0; k < 2; k++) r.q[k] = d->q[k] & s->q[k]; break;
  case 0xdf: for (k = 0; k < 2; k++) r.q[k] = ~d->q[k] & s->q[k]; break;
  case 0xeb: for (k = 0; k < 2; k++) r.q[k] = d->q[k] | s->q[k]; break;
  case 0xef: for (k = 0; k < 2; k++) r.q[k] = d->q[k] ^ s->q[k]; break;
  default: return 0;
  }
  *d = r;
  return 1;
}

void sx_exec_sse(SxCpu *c, const Insn *i) {
  int op = i->op & 0xff, p = sel(i), r = i->reg;
  X d, s;
  if (i->op >= OP_0F38) ill(c);

  /* packed integer rows: only the 66 (xmm) forms; the unprefixed MMX forms are #UD here */
  if ((op >= 0x60 && op <= 0x6d) || (op >= 0x74 && op <= 0x76) || (op >= 0xd1 && op <= 0xfe &&
      op != 0xd6 && op != 0xd7 && op != 0xe6 && op != 0xe7 && op != 0xf7)) {
    if (p != 1) ill(c);
    d = xget(c, r);
    s = src(c, i, 16, 1);
    if (!pint(op, &d, &s)) ill(c);
    xput(c, r, &d);
    return;
  }

  switch (op) {
  case 0x10: /* movups movupd movss movsd (load) */
    if (p < 2) {
      s = src(c, i, 16, 0);
      xput(c, r, &s);
    } else {
      int n = p == 2 ? 4 : 8;
      d = xget(c, r);
      s = src(c, i, n, 0);
      if (i->mod == 3) memcpy(&d, &s, (size_t)n);
      else d = s; /* a load zeroes the rest */
      xput(c, r, &d);
    }
    return;
  case 0x11:
    s = xget(c, r);
    if (p < 2) {
      if (i->mod == 3) xput(c, i->rm, &s);
      else store(c, i, &s, 16, 0);
    } else {
      int n = p == 2 ? 4 : 8;
      if (i->mod == 3) {
        d = xget(c, i->rm);
        memcpy(&d, &s, (size_t)n);
        xput(c, i->rm, &d);
      } else {
        store(c, i, &s, n, 0);
      }
    }
    return;
  case 0x12: case 0x16: /* movlps/movhlps/movlpd, movhps/movlhps/movhpd */
    if (p > 1) ill(c); /* movsldup/movddup/movshdup are SSE3 */
    d = xget(c, r);
    if (i->mod == 3) {
      if (p) ill(c);
      s = xget(c, i->rm);
      if (op == 0x12) d.q[0] = s.q[1];
      else d.q[1] = s.q[0];
    } else {
      s = src(c, i, 8, 0);
      d.q[op == 0x16] = s.q[0];
    }
    xput(c, r, &d);
    return;
  case 0x13: case 0x17:
    if (p > 1 || i->mod == 3) ill(c);
    s = xget(c, r);
    store(c, i, &s.q[op == 0x17], 8, 0);
    return;
  case 0x14: case 0x15: /* unpcklps/pd, unpckhps/pd */
    if (p > 1) ill(c);
    d = xget(c, r);
    s = src(c, i, 16, 1);
    {
      X t;
      if (p == 0) {
        int h = op == 0x15 ? 2 : 0;
        t.d[0] = d.d[h], t.d[1] = s.d[h], t.d[2] = d.d[h + 1], t.d[3] = s.d[h + 1];
      } else {
        int h = op == 0x15;
        t.q[0] = d.q[h], t.q[1] = s.q[h];
      }
      xput(c, r, &t);
    }
    return;
  case 0x28: /* movaps movapd */
    if (p > 1) ill(c);
    s = src(c, i, 16, 1);
    xput(c, r, &s);
    return;
  case 0x29: case 0x2b: /* movaps/movapd store, movntps/movntpd */
    if (p > 1 || (op == 0x2b && i->mod == 3)) ill(c);
    s = xget(c, r);
    if (i->mod == 3) xput(c, i->rm, &s);
    else store(c, i, &s, 16, 1);
    return;
  case 0x2a: case 0x2c: case 0x2d: case 0x5a: case 0x5b: case 0xe6:
    fp_cvt(c, i, p);
    return;
  case 0x2e: case 0x2f:
    if (p > 1) ill(c);
    s = src(c, i, p ? 8 : 4, 0);
    fp_comi(c, p, op == 0x2f, xget(c, r), s);
    return;
  case 0x50: { /* movmskps/pd */
    if (p > 1 || i->mod != 3) ill(c);
    s = xget(c, i->rm);
    uint64_t m = 0;
    if (p == 0) for (int k = 0; k < 4; k++) m |= (uint64_t)(s.d[k] >> 31) << k;
    else for (int k = 0; k < 2; k++) m |= (s.q[k] >> 63) << k;
    reg_set(c, i, r, 8, m);
    return;
  }
  case 0x51: case 0x58: case 0x59: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
    d = xget(c, r);
    s = src(c, i, fp_size(p), 1);
    switch (op) {
    case 0x51: FP4("sqrt"); break;
    case 0x58: FP4("add"); break;
    case 0x59: FP4("mul"); break;
    case 0x5c: FP4("sub"); break;
    case 0x5d: FP4("min"); break;
    case 0x5e: FP4("div"); break;
    default: FP4("max"); break;
    }
    xput(c, r, &d);
    return;
  case 0x52: case 0x53: /* rsqrt, rcp: ps and ss only */
    if (p == 1 || p == 3) ill(c);
    d = xget(c, r);
    s = src(c, i, p == 2 ? 4 : 16, 1);
    if (op == 0x52) { if (p == 0) HOSTFP(OP2("rsqrtps")); else HOSTFP(OP2("rsqrtss")); }
    else { if (p == 0) HOSTFP(OP2("rcpps")); else HOSTFP(OP2("rcpss")); }
    xput(c, r, &d);
    return;
  case 0x54: case 0x55: case 0x56: case 0x57: /* and andn or xor, ps and pd alike */
    if (p > 1) ill(c);
    d = xget(c, r);
    s = src(c, i, 16, 1);
    for (int k = 0; k < 2; k++) {
      if (op == 0x54) d.q[k] &= s.q[k];
      else if (op == 0x55) d.q[k] = ~d.q[k] & s.q[k];
      else if (op == 0x56) d.q[k] |= s.q[k];
      else d.q[k] ^= s.q[k];
    }
    xput(c, r, &d);
    return;
  case 0x6e: /* movd/movq xmm, r/m */
    if (p != 1) ill(c);
    memset(&d, 0, sizeof d);
    d.q[0] = rm_get(c, i, (i->rex & 8) ? 8 : 4);
    xput(c, r, &d);
    return;
  case 0x7e:
    if (p == 1) { /* movd/movq r/m, xmm */
      s = xget(c, r);
      rm_set(c, i, (i->rex & 8) ? 8 : 4, s.q[0]);
      return;
    }
    if (p != 2) ill(c);
    s = src(c, i, 8, 0); /* movq xmm, xmm/m64 */
    memset(&d, 0, sizeof d);
    d.q[0] = s.q[0];
    xput(c, r, &d);
    return;
  case 0x6f: /* movdqa / movdqu */
    if (p != 1 && p != 2) ill(c);
    s = src(c, i, 16, p == 1);
    xput(c, r, &s);
    return;
  case 0x7f:
    if (p != 1 && p != 2) ill(c);
    s = xget(c, r);
    if (i->mod == 3) xput(c, i->rm, &s);
    else store(c, i, &s, 16, p == 1);
    return;
  case 0xd6: /* movq xmm/m64, xmm */
    if (p != 1) ill(c);
    s = xget(c, r);
    if (i->mod == 3) {
      memset(&d, 0, sizeof d);
      d.q[0] = s.q[0];
      xput(c, i->rm, &d);
    } else {
      store(c, i, &s, 8, 0);
    }
    return;
  case 0xe7: /* movntdq */
    if (p != 1 || i->mod == 3) ill(c);
    s = xget(c, r);
    store(c, i, &s, 16, 1);
    return;
  case 0x70: { /* pshufd, pshufhw, pshuflw */
    if (p == 0) ill(c);
    s = src(c, i, 16, 1);
    unsigned m = (unsigned)i->imm & 0xff;
    d = s;
    if (p == 1) for (int k = 0; k < 4; k++) d.d[k] = s.d[(m >> (2 * k)) & 3];
    else if (p == 2) for (int k = 0; k < 4; k++) d.w[4 + k] = s.w[4 + ((m >> (2 * k)) & 3)];
    else for (int k = 0; k < 4; k++) d.w[k] = s.w[(m >> (2 * k)) & 3];
    xput(c, r, &d);
    return;
  }
  case 0x71: case 0x72: case 0x73: { /* shifts by immediate */
    if (p != 1 || i->mod != 3) ill(c);
    int sub = i->reg & 7, bits = op == 0x71 ? 16 : op == 0x72 ? 32 : 64;
    uint64_t n = i->imm & 0xff;
    d = xget(c, i->rm);
    if (sub == 2) pshift(&d, bits, 0, n);
    else if (sub == 4 && bits < 64) pshift(&d, bits, 1, n);
    else if (sub == 6) pshift(&d, bits, 2, n);
    else if (op == 0x73 && sub == 3) byteshift(&d, (unsigned)n, 0);
    else if (op == 0x73 && sub == 7) byteshift(&d, (unsigned)n, 1);
    else ill(c);
    xput(c, i->rm, &d);
    return;
  }
  case 0xc2:
    d = xget(c, r);
    s = src(c, i, fp_size(p), 1);
    fp_cmp(c, p, &d, s, (int)i->imm);
    xput(c, r, &d);
    return;
  case 0xc4: { /* pinsrw */
    if (p != 1) ill(c);
    uint64_t v = i->mod == 3 ? c->r[i->rm] : ld(c, ea(c, i), 2);
    d = xget(c, r);
    d.w[i->imm & 7] = (uint16_t)v;
    xput(c, r, &d);
    return;
  }
  case 0xc5: /* pextrw */
    if (p != 1 || i->mod != 3) ill(c);
    s = xget(c, i->rm);
    reg_set(c, i, r, 8, s.w[i->imm & 7]);
    return;
  case 0xc6: { /* shufps, shufpd */
    if (p > 1) ill(c);
    d = xget(c, r);
    s = src(c, i, 16, 1);
    unsigned m = (unsigned)i->imm & 0xff;
    X t;
    if (p == 0) {
      t.d[0] = d.d[m & 3], t.d[1] = d.d[(m >> 2) & 3];
      t.d[2] = s.d[(m >> 4) & 3], t.d[3] = s.d[(m >> 6) & 3];
    } else {
      t.q[0] = d.q[m & 1], t.q[1] = s.q[(m >> 1) & 1];
    }
    xput(c, r, &t);
    return;
  }
  case 0xd7: { /* pmovmskb */
    if (p != 1 || i->mod != 3) ill(c);
    s = xget(c, i->rm);
    uint64_t m = 0;
    for (int k = 0; k < 16; k++) m |= (uint64_t)(s.b[k] >> 7) << k;
    reg_set(c, i, r, 8, m);
    return;
  }
  case 0xf7: { /* maskmovdqu: byte-masked store to [rdi] */
    if (p != 1 || i->mod != 3) ill(c);
    s = xget(c, r);
    X m = xget(c, i->rm);
    uint64_t a = c->r[SX_RDI];
    if (i->asize == 4) a = (uint32_t)a;
    if (i->seg == 4) a += c->fs_base;
    else if (i->seg == 5) a += c->gs_base;
    for (int k = 0; k < 16; k++)
      if (m.b[k] & 0x80) sx_cpu_mem_check_write(c, a + (uint64_t)k, 1);
    for (int k = 0; k < 16; k++)
      if (m.b[k] & 0x80) st(c, a + (uint64_t)k, s.b[k], 1);
    return;
  }
  default:
    ill(c);
  }
}
