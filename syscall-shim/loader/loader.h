/* Loading an x86-64 ELF executable into a guest address space and building the initial stack
 * (argv, envp, auxv) the way Linux's binfmt_elf does: static, static-pie and dynamically linked
 * programs (whose PT_INTERP loader is mapped beside them). */
#ifndef SX_LOADER_H
#define SX_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "syscall-shim/guest/mem.h"

/* Longest PT_INTERP path accepted (Linux allows PATH_MAX). */
#define SX_INTERP_MAX 4096

typedef struct {
  uint64_t entry;     /* the program's entry point (AT_ENTRY) */
  uint64_t start;     /* where execution starts: entry, or the interpreter's entry */
  uint64_t interp_base; /* load bias of the interpreter (AT_BASE), 0 without one */
  uint64_t phdr;      /* guest address of the program headers */
  uint64_t phnum, phent;
  uint64_t base;      /* load bias (0 for ET_EXEC) */
  uint64_t brk;       /* page-aligned end of the highest segment */
  /* Filled by sx_build_stack, for /proc/self/{cmdline,environ,auxv}: */
  uint64_t arg_start, arg_end, env_start, env_end, auxv_start, auxv_end;
  char interp[SX_INTERP_MAX]; /* PT_INTERP path ("" for a static program); zero it first */
} SxImage;

/* Where the stack ends (exclusive) and how much of it is mapped. */
#define SX_STACK_TOP(m) sx_mem_stack_top(m)
#define SX_STACK_SIZE (8ull << 20)
/* Load address of position-independent executables (Linux's ELF_ET_DYN_BASE without ASLR). */
#define SX_PIE_BASE(m) sx_mem_pie_base(m)

/* Validates and maps the ELF file open on host fd `fd`: the program itself, or (is_interp)
 * its dynamic loader, which is placed in the mmap area and may not have a PT_INTERP. Fills
 * img (whose interp must start empty). On failure returns a negative Linux errno and writes a
 * human-readable reason to err ("not an ELF file", ...). */
long sx_load_elf(SxMem *m, int fd, int is_interp, SxImage *img, char *err, size_t errlen);

/* Loads the interpreter open on `fd` for the program already in img: sets img->start and
 * img->interp_base. */
long sx_load_interp(SxMem *m, int fd, SxImage *img, char *err, size_t errlen);

/* Maps the stack and writes argc/argv/envp/auxv; returns the initial rsp or 0 on failure. */
uint64_t sx_build_stack(SxMem *m, SxImage *img, int argc, char *const *argv,
                        char *const *envp, const char *execfn);

#endif
