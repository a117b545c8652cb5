#include "tests/emu/insn/harness.h"
int fam_x87(int n, long *count) { (void)n; (void)count; return 0; }
