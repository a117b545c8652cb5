/* TEMPORARY: SSE and x87 are not implemented yet; these raise SIGILL so the rest links.
 * Replaced by sse.c and x87.c. */
#include "syscall-shim/cpu/internal.h"
void sx_exec_sse(SxCpu *c, const Insn *i) { (void)i; STOP(c, SX_STOP_ILL); }
void sx_exec_x87(SxCpu *c, const Insn *i) { (void)i; STOP(c, SX_STOP_ILL); }
void sx_fxsave(SxCpu *c, uint64_t a) { (void)a; STOP(c, SX_STOP_ILL); }
void sx_fxrstor(SxCpu *c, uint64_t a) { (void)a; STOP(c, SX_STOP_ILL); }
