/* The x86-64 guest CPU: architectural state and the interpreter's entry point.
 * The interpreter runs until something needs the OS layer (a syscall, a fault, a trap) and
 * returns the reason; syscall-shim/guest/ decides what happens next. Owned by syscall-shim/cpu/. */
#ifndef SX_CPU_H
#define SX_CPU_H

#include <stdint.h>

#include "syscall-shim/guest/mem.h"

/* General-purpose register numbers in encoding order. */
enum { SX_RAX, SX_RCX, SX_RDX, SX_RBX, SX_RSP, SX_RBP, SX_RSI, SX_RDI,
       SX_R8, SX_R9, SX_R10, SX_R11, SX_R12, SX_R13, SX_R14, SX_R15 };

/* Why sx_cpu_run returned. */
typedef enum {
  SX_STOP_SYSCALL,   /* executed `syscall`; rip already points past it */
  SX_STOP_SEGV,      /* memory fault; fault_addr and fault_code (SEGV_MAPERR/ACCERR) set,
                        rip points at the faulting instruction */
  SX_STOP_ILL,       /* undecodable or unsupported instruction at rip */
  SX_STOP_FPE,       /* divide error at rip */
  SX_STOP_TRAP,      /* int3 or single-step */
  SX_STOP_HLT,       /* hlt in user mode: Linux delivers SIGSEGV */
  SX_STOP_INTERRUPT, /* sx_cpu_interrupt() was called (signal pending) */
  SX_STOP_BUS,       /* host SIGBUS in a guest access (a file mapping past end of file);
                        fault_addr and fault_code (BUS_ADRERR) set */
} SxStop;

typedef struct {
  uint8_t b[10];     /* an 80-bit extended-precision register as stored by fstp m80 */
} SxF80;

typedef struct SxCpu {
  uint64_t r[16];
  uint64_t rip;
  uint64_t rflags;             /* materialised flags; the interpreter may keep them lazily */
  uint64_t fs_base, gs_base;
  union { uint8_t b[16]; uint32_t d[4]; uint64_t q[2]; float f[4]; double g[2]; } xmm[16];
  uint32_t mxcsr;
  /* x87 state in the layout fxsave uses, so signal frames can copy it. */
  uint16_t fcw, fsw, ftw;
  SxF80 st[8];                 /* physical registers; TOP lives in fsw bits 11-13 */
  /* Not architectural state (sx_cpu_clone copies everything above this line). */
  SxMem *mem;
  uint64_t fault_addr;
  int fault_code;
  int interrupt;               /* set asynchronously (atomically) to make sx_cpu_run return soon */
  /* --fuel: instructions this thread may still run. A block that needs more than is left
   * stops the CPU (SX_STOP_INTERRUPT) with fuel_need set to its length, before it runs. */
  int64_t fuel;
  int64_t fuel_need;
  void *impl;                  /* interpreter-private state (lazy flags, translation cache) */
} SxCpu;

/* Initialises a CPU in the state Linux gives a new process (flags 0x202, MXCSR 0x1f80, FCW 0x37f). */
void sx_cpu_init(SxCpu *c, SxMem *mem);
void sx_cpu_destroy(SxCpu *c);
/* Initialises dst with src's architectural state (registers, flags, SSE and x87 state,
 * fs/gs bases) running on `mem`, with its own private interpreter state: for fork and
 * clone, where copying the struct itself would share `impl`. */
void sx_cpu_clone(SxCpu *dst, SxCpu *src, SxMem *mem);
/* Runs guest code until a stop reason occurs. */
SxStop sx_cpu_run(SxCpu *c);
/* Makes the flags in c->rflags exact (call before reading or writing rflags from outside). */
void sx_cpu_sync_flags(SxCpu *c);
/* Asks a running sx_cpu_run to return SX_STOP_INTERRUPT at the next instruction boundary;
 * async-signal-safe. */
void sx_cpu_interrupt(SxCpu *c);
/* Describes the instruction bytes at rip for diagnostics ("0f 0b at 0x401000"). */
void sx_cpu_describe(SxCpu *c, char *buf, int size);

#endif
