/* The x87 floating-point unit: register stack, tags, control and status words, and every
 * instruction glibc's and musl's long double code uses. Arithmetic runs on the host x87 under
 * the guest's control word (rounding and precision control honoured, exception flags and C1
 * captured), so results are bit-exact. Host assumption: x86-64, whose long double is the same
 * 80-bit format. fxsave/fxrstor (shared with SSE state) live here too. */
#include "syscall-shim/cpu/internal.h"

#if !defined(__x86_64__)
#error "the x87 unit is executed on the host x87: an x86-64 host is required for now"
#endif

#define SI_KERNEL_LINUX 0x80
static _Noreturn void gp(SxCpu *c) { sx_cpu_fault(c, SX_STOP_SEGV, 0, SI_KERNEL_LINUX); }
static _Noreturn void ill(SxCpu *c) { STOP(c, SX_STOP_ILL); }

/* status word bits */
#define S_IE 0x1
#define S_SF 0x40
#define S_ES 0x80
#define S_C0 0x100
#define S_C1 0x200
#define S_C2 0x400
#define S_C3 0x4000
#define S_CC (S_C0 | S_C1 | S_C2 | S_C3)

static const SxF80 indefinite = {{0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff}};

static inline int top(SxCpu *c) { return (c->fsw >> 11) & 7; }
static inline void set_top(SxCpu *c, int t) { c->fsw = (uint16_t)((c->fsw & ~0x3800) | ((t & 7) << 11)); }
static inline int phys(SxCpu *c, int i) { return (top(c) + i) & 7; }
static inline int is_empty(SxCpu *c, int i) { return !((c->ftw >> phys(c, i)) & 1); }

/* Records exception flags; an unmasked one stops with SIGFPE before results are written. */
static void raise_ex(SxCpu *c, unsigned ex) {
  ex &= 0x3f;
  if (ex & ~c->fcw & 0x3f) {
    c->fsw |= (uint16_t)(ex | S_ES | 0x8000);
    STOP(c, SX_STOP_FPE);
  }
  c->fsw |= (uint16_t)ex;
}

/* Set when an operand fetch hit an empty register: the masked response then replaces the
 * result with the indefinite QNaN instead of computing. Reset per instruction. */
static __thread int underflow;

static SxF80 get(SxCpu *c, int i) {
  if (is_empty(c, i)) { /* stack underflow */
    underflow = 1;
    c->fsw &= (uint16_t)~S_C1;
    raise_ex(c, S_IE);
    c->fsw |= S_SF;
    return indefinite;
  }
  return c->st[phys(c, i)];
}
static void put(SxCpu *c, int i, SxF80 v) {
  int p = phys(c, i);
  c->st[p] = v;
  c->ftw |= (uint16_t)(1u << p);
}
static void fpush(SxCpu *c, SxF80 v) {
  int t = (top(c) - 1) & 7;
  if ((c->ftw >> t) & 1) { /* stack overflow */
    c->fsw |= S_C1;
    raise_ex(c, S_IE);
    c->fsw |= S_SF;
    v = indefinite;
  } else {
    c->fsw &= (uint16_t)~S_C1;
  }
  set_top(c, t);
  put(c, 0, v);
}
static void fpop(SxCpu *c) {
  c->ftw &= (uint16_t)~(1u << top(c));
  set_top(c, top(c) + 1);
}

/* ---- host execution ---- */

#define X87_CLOBBERS "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"

/* Runs `body` with st0 = a and st1 = b under the guest control word (exceptions masked);
 * body leaves two values, stored to r0 (st0) and r1 (st1); sw receives the status word. */
#define HX(body)                                                                          \
  __asm__ volatile("fnstcw %[hcw]\n\tfldcw %[gcw]\n\tfnclex\n\tfldt %[b]\n\tfldt %[a]\n\t" \
                   body "\n\tfstpt %[r0]\n\tfstpt %[r1]\n\tfnstsw %[sw]\n\tfnclex\n\t"     \
                   "fldcw %[hcw]"                                                         \
                   : [r0] "=m"(r0), [r1] "=m"(r1), [sw] "=m"(sw), [hcw] "=m"(hcw)         \
                   : [a] "m"(a), [b] "m"(b), [gcw] "m"(gcw)                               \
                   : X87_CLOBBERS)

typedef struct { SxF80 r0, r1; uint16_t sw; } Res;

enum { H_ADD, H_MUL, H_SUB, H_SUBR, H_DIV, H_DIVR, H_SQRT, H_RNDINT, H_SIN, H_COS, H_F2XM1,
       H_SCALE, H_PREM, H_PREM1, H_YL2X, H_YL2XP1, H_PATAN, H_PTAN, H_SINCOS, H_XTRACT,
       H_LD1, H_LDL2T, H_LDL2E, H_LDPI, H_LDLG2, H_LDLN2, H_COM, H_UCOM, H_TST };

static Res host(SxCpu *c, int op, SxF80 a, SxF80 b) {
  SxF80 r0, r1;
  uint16_t sw, hcw, gcw = (uint16_t)(c->fcw | 0x3f);
  switch (op) {
  case H_ADD: HX("fadd %%st(1), %%st"); break;
  case H_MUL: HX("fmul %%st(1), %%st"); break;
  case H_SUB: HX("fsub %%st(1), %%st"); break;
  case H_SUBR: HX("fsubr %%st(1), %%st"); break;
  case H_DIV: HX("fdiv %%st(1), %%st"); break;
  case H_DIVR: HX("fdivr %%st(1), %%st"); break;
  case H_SQRT: HX("fsqrt"); break;
  case H_RNDINT: HX("frndint"); break;
  case H_SIN: HX("fsin"); break;
  case H_COS: HX("fcos"); break;
  case H_F2XM1: HX("f2xm1"); break;
  case H_SCALE: HX("fscale"); break;
  case H_PREM: HX("fprem"); break;
  case H_PREM1: HX("fprem1"); break;
  case H_YL2X: HX("fyl2x\n\tfld %%st(0)"); break;
  case H_YL2XP1: HX("fyl2xp1\n\tfld %%st(0)"); break;
  case H_PATAN: HX("fpatan\n\tfld %%st(0)"); break;
  case H_PTAN: HX("fptan\n\tfstp %%st(2)"); break;
  case H_SINCOS: HX("fsincos\n\tfstp %%st(2)"); break;
  case H_XTRACT: HX("fxtract\n\tfstp %%st(2)"); break;
  case H_LD1: HX("fstp %%st(0)\n\tfld1"); break;
  case H_LDL2T: HX("fstp %%st(0)\n\tfldl2t"); break;
  case H_LDL2E: HX("fstp %%st(0)\n\tfldl2e"); break;
  case H_LDPI: HX("fstp %%st(0)\n\tfldpi"); break;
  case H_LDLG2: HX("fstp %%st(0)\n\tfldlg2"); break;
  case H_LDLN2: HX("fstp %%st(0)\n\tfldln2"); break;
  case H_COM: HX("fcom %%st(1)"); break;
  case H_UCOM: HX("fucom %%st(1)"); break;
  default: HX("ftst"); break;
  }
  if (underflow) r0 = r1 = indefinite;
  return (Res){r0, r1, sw};
}

/* Conversions between the register format and memory formats, also on the host so that
 * rounding, overflow to integer-indefinite and the flags are the hardware's. kind:
 * 0 m32fp, 1 m64fp, 2 m16int, 3 m32int, 4 m64int; trunc selects fisttp. */
static uint16_t to_mem(SxCpu *c, SxF80 a, int kind, int trunc, uint64_t *out) {
  uint16_t sw, hcw, gcw = (uint16_t)(c->fcw | 0x3f);
  uint64_t o = 0;
#define HS(insn)                                                                                   \
  __asm__ volatile("fnstcw %[hcw]\n\tfldcw %[gcw]\n\tfnclex\n\tfldt %[a]\n\t" insn " %[o]\n\t"     \
                   "fnstsw %[sw]\n\tfnclex\n\tfldcw %[hcw]"                                        \
                   : [o] "=m"(o), [sw] "=m"(sw), [hcw] "=m"(hcw)                                   \
                   : [a] "m"(a), [gcw] "m"(gcw)                                                    \
                   : X87_CLOBBERS)
  switch (kind * 2 + trunc) {
  case 0: HS("fstps"); break;
  case 2: HS("fstpl"); break;
  case 4: HS("fistps"); break;
  case 5: HS("fisttps"); break;
  case 6: HS("fistpl"); break;
  case 7: HS("fisttpl"); break;
  case 8: HS("fistpll"); break;
  default: HS("fisttpll"); break;
  }
#undef HS
  *out = o;
  return sw;
}

static uint16_t from_mem(SxCpu *c, uint64_t v, int kind, SxF80 *r) {
  uint16_t sw, hcw, gcw = (uint16_t)(c->fcw | 0x3f);
  SxF80 o;
#define HL(insn)                                                                                   \
  __asm__ volatile("fnstcw %[hcw]\n\tfldcw %[gcw]\n\tfnclex\n\t" insn " %[v]\n\tfstpt %[o]\n\t"    \
                   "fnstsw %[sw]\n\tfnclex\n\tfldcw %[hcw]"                                        \
                   : [o] "=m"(o), [sw] "=m"(sw), [hcw] "=m"(hcw)                                   \
                   : [v] "m"(v), [gcw] "m"(gcw)                                                    \
                   : X87_CLOBBERS)
  switch (kind) {
  case 0: HL("flds"); break;
  case 1: HL("fldl"); break;
  case 2: HL("filds"); break;
  case 3: HL("fildl"); break;
  default: HL("fildll"); break;
  }
#undef HL
  *r = o;
  return sw;
}

static int mem_size(int kind) { return kind == 0 ? 4 : kind == 1 ? 8 : kind == 2 ? 2 : kind == 3 ? 4 : 8; }

/* Loads a memory operand of `kind` into register format. */
static SxF80 load(SxCpu *c, uint64_t addr, int kind) {
  uint64_t v = ld(c, addr, mem_size(kind));
  SxF80 r;
  raise_ex(c, from_mem(c, v, kind, &r));
  return r;
}

/* Stores st0 to memory in `kind` format; the caller pops. */
static void store(SxCpu *c, uint64_t addr, SxF80 a, int kind, int trunc) {
  uint64_t o;
  sx_cpu_mem_check_write(c, addr, mem_size(kind));
  uint16_t sw = to_mem(c, a, kind, trunc, &o);
  raise_ex(c, sw);
  c->fsw = (uint16_t)((c->fsw & ~S_C1) | (sw & S_C1));
  st(c, addr, o, mem_size(kind));
}

/* Applies a host result's flags; `cc` selects which condition bits the operation defines. */
static void apply(SxCpu *c, uint16_t sw, uint16_t cc) {
  raise_ex(c, sw);
  c->fsw = (uint16_t)((c->fsw & ~cc) | (sw & cc));
}

/* ---- classification and compares ---- */

static int is_nan(SxF80 v, int *snan) {
  uint16_t e = (uint16_t)(v.b[8] | (v.b[9] << 8)) & 0x7fff;
  uint64_t m;
  memcpy(&m, v.b, 8);
  if (e != 0x7fff || !(m << 1)) {
    if (snan) *snan = 0;
    return e == 0x7fff && !(m >> 63); /* pseudo-NaN / unsupported count as NaN */
  }
  if (snan) *snan = !((m >> 62) & 1);
  return 1;
}


/* Compares a (st0) with b on the host: returns -1 less, 0 equal, 1 greater, 2 unordered,
 * with IE and DE raised as the hardware raises them (kind: H_COM, H_UCOM or H_TST). */
static int compare(SxCpu *c, SxF80 a, SxF80 b, int kind) {
  Res r = host(c, kind, a, b);
  raise_ex(c, r.sw);
  uint16_t cc = r.sw & (S_C0 | S_C2 | S_C3);
  return cc == (S_C0 | S_C2 | S_C3) ? 2 : cc == S_C3 ? 0 : cc == S_C0 ? -1 : 1;
}

static void set_cc(SxCpu *c, int r) {
  uint16_t f = 0;
  if (r == 2) f = S_C3 | S_C2 | S_C0;
  else if (r < 0) f = S_C0;
  else if (r == 0) f = S_C3;
  c->fsw = (uint16_t)((c->fsw & ~S_CC) | f);
}

static void set_eflags(SxCpu *c, int r) {
  uint64_t f = sx_flags_get(c) & ~(uint64_t)F_ARITH;
  if (r == 2) f |= F_ZF | F_PF | F_CF;
  else if (r < 0) f |= F_CF;
  else if (r == 0) f |= F_ZF;
  sx_flags_set(c, f);
}

static void fxam(SxCpu *c) {
  SxF80 v = c->st[phys(c, 0)];
  uint16_t se = (uint16_t)(v.b[8] | (v.b[9] << 8)), e = se & 0x7fff, f = 0;
  uint64_t m;
  memcpy(&m, v.b, 8);
  if (se & 0x8000) f |= S_C1;
  if (is_empty(c, 0)) f |= S_C3 | S_C0;
  else if (e == 0x7fff) f |= !(m >> 63) ? 0 : (m << 1) ? S_C0 : (S_C2 | S_C0);
  else if (e == 0) f |= m ? (S_C3 | S_C2) : S_C3;
  else f |= (m >> 63) ? S_C2 : 0;
  c->fsw = (uint16_t)((c->fsw & ~S_CC) | f);
}

/* ---- environment ---- */

/* Full 2-bit tag word from the abridged one: 00 valid, 01 zero, 10 special, 11 empty. */
static uint16_t full_tags(SxCpu *c) {
  uint16_t t = 0;
  for (int p = 0; p < 8; p++) {
    unsigned tag;
    if (!((c->ftw >> p) & 1)) {
      tag = 3;
    } else {
      SxF80 v = c->st[p];
      uint16_t e = (uint16_t)(v.b[8] | (v.b[9] << 8)) & 0x7fff;
      uint64_t m;
      memcpy(&m, v.b, 8);
      if (e == 0x7fff || (e && !(m >> 63)) || (!e && m)) tag = 2;
      else if (!e) tag = 1;
      else tag = 0;
    }
    t |= (uint16_t)(tag << (2 * p));
  }
  return t;
}

static void store_env(SxCpu *c, uint64_t a) {
  uint8_t env[28];
  memset(env, 0, sizeof env);
  uint16_t tags = full_tags(c);
  memcpy(env, &c->fcw, 2);
  memcpy(env + 4, &c->fsw, 2);
  memcpy(env + 8, &tags, 2);
  env[2] = env[3] = env[6] = env[7] = env[10] = env[11] = 0xff;
  sx_cpu_mem_check_write(c, a, 28);
  mem_write(c, a, env, 28);
}

static void load_env(SxCpu *c, uint64_t a) {
  uint8_t env[28];
  mem_read(c, a, env, 28);
  uint16_t tags;
  memcpy(&c->fcw, env, 2);
  memcpy(&c->fsw, env + 4, 2);
  memcpy(&tags, env + 8, 2);
  c->ftw = 0;
  for (int p = 0; p < 8; p++)
    if (((tags >> (2 * p)) & 3) != 3) c->ftw |= (uint16_t)(1u << p);
}

static void fninit(SxCpu *c) {
  c->fcw = 0x37f;
  c->fsw = 0;
  c->ftw = 0;
}

/* Bytes 416..511 are reserved or left to software: like the hardware, fxsave does not write
 * them. */
#define FXSAVE_WRITTEN 416

void sx_fxsave(SxCpu *c, uint64_t a) {
  uint8_t img[FXSAVE_WRITTEN];
  if (a & 15) gp(c);
  memset(img, 0, sizeof img);
  memcpy(img, &c->fcw, 2);
  memcpy(img + 2, &c->fsw, 2);
  img[4] = (uint8_t)c->ftw;
  memcpy(img + 24, &c->mxcsr, 4);
  uint32_t mask = 0xffff;
  memcpy(img + 28, &mask, 4);
  for (int i = 0; i < 8; i++) memcpy(img + 32 + 16 * i, c->st[phys(c, i)].b, 10);
  for (int i = 0; i < 16; i++) memcpy(img + 160 + 16 * i, c->xmm[i].b, 16);
  sx_cpu_mem_check_write(c, a, 512);
  mem_write(c, a, img, FXSAVE_WRITTEN);
}

void sx_fxrstor(SxCpu *c, uint64_t a) {
  uint8_t img[512];
  if (a & 15) gp(c);
  mem_read(c, a, img, 512);
  uint32_t mx;
  memcpy(&mx, img + 24, 4);
  if (mx & 0xffff0000u) gp(c);
  memcpy(&c->fcw, img, 2);
  memcpy(&c->fsw, img + 2, 2);
  c->ftw = img[4];
  c->mxcsr = mx;
  for (int i = 0; i < 8; i++) memcpy(c->st[phys(c, i)].b, img + 32 + 16 * i, 10);
  for (int i = 0; i < 16; i++) memcpy(c->xmm[i].b, img + 160 + 16 * i, 16);
}

/* fnsave/frstor: the 28-byte environment followed by ST(0)..ST(7). */
static void fnsave(SxCpu *c, uint64_t a) {
  sx_cpu_mem_check_write(c, a, 108);
  store_env(c, a);
  for (int i = 0; i < 8; i++) mem_write(c, a + 28 + 10 * (uint64_t)i, c->st[phys(c, i)].b, 10);
  fninit(c);
}
static void frstor(SxCpu *c, uint64_t a) {
  uint8_t regs[80];
  mem_read(c, a + 28, regs, 80);
  load_env(c, a);
  for (int i = 0; i < 8; i++) memcpy(c->st[phys(c, i)].b, regs + 10 * i, 10);
}

/* ---- execution ---- */

static const int arith_op[8] = {H_ADD, H_MUL, -1, -1, H_SUB, H_SUBR, H_DIV, H_DIVR};

/* st(dst) = st(dst) op b for the arithmetic group; C1 reports rounding direction. */
static void arith(SxCpu *c, int which, int dst, SxF80 b) {
  SxF80 a = get(c, dst);
  Res r = host(c, arith_op[which], a, b);
  apply(c, r.sw, S_C1);
  put(c, dst, r.r0);
}

static int fcmov_cond(SxCpu *c, int op, int sub) {
  int v;
  switch (sub) {
  case 0: v = sx_flags_cond(c, 2); break;  /* b */
  case 1: v = sx_flags_cond(c, 4); break;  /* e */
  case 2: v = sx_flags_cond(c, 6); break;  /* be */
  default: v = sx_flags_cond(c, 0xa); break; /* u (parity) */
  }
  return op == 0xda ? v : !v;
}

static void exec_reg(SxCpu *c, const Insn *i) {
  int op = i->op, sub = i->reg & 7, k = i->rm & 7;
  int modrm = 0xc0 | sub << 3 | k;
  switch (op) {
  case 0xd8:
    if (sub == 2 || sub == 3) {
      set_cc(c, compare(c, get(c, 0), get(c, k), H_COM));
      if (sub == 3) fpop(c);
      return;
    }
    arith(c, sub, 0, get(c, k));
    return;
  case 0xdc: case 0xde: {
    if (sub == 2 || sub == 3) { /* aliases of fcom/fcomp; de d9 is fcompp */
      if (op == 0xde && modrm != 0xd9) ill(c);
      set_cc(c, compare(c, get(c, 0), get(c, k), H_COM));
      fpop(c);
      if (op == 0xde) fpop(c);
      return;
    }
    static const int swap[8] = {0, 1, 2, 3, 5, 4, 7, 6};
    arith(c, swap[sub], k, get(c, 0));
    if (op == 0xde) fpop(c);
    return;
  }
  case 0xd9:
    switch (modrm) {
    case 0xd0: return; /* fnop */
    case 0xe0: case 0xe1: {
      SxF80 v = get(c, 0);
      if (modrm == 0xe0) v.b[9] ^= 0x80;
      else v.b[9] &= 0x7f;
      c->fsw &= (uint16_t)~S_C1;
      put(c, 0, v);
      return;
    }
    case 0xe4: {
      SxF80 v = get(c, 0);
      set_cc(c, compare(c, v, v, H_TST));
      return;
    }
    case 0xe5: fxam(c); return;
    case 0xe8: case 0xe9: case 0xea: case 0xeb: case 0xec: case 0xed: {
      static const int h[6] = {H_LD1, H_LDL2T, H_LDL2E, H_LDPI, H_LDLG2, H_LDLN2};
      SxF80 z = {{0}};
      Res r = host(c, h[modrm - 0xe8], z, z);
      c->fsw &= (uint16_t)~S_C1;
      fpush(c, r.r0);
      return;
    }
    case 0xee: {
      SxF80 z = {{0}};
      c->fsw &= (uint16_t)~S_C1;
      fpush(c, z);
      return;
    }
    case 0xf6: set_top(c, top(c) - 1); c->fsw &= (uint16_t)~S_C1; return;
    case 0xf7: set_top(c, top(c) + 1); c->fsw &= (uint16_t)~S_C1; return;
    default: break;
    }
    if (modrm < 0xc8) { /* fld st(i) */
      SxF80 v = get(c, k);
      fpush(c, v);
      return;
    }
    if (modrm < 0xd0) { /* fxch */
      SxF80 a = get(c, 0), b = get(c, k);
      put(c, 0, b);
      put(c, k, a);
      c->fsw &= (uint16_t)~S_C1;
      return;
    }
    if (modrm >= 0xf0) {
      SxF80 a = get(c, 0), b = (modrm == 0xf1 || modrm == 0xf3 || modrm == 0xf5 || modrm == 0xf8 ||
                                modrm == 0xf9 || modrm == 0xfd) ? get(c, 1) : a;
      switch (modrm) {
      case 0xf0: { Res r = host(c, H_F2XM1, a, b); apply(c, r.sw, S_C1); put(c, 0, r.r0); return; }
      case 0xf1: case 0xf3: case 0xf9: {
        Res r = host(c, modrm == 0xf1 ? H_YL2X : modrm == 0xf3 ? H_PATAN : H_YL2XP1, a, b);
        apply(c, r.sw, S_C1);
        fpop(c);
        put(c, 0, r.r0);
        return;
      }
      case 0xf2: case 0xfb: case 0xfe: case 0xff: {
        /* Out-of-range operands (|x| >= 2^63) set C2 and leave the stack alone. */
        uint16_t e = (uint16_t)(a.b[8] | (a.b[9] << 8)) & 0x7fff;
        int nan = is_nan(a, NULL);
        if (!nan && e != 0x7fff && e >= 0x3fff + 63) {
          c->fsw |= S_C2;
          return;
        }
        int h = modrm == 0xf2 ? H_PTAN : modrm == 0xfb ? H_SINCOS : modrm == 0xfe ? H_SIN : H_COS;
        Res r = host(c, h, a, b);
        apply(c, r.sw, S_C1 | S_C2);
        put(c, 0, r.r0);
        if (h == H_PTAN || h == H_SINCOS) fpush(c, r.r1);
        return;
      }
      case 0xf4: {
        Res r = host(c, H_XTRACT, a, b);
        apply(c, r.sw, S_C1);
        put(c, 0, r.r0);
        fpush(c, r.r1);
        return;
      }
      case 0xf5: case 0xf8: {
        Res r = host(c, modrm == 0xf8 ? H_PREM : H_PREM1, a, b);
        apply(c, r.sw, S_CC);
        put(c, 0, r.r0);
        return;
      }
      case 0xfa: { Res r = host(c, H_SQRT, a, b); apply(c, r.sw, S_C1); put(c, 0, r.r0); return; }
      case 0xfc: { Res r = host(c, H_RNDINT, a, b); apply(c, r.sw, S_C1); put(c, 0, r.r0); return; }
      case 0xfd: { Res r = host(c, H_SCALE, a, b); apply(c, r.sw, S_C1); put(c, 0, r.r0); return; }
      default: break;
      }
    }
    ill(c);
  case 0xda: case 0xdb:
    if (sub < 4) { /* fcmovcc */
      SxF80 v = get(c, k);
      get(c, 0);
      if (underflow) put(c, 0, indefinite);
      else if (fcmov_cond(c, op, sub)) put(c, 0, v);
      return;
    }
    if (op == 0xda && modrm == 0xe9) { /* fucompp */
      set_cc(c, compare(c, get(c, 0), get(c, 1), H_UCOM));
      fpop(c);
      fpop(c);
      return;
    }
    if (op == 0xdb && modrm == 0xe2) { c->fsw &= 0x7f00; return; } /* fnclex */
    if (op == 0xdb && modrm == 0xe3) { fninit(c); return; }
    if (op == 0xdb && (sub == 5 || sub == 6)) { /* fucomi, fcomi */
      set_eflags(c, compare(c, get(c, 0), get(c, k), sub == 6 ? H_COM : H_UCOM));
      c->fsw &= (uint16_t)~S_C1;
      return;
    }
    ill(c);
  case 0xdd:
    switch (sub) {
    case 0: c->ftw &= (uint16_t)~(1u << phys(c, k)); return; /* ffree */
    case 2: case 3: { /* fst, fstp st(i) */
      SxF80 v = get(c, 0);
      put(c, k, v);
      if (!underflow) c->fsw &= (uint16_t)~S_C1;
      if (sub == 3) fpop(c);
      return;
    }
    case 4: case 5: /* fucom, fucomp */
      set_cc(c, compare(c, get(c, 0), get(c, k), H_UCOM));
      if (sub == 5) fpop(c);
      return;
    default: ill(c);
    }
  default: /* 0xdf */
    if (modrm == 0xe0) { /* fnstsw ax */
      c->r[SX_RAX] = (c->r[SX_RAX] & ~0xffffull) | c->fsw;
      return;
    }
    if (sub == 5 || sub == 6) { /* fucomip, fcomip */
      set_eflags(c, compare(c, get(c, 0), get(c, k), sub == 6 ? H_COM : H_UCOM));
      c->fsw &= (uint16_t)~S_C1;
      fpop(c);
      return;
    }
    if (sub == 0) { /* ffreep */
      c->ftw &= (uint16_t)~(1u << phys(c, k));
      fpop(c);
      return;
    }
    ill(c);
  }
}

void sx_exec_x87(SxCpu *c, const Insn *i) {
  underflow = 0;
  if (i->mod == 3) {
    exec_reg(c, i);
    return;
  }
  int op = i->op, sub = i->reg & 7;
  uint64_t a = ea(c, i);
  switch (op) {
  case 0xd8: case 0xdc: case 0xda: case 0xde: { /* arithmetic with a memory operand */
    static const int kinds[4] = {0, 3, 1, 2}; /* d8 m32fp, da m32int, dc m64fp, de m16int */
    int kind = kinds[(op - 0xd8) / 2];
    SxF80 b;
    uint16_t lsw = from_mem(c, ld(c, a, mem_size(kind)), kind, &b);
    /* A NaN in st0 takes precedence over a denormal memory operand: no DE then. */
    SxF80 a0 = c->st[phys(c, 0)];
    uint64_t m0;
    memcpy(&m0, a0.b, 8);
    int zero0 = !m0 && !((a0.b[8] | (a0.b[9] << 8)) & 0x7fff);
    if (is_nan(a0, NULL) || is_empty(c, 0)) lsw &= (uint16_t)~0x2;
    /* ...and so does a zero divisor in st0 for fdivr (the hardware reports only ZE). */
    if (zero0 && sub == 7) lsw &= (uint16_t)~0x2;
    raise_ex(c, lsw);
    if (sub == 2 || sub == 3) {
      set_cc(c, compare(c, get(c, 0), b, H_COM));
      if (sub == 3) fpop(c);
      return;
    }
    arith(c, sub, 0, b);
    return;
  }
  case 0xd9:
    switch (sub) {
    case 0: fpush(c, load(c, a, 0)); return;
    case 2: case 3: store(c, a, get(c, 0), 0, 0); if (sub == 3) fpop(c); return;
    case 4: load_env(c, a); return;
    case 5: c->fcw = (uint16_t)ld(c, a, 2); return;
    case 6: store_env(c, a); c->fcw |= 0x3f; return;
    case 7: st(c, a, c->fcw, 2); return;
    default: ill(c);
    }
  case 0xdb:
    switch (sub) {
    case 0: fpush(c, load(c, a, 3)); return;
    case 1: store(c, a, get(c, 0), 3, 1); fpop(c); return;
    case 2: case 3: store(c, a, get(c, 0), 3, 0); if (sub == 3) fpop(c); return;
    case 5: {
      SxF80 v;
      mem_read(c, a, v.b, 10);
      fpush(c, v);
      return;
    }
    case 7: {
      SxF80 v = get(c, 0);
      sx_cpu_mem_check_write(c, a, 10);
      mem_write(c, a, v.b, 10);
      if (!underflow) c->fsw &= (uint16_t)~S_C1;
      fpop(c);
      return;
    }
    default: ill(c);
    }
  case 0xdd:
    switch (sub) {
    case 0: fpush(c, load(c, a, 1)); return;
    case 1: store(c, a, get(c, 0), 4, 1); fpop(c); return;
    case 2: case 3: store(c, a, get(c, 0), 1, 0); if (sub == 3) fpop(c); return;
    case 4: frstor(c, a); return;
    case 6: fnsave(c, a); return;
    case 7: st(c, a, c->fsw, 2); return;
    default: ill(c);
    }
  default: /* 0xdf */
    switch (sub) {
    case 0: fpush(c, load(c, a, 2)); return;
    case 1: store(c, a, get(c, 0), 2, 1); fpop(c); return;
    case 2: case 3: store(c, a, get(c, 0), 2, 0); if (sub == 3) fpop(c); return;
    case 5: fpush(c, load(c, a, 4)); return;
    case 7: store(c, a, get(c, 0), 4, 0); fpop(c); return;
    default: ill(c); /* fbld/fbstp: not needed by libc */
    }
  }
}
