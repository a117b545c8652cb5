/* The guest address space: one host reservation per guest process, guest address A living at
 * host address base + A (qemu-user's guest_base), with host protections mirroring the guest's
 * and a table of the guest's mappings. Every guest access is bounds-checked against the
 * reservation, so a guest pointer never reaches host memory outside it; a host fault inside a
 * guarded access becomes a guest fault. Owned by syscall-shim/guest/mem.c. */
#ifndef SX_MEM_H
#define SX_MEM_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#define SX_PAGE_SIZE 4096u
#define SX_PAGE_MASK ((uint64_t)SX_PAGE_SIZE - 1)
/* x86-64 Linux's user address limit (47 bits): canonical addresses below it are "user". The
 * guest's own space is smaller, sx_mem_limit(): whatever reservation the host grants. */
#define SX_ADDR_LIMIT (1ull << 47)

/* Page protections (same bit values as Linux PROT_*, but our own names). */
enum { SX_PROT_READ = 1, SX_PROT_WRITE = 2, SX_PROT_EXEC = 4 };
/* Mapping kinds: SX_MAP_SHARED for sx_mem_map_file; SX_MAP_FILE marks file-backed regions. */
enum { SX_MAP_SHARED = 1, SX_MAP_FILE = 2 };
/* A shared mapping inherited through fork: its creator pays for it (--max-memory), not this
 * process. Set by the shim itself, never by callers. */
enum { SX_MAP_INHERITED = 4 };

typedef struct { uint64_t start, end; int prot, flags; } SxRegion;

/* Code versions: one counter per guest page, hashed into SX_CODE_VERS slots (pages 64 MiB
 * apart share one, which only costs a spurious re-decode). A slot is bumped (atomically,
 * after the change) whenever the bytes or the mapping of a page in it may have changed, so a
 * decoded block stays valid while its page's counter holds the value it read before decoding.
 * A block starting on the page before may run into the page, so that page is bumped too. */
#define SX_CODE_VERS_LOG2 14
#define SX_CODE_VERS (1u << SX_CODE_VERS_LOG2)
static inline uint32_t sx_code_slot(uint64_t addr) {
  return (uint32_t)(addr >> 12) & (SX_CODE_VERS - 1);
}

/* Fields other than base, limit, generation and code_ver are private to mem.c. */
typedef struct SxMem {
  uint8_t *base;                /* host address of guest address 0 */
  uint64_t limit;               /* guest addresses are below this (the reservation's size) */
  uint64_t generation;          /* bumped by unmap/protect/map (atomic): TLBs refill */
  uint64_t *code_ver;           /* SX_CODE_VERS code versions, see above */
  uint32_t lock;                /* guards the region table: readers count, or WRITER */
  SxRegion *r;                  /* sorted, non-overlapping, adjacent equal ones merged */
  int64_t charged;              /* bytes charged to --max-memory (sx_limits_memory) */
  size_t n, cap;
} SxMem;

/* A new, empty address space, or NULL when the host grants no reservation. */
SxMem *sx_mem_new(void);
void sx_mem_free(SxMem *m);
static inline uint64_t sx_mem_limit(const SxMem *m) { return m->limit; }
/* Where the loader puts the initial stack and PIE executables, scaled to the limit as Linux
 * scales them to TASK_SIZE (stack at the top, PIE at two thirds). */
uint64_t sx_mem_stack_top(const SxMem *m);
uint64_t sx_mem_pie_base(const SxMem *m);
/* Host address of guest addr (unchecked: callers bounds-check first). */
static inline uint8_t *sx_mem_host(const SxMem *m, uint64_t addr) { return m->base + addr; }

/* Maps [addr, addr+len) (page aligned) as fresh zeroed private pages with `prot`, replacing
 * whatever was there. Returns 0 or a negative Linux errno value (-ENOMEM_LINUX ...). */
int sx_mem_map(SxMem *m, uint64_t addr, uint64_t len, int prot);
/* The same for a file (host_fd >= 0, from byte off) or shared anonymous memory (host_fd < 0
 * with SX_MAP_SHARED): shared mappings are the host's, so other processes see them. */
int sx_mem_map_file(SxMem *m, uint64_t addr, uint64_t len, int prot, int flags, int host_fd,
                    int64_t off);
int sx_mem_unmap(SxMem *m, uint64_t addr, uint64_t len);
int sx_mem_protect(SxMem *m, uint64_t addr, uint64_t len, int prot);
/* mremap of a shared mapping by the host's mremap (its pages stay shared): [old, old+oldlen)
 * must lie in one mapping; it moves to [dst, dst+newlen) (dst == old grows it in place,
 * oldlen 0 maps the same pages a second time), replacing what was there. */
int sx_mem_remap(SxMem *m, uint64_t old, uint64_t oldlen, uint64_t dst, uint64_t newlen);
/* madvise(MADV_DONTNEED): private pages read back as zero or as the file's contents. */
int sx_mem_discard(SxMem *m, uint64_t addr, uint64_t len);
/* Finds `len` bytes of unmapped address space at or above `hint` (top-down below the mmap base
 * when hint is 0). Returns the address or 0 when none is free. */
uint64_t sx_mem_find_free(SxMem *m, uint64_t hint, uint64_t len);
/* The first mapping ending above addr (copied out), 0 when there is none: walking with
 * addr = out->end visits every mapping in order (/proc/self/maps, statm). */
int sx_mem_next_region(SxMem *m, uint64_t addr, SxRegion *out);
/* Protection of the page holding addr, or -1 when it is unmapped. */
int sx_mem_prot_at(SxMem *m, uint64_t addr);
/* The mapping holding addr (copied out), 0 when unmapped. */
int sx_mem_region_at(SxMem *m, uint64_t addr, SxRegion *out);
/* Is [addr, addr+len) mapped throughout with every bit of `need`? */
int sx_mem_check(SxMem *m, uint64_t addr, uint64_t len, int need);

/* Host pointer for `len` bytes at guest `addr` if the whole range is mapped with all bits of
 * `need` (SX_PROT_*), else NULL. Host system calls may use it directly (a concurrent unmap
 * makes them fail with EFAULT); copies by the shim itself go through sx_mem_read/write,
 * which survive such races. A caller that wrote through the pointer calls sx_mem_wrote
 * afterwards. */
void *sx_mem_ptr(SxMem *m, uint64_t addr, uint64_t len, int need);

/* Bounds-checked copies between guest and host. Return 0, or -EFAULT_LINUX and store the
 * first faulting guest address in *fault (if fault is not NULL). */
int sx_mem_read(SxMem *m, uint64_t addr, void *dst, uint64_t len, uint64_t *fault);
int sx_mem_write(SxMem *m, uint64_t addr, const void *src, uint64_t len, uint64_t *fault);
/* Reads a NUL-terminated guest string of at most max bytes (including the NUL) into dst.
 * Returns its length, -EFAULT_LINUX, or -ENAMETOOLONG_LINUX. */
long sx_mem_read_str(SxMem *m, uint64_t addr, char *dst, uint64_t max);

static inline uint64_t sx_mem_generation(const SxMem *m) {
  return __atomic_load_n(&m->generation, __ATOMIC_ACQUIRE);
}
/* Records that the bytes of [addr, addr+len) changed (bumps their code versions); call it
 * after the change, so a thread decoding meanwhile reads the old version. */
void sx_mem_code_changed(SxMem *m, uint64_t addr, uint64_t len);
/* The same, but only when the range touches an executable page (after a host write into
 * guest memory through sx_mem_ptr). */
void sx_mem_wrote(SxMem *m, uint64_t addr, uint64_t len);

/* A fault guard: while armed on a thread, a host SIGSEGV/SIGBUS at an address inside m's
 * reservation longjmps to env with value 2, storing the guest address, Linux signal and
 * si_code. Arm, then setjmp(g->env); disarm on every way out. */
typedef struct SxMemGuard {
  jmp_buf env;
  SxMem *mem;
  uint64_t addr;
  int sig, code;
  struct SxMemGuard *prev;
} SxMemGuard;
void sx_mem_guard_enter(SxMem *m, SxMemGuard *g);
void sx_mem_guard_leave(SxMemGuard *g);

/* Around a host fork (both sides call end): no other thread may hold the table's lock. */
/* Where mappings are charged (--max-memory, syscall-shim/guest/limits.c): fn gets every
 * change of the bytes charged, and may end the guest. */
void sx_mem_set_meter(void (*fn)(int64_t delta));
/* In the child of a fork, with the lock sx_mem_fork_begin took still held: marks shared
 * mappings as inherited and returns the bytes the child pays for (its private writable pages). */
int64_t sx_mem_fork_child(SxMem *m);
void sx_mem_fork_begin(SxMem *m);
void sx_mem_fork_end(SxMem *m);

#endif
