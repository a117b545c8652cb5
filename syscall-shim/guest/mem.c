/* The guest address space: a three-level radix tree over the 35-bit guest page number whose
 * leaves hold a host page pointer and the page's protection. Host pages are allocated on first
 * touch, so large PROT_NONE reservations (glibc malloc arenas, thread stacks) cost only leaves. */
#include "syscall-shim/guest/mem.h"

#include <stdlib.h>
#include <string.h>

#include "syscall-shim/linux/errno.h"

/* Page number bits 34..23 select the top node, 22..11 the middle node, 10..0 the leaf entry. */
#define TOP_BITS 12
#define MID_BITS 12
#define LEAF_BITS 11
#define PAGE_BITS (TOP_BITS + MID_BITS + LEAF_BITS)
#define LEAF_PAGES (1ull << LEAF_BITS)
#define MID_PAGES (1ull << (LEAF_BITS + MID_BITS))

/* Leaf entry: host page address | MAPPED | prot; host pages are 4 KiB aligned so the low bits
 * are free. A mapped page whose host address is 0 has never been touched and reads as zeros. */
#define E_MAPPED 8u
#define E_PROT 7u
#define E_HOST (~(uintptr_t)SX_PAGE_MASK)

/* Where mmap(NULL) allocations start, growing down, as on Linux with ASLR disabled-ish. */
#define MMAP_BASE 0x7f0000000000ull

typedef struct { uintptr_t e[LEAF_PAGES]; } Leaf;
typedef struct { Leaf *leaf[1u << MID_BITS]; } Mid;

struct SxMem {
  Mid *top[1u << TOP_BITS];
  uint64_t generation;
};

SxMem *sx_mem_new(void) { return calloc(1, sizeof(SxMem)); }

static void free_host(uintptr_t e) {
  if (e & E_HOST) free((void *)(e & E_HOST));
}

void sx_mem_free(SxMem *m) {
  if (!m) return;
  for (unsigned t = 0; t < (1u << TOP_BITS); t++) {
    Mid *mid = m->top[t];
    if (!mid) continue;
    for (unsigned i = 0; i < (1u << MID_BITS); i++) {
      Leaf *l = mid->leaf[i];
      if (!l) continue;
      for (unsigned j = 0; j < LEAF_PAGES; j++) free_host(l->e[j]);
      free(l);
    }
    free(mid);
  }
  free(m);
}

uint64_t sx_mem_generation(const SxMem *m) { return m->generation; }

SxMem *sx_mem_clone(const SxMem *m) {
  SxMem *n = sx_mem_new();
  if (!n) return NULL;
  for (unsigned t = 0; t < (1u << TOP_BITS); t++) {
    const Mid *mid = m->top[t];
    if (!mid) continue;
    if (!(n->top[t] = calloc(1, sizeof(Mid)))) goto fail;
    for (unsigned i = 0; i < (1u << MID_BITS); i++) {
      const Leaf *l = mid->leaf[i];
      if (!l) continue;
      Leaf *nl = n->top[t]->leaf[i] = calloc(1, sizeof(Leaf));
      if (!nl) goto fail;
      for (unsigned j = 0; j < LEAF_PAGES; j++) {
        uintptr_t e = l->e[j];
        if (e & E_HOST) {
          void *h = aligned_alloc(SX_PAGE_SIZE, SX_PAGE_SIZE);
          if (!h) goto fail;
          memcpy(h, (void *)(e & E_HOST), SX_PAGE_SIZE);
          e = (e & ~E_HOST) | (uintptr_t)h;
        }
        nl->e[j] = e;
      }
    }
  }
  return n;
fail:
  sx_mem_free(n);
  return NULL;
}

/* Returns the leaf slot for page number pn, creating nodes when create is set. */
static uintptr_t *slot(SxMem *m, uint64_t pn, int create) {
  unsigned t = (unsigned)(pn >> (MID_BITS + LEAF_BITS));
  unsigned mi = (unsigned)(pn >> LEAF_BITS) & ((1u << MID_BITS) - 1);
  Mid *mid = m->top[t];
  if (!mid) {
    if (!create || !(mid = m->top[t] = calloc(1, sizeof(Mid)))) return NULL;
  }
  Leaf *l = mid->leaf[mi];
  if (!l) {
    if (!create || !(l = mid->leaf[mi] = calloc(1, sizeof(Leaf)))) return NULL;
  }
  return &l->e[pn & (LEAF_PAGES - 1)];
}

static int range_ok(uint64_t addr, uint64_t len) {
  return !(addr & SX_PAGE_MASK) && len && addr < SX_ADDR_LIMIT && len <= SX_ADDR_LIMIT - addr;
}

int sx_mem_map(SxMem *m, uint64_t addr, uint64_t len, int prot) {
  if (!range_ok(addr, len)) return -EINVAL_LINUX;
  uint64_t first = addr >> 12, n = (len + SX_PAGE_MASK) >> 12;
  /* Create every node first so that running out of memory leaves the old mapping intact. */
  for (uint64_t p = first; p < first + n; p++)
    if (!slot(m, p, 1)) return -ENOMEM_LINUX;
  for (uint64_t p = first; p < first + n; p++) {
    uintptr_t *s = slot(m, p, 0);
    free_host(*s);
    *s = E_MAPPED | (uintptr_t)(prot & E_PROT);
  }
  m->generation++;
  return 0;
}

int sx_mem_unmap(SxMem *m, uint64_t addr, uint64_t len) {
  if (!range_ok(addr, len)) return -EINVAL_LINUX;
  uint64_t first = addr >> 12, n = (len + SX_PAGE_MASK) >> 12;
  for (uint64_t p = first; p < first + n; p++) {
    uintptr_t *s = slot(m, p, 0);
    if (!s) { p |= LEAF_PAGES - 1; continue; } /* skip a whole absent leaf */
    free_host(*s);
    *s = 0;
  }
  m->generation++;
  return 0;
}

int sx_mem_protect(SxMem *m, uint64_t addr, uint64_t len, int prot) {
  if (!range_ok(addr, len)) return -EINVAL_LINUX;
  uint64_t first = addr >> 12, n = (len + SX_PAGE_MASK) >> 12;
  /* Linux fails with ENOMEM when part of the range is unmapped, and changes nothing then. */
  for (uint64_t p = first; p < first + n; p++) {
    uintptr_t *s = slot(m, p, 0);
    if (!s || !(*s & E_MAPPED)) return -ENOMEM_LINUX;
  }
  for (uint64_t p = first; p < first + n; p++) {
    uintptr_t *s = slot(m, p, 0);
    *s = (*s & ~(uintptr_t)E_PROT) | (uintptr_t)(prot & E_PROT);
  }
  m->generation++;
  return 0;
}

int sx_mem_prot_at(SxMem *m, uint64_t addr) {
  if (addr >= SX_ADDR_LIMIT) return -1;
  uintptr_t *s = slot(m, addr >> 12, 0);
  if (!s || !(*s & E_MAPPED)) return -1;
  return (int)(*s & E_PROT);
}

/* Is page pn free? Sets *skip_to_below/above hints implicitly by the caller re-checking. */
static int page_free(SxMem *m, uint64_t pn) {
  uintptr_t *s = slot(m, pn, 0);
  return !s || !(*s & E_MAPPED);
}

/* Whole-leaf emptiness lets the search skip 8 MiB at a time through unused space. */
static int leaf_absent(SxMem *m, uint64_t pn) {
  unsigned t = (unsigned)(pn >> (MID_BITS + LEAF_BITS));
  unsigned mi = (unsigned)(pn >> LEAF_BITS) & ((1u << MID_BITS) - 1);
  return !m->top[t] || !m->top[t]->leaf[mi];
}

uint64_t sx_mem_find_free(SxMem *m, uint64_t hint, uint64_t len) {
  if (!len || len > SX_ADDR_LIMIT) return 0;
  uint64_t n = (len + SX_PAGE_MASK) >> 12;
  if (hint) {
    /* Upward from the hint: first fit. */
    uint64_t start = (hint + SX_PAGE_MASK) >> 12, run = 0;
    for (uint64_t p = start; p < (SX_ADDR_LIMIT >> 12);) {
      if (leaf_absent(m, p)) {
        uint64_t next = (p | (LEAF_PAGES - 1)) + 1;
        run += next - p;
        p = next;
      } else if (page_free(m, p)) {
        run++, p++;
      } else {
        run = 0, p++, start = p;
      }
      if (run >= n) return start << 12;
    }
    return 0;
  }
  /* Top-down below the mmap base: the run grows downward from `end`. */
  uint64_t end = MMAP_BASE >> 12, run = 0, p = end;
  while (p > 16) { /* keep the low 64 KiB unmapped, like vm.mmap_min_addr */
    uint64_t q = p - 1;
    if (leaf_absent(m, q)) {
      uint64_t low = q & ~(LEAF_PAGES - 1);
      run += p - low;
      p = low;
    } else if (page_free(m, q)) {
      run++, p--;
    } else {
      run = 0, p--, end = p;
    }
    if (run >= n) return (end - n) << 12;
  }
  return 0;
}

/* Host address of page pn for an access needing `need`, allocating it on first touch. */
static uint8_t *page_host(SxMem *m, uint64_t pn, int need) {
  if (pn >= (SX_ADDR_LIMIT >> 12)) return NULL;
  uintptr_t *s = slot(m, pn, 0);
  if (!s || !(*s & E_MAPPED) || (int)(*s & E_PROT & (uintptr_t)need) != need) return NULL;
  if (!(*s & E_HOST)) {
    void *h = aligned_alloc(SX_PAGE_SIZE, SX_PAGE_SIZE);
    if (!h) return NULL;
    memset(h, 0, SX_PAGE_SIZE);
    *s |= (uintptr_t)h;
  }
  return (uint8_t *)(*s & E_HOST);
}

void *sx_mem_ptr(SxMem *m, uint64_t addr, uint64_t len, int need) {
  if (addr >= SX_ADDR_LIMIT) return NULL;
  /* Each page has its own host allocation, so only single-page ranges are contiguous. */
  if (len && ((addr & SX_PAGE_MASK) + len > SX_PAGE_SIZE)) return NULL;
  uint8_t *h = page_host(m, addr >> 12, need);
  return h ? h + (addr & SX_PAGE_MASK) : NULL;
}

/* Copies len bytes page by page; dir 0 reads guest into buf, 1 writes buf to guest. */
static int copy(SxMem *m, uint64_t addr, uint8_t *buf, uint64_t len, int dir, uint64_t *fault) {
  while (len) {
    uint64_t off = addr & SX_PAGE_MASK, n = SX_PAGE_SIZE - off;
    if (n > len) n = len;
    uint8_t *h = addr < SX_ADDR_LIMIT ? page_host(m, addr >> 12, dir ? SX_PROT_WRITE : SX_PROT_READ)
                                      : NULL;
    if (!h) {
      if (fault) *fault = addr;
      return -EFAULT_LINUX;
    }
    if (dir) memcpy(h + off, buf, n);
    else memcpy(buf, h + off, n);
    addr += n, buf += n, len -= n;
  }
  return 0;
}

int sx_mem_read(SxMem *m, uint64_t addr, void *dst, uint64_t len, uint64_t *fault) {
  return copy(m, addr, dst, len, 0, fault);
}

int sx_mem_write(SxMem *m, uint64_t addr, const void *src, uint64_t len, uint64_t *fault) {
  return copy(m, addr, (uint8_t *)src, len, 1, fault);
}

long sx_mem_read_str(SxMem *m, uint64_t addr, char *dst, uint64_t max) {
  for (uint64_t i = 0; i < max; i++) {
    uint8_t *h = addr + i < SX_ADDR_LIMIT ? page_host(m, (addr + i) >> 12, SX_PROT_READ) : NULL;
    if (!h) return -EFAULT_LINUX;
    /* Copy the rest of this page at once; strings are usually short, this is rarely hot. */
    uint64_t off = (addr + i) & SX_PAGE_MASK;
    for (; off < SX_PAGE_SIZE && i < max; off++, i++) {
      dst[i] = (char)h[off];
      if (!h[off]) return (long)i;
    }
    i--;
  }
  return -ENAMETOOLONG_LINUX;
}

/* Next mapped page at or after pn, or SX_ADDR_LIMIT >> 12; skips absent nodes whole. */
static uint64_t next_mapped(SxMem *m, uint64_t pn) {
  const uint64_t end = SX_ADDR_LIMIT >> 12;
  while (pn < end) {
    unsigned t = (unsigned)(pn >> (MID_BITS + LEAF_BITS));
    if (!m->top[t]) { pn = (uint64_t)(t + 1) << (MID_BITS + LEAF_BITS); continue; }
    unsigned mi = (unsigned)(pn >> LEAF_BITS) & ((1u << MID_BITS) - 1);
    Leaf *l = m->top[t]->leaf[mi];
    if (!l) { pn = (pn | (LEAF_PAGES - 1)) + 1; continue; }
    if (l->e[pn & (LEAF_PAGES - 1)] & E_MAPPED) return pn;
    pn++;
  }
  return end;
}

int sx_mem_next_range(SxMem *m, uint64_t addr, uint64_t *start, uint64_t *end, int *prot) {
  if (addr >= SX_ADDR_LIMIT) return 0;
  uint64_t pn = next_mapped(m, addr >> 12);
  if (pn >= SX_ADDR_LIMIT >> 12) return 0;
  int pr = (int)(*slot(m, pn, 0) & E_PROT);
  uint64_t q = pn + 1;
  for (; q < SX_ADDR_LIMIT >> 12; q++) {
    uintptr_t *s = slot(m, q, 0);
    if (!s || !(*s & E_MAPPED) || (int)(*s & E_PROT) != pr) break;
  }
  *start = pn << 12;
  *end = q << 12;
  *prot = pr;
  return 1;
}
