/* Loading an x86-64 ELF executable into a guest address space and building the initial stack
 * (argv, envp, auxv) the way Linux's binfmt_elf does for a static or static-pie program. */
#ifndef SX_LOADER_H
#define SX_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "syscall-shim/guest/mem.h"

typedef struct {
  uint64_t entry;     /* where execution starts */
  uint64_t phdr;      /* guest address of the program headers */
  uint64_t phnum, phent;
  uint64_t base;      /* load bias (0 for ET_EXEC) */
  uint64_t brk;       /* page-aligned end of the highest segment */
} SxImage;

/* Where the stack ends (exclusive) and how much of it is mapped. */
#define SX_STACK_TOP(m) sx_mem_stack_top(m)
#define SX_STACK_SIZE (8ull << 20)
/* Load address of position-independent executables (Linux's ELF_ET_DYN_BASE without ASLR). */
#define SX_PIE_BASE(m) sx_mem_pie_base(m)

/* Validates and maps the ELF file open on host fd `fd`. On failure returns a negative Linux
 * errno and writes a human-readable reason to err ("not an ELF file", ...). */
long sx_load_elf(SxMem *m, int fd, SxImage *img, char *err, size_t errlen);

/* Maps the stack and writes argc/argv/envp/auxv; returns the initial rsp or 0 on failure. */
uint64_t sx_build_stack(SxMem *m, const SxImage *img, int argc, char *const *argv,
                        char *const *envp, const char *execfn);

#endif
