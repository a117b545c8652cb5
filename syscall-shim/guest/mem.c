/* The guest address space: a host reservation (syscall-shim/host/mem.c) holding the guest's
 * pages at base + address, and a sorted table of the guest's mappings (like Linux's VMAs)
 * that answers protection questions without touching the host. The table costs one entry
 * per mapping, whatever its size, so untouched memory costs the host nothing. */
#include "syscall-shim/guest/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/host/host.h"
#include "syscall-shim/linux/errno.h"

/* The largest reservation asked for: 32 TiB, so that two fit in a 47-bit host address space
 * beside nacre (execve builds the new image before dropping the old). Smaller hosts (39-bit
 * address spaces, sanitizer layouts) get the largest power of two they grant, down to 4 GiB. */
#define RESERVE_MAX (1ull << 45)
#define RESERVE_MIN (1ull << 32)
/* Linux's vm.max_map_count default: more mappings than this is ENOMEM. */
#define MAX_REGIONS 65530
/* The low 64 KiB stay unmapped, like vm.mmap_min_addr. */
#define MIN_ADDR 0x10000ull

static _Thread_local SxMemGuard *guard_top;
static void (*meter)(int64_t delta); /* sx_mem_set_meter */

static void on_host_fault(uintptr_t addr, int sig, int code) {
  SxMemGuard *g = guard_top;
  if (!g) return;
  uintptr_t base = (uintptr_t)g->mem->base;
  if (addr < base || addr - base >= g->mem->limit) return;
  g->addr = addr - base;
  g->sig = sig;
  g->code = code;
  guard_top = g->prev;
  longjmp(g->env, 2);
}

static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static void install_fault_handler(void) { host_fault_init(on_host_fault); }

void sx_mem_guard_enter(SxMem *m, SxMemGuard *g) {
  g->mem = m;
  g->prev = guard_top;
  guard_top = g;
}

void sx_mem_guard_leave(SxMemGuard *g) { guard_top = g->prev; }

SxMem *sx_mem_new(void) {
  if (host_page_size() != SX_PAGE_SIZE) return NULL; /* see docs/linux.md: 4 KiB hosts only */
  pthread_once(&fault_once, install_fault_handler);
  SxMem *m = calloc(1, sizeof *m);
  if (m && !(m->code_ver = calloc(SX_CODE_VERS, sizeof *m->code_ver))) {
    free(m);
    m = NULL;
  }
  if (!m) return NULL;
  uint64_t size = RESERVE_MAX;
  m->base = host_mem_reserve(&size, RESERVE_MIN);
  if (!m->base) {
    free(m->code_ver);
    free(m);
    return NULL;
  }
  m->limit = size;
  return m;
}

void sx_mem_free(SxMem *m) {
  if (!m) return;
  if (meter && m->charged) meter(-m->charged);
  host_mem_release(m->base, m->limit);
  free(m->r);
  free(m->code_ver);
  free(m);
}

uint64_t sx_mem_stack_top(const SxMem *m) { return m->limit - SX_PAGE_SIZE; }
uint64_t sx_mem_pie_base(const SxMem *m) { return (m->limit / 3 * 2) & ~SX_PAGE_MASK; }
/* mmap(NULL) allocations grow down from here; the gap above keeps the stack's growth room,
 * as Linux keeps one below its stack (1 TiB at the full 47-bit size). */
static uint64_t mmap_base(const SxMem *m) { return m->limit - m->limit / 128; }

/* The table lock: a reader count, or WRITER. Readers hold it for a table lookup only (never
 * while touching guest memory), so spinning is short; a plain word also survives fork. */
#define WRITER 0x80000000u
static void rd_lock(SxMem *m) {
  for (unsigned spins = 0;; spins++) {
    uint32_t v = __atomic_load_n(&m->lock, __ATOMIC_RELAXED);
    if (!(v & WRITER) &&
        __atomic_compare_exchange_n(&m->lock, &v, v + 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    if (spins > 100) host_yield();
  }
}
static void rd_unlock(SxMem *m) { __atomic_sub_fetch(&m->lock, 1, __ATOMIC_RELEASE); }
static void wr_lock(SxMem *m) {
  for (unsigned spins = 0;; spins++) {
    uint32_t v = 0;
    if (__atomic_compare_exchange_n(&m->lock, &v, WRITER, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    if (spins > 100) host_yield();
  }
}
static void wr_unlock(SxMem *m) { __atomic_store_n(&m->lock, 0, __ATOMIC_RELEASE); }

void sx_mem_fork_begin(SxMem *m) { wr_lock(m); }
/* In the child, its copy is held by this same thread: released the same way. */
void sx_mem_fork_end(SxMem *m) { wr_unlock(m); }

static void bump(uint64_t *gen) { __atomic_add_fetch(gen, 1, __ATOMIC_RELEASE); }

void sx_mem_code_changed(SxMem *m, uint64_t addr, uint64_t len) {
  if (!len) return;
  uint64_t first = addr >> 12, last = (addr + len - 1) >> 12;
  if (first) first--; /* a block starting on the previous page may run into this one */
  if (last - first >= SX_CODE_VERS) first = 0, last = SX_CODE_VERS - 1;
  for (uint64_t pg = first; pg <= last; pg++) bump(&m->code_ver[sx_code_slot(pg << 12)]);
}

static int range_ok(const SxMem *m, uint64_t addr, uint64_t len) {
  return !(addr & SX_PAGE_MASK) && !(len & SX_PAGE_MASK) && len && addr < m->limit &&
         len <= m->limit - addr;
}

/* ---- the region table (callers hold the lock) ---- */

/* Index of the first region ending above addr (n when none). */
static size_t lower(const SxMem *m, uint64_t addr) {
  size_t lo = 0, hi = m->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->r[mid].end <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static const SxRegion *find(const SxMem *m, uint64_t addr) {
  size_t i = lower(m, addr);
  return i < m->n && m->r[i].start <= addr ? &m->r[i] : NULL;
}

/* Makes room for `extra` more regions, so that an operation cannot fail halfway. */
static int room(SxMem *m, size_t extra) {
  if (m->n + extra <= m->cap) return 0;
  if (m->n + extra > MAX_REGIONS + 2) return -ENOMEM_LINUX;
  size_t cap = m->cap ? m->cap * 2 : 64;
  while (cap < m->n + extra) cap *= 2;
  SxRegion *r = realloc(m->r, cap * sizeof *r);
  if (!r) return -ENOMEM_LINUX;
  m->r = r;
  m->cap = cap;
  return 0;
}

/* Splits the region containing addr (if any) so that a region boundary falls there. */
static void split_at(SxMem *m, uint64_t addr) {
  size_t i = lower(m, addr);
  if (i >= m->n || m->r[i].start >= addr) return;
  memmove(&m->r[i + 1], &m->r[i], (m->n - i) * sizeof m->r[0]);
  m->n++;
  m->r[i].end = addr;
  m->r[i + 1].start = addr;
}

/* Removes [s, e) from the table; needs room for one more region. */
static void punch(SxMem *m, uint64_t s, uint64_t e) {
  split_at(m, s);
  split_at(m, e);
  size_t i = lower(m, s), j = i;
  while (j < m->n && m->r[j].end <= e) j++;
  memmove(&m->r[i], &m->r[j], (m->n - j) * sizeof m->r[0]);
  m->n -= j - i;
}

static int same(const SxRegion *a, const SxRegion *b) {
  return a->end == b->start && a->prot == b->prot && a->flags == b->flags;
}

/* Merges equal neighbours among regions lo-1 .. hi+1 (indices). */
static void merge(SxMem *m, size_t lo, size_t hi) {
  if (lo > 0) lo--;
  for (size_t i = lo; i + 1 < m->n && i <= hi;) {
    if (same(&m->r[i], &m->r[i + 1])) {
      m->r[i].end = m->r[i + 1].end;
      memmove(&m->r[i + 1], &m->r[i + 2], (m->n - i - 2) * sizeof m->r[0]);
      m->n--;
      if (hi) hi--;
    } else {
      i++;
    }
  }
}

/* --max-memory counts what Linux's strict overcommit accounting counts: private writable
 * pages (anonymous or file) and shared mappings, once, in the process that made them. */
static int64_t charge_of(int prot, int flags, uint64_t len) {
  if (flags & SX_MAP_INHERITED) return 0;
  return (flags & SX_MAP_SHARED) || (prot & SX_PROT_WRITE) ? (int64_t)len : 0;
}

/* The charge of what is mapped in [s, e) now, or (prot >= 0) after an mprotect to prot. */
static int64_t range_charge(const SxMem *m, uint64_t s, uint64_t e, int prot) {
  int64_t sum = 0;
  for (size_t i = lower(m, s); i < m->n && m->r[i].start < e; i++) {
    uint64_t a = m->r[i].start > s ? m->r[i].start : s, b = m->r[i].end < e ? m->r[i].end : e;
    if (b > a) sum += charge_of(prot >= 0 ? prot : m->r[i].prot, m->r[i].flags, b - a);
  }
  return sum;
}

void sx_mem_set_meter(void (*fn)(int64_t delta)) { meter = fn; }

/* Charges a change of delta bytes (the breach of the limit ends the guest there). */
static void charge(SxMem *m, int64_t delta) {
  m->charged += delta;
  if (meter && delta) meter(delta);
}

int64_t sx_mem_fork_child(SxMem *m) {
  for (size_t i = 0; i < m->n; i++) {
    SxRegion *r = &m->r[i];
    if (r->flags & SX_MAP_SHARED && !(r->flags & SX_MAP_INHERITED)) {
      m->charged -= charge_of(r->prot, r->flags, r->end - r->start);
      r->flags |= SX_MAP_INHERITED;
    }
  }
  return m->charged;
}

static void insert(SxMem *m, SxRegion nr) {
  size_t i = lower(m, nr.start);
  memmove(&m->r[i + 1], &m->r[i], (m->n - i) * sizeof m->r[0]);
  m->r[i] = nr;
  m->n++;
  merge(m, i, i);
}

/* ---- mapping ---- */

int sx_mem_map_file(SxMem *m, uint64_t addr, uint64_t len, int prot, int flags, int host_fd,
                    int64_t off) {
  if (!range_ok(m, addr, len)) return -EINVAL_LINUX;
  wr_lock(m);
  long r = room(m, 2);
  flags &= ~SX_MAP_INHERITED;
  if (r == 0) r = host_mem_map(sx_mem_host(m, addr), len, prot, flags & SX_MAP_SHARED, host_fd, off);
  if (r == 0) {
    charge(m, charge_of(prot, flags, len) - range_charge(m, addr, addr + len, -1));
    punch(m, addr, addr + len);
    /* File mappings never merge with their neighbours: madvise and mremap treat them apart. */
    insert(m, (SxRegion){addr, addr + len, prot & 7, flags | (host_fd >= 0 ? SX_MAP_FILE : 0)});
    bump(&m->generation);
    sx_mem_code_changed(m, addr, len);
  }
  wr_unlock(m);
  return (int)r;
}

int sx_mem_map(SxMem *m, uint64_t addr, uint64_t len, int prot) {
  return sx_mem_map_file(m, addr, len, prot, 0, -1, 0);
}

int sx_mem_unmap(SxMem *m, uint64_t addr, uint64_t len) {
  if (!range_ok(m, addr, len)) return -EINVAL_LINUX;
  wr_lock(m);
  long r = room(m, 1);
  if (r == 0) r = host_mem_unmap(sx_mem_host(m, addr), len);
  if (r == 0) {
    charge(m, -range_charge(m, addr, addr + len, -1));
    punch(m, addr, addr + len);
    bump(&m->generation);
    sx_mem_code_changed(m, addr, len);
  }
  wr_unlock(m);
  return (int)r;
}

/* Is [s, e) covered by mappings without a hole? */
static int covered(const SxMem *m, uint64_t s, uint64_t e, int need) {
  size_t i = lower(m, s);
  for (uint64_t at = s; at < e; i++) {
    if (i >= m->n || m->r[i].start > at || (m->r[i].prot & need) != need) return 0;
    at = m->r[i].end;
  }
  return 1;
}

int sx_mem_protect(SxMem *m, uint64_t addr, uint64_t len, int prot) {
  if (!range_ok(m, addr, len)) return -EINVAL_LINUX;
  wr_lock(m);
  long r = covered(m, addr, addr + len, 0) ? room(m, 2) : -ENOMEM_LINUX;
  if (r == 0) r = host_mem_protect(sx_mem_host(m, addr), len, prot);
  if (r == 0) {
    charge(m, range_charge(m, addr, addr + len, prot & 7) - range_charge(m, addr, addr + len, -1));
    split_at(m, addr);
    split_at(m, addr + len);
    size_t i = lower(m, addr), j = i;
    for (; j < m->n && m->r[j].start < addr + len; j++) m->r[j].prot = prot & 7;
    merge(m, i, j - 1);
    bump(&m->generation);
    sx_mem_code_changed(m, addr, len);
  }
  wr_unlock(m);
  return (int)r;
}

int sx_mem_remap(SxMem *m, uint64_t old, uint64_t oldlen, uint64_t dst, uint64_t newlen) {
  if (!range_ok(m, dst, newlen) || (oldlen && !range_ok(m, old, oldlen))) return -EINVAL_LINUX;
  wr_lock(m);
  const SxRegion *r = find(m, old);
  long e = !r || r->end - old < oldlen ? -EFAULT_LINUX : room(m, 4);
  SxRegion nr = r ? *r : (SxRegion){0, 0, 0, 0};
  if (e == 0)
    e = host_mem_remap(sx_mem_host(m, old), oldlen, sx_mem_host(m, dst), newlen);
  if (e == 0) {
    if (oldlen && dst != old) punch(m, old, old + oldlen);
    punch(m, dst, dst + newlen);
    nr.start = dst, nr.end = dst + newlen;
    insert(m, nr);
    bump(&m->generation);
    if (oldlen) sx_mem_code_changed(m, old, oldlen);
    sx_mem_code_changed(m, dst, newlen);
  }
  wr_unlock(m);
  return (int)e;
}

int sx_mem_discard(SxMem *m, uint64_t addr, uint64_t len) {
  if (!range_ok(m, addr, len)) return -EINVAL_LINUX;
  rd_lock(m);
  long r = covered(m, addr, addr + len, 0) ? host_mem_discard(sx_mem_host(m, addr), len)
                                            : -ENOMEM_LINUX;
  rd_unlock(m);
  if (r == 0) sx_mem_code_changed(m, addr, len);
  return (int)r;
}

int sx_mem_next_region(SxMem *m, uint64_t addr, SxRegion *out) {
  rd_lock(m);
  size_t i = lower(m, addr);
  int found = i < m->n;
  if (found) *out = m->r[i];
  rd_unlock(m);
  return found;
}

int sx_mem_region_at(SxMem *m, uint64_t addr, SxRegion *out) {
  rd_lock(m);
  const SxRegion *r = addr < m->limit ? find(m, addr) : NULL;
  if (r) *out = *r;
  rd_unlock(m);
  return r != NULL;
}

int sx_mem_prot_at(SxMem *m, uint64_t addr) {
  SxRegion r;
  return sx_mem_region_at(m, addr, &r) ? r.prot : -1;
}

int sx_mem_check(SxMem *m, uint64_t addr, uint64_t len, int need) {
  if (addr >= m->limit || len > m->limit - addr) return 0;
  rd_lock(m);
  int ok = covered(m, addr & ~SX_PAGE_MASK, addr + (len ? len : 1), need);
  rd_unlock(m);
  return ok;
}

uint64_t sx_mem_find_free(SxMem *m, uint64_t hint, uint64_t len) {
  len = (len + SX_PAGE_MASK) & ~SX_PAGE_MASK;
  if (!len || len > m->limit) return 0;
  uint64_t found = 0;
  rd_lock(m);
  if (hint) {
    /* Upward from the hint: first fit. */
    uint64_t at = (hint + SX_PAGE_MASK) & ~SX_PAGE_MASK;
    for (size_t i = lower(m, at);; i++) {
      uint64_t gap_end = i < m->n ? m->r[i].start : m->limit;
      if (at < m->limit && gap_end > at && gap_end - at >= len) { found = at; break; }
      if (i >= m->n) break;
      if (m->r[i].end > at) at = m->r[i].end;
    }
  } else {
    /* Top-down below the mmap base: the highest gap that fits. */
    uint64_t top = mmap_base(m);
    size_t i = lower(m, top);
    for (;;) {
      uint64_t gap_lo = i > 0 ? m->r[i - 1].end : MIN_ADDR;
      uint64_t gap_hi = i < m->n && m->r[i].start < top ? m->r[i].start : top;
      if (gap_lo < MIN_ADDR) gap_lo = MIN_ADDR;
      if (gap_hi > gap_lo && gap_hi - gap_lo >= len) { found = gap_hi - len; break; }
      if (i == 0) break;
      i--;
      if (m->r[i].start < top) top = m->r[i].start;
    }
  }
  rd_unlock(m);
  return found;
}

/* ---- access ---- */

/* First address in [addr, addr+len) that is not mapped with `need`, or addr+len. */
static uint64_t first_bad(SxMem *m, uint64_t addr, uint64_t len, int need) {
  if (addr >= m->limit) return addr;
  uint64_t end = len > m->limit - addr ? m->limit : addr + len;
  rd_lock(m);
  uint64_t at = addr;
  for (size_t i = lower(m, at); at < end; i++) {
    if (i >= m->n || m->r[i].start > at || (m->r[i].prot & need) != need) break;
    at = m->r[i].end;
  }
  rd_unlock(m);
  return at < end ? at : end == m->limit && len > m->limit - addr ? end : addr + len;
}

/* Does [addr, addr+len) touch an executable page? (then a write to it is a code write) */
static int touches_code(SxMem *m, uint64_t addr, uint64_t len) {
  rd_lock(m);
  int code = 0;
  for (size_t i = lower(m, addr); i < m->n && m->r[i].start < addr + len; i++)
    if (m->r[i].prot & SX_PROT_EXEC) { code = 1; break; }
  rd_unlock(m);
  return code;
}

void *sx_mem_ptr(SxMem *m, uint64_t addr, uint64_t len, int need) {
  if (!len) len = 1;
  if (addr >= m->limit || first_bad(m, addr, len, need) != addr + len) return NULL;
  return sx_mem_host(m, addr);
}

void sx_mem_wrote(SxMem *m, uint64_t addr, uint64_t len) {
  if (len && touches_code(m, addr, len)) sx_mem_code_changed(m, addr, len);
}

/* Copies len bytes; dir 0 reads guest into buf, 1 writes buf to guest. */
static int copy(SxMem *m, uint64_t addr, uint8_t *buf, uint64_t len, int dir, uint64_t *fault) {
  if (!len) return 0;
  uint64_t bad = first_bad(m, addr, len, dir ? SX_PROT_WRITE : SX_PROT_READ);
  if (bad != addr + len) {
    if (fault) *fault = bad;
    return -EFAULT_LINUX;
  }
  SxMemGuard g;
  sx_mem_guard_enter(m, &g);
  if (setjmp(g.env)) { /* unmapped by another thread meanwhile */
    sx_mem_guard_leave(&g);
    /* Protection is per page: the first byte of the range on the faulting page. */
    uint64_t page = g.addr & ~SX_PAGE_MASK;
    if (fault) *fault = page > addr ? page : addr;
    return -EFAULT_LINUX;
  }
  if (dir) memcpy(sx_mem_host(m, addr), buf, len);
  else memcpy(buf, sx_mem_host(m, addr), len);
  sx_mem_guard_leave(&g);
  if (dir) sx_mem_wrote(m, addr, len);
  return 0;
}

int sx_mem_read(SxMem *m, uint64_t addr, void *dst, uint64_t len, uint64_t *fault) {
  return copy(m, addr, dst, len, 0, fault);
}

int sx_mem_write(SxMem *m, uint64_t addr, const void *src, uint64_t len, uint64_t *fault) {
  return copy(m, addr, (uint8_t *)src, len, 1, fault);
}

long sx_mem_read_str(SxMem *m, uint64_t addr, char *dst, uint64_t max) {
  if (!max) return -ENAMETOOLONG_LINUX;
  /* The readable run starting at addr, at most max bytes. */
  uint64_t avail = first_bad(m, addr, max, SX_PROT_READ) - addr;
  if (!avail) return -EFAULT_LINUX;
  SxMemGuard g;
  sx_mem_guard_enter(m, &g);
  if (setjmp(g.env)) {
    sx_mem_guard_leave(&g);
    return -EFAULT_LINUX;
  }
  const uint8_t *h = sx_mem_host(m, addr);
  const uint8_t *nul = memchr(h, 0, avail);
  uint64_t n = nul ? (uint64_t)(nul - h) + 1 : avail;
  memcpy(dst, h, n);
  sx_mem_guard_leave(&g);
  if (nul) return (long)(n - 1);
  return avail < max ? -EFAULT_LINUX : -ENAMETOOLONG_LINUX;
}
