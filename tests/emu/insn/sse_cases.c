/* Generators for the SSE/SSE2 families of the differential test: packed integer, floating
 * point under random MXCSR rounding modes with special values, conversions, and moves. */
#include <string.h>

#include "tests/emu/insn/harness.h"

static int check(Case *k, const char *fam, long *count) {
  ++*count;
  return run_case(k, fam) ? 0 : 1;
}

/* Optional REX (R and B only: xmm8-15), emitted after the mandatory prefix. */
static void rex_rb(Case *k, int w) {
  int rex = (int)(rnd() % 4) | (w ? 8 : 0);
  rex = (rex & 1) | ((rex & 2) << 1) | (w ? 8 : 0);
  if (rex || rnd() % 4 == 0) emit(k, 1, 0x40 | rex);
}

/* A 16-byte aligned memory operand [rbx/r11 + 16*n]. */
static void mem16(Case *k, int reg) { emit(k, 2, 0x43 | (reg & 7) << 3, (int)(16 * (rnd() % 8)) - 64); }

/* r/m: register (any xmm via REX.B) or aligned memory. */
static void xrm(Case *k, int reg, int allow_mem) {
  if (allow_mem && rnd() % 3 == 0) mem16(k, reg);
  else emit_modrm_reg(k, reg, (int)(rnd() % 8));
}

static uint64_t fval64(void) {
  static const uint64_t sp[] = {0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
                                0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
                                0x7ff4000000000000ull, 0x0000000000000001ull, 0x000fffffffffffffull,
                                0x7fefffffffffffffull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
                                0x41dfffffffc00000ull, 0x3fe0000000000000ull, 0x4330000000000000ull};
  switch (rnd() % 4) {
  case 0: return sp[rnd() % 16];
  case 1: { /* a modest number: sign, exponent near 0, random mantissa */
    uint64_t e = 1023 + (uint64_t)(rnd() % 80) - 40;
    return (rnd() & 0x800fffffffffffffull) | (e << 52);
  }
  case 2: { /* an integer-valued double, good for conversions */
    double d = (double)(int64_t)(rnd() % 2000001) - 1000000.0;
    if (rnd() % 2) d += 0.5;
    uint64_t v;
    memcpy(&v, &d, 8);
    return v;
  }
  default: return rnd();
  }
}

static uint32_t fval32(void) {
  static const uint32_t sp[] = {0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u,
                                0x7fc00000u, 0x7fa00000u, 1u, 0x007fffffu, 0x7f7fffffu, 0x4f000000u,
                                0xcf000000u, 0x3f000000u, 0x4b000000u, 0x5f000000u};
  switch (rnd() % 4) {
  case 0: return sp[rnd() % 16];
  case 1: {
    uint32_t e = 127 + (uint32_t)(rnd() % 60) - 30;
    return ((uint32_t)rnd() & 0x807fffffu) | (e << 23);
  }
  case 2: {
    float f = (float)((int)(rnd() % 20001) - 10000);
    if (rnd() % 2) f += 0.5f;
    uint32_t v;
    memcpy(&v, &f, 4);
    return v;
  }
  default: return (uint32_t)rnd();
  }
}

/* Fills xmm registers and the aligned data window with floating-point lanes. */
static void fp_fill(Case *k, int dbl) {
  for (int x = 0; x < 16; x++)
    for (int q = 0; q < 4; q++) {
      if (dbl) {
        if (q < 2) {
          uint64_t v = fval64();
          memcpy(k->st.fx + 160 + 16 * x + 8 * q, &v, 8);
        }
      } else {
        uint32_t v = fval32();
        memcpy(k->st.fx + 160 + 16 * x + 4 * q, &v, 4);
      }
    }
  for (int b = 0x1000 - 64; b < 0x1000 + 64 + 16; b += dbl ? 8 : 4) {
    if (dbl) {
      uint64_t v = fval64();
      memcpy(k->data + b, &v, 8);
    } else {
      uint32_t v = fval32();
      memcpy(k->data + b, &v, 4);
    }
  }
  /* random rounding mode, sometimes DAZ/FTZ, sticky flags cleared */
  uint32_t mx = 0x1f80 | (uint32_t)(rnd() % 4) << 13;
  if (rnd() % 8 == 0) mx |= 0x8040;
  memcpy(k->st.fx + 24, &mx, 4);
}

int fam_sse_int(int n, long *count) {
  static const uint8_t ops[] = {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
                                0x6b, 0x6c, 0x6d, 0x74, 0x75, 0x76, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5,
                                0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2,
                                0xe3, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
                                0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc,
                                0xfd, 0xfe};
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    k.cmp_xmm = 1;
    int f = (int)(rnd() % 10);
    if (f < 6) {
      emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      uint8_t op = ops[rnd() % sizeof ops];
      emit(&k, 2, 0x0f, op);
      xrm(&k, (int)(rnd() % 8), 1);
      /* small shift counts most of the time */
      if ((op >= 0xd1 && op <= 0xd3) || op == 0xe1 || op == 0xe2 || (op >= 0xf1 && op <= 0xf3))
        for (int x = 0; x < 16; x++)
          if (rnd() % 4) {
            uint64_t cnt = rnd() % 70;
            memcpy(k.st.fx + 160 + 16 * x, &cnt, 8);
          }
    } else if (f == 6) { /* shifts by immediate */
      static const int sub[3][4] = {{2, 4, 6, 2}, {2, 4, 6, 4}, {2, 3, 6, 7}};
      int row = (int)(rnd() % 3);
      emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x71 + row);
      emit_modrm_reg(&k, sub[row][rnd() % 4], (int)(rnd() % 8));
      emit(&k, 1, (int)(rnd() % 2 ? rnd() % 20 : rnd() % 256));
    } else if (f == 7) { /* pshufd / pshufhw / pshuflw */
      static const int pf[3] = {0x66, 0xf3, 0xf2};
      emit(&k, 1, pf[rnd() % 3]);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x70);
      xrm(&k, (int)(rnd() % 8), 1);
      emit(&k, 1, (int)(rnd() % 256));
    } else if (f == 8) { /* pinsrw / pextrw */
      emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      if (rnd() % 2) {
        emit(&k, 2, 0x0f, 0xc4);
        if (rnd() % 2) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
        else emit_modrm_mem(&k, (int)(rnd() % 8));
      } else {
        emit(&k, 2, 0x0f, 0xc5);
        emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      }
      emit(&k, 1, (int)(rnd() % 256));
    } else { /* pmovmskb */
      emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0xd7);
      emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
    }
    bad += check(&k, "sse-int", count);
  }
  return bad;
}

int fam_sse_fp(int n, long *count) {
  static const uint8_t arith[] = {0x51, 0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f, 0xc2};
  static const int pfx[4] = {0, 0x66, 0xf3, 0xf2};
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    k.cmp_xmm = 1;
    int f = (int)(rnd() % 8), p = (int)(rnd() % 4);
    fp_fill(&k, p == 1 || p == 3);
    if (f < 4) { /* arithmetic and compares, all four forms */
      if (pfx[p]) emit(&k, 1, pfx[p]);
      rex_rb(&k, 0);
      uint8_t op = arith[rnd() % sizeof arith];
      emit(&k, 2, 0x0f, op);
      if (p >= 2 && rnd() % 3 == 0) emit_modrm_mem(&k, (int)(rnd() % 8));
      else xrm(&k, (int)(rnd() % 8), 1);
      if (op == 0xc2) emit(&k, 1, (int)(rnd() % 8));
    } else if (f == 4) { /* comis / ucomis */
      p &= 1;
      fp_fill(&k, p);
      if (p) emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x2e + (int)(rnd() % 2));
      xrm(&k, (int)(rnd() % 8), 1);
    } else if (f == 5) { /* rcp / rsqrt ps and ss */
      p = rnd() % 2 ? 2 : 0;
      if (p) emit(&k, 1, 0xf3);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x52 + (int)(rnd() % 2));
      xrm(&k, (int)(rnd() % 8), 1);
      /* the approximation is implementation-specific, but the host is our oracle */
    } else if (f == 6) { /* logic, unpack, shuffle */
      p &= 1;
      if (p) emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      static const uint8_t o[7] = {0x54, 0x55, 0x56, 0x57, 0x14, 0x15, 0xc6};
      uint8_t op = o[rnd() % 7];
      emit(&k, 2, 0x0f, op);
      xrm(&k, (int)(rnd() % 8), 1);
      if (op == 0xc6) emit(&k, 1, (int)(rnd() % 256));
    } else { /* movmskps/pd */
      p &= 1;
      if (p) emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x50);
      emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
    }
    bad += check(&k, "sse-fp", count);
  }
  return bad;
}

int fam_sse_cvt(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    k.cmp_xmm = 1;
    int f = (int)(rnd() % 5);
    switch (f) {
    case 0: { /* cvtsi2ss/sd r/m32/64 */
      fp_fill(&k, 1);
      emit(&k, 1, rnd() % 2 ? 0xf3 : 0xf2);
      int w = (int)(rnd() % 2);
      rex_rb(&k, w);
      emit(&k, 2, 0x0f, 0x2a);
      if (rnd() % 2) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      else emit_modrm_mem(&k, (int)(rnd() % 8));
      break;
    }
    case 1: { /* cvt(t)ss2si / cvt(t)sd2si */
      int dbl = (int)(rnd() % 2);
      fp_fill(&k, dbl);
      emit(&k, 1, dbl ? 0xf2 : 0xf3);
      rex_rb(&k, (int)(rnd() % 2));
      emit(&k, 2, 0x0f, 0x2c + (int)(rnd() % 2));
      if (rnd() % 3) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      else mem16(&k, (int)(rnd() % 8));
      break;
    }
    case 2: { /* 5a: ps<->pd, ss<->sd */
      static const int pf[4] = {0, 0x66, 0xf3, 0xf2};
      int p = (int)(rnd() % 4);
      fp_fill(&k, p == 1 || p == 3);
      if (pf[p]) emit(&k, 1, pf[p]);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x5a);
      xrm(&k, (int)(rnd() % 8), 1);
      break;
    }
    case 3: { /* 5b: dq<->ps */
      static const int pf[3] = {0, 0x66, 0xf3};
      int p = (int)(rnd() % 3);
      if (p) fp_fill(&k, 0);
      if (pf[p]) emit(&k, 1, pf[p]);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x5b);
      xrm(&k, (int)(rnd() % 8), 1);
      break;
    }
    default: { /* e6: pd<->dq */
      static const int pf[3] = {0x66, 0xf3, 0xf2};
      int p = (int)(rnd() % 3);
      if (p != 1) fp_fill(&k, 1);
      emit(&k, 1, pf[p]);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0xe6);
      xrm(&k, (int)(rnd() % 8), 1);
      break;
    }
    }
    bad += check(&k, "sse-cvt", count);
  }
  return bad;
}

int fam_sse_mov(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    k.cmp_xmm = 1;
    int f = (int)(rnd() % 9);
    switch (f) {
    case 0: { /* 10/11: movups movupd movss movsd */
      static const int pf[4] = {0, 0x66, 0xf3, 0xf2};
      int p = pf[rnd() % 4];
      if (p) emit(&k, 1, p);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0x10 + (int)(rnd() % 2));
      if (rnd() % 2) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      else emit_modrm_mem(&k, (int)(rnd() % 8));
      break;
    }
    case 1: { /* 12/13/16/17 */
      int p = (int)(rnd() % 2), op = (int)(rnd() % 4);
      static const int o[4] = {0x12, 0x13, 0x16, 0x17};
      if (p) emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, o[op]);
      if (!p && (op == 0 || op == 2) && rnd() % 2) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      else emit_modrm_mem(&k, (int)(rnd() % 8));
      break;
    }
    case 2: /* movaps/movapd, movntps */
      if (rnd() % 2) emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      {
        static const int o[3] = {0x28, 0x29, 0x2b};
        int op = o[rnd() % 3];
        emit(&k, 2, 0x0f, op);
        if (op == 0x2b) mem16(&k, (int)(rnd() % 8));
        else xrm(&k, (int)(rnd() % 8), 1);
      }
      break;
    case 3: /* movd/movq to and from general registers and memory */
      emit(&k, 1, 0x66);
      rex_rb(&k, (int)(rnd() % 2));
      emit(&k, 2, 0x0f, rnd() % 2 ? 0x6e : 0x7e);
      if (rnd() % 2) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      else emit_modrm_mem(&k, (int)(rnd() % 8));
      break;
    case 4: { /* movdqa/movdqu */
      int u = (int)(rnd() % 2);
      emit(&k, 1, u ? 0xf3 : 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, rnd() % 2 ? 0x6f : 0x7f);
      if (u && rnd() % 2) emit_modrm_mem(&k, (int)(rnd() % 8));
      else xrm(&k, (int)(rnd() % 8), 1);
      break;
    }
    case 5: /* movq xmm, xmm/m64 (f3 0f 7e) and movq xmm/m64, xmm (66 0f d6) */
      if (rnd() % 2) {
        emit(&k, 1, 0xf3);
        rex_rb(&k, 0);
        emit(&k, 2, 0x0f, 0x7e);
      } else {
        emit(&k, 1, 0x66);
        rex_rb(&k, 0);
        emit(&k, 2, 0x0f, 0xd6);
      }
      if (rnd() % 2) emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      else emit_modrm_mem(&k, (int)(rnd() % 8));
      break;
    case 6: /* movntdq */
      emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0xe7);
      mem16(&k, (int)(rnd() % 8));
      break;
    case 7: /* maskmovdqu to [rdi] */
      k.st.r[7] = DATA_ADDR + 0x800 + rnd() % 0x400;
      emit(&k, 1, 0x66);
      rex_rb(&k, 0);
      emit(&k, 2, 0x0f, 0xf7);
      emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      break;
    default: /* movnti, ldmxcsr/stmxcsr round trip */
      if (rnd() % 2) {
        if (rnd() % 2) emit(&k, 1, 0x48);
        emit(&k, 2, 0x0f, 0xc3);
        emit_modrm_mem(&k, (int)(rnd() % 8));
      } else {
        uint32_t mx = 0x1f80 ^ (uint32_t)(rnd() & 0xffc0);
        memcpy(k.data + 0x1000, &mx, 4);
        emit(&k, 3, 0x0f, 0xae, 0x13);       /* ldmxcsr [rbx] */
        emit(&k, 4, 0x0f, 0xae, 0x5b, 0x10); /* stmxcsr [rbx+16] */
      }
      break;
    }
    bad += check(&k, "sse-mov", count);
  }
  return bad;
}
