/* Generators for the general-purpose instruction families of the differential test: random
 * prefixes, register and memory operands and immediates, with the flags the SDM leaves
 * undefined masked out of the comparison. */
#include <cpuid.h>
#include <string.h>

#include "tests/emu/insn/harness.h"

#define ARITH 0x8d5ull
#define CF 0x1ull
#define PF 0x4ull
#define AF 0x10ull
#define ZF 0x40ull
#define SF 0x80ull
#define OF 0x800ull

/* Emits optional 66 and REX prefixes; returns the operand size. */
static int prefixes(Case *k, int allow66, int *rex) {
  int p66 = allow66 && rnd() % 4 == 0;
  if (p66) emit(k, 1, 0x66);
  *rex = 0;
  if (rnd() % 2) {
    *rex = 0x40 | (int)(rnd() & 15);
    emit(k, 1, *rex);
  }
  return (*rex & 8) ? 8 : p66 ? 2 : 4;
}

/* Emits a ModRM operand, register or memory at random; returns 1 for memory. */
static int operand(Case *k, int reg) {
  if (rnd() % 2) {
    emit_modrm_reg(k, reg, (int)(rnd() % 8));
    return 0;
  }
  emit_modrm_mem(k, reg);
  return 1;
}

static int imm_size(int size) { return size == 2 ? 2 : 4; }

static int check(Case *k, const char *fam, long *count) {
  ++*count;
  return run_case(k, fam) ? 0 : 1;
}

int fam_alu(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int rex, size, kind = (int)(rnd() % 9);
    switch (kind) {
    case 0: { /* 00-3d */
      int op = (int)(rnd() % 8), form = (int)(rnd() % 6);
      size = prefixes(&k, 1, &rex);
      emit(&k, 1, op << 3 | form);
      if (form < 4) operand(&k, (int)(rnd() % 8));
      else emit_imm(&k, rnd(), form == 4 ? 1 : imm_size(size));
      if (op == 1 || op == 4 || op == 6) k.flag_mask &= ~AF;
      break;
    }
    case 1: { /* 80 81 83 */
      static const int ops[3] = {0x80, 0x81, 0x83};
      int o = ops[rnd() % 3], sub = (int)(rnd() % 8);
      size = prefixes(&k, 1, &rex);
      emit(&k, 1, o);
      operand(&k, sub);
      emit_imm(&k, rnd(), o == 0x81 ? imm_size(size) : 1);
      if (sub == 1 || sub == 4 || sub == 6) k.flag_mask &= ~AF;
      break;
    }
    case 2: { /* test */
      int f = (int)(rnd() % 4);
      size = prefixes(&k, 1, &rex);
      if (f < 2) {
        emit(&k, 1, 0x84 + f);
        operand(&k, (int)(rnd() % 8));
      } else if (f == 2) {
        emit(&k, 1, 0xa8 + (int)(rnd() % 2));
        emit_imm(&k, rnd(), (k.code[k.len - 1] & 1) ? imm_size(size) : 1);
      } else {
        int w = (int)(rnd() % 2);
        emit(&k, 1, 0xf6 + w);
        operand(&k, 0);
        emit_imm(&k, rnd(), w ? imm_size(size) : 1);
      }
      k.flag_mask &= ~AF;
      break;
    }
    case 3: /* not, neg */
      prefixes(&k, 1, &rex);
      emit(&k, 1, 0xf6 + (int)(rnd() % 2));
      operand(&k, 2 + (int)(rnd() % 2));
      break;
    case 4: /* inc, dec */
      prefixes(&k, 1, &rex);
      emit(&k, 1, 0xfe + (int)(rnd() % 2));
      operand(&k, (int)(rnd() % 2));
      break;
    case 5: { /* moves */
      int f = (int)(rnd() % 10);
      size = prefixes(&k, 1, &rex);
      switch (f) {
      case 0: emit(&k, 1, 0x88 + (int)(rnd() % 4)); operand(&k, (int)(rnd() % 8)); break;
      case 1: {
        int w = (int)(rnd() % 2);
        emit(&k, 1, 0xc6 + w);
        operand(&k, 0);
        emit_imm(&k, rnd(), w ? imm_size(size) : 1);
        break;
      }
      case 2: {
        int r = (int)(rnd() % 16);
        emit(&k, 1, 0xb0 + r);
        emit_imm(&k, rnd(), r < 8 ? 1 : size);
        break;
      }
      case 3: emit(&k, 1, 0x8d); emit_modrm_mem(&k, (int)(rnd() % 8)); break;
      case 4: emit(&k, 1, 0x63); operand(&k, (int)(rnd() % 8)); break;
      case 5: {
        static const int m[4] = {0xb6, 0xb7, 0xbe, 0xbf};
        emit(&k, 2, 0x0f, m[rnd() % 4]);
        operand(&k, (int)(rnd() % 8));
        break;
      }
      case 6: emit(&k, 1, 0x86 + (int)(rnd() % 2)); operand(&k, (int)(rnd() % 8)); break;
      case 7: emit(&k, 1, 0x90 + (int)(rnd() % 8)); break;
      case 8: emit(&k, 1, 0x98 + (int)(rnd() % 2)); break;
      default: {
        static const int m[5] = {0x9e, 0x9f, 0xf5, 0xf8, 0xf9};
        emit(&k, 1, m[rnd() % 5]);
        break;
      }
      }
      break;
    }
    case 6: /* cmovcc */
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x0f, 0x40 + (int)(rnd() % 16));
      operand(&k, (int)(rnd() % 8));
      break;
    case 7: /* setcc */
      prefixes(&k, 0, &rex);
      emit(&k, 2, 0x0f, 0x90 + (int)(rnd() % 16));
      operand(&k, 0);
      break;
    default: { /* an ALU op followed by a flag consumer: exercises lazy flags */
      int op = (int)(rnd() % 8);
      size = prefixes(&k, 1, &rex);
      emit(&k, 1, op << 3 | (int)(rnd() % 4));
      static const int nsp[7] = {0, 1, 2, 3, 5, 6, 7}; /* pushf needs a valid rsp */
      emit_modrm_reg(&k, nsp[rnd() % 7], nsp[rnd() % 7]);
      int c = (int)(rnd() % 3);
      if (c == 1 && (op == 1 || op == 4 || op == 6)) c = 0; /* pushf would store the undefined AF */
      if (c == 0) emit(&k, 3, 0x0f, 0x90 + (int)(rnd() % 16), 0xc0 | (int)(rnd() % 4));
      else if (c == 1) emit(&k, 1, 0x9c); /* pushf */
      else emit(&k, 3, 0x48, 0x13, 0xc1); /* adc rax, rcx */
      if (op == 1 || op == 4 || op == 6) k.flag_mask &= ~AF;
      break;
    }
    }
    bad += check(&k, "alu", count);
  }
  return bad;
}

/* A shift count biased towards the edges: 0, 1, size-1, size, >size. */
static unsigned shift_count(void) {
  static const unsigned edge[] = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255};
  return rnd() % 2 ? edge[rnd() % 16] : (unsigned)(rnd() % 256);
}

int fam_shift(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int rex, size = 0, op = (int)(rnd() % 8), form = (int)(rnd() % 7);
    unsigned cnt = shift_count();
    if (form < 6) {
      size = prefixes(&k, 1, &rex);
      static const int opc[6] = {0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3};
      emit(&k, 1, opc[form]);
      if (!(opc[form] & 1)) size = 1;
      operand(&k, op);
      if (form < 2) emit(&k, 1, (int)cnt);
      else if (form < 4) cnt = 1;
      else k.st.r[1] = (k.st.r[1] & ~0xffull) | cnt;
      unsigned m = cnt & (size == 8 ? 63 : 31);
      uint64_t mask = ARITH;
      if (m) {
        if (op < 4) {
          mask = ARITH; /* rotates leave SF ZF AF PF alone */
          if (m != 1) mask &= ~OF;
        } else {
          mask = ARITH & ~AF;
          if (m != 1) mask &= ~OF;
          if (m >= (unsigned)size * 8 && op != 7) mask &= ~CF;
          if (m >= (unsigned)size * 8 && op == 7) mask &= ~CF;
        }
      }
      k.flag_mask = mask;
    } else { /* shld, shrd */
      size = prefixes(&k, 1, &rex);
      int right = (int)(rnd() % 2), bycl = (int)(rnd() % 2);
      emit(&k, 2, 0x0f, (right ? 0xac : 0xa4) + bycl);
      operand(&k, (int)(rnd() % 8));
      unsigned m = cnt & (size == 8 ? 63 : 31);
      if (size == 2 && m > 16) cnt = m = 16;
      if (bycl) k.st.r[1] = (k.st.r[1] & ~0xffull) | cnt;
      else emit(&k, 1, (int)cnt);
      uint64_t mask = ARITH;
      if (m) {
        mask = ARITH & ~AF;
        if (m != 1) mask &= ~OF;
      }
      k.flag_mask = mask;
    }
    bad += check(&k, "shift", count);
  }
  return bad;
}

int fam_muldiv(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int rex, size = 0, f = (int)(rnd() % 4);
    if (f == 0) { /* f6/f7 /4../7 */
      int sub = 4 + (int)(rnd() % 4);
      size = prefixes(&k, 1, &rex);
      emit(&k, 1, 0xf6 + (int)(rnd() % 2));
      operand(&k, sub);
      k.flag_mask = sub < 6 ? (CF | OF) : 0;
      if (sub >= 6 && rnd() % 2) k.st.r[2] = rnd() % 3 == 0 ? 0 : (uint64_t)-(int64_t)(rnd() % 2);
    } else if (f == 1) {
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x0f, 0xaf);
      operand(&k, (int)(rnd() % 8));
      k.flag_mask = CF | OF;
    } else {
      size = prefixes(&k, 1, &rex);
      int b = f == 2 ? 0x69 : 0x6b;
      emit(&k, 1, b);
      operand(&k, (int)(rnd() % 8));
      emit_imm(&k, rnd_val(), b == 0x69 ? imm_size(size) : 1);
      k.flag_mask = CF | OF;
    }
    bad += check(&k, "muldiv", count);
  }
  return bad;
}

static int host_has(int leaf, int reg, int bit) {
  unsigned a, b, c, d;
  if (!__get_cpuid_count((unsigned)leaf, 0, &a, &b, &c, &d)) return 0;
  unsigned v = reg == 1 ? b : reg == 2 ? c : d;
  return (v >> bit) & 1;
}

int fam_bit(int n, long *count) {
  int bad = 0;
  Case k;
  int has_popcnt = host_has(1, 2, 23), has_lzcnt = host_has((int)0x80000001, 2, 5);
  int has_bmi1 = host_has(7, 1, 3), has_movbe = host_has(1, 2, 22);
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int rex, f = (int)(rnd() % 8);
    switch (f) {
    case 0: { /* bt bts btr btc with a register offset */
      static const int o[4] = {0xa3, 0xab, 0xb3, 0xbb};
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x0f, o[rnd() % 4]);
      if (rex) k.code[k.len - 3] &= (uint8_t)~4; /* keep the offset register in rax..rdi */
      static const int regs[5] = {0, 1, 2, 6, 7};
      int reg = regs[rnd() % 5];
      if (operand(&k, reg)) k.st.r[reg] = (uint64_t)((int64_t)(rnd() % 2048) - 1024);
      k.flag_mask = CF;
      break;
    }
    case 1: /* bt* imm */
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x0f, 0xba);
      operand(&k, 4 + (int)(rnd() % 4));
      emit(&k, 1, (int)(rnd() % 256));
      k.flag_mask = CF;
      break;
    case 2: /* bsf bsr */
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x0f, 0xbc + (int)(rnd() % 2));
      operand(&k, (int)(rnd() % 8));
      k.flag_mask = ZF;
      break;
    case 3: /* tzcnt lzcnt */
      if (!has_lzcnt || !has_bmi1) continue;
      emit(&k, 1, 0xf3);
      prefixes(&k, 0, &rex);
      emit(&k, 2, 0x0f, 0xbc + (int)(rnd() % 2));
      operand(&k, (int)(rnd() % 8));
      k.flag_mask = CF | ZF;
      break;
    case 4: /* popcnt */
      if (!has_popcnt) continue;
      emit(&k, 1, 0xf3);
      prefixes(&k, 0, &rex);
      emit(&k, 2, 0x0f, 0xb8);
      operand(&k, (int)(rnd() % 8));
      break;
    case 5: /* bswap */
      rex = 0x40 | (int)(rnd() % 2) * 8 | (int)(rnd() % 2);
      emit(&k, 3, rex, 0x0f, 0xc8 + (int)(rnd() % 8));
      break;
    case 6: /* movbe */
      if (!has_movbe) continue;
      prefixes(&k, 1, &rex);
      emit(&k, 3, 0x0f, 0x38, 0xf0 + (int)(rnd() % 2));
      emit_modrm_mem(&k, (int)(rnd() % 8));
      break;
    default: { /* bt with register offset on a register operand */
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x0f, 0xa3 + 8 * (int)(rnd() % 4));
      emit_modrm_reg(&k, (int)(rnd() % 8), (int)(rnd() % 8));
      k.flag_mask = CF;
      break;
    }
    }
    bad += check(&k, "bit", count);
  }
  return bad;
}

int fam_atomic(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int rex = 0, size, f = (int)(rnd() % 4), lock = (int)(rnd() % 2);
    if (lock) emit(&k, 1, 0xf0);
    switch (f) {
    case 0: case 1: { /* cmpxchg, xadd: [rbx + d8] with rax sometimes matching */
      size = prefixes(&k, 1, &rex);
      int w = (int)(rnd() % 2);
      emit(&k, 2, 0x0f, (f == 0 ? 0xb0 : 0xc0) + w);
      int d = (int)(rnd() % 64) * 2;
      emit(&k, 2, 0x43 | ((int)(rnd() % 8) << 3), d);
      if (!w) size = 1;
      uint64_t v = 0;
      memcpy(&v, k.data + 0x1000 + d, (size_t)size);
      if (rnd() % 2) k.st.r[0] = v;
      if (rex & 1) k.st.r[11] = DATA_ADDR + 0x1000;
      break;
    }
    case 2: { /* cmpxchg8b / 16b */
      int w = (int)(rnd() % 2);
      if (w) emit(&k, 1, 0x48);
      int d = (int)(rnd() % 8) * 16;
      emit(&k, 4, 0x0f, 0xc7, 0x4b, d);
      uint64_t lo, hi;
      memcpy(&lo, k.data + 0x1000 + d, 8);
      memcpy(&hi, k.data + 0x1008 + d, 8);
      if (rnd() % 2) {
        if (w) k.st.r[0] = lo, k.st.r[2] = hi;
        else k.st.r[0] = (uint32_t)lo | (rnd() << 32), k.st.r[2] = (lo >> 32) | (rnd() << 32);
      }
      k.flag_mask = ARITH;
      break;
    }
    default: /* xchg, and ALU with lock */
      prefixes(&k, 1, &rex);
      if (rnd() % 2) emit(&k, 1, 0x86 + (int)(rnd() % 2));
      else emit(&k, 1, ((int)(rnd() % 8) << 3) | (int)(rnd() % 2));
      emit_modrm_mem(&k, (int)(rnd() % 8));
      k.flag_mask = ARITH & ~AF;
      break;
    }
    bad += check(&k, "atomic", count);
  }
  return bad;
}

int fam_string(int n, long *count) {
  int bad = 0;
  Case k;
  static const int ops[5] = {0xa4, 0xa6, 0xaa, 0xac, 0xae};
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int o = ops[rnd() % 5], w = (int)(rnd() % 2), rep = (int)(rnd() % 3), rex = 0;
    if (rnd() % 4 == 0) emit(&k, 1, 0x67);
    if (rep) emit(&k, 1, rep == 1 ? 0xf3 : 0xf2);
    if (w) {
      if (rnd() % 3 == 0) emit(&k, 1, 0x66);
      else if (rnd() % 2) emit(&k, 1, 0x48), rex = 1;
    }
    emit(&k, 1, o + w);
    (void)rex;
    k.st.r[1] = rnd() % 3 == 0 ? rnd() % 4 : rnd() % 40;
    k.st.r[6] = DATA_ADDR + 0x400 + rnd() % 0x600;
    k.st.r[7] = rnd() % 4 == 0 ? k.st.r[6] + rnd() % 16 - 8 : DATA_ADDR + 0x1200 + rnd() % 0x600;
    if (rnd() % 2) k.st.rflags |= 0x400;
    if (o == 0xa6 || o == 0xae) {
      /* make matches likely so repe/repne run for a while */
      if (rnd() % 2) memset(k.data + 0x400, 0x41, 0x1800);
      if (rnd() % 2) k.st.r[0] = 0x4141414141414141ull;
    }
    k.flag_mask = ARITH;
    bad += check(&k, "string", count);
  }
  return bad;
}

int fam_control(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int rex, f = (int)(rnd() % 13);
    switch (f) {
    case 10: { /* mov al/eax/rax <-> [moffs64] */
      prefixes(&k, 1, &rex);
      emit(&k, 1, 0xa0 + (int)(rnd() % 4));
      emit_imm(&k, DATA_ADDR + 0x200 + rnd() % 0x100, 8);
      break;
    }
    case 11: /* push target; ret imm16 */
      emit(&k, 1, 0x68);
      emit_imm(&k, CODE_ADDR + 8, 4);
      emit(&k, 3, 0xc2, 8 * (int)(rnd() % 4), 0);
      emit(&k, 2, 0x31, 0xc0); /* skipped */
      break;
    case 12: /* indirect call / jmp through a register or memory */
      k.st.r[2] = CODE_ADDR + 7;
      memcpy(k.data + 0x1000, &k.st.r[2], 8);
      switch (rnd() % 4) {
      case 0: emit(&k, 2, 0xff, 0xd2); break;             /* call rdx */
      case 1: emit(&k, 2, 0xff, 0xe2); break;             /* jmp rdx */
      case 2: emit(&k, 2, 0xff, 0x13); break;             /* call [rbx] */
      default: emit(&k, 2, 0xff, 0x23); break;            /* jmp [rbx] */
      }
      while (k.len < 7) emit(&k, 1, 0x90);
      emit(&k, 2, 0x31, 0xc0); /* landing: xor eax, eax */
      k.code[2] = 0xfe, k.code[3] = 0xc1;                 /* inc cl: skipped by the branch */
      break;
    case 0: /* push/pop registers */
      if (rnd() % 4 == 0) emit(&k, 1, 0x66);
      if (rnd() % 2) emit(&k, 1, 0x41);
      emit(&k, 1, 0x50 + (int)(rnd() % 16));
      break;
    case 1: /* push imm, push/pop r/m */
      switch (rnd() % 4) {
      case 0: emit(&k, 1, 0x68); emit_imm(&k, rnd(), 4); break;
      case 1: emit(&k, 2, 0x6a, (int)(rnd() % 256)); break;
      case 2: emit(&k, 1, 0xff); emit_modrm_mem(&k, 6); break;
      default: emit(&k, 1, 0x8f); emit_modrm_mem(&k, 0); break;
      }
      break;
    case 2: /* jcc rel8 / rel32 over a mov */
      if (rnd() % 2) emit(&k, 2, 0x70 + (int)(rnd() % 16), 5);
      else emit(&k, 6, 0x0f, 0x80 + (int)(rnd() % 16), 5, 0, 0, 0);
      emit(&k, 1, 0xb8);
      emit_imm(&k, rnd(), 4);
      break;
    case 3: /* loop family */
      k.st.r[1] = rnd() % 3;
      if (rnd() % 4 == 0) k.st.r[1] |= 0x100000000ull;
      if (rnd() % 4 == 0) emit(&k, 1, 0x67);
      emit(&k, 2, 0xe0 + (int)(rnd() % 4), 5);
      emit(&k, 1, 0xb8);
      emit_imm(&k, rnd(), 4);
      break;
    case 4: /* call next; push target; ret */
      if (rnd() % 2) {
        emit(&k, 5, 0xe8, 0, 0, 0, 0);
      } else {
        emit(&k, 1, 0x68);
        emit_imm(&k, CODE_ADDR + 6 + (rnd() % 2) * 3, 4);
        emit(&k, 1, 0xc3);
        emit(&k, 3, 0x48, 0x31, 0xc0); /* xor rax, rax: skipped or not */
      }
      break;
    case 5: /* enter / leave */
      if (rnd() % 2) {
        emit(&k, 1, 0xc8);
        emit_imm(&k, rnd() % 64, 2);
        emit(&k, 1, (int)(rnd() % 3));
        k.st.r[5] = DATA_ADDR + 0x1900 + rnd() % 64 * 8;
      } else {
        k.st.r[5] = DATA_ADDR + 0x1900 + rnd() % 64 * 8;
        emit(&k, 1, 0xc9);
      }
      break;
    case 6: { /* pushf/popf with a safe image (no TF, no AC) */
      uint64_t v = (rnd() & 0xcd5) | 2;
      memcpy(k.data + 0x1800, &v, 8);
      emit(&k, 1, rnd() % 2 ? 0x9c : 0x9d);
      break;
    }
    case 7: /* xlat */
      emit(&k, 1, 0xd7);
      break;
    case 8: /* lea with 32-bit address size and rip-relative */
      prefixes(&k, 1, &rex);
      if (rnd() % 2) {
        k.len = 0;
        emit(&k, 1, 0x67);
        prefixes(&k, 1, &rex);
        emit(&k, 1, 0x8d);
        emit_modrm_mem(&k, (int)(rnd() % 8));
      } else {
        emit(&k, 2, 0x8d, 0x05 | (int)(rnd() % 8) << 3);
        emit_imm(&k, rnd(), 4);
      }
      break;
    default: { /* rip-relative load */
      prefixes(&k, 1, &rex);
      emit(&k, 2, 0x8b, 0x05 | (int)(rnd() % 8) << 3);
      int32_t d = (int32_t)(DATA_ADDR + 0x100 + rnd() % 0x100 - (CODE_ADDR + (uint64_t)k.len + 4));
      emit_imm(&k, (uint64_t)(int64_t)d, 4);
      break;
    }
    }
    bad += check(&k, "control", count);
  }
  return bad;
}

int fam_fault(int n, long *count) {
  int bad = 0;
  Case k;
  for (int t = 0; t < n; t++) {
    case_init(&k);
    int f = (int)(rnd() % 9);
    switch (f) {
    case 7: /* misaligned movdqa: #GP */
      emit(&k, 5, 0x66, 0x0f, 0x6f, 0x43, 1 + (int)(rnd() % 15));
      break;
    case 8: /* privileged: cli */
      emit(&k, 1, 0xfa);
      break;
    case 6: /* a non-canonical address: #GP, SIGSEGV natively as well */
      k.st.r[3] = 0x0000800000000000ull + (rnd() % 0x1000000) * 8;
      emit(&k, 3, 0x48, 0x8b, 0x03);
      break;
    case 0: /* load from an unmapped page */
      k.st.r[3] = UNMAPPED_ADDR + rnd() % 4096;
      emit(&k, 3, 0x48, 0x8b, 0x03);
      k.fault_addr = k.st.r[3];
      break;
    case 1: /* store to a read-only page */
      k.st.r[3] = RO_ADDR + rnd() % 4000;
      emit(&k, 3, 0x48, 0x01, 0x03); /* add [rbx], rax: nothing may change */
      k.fault_addr = k.st.r[3];
      break;
    case 2: emit(&k, 2, 0x0f, 0x0b); break;                 /* ud2 */
    case 3: k.st.r[1] = 0; emit(&k, 3, 0x48, 0xf7, 0xf1); break; /* div rcx by 0 */
    case 4: /* idiv overflow */
      k.st.r[0] = 0x8000000000000000ull, k.st.r[2] = ~0ull, k.st.r[1] = ~0ull;
      emit(&k, 3, 0x48, 0xf7, 0xf9);
      break;
    default: /* a push whose stack is unmapped */
      k.st.r[4] = UNMAPPED_ADDR + 64;
      emit(&k, 1, 0x50);
      k.fault_addr = UNMAPPED_ADDR + 56;
      break;
    }
    bad += check(&k, "fault", count);
  }
  return bad;
}
