/* The guest address space: a software page table that maps 4 KiB guest pages to host memory
 * with per-page protections. Every guest access goes through it, so a guest pointer can never
 * reach host memory outside what was mapped for the guest. Owned by syscall-shim/guest/mem.c. */
#ifndef SX_MEM_H
#define SX_MEM_H

#include <stddef.h>
#include <stdint.h>

#define SX_PAGE_SIZE 4096u
#define SX_PAGE_MASK ((uint64_t)SX_PAGE_SIZE - 1)
/* The guest sees a 47-bit user address space, as on x86-64 Linux. */
#define SX_ADDR_LIMIT (1ull << 47)

/* Page protections (same bit values as Linux PROT_*, but our own names). */
enum { SX_PROT_READ = 1, SX_PROT_WRITE = 2, SX_PROT_EXEC = 4 };

typedef struct SxMem SxMem;

SxMem *sx_mem_new(void);
void sx_mem_free(SxMem *m);
/* A copy of the whole address space with the same mappings and contents (for fork); NULL
 * when out of memory. Pages are copied eagerly (no copy-on-write yet). */
SxMem *sx_mem_clone(const SxMem *m);

/* Maps [addr, addr+len) (page aligned) as fresh zeroed pages with `prot`, replacing whatever
 * was there. Returns 0 or a negative Linux errno value (-ENOMEM_LINUX ...). */
int sx_mem_map(SxMem *m, uint64_t addr, uint64_t len, int prot);
int sx_mem_unmap(SxMem *m, uint64_t addr, uint64_t len);
int sx_mem_protect(SxMem *m, uint64_t addr, uint64_t len, int prot);
/* Finds `len` bytes of unmapped address space at or above `hint` (top-down below the mmap base
 * when hint is 0). Returns the address or 0 when none is free. */
uint64_t sx_mem_find_free(SxMem *m, uint64_t hint, uint64_t len);
/* The first run of mapped pages with one protection at or after addr: [*start, *end) and
 * *prot. Returns 0 when nothing is mapped there (for /proc/self/maps and statm). */
int sx_mem_next_range(SxMem *m, uint64_t addr, uint64_t *start, uint64_t *end, int *prot);
/* Protection of the page holding addr, or -1 when it is unmapped. */
int sx_mem_prot_at(SxMem *m, uint64_t addr);

/* Host pointer for `len` bytes at guest `addr` if the whole range is mapped with all bits of
 * `need` (SX_PROT_*), else NULL. The range may cross pages only if the host backing is
 * contiguous; callers that must handle arbitrary ranges use sx_mem_read/sx_mem_write. */
void *sx_mem_ptr(SxMem *m, uint64_t addr, uint64_t len, int need);

/* Bounds-checked copies between guest and host. Return 0, or -EFAULT_LINUX and store the
 * first faulting guest address in *fault (if fault is not NULL). */
int sx_mem_read(SxMem *m, uint64_t addr, void *dst, uint64_t len, uint64_t *fault);
int sx_mem_write(SxMem *m, uint64_t addr, const void *src, uint64_t len, uint64_t *fault);
/* Reads a NUL-terminated guest string of at most max bytes (including the NUL) into dst.
 * Returns its length, -EFAULT_LINUX, or -ENAMETOOLONG_LINUX. */
long sx_mem_read_str(SxMem *m, uint64_t addr, char *dst, uint64_t max);

/* Bumped by every unmap/protect, so a CPU's translation cache knows when to flush. */
uint64_t sx_mem_generation(const SxMem *m);

#endif
