#include "tests/emu/insn/harness.h"
int fam_sse_int(int n, long *count) { (void)n; (void)count; return 0; }
int fam_sse_fp(int n, long *count) { (void)n; (void)count; return 0; }
int fam_sse_cvt(int n, long *count) { (void)n; (void)count; return 0; }
int fam_sse_mov(int n, long *count) { (void)n; (void)count; return 0; }
