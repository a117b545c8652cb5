/* Generator for the x87 family: each case sets a random control word, loads two extended
 * operands, runs one x87 instruction, stores up to three stack slots and the status word.
 * Results land in memory and rax, which the harness compares. */
#include <stdlib.h>
#include <string.h>

#include "tests/emu/insn/harness.h"

/* A random 80-bit value biased towards special classes. */
static void f80(uint8_t *p) {
  uint64_t m;
  uint16_t se;
  switch (rnd() % 10) {
  case 0: m = 0, se = 0; break;                                   /* zero */
  case 1: m = 1ull << 63, se = 0x7fff; break;                      /* infinity */
  case 2: m = 3ull << 62, se = 0x7fff; break;                      /* QNaN */
  case 3: m = (1ull << 63) | (rnd() >> 3), se = 0x7fff; break;      /* SNaN or QNaN */
  case 4: m = rnd() >> 1, se = 0; break;                           /* denormal */
  case 5: m = (1ull << 63) | rnd(), se = (uint16_t)(0x3fff + rnd() % 130); break; /* big */
  case 6: { /* an integer, handy for fist/frndint */
    int64_t v = (int64_t)(rnd() % 200001) - 100000;
    long double d = (long double)v;
    if (rnd() % 2) d += 0.5L;
    memcpy(p, &d, 10);
    return;
  }
  default: m = (1ull << 63) | rnd(), se = (uint16_t)(0x3fff + rnd() % 40 - 20); break;
  }
  if (rnd() % 2) se |= 0x8000;
  memcpy(p, &m, 8);
  memcpy(p + 8, &se, 2);
}

/* fxsave [rbx], then clear what the model leaves out: FOP/FIP/FDP (bytes 6..23, written
 * differently by Intel and AMD) and MXCSR_MASK (ours is 0xffff, as on Intel parts). */
static void fxsave_rbx(Case *k) {
  emit(k, 3, 0x0f, 0xae, 0x03);
  emit(k, 8, 0x48, 0xc7, 0x43, 0x06, 0, 0, 0, 0); /* bytes 6..13 */
  emit(k, 8, 0x48, 0xc7, 0x43, 0x0e, 0, 0, 0, 0); /* bytes 14..21 */
  emit(k, 6, 0x66, 0xc7, 0x43, 0x16, 0, 0);       /* bytes 22..23 */
  emit(k, 7, 0xc7, 0x43, 0x1c, 0xff, 0xff, 0, 0); /* MXCSR_MASK := 0xffff */
}

int fam_x87(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    /* operands at [rbx], [rbx+16]; memory operands at [rbx+32]; results at [rbx+0x40..] */
    f80(k.data + 0x1000);
    f80(k.data + 0x1010);
    uint16_t cw = (uint16_t)(0x037f & ~0xf00) | (uint16_t)((rnd() % 16) << 8);
    if ((cw & 0x300) == 0x100) cw |= 0x300; /* precision control 01 is reserved */
    memcpy(k.data + 0x10f0, &cw, 2);
    emit(&k, 6, 0xd9, 0xab, 0xf0, 0x00, 0x00, 0x00); /* fldcw [rbx+0xf0] */
    int loads = (int)(rnd() % 3);                     /* 0, 1 or 2 stack operands */
    if (loads == 0) loads = 2;
    if (loads >= 2) emit(&k, 3, 0xdb, 0x6b, 0x10); /* fld tbyte [rbx+16] */
    emit(&k, 2, 0xdb, 0x2b);                      /* fld tbyte [rbx] */
    int f = getenv("X87F") ? atoi(getenv("X87F")) : (int)(rnd() % 14);
    switch (f) {
    case 12: /* fxsave with values on the stack */
      fxsave_rbx(&k);
      break;
    case 13: /* fxrstor of a modified image: change FCW, then reload and compute */
      fxsave_rbx(&k);
      emit(&k, 5, 0x66, 0xc7, 0x03, 0x7f, 0x0c);       /* mov word [rbx], 0x0c7f (RC=up) */
      emit(&k, 3, 0x0f, 0xae, 0x0b);                   /* fxrstor [rbx] */
      emit(&k, 2, 0xd9, 0xe8);                         /* fld1 */
      emit(&k, 2, 0xde, 0xc1);                         /* faddp */
      emit(&k, 3, 0xd9, 0x7b, 0x68);                   /* fnstcw [rbx+0x68] */
      break;
    case 0: emit(&k, 2, 0xd8, 0xc1 | (int)(rnd() % 8) << 3); break;     /* d8 op st0, st1 */
    case 1: {                                                           /* dc/de op st1, st0 */
      static const int s[6] = {0, 1, 4, 5, 6, 7};
      emit(&k, 2, rnd() % 2 ? 0xdc : 0xde, 0xc1 | s[rnd() % 6] << 3);
      break;
    }
    case 2: { /* memory operands: m32fp, m64fp, m32int, m16int */
      uint64_t v = rnd_val();
      if (rnd() % 2) {
        double d = (double)(int64_t)(rnd() % 1000) / 8.0;
        memcpy(&v, &d, 8);
      }
      memcpy(k.data + 0x1020, &v, 8);
      static const int o[4] = {0xd8, 0xdc, 0xda, 0xde};
      int sub = (int)(rnd() % 8);
      emit(&k, 3, o[rnd() % 4], 0x43 | sub << 3, 0x20);
      break;
    }
    case 3: { /* compares */
      static const uint8_t c[][2] = {{0xd8, 0xd1}, {0xd8, 0xd9}, {0xde, 0xd9}, {0xdd, 0xe1},
                                     {0xdd, 0xe9}, {0xda, 0xe9}, {0xdb, 0xe9}, {0xdb, 0xf1},
                                     {0xdf, 0xe9}, {0xdf, 0xf1}, {0xd9, 0xe4}, {0xd9, 0xe5}};
      int j = (int)(rnd() % 12);
      emit(&k, 2, c[j][0], c[j][1]);
      break;
    }
    case 4: { /* unary and transcendental d9 e0..ff */
      static const uint8_t u[] = {0xe0, 0xe1, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf8, 0xf9,
                                  0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
      emit(&k, 2, 0xd9, u[rnd() % sizeof u]);
      break;
    }
    case 5: emit(&k, 2, 0xd9, 0xe8 + (int)(rnd() % 7)); break; /* constants */
    case 6: { /* stack manipulation */
      static const uint8_t s[][2] = {{0xd9, 0xc9}, {0xd9, 0xc1}, {0xdd, 0xd1}, {0xdd, 0xd9},
                                     {0xdd, 0xc1}, {0xd9, 0xf6}, {0xd9, 0xf7}, {0xdb, 0xe2}};
      int j = (int)(rnd() % 8);
      emit(&k, 2, s[j][0], s[j][1]);
      break;
    }
    case 7: /* fcmovcc */
      emit(&k, 2, rnd() % 2 ? 0xda : 0xdb, 0xc1 | (int)(rnd() % 4) << 3);
      break;
    case 8: { /* loads from memory */
      uint64_t v = rnd_val();
      if (rnd() % 2) {
        double d = (double)(int64_t)(rnd() % 100000) / 16.0;
        memcpy(&v, &d, 8);
      }
      memcpy(k.data + 0x1020, &v, 8);
      static const uint8_t o[][2] = {{0xd9, 0}, {0xdd, 0}, {0xdf, 0}, {0xdb, 0}, {0xdf, 5}};
      int j = (int)(rnd() % 5);
      emit(&k, 3, o[j][0], 0x43 | o[j][1] << 3, 0x20);
      break;
    }
    case 9: { /* stores to memory */
      static const uint8_t o[][2] = {{0xd9, 2}, {0xd9, 3}, {0xdd, 2}, {0xdd, 3}, {0xdf, 2},
                                     {0xdf, 3}, {0xdb, 2}, {0xdb, 3}, {0xdf, 7}, {0xdf, 1},
                                     {0xdb, 1}, {0xdd, 1}};
      int j = (int)(rnd() % 12);
      emit(&k, 3, o[j][0], 0x43 | o[j][1] << 3, 0x60);
      break;
    }
    case 10: /* fnstsw m16, fnstcw */
      emit(&k, 3, rnd() % 2 ? 0xdd : 0xd9, 0x7b, 0x68);
      break;
    default: /* fnstenv then fldenv, with the instruction/data pointers cleared */
      emit(&k, 3, 0xd9, 0x73, 0x70);
      emit(&k, 8, 0x48, 0xc7, 0x43, 0x7c, 0, 0, 0, 0);
      emit(&k, 7, 0x48, 0xc7, 0x83, 0x84, 0, 0, 0), emit(&k, 4, 0, 0, 0, 0);
      emit(&k, 3, 0xd9, 0x63, 0x70);
      break;
    }
    emit(&k, 3, 0xdb, 0x7b, 0x40); /* fstp tbyte [rbx+0x40] */
    emit(&k, 3, 0xdb, 0x7b, 0x50); /* fstp tbyte [rbx+0x50] */
    emit(&k, 2, 0xdf, 0xe0);       /* fnstsw ax */
    emit(&k, 3, 0xdb, 0x7b, 0x30); /* fstp tbyte [rbx+0x30] */
    k.flag_mask = 0x8d5;
    ++*count;
    bad += run_case(&k, "x87") ? 0 : 1;
  }
  return bad;
}
