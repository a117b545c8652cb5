/* Shared pieces of the instruction differential test: a test case is a code snippet plus an
 * initial machine state; it runs natively (the oracle) and under sx_cpu_run, and the two final
 * states are compared under a mask of the flags the SDM defines for the instruction. */
#ifndef INSN_HARNESS_H
#define INSN_HARNESS_H

#include <stdint.h>

#define CODE_ADDR 0x20000000ull
#define DATA_ADDR 0x10000000ull
#define DATA_SIZE 8192
#define RO_ADDR 0x11000000ull   /* a read-only page in both worlds */
#define UNMAPPED_ADDR 0x30000000ull

typedef struct State {
  uint64_t r[16];
  uint64_t rflags;
  uint64_t pad;
  uint8_t fx[512] __attribute__((aligned(16)));
} State;

typedef struct Case {
  uint8_t code[160];
  int len;
  State st;
  uint8_t data[DATA_SIZE];
  uint64_t flag_mask;      /* rflags bits to compare */
  int cmp_xmm;             /* compare xmm registers and mxcsr */
  uint32_t mxcsr_mask;     /* which MXCSR bits to compare */
  uint64_t reg_skip;       /* bit r set: do not compare GPR r */
  int fault_off;           /* code offset of the instruction expected to fault (if any) */
  uint64_t fault_addr;     /* expected fault address for SIGSEGV cases, 0 = do not check */
} Case;

/* Deterministic PRNG (xorshift64*) */
uint64_t rnd(void);
uint64_t rnd_val(void);           /* random 64-bit value biased to edge cases */
void case_init(Case *k);          /* random registers, data, flags; pointers set up */
void emit(Case *k, int n, ...);   /* append n bytes */
void emit_bytes(Case *k, const uint8_t *b, int n);
void emit_imm(Case *k, uint64_t v, int n);
/* Emits ModRM (and SIB/disp) for reg field `reg` and either a register (mem == 0, rm) or a
 * memory operand around DATA_ADDR+0x1000 through rbx/r11 with a small displacement. The
 * caller must have emitted a REX (or none) consistent with rex_b (from *rexb_out). */
void emit_modrm_reg(Case *k, int reg, int rm);
void emit_modrm_mem(Case *k, int reg);

/* Runs the case both ways; returns 1 when they agree. `name` labels a mismatch report. */
int run_case(Case *k, const char *family);

/* Family drivers; each returns the number of failing cases and adds to *count. */
int fam_alu(int n, long *count);
int fam_shift(int n, long *count);
int fam_muldiv(int n, long *count);
int fam_bit(int n, long *count);
int fam_atomic(int n, long *count);
int fam_string(int n, long *count);
int fam_control(int n, long *count);
int fam_sse_int(int n, long *count);
int fam_sse_fp(int n, long *count);
int fam_sse_cvt(int n, long *count);
int fam_sse_mov(int n, long *count);
int fam_x87(int n, long *count);
int fam_fault(int n, long *count);
int fam_mem(int n, long *count); /* API and address-space checks, no native oracle */
int fam_junk(int n, long *count); /* random bytes: any clean stop, never a crash */

#endif
