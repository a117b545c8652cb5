/* The interpreter's main loop and guest memory access path: a cache of decoded straight-line
 * blocks keyed by start address and checked against their page's code version (SxMem), two
 * direct-mapped TLBs (read, write) caching SxMem's permission checks for pages at
 * base + address, and fault delivery by longjmp back to sx_cpu_run (interpreter faults and
 * host faults alike) so an instruction never unwinds by hand. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "syscall-shim/cpu/internal.h"
#include "syscall-shim/linux/abi.h"

void sx_cpu_init(SxCpu *c, SxMem *mem) {
  memset(c, 0, sizeof *c);
  c->mem = mem;
  c->rflags = 0x202;
  c->mxcsr = 0x1f80;
  c->fcw = 0x37f;
  c->fuel = INT64_MAX; /* unmetered unless the shim says otherwise */
  Impl *x = calloc(1, sizeof(Impl));
  if (x && !(x->blocks = calloc(BLOCKS, sizeof(Block)))) {
    free(x);
    x = NULL;
  }
  if (!x) {
    /* Nothing sensible can run without the private state; this is out-of-memory at start-up. */
    fputs("nacre: out of memory creating a guest CPU\n", stderr);
    abort();
  }
  x->code_ver = mem->code_ver;
  for (int k = 0; k < TLB_SIZE; k++) x->rtlb[k].page = x->wtlb[k].page = ~0ull;
  x->mem_gen = ~0ull;
  c->impl = x;
}

void sx_cpu_destroy(SxCpu *c) {
  if (c->impl) free(IMPL(c)->blocks);
  free(c->impl);
  c->impl = NULL;
}

void sx_cpu_interrupt(SxCpu *c) { __atomic_store_n(&c->interrupt, 1, __ATOMIC_RELAXED); }

void sx_cpu_clone(SxCpu *dst, SxCpu *src, SxMem *mem) {
  sx_cpu_sync_flags(src);
  sx_cpu_init(dst, mem);
  /* The architectural state lies before `mem`; interrupt (set by other threads) and impl
   * stay dst's own. */
  memcpy(dst, src, offsetof(SxCpu, mem));
}

/* Catches up with address-space changes made since the TLBs were filled (decoded code
 * follows the code versions instead). */
static void sync_mem(SxCpu *c, Impl *x) {
  uint64_t g = sx_mem_generation(c->mem);
  if (g != x->mem_gen) {
    for (int k = 0; k < TLB_SIZE; k++) x->rtlb[k].page = x->wtlb[k].page = ~0ull;
    x->mem_gen = g;
  }
}

_Noreturn void sx_cpu_fault(SxCpu *c, SxStop why, uint64_t addr, int code) {
  Impl *x = IMPL(c);
  if (why != SX_STOP_SYSCALL && why != SX_STOP_TRAP && why != SX_STOP_INTERRUPT) c->rip = x->cur_rip;
  if (why == SX_STOP_SEGV) c->fault_addr = addr, c->fault_code = code;
  x->fault_stop = why;
  longjmp(x->guard.env, 1);
}

static _Noreturn void segv(SxCpu *c, uint64_t addr) {
  /* A non-canonical address is a general-protection fault, which Linux reports as SI_KERNEL
   * with address 0; otherwise SEGV_MAPERR (1) for a hole, SEGV_ACCERR (2) for protection. */
  if (addr >= (1ull << 47) && addr < ~((1ull << 47) - 1)) sx_cpu_fault(c, SX_STOP_SEGV, 0, 0x80);
  sx_cpu_fault(c, SX_STOP_SEGV, addr, sx_mem_prot_at(c->mem, addr) < 0 ? 1 : 2);
}

void sx_cpu_code_write(SxCpu *c, uint64_t addr, uint64_t len) {
  Impl *x = IMPL(c);
  x->code_writes++;
  x->code_written = 1; /* the running block may be what changed */
  sx_mem_code_changed(c->mem, addr, len);
}

uint8_t *sx_cpu_tlb_fill(SxCpu *c, uint64_t addr, int write) {
  Impl *x = IMPL(c);
  uint64_t page = addr & ~SX_PAGE_MASK;
  SxRegion r;
  int need = write ? SX_PROT_WRITE : SX_PROT_READ;
  if (!sx_mem_region_at(c->mem, page, &r) || (r.prot & need) != need) return NULL;
  /* The host page is base + address: the TLB only caches the permission check. */
  uint8_t *h = sx_mem_host(c->mem, page);
  if (write) {
    /* Writes to code pages stay on the slow path so they can invalidate decoded code. */
    if (r.prot & SX_PROT_EXEC) return h;
    x->wtlb[(addr >> 12) & (TLB_SIZE - 1)] = (TlbEntry){addr >> 12, h};
  } else {
    x->rtlb[(addr >> 12) & (TLB_SIZE - 1)] = (TlbEntry){addr >> 12, h};
  }
  return h;
}

void sx_cpu_mem_slow_read(SxCpu *c, uint64_t addr, void *dst, int len) {
  uint8_t *d = dst;
  while (len > 0) {
    int n = (int)(SX_PAGE_SIZE - (addr & SX_PAGE_MASK));
    if (n > len) n = len;
    uint8_t *h = sx_cpu_tlb_fill(c, addr, 0);
    if (!h) segv(c, addr);
    memcpy(d, h + (addr & SX_PAGE_MASK), (size_t)n);
    addr += (uint64_t)n, d += n, len -= n;
  }
}

void sx_cpu_mem_check_write(SxCpu *c, uint64_t addr, int len) {
  Impl *x = IMPL(c);
  if (x->wtlb[(addr >> 12) & (TLB_SIZE - 1)].page == addr >> 12 &&
      (addr & SX_PAGE_MASK) + (unsigned)len <= SX_PAGE_SIZE)
    return;
  if (!sx_cpu_tlb_fill(c, addr, 1)) segv(c, addr);
  uint64_t last = addr + (uint64_t)len - 1;
  if ((last >> 12) != (addr >> 12) && !sx_cpu_tlb_fill(c, last, 1)) segv(c, last & ~SX_PAGE_MASK);
}

void sx_cpu_mem_slow_write(SxCpu *c, uint64_t addr, const void *src, int len) {
  Impl *x = IMPL(c);
  sx_cpu_mem_check_write(c, addr, len); /* both pages first: no torn writes on a fault */
  const uint8_t *s = src;
  while (len > 0) {
    int n = (int)(SX_PAGE_SIZE - (addr & SX_PAGE_MASK));
    if (n > len) n = len;
    uint8_t *h = sx_cpu_tlb_fill(c, addr, 1);
    memcpy(h + (addr & SX_PAGE_MASK), s, (size_t)n);
    if (x->wtlb[(addr >> 12) & (TLB_SIZE - 1)].page != addr >> 12)
      sx_cpu_code_write(c, addr, (uint64_t)n); /* only code pages stay out of the write TLB */
    addr += (uint64_t)n, s += n, len -= n;
  }
}

/* Copies up to 15 instruction bytes at rip from executable pages; returns how many are
 * available (the decoder faults if it needs more than that). */
int sx_cpu_fetch(SxCpu *c, uint64_t rip, uint8_t *buf) {
  int got = 0;
  while (got < 15) {
    uint64_t a = rip + (uint64_t)got;
    if (!sx_mem_check(c->mem, a, 1, SX_PROT_EXEC)) break;
    uint8_t *h = sx_mem_host(c->mem, a);
    int n = (int)(SX_PAGE_SIZE - (a & SX_PAGE_MASK));
    if (n > 15 - got) n = 15 - got;
    memcpy(buf + got, h, (size_t)n);
    got += n;
  }
  return got;
}

_Noreturn void sx_cpu_fetch_fault(SxCpu *c, uint64_t addr) { segv(c, addr); }

/* Does this instruction (possibly) transfer control? Blocks end after one. */
static int ends_block(const Insn *i) {
  int op = i->op;
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0xe0 && op <= 0xe3) || op == 0xe8 || op == 0xe9 ||
      op == 0xeb || op == 0xc2 || op == 0xc3 || op == 0xcc || op == 0xcd || op == 0xf1 ||
      op == 0xf4 || op == 0xcf)
    return 1;
  if (op == 0xff) return (i->reg & 7) >= 2 && (i->reg & 7) <= 5;
  if (op >= (OP_0F | 0x80) && op <= (OP_0F | 0x8f)) return 1;
  return op == (OP_0F | 0x05) || op == (OP_0F | 0x0b);
}

/* FNV-1a over a checked block's instruction bytes, read in place (a fault here is the
 * guest's: its code went away). */
static uint64_t code_sum(SxCpu *c, uint64_t rip, int len) {
  const uint8_t *h = sx_mem_host(c->mem, rip);
  uint64_t sum = 0xcbf29ce484222325ull;
  for (int k = 0; k < len; k++) sum = (sum ^ h[k]) * 0x100000001b3ull;
  return sum;
}

static int shared_at(SxCpu *c, uint64_t addr) {
  SxRegion r;
  return sx_mem_region_at(c->mem, addr, &r) && (r.flags & SX_MAP_SHARED);
}

/* Decodes the block starting at rip into b. The first instruction decodes for real (its
 * fault is the guest's fault); later ones are only tried, so a bad byte further on ends the
 * block instead of faulting before the guest gets there. The page's code version is read
 * first: a store landing during decoding bumps it, so the block is never trusted stale. */
static void build_block(SxCpu *c, Block *b, uint64_t rip) {
  Impl *x = IMPL(c);
  uint64_t ver = __atomic_load_n(&x->code_ver[sx_code_slot(rip)], __ATOMIC_ACQUIRE);
  b->rip = 0, b->want = 0; /* invalid until complete */
  b->n = 0;
  uint64_t at = rip;
  while (b->n < BLOCK_MAX) {
    Insn *i = &b->insn[b->n];
    if (sx_decode_at(c, at, i, b->n > 0) < 0) break;
    i->fn = sx_pick_handler(i);
    b->n++;
    at += i->len;
    if (ends_block(i)) break;
  }
  b->bytes = (uint16_t)(at - rip);
  b->checked = shared_at(c, rip) || shared_at(c, at - 1);
  if (b->checked) b->seen = ver, b->sum = code_sum(c, rip, b->bytes);
  b->rip = rip;
  b->want = b->checked ? 0 : ~ver;
}

/* A checked block (from a shared mapping) is still what memory holds. */
static int still_valid(SxCpu *c, const Block *b, uint64_t rip) {
  return b->rip == rip && b->checked &&
         b->seen == __atomic_load_n(&IMPL(c)->code_ver[sx_code_slot(rip)], __ATOMIC_ACQUIRE) &&
         b->sum == code_sum(c, rip, b->bytes);
}

/* Runs one sx_cpu_run session; separated so nothing live crosses the setjmp. */
__attribute__((noinline)) static void loop(SxCpu *c, Impl *x) {
  for (;;) {
    if (__builtin_expect(__atomic_load_n(&c->interrupt, __ATOMIC_RELAXED), 0)) {
      __atomic_store_n(&c->interrupt, 0, __ATOMIC_RELAXED);
      sx_cpu_fault(c, SX_STOP_INTERRUPT, 0, 0);
    }
    /* Another thread changed the address space: the TLBs refill. */
    if (__builtin_expect(sx_mem_generation(c->mem) != x->mem_gen, 0)) sync_mem(c, x);
    uint64_t rip = c->rip;
    /* multiplicative hash: code addresses differing in a few middle bits must not collide */
    Block *b = &x->blocks[(rip * 0x9e3779b97f4a7c15ull) >> (64 - BLOCKS_LOG2)];
    if (__builtin_expect(b->rip != rip || b->want != ~__atomic_load_n(&x->code_ver[sx_code_slot(rip)],
                                                                      __ATOMIC_RELAXED), 0) &&
        !still_valid(c, b, rip)) {
      x->cur_rip = rip;
      build_block(c, b, rip);
    }
    x->code_written = 0;
    /* Fuel: every instruction of the block, charged before it runs. */
    if (__builtin_expect(c->fuel < b->n, 0)) {
      c->fuel_need = b->n;
      sx_cpu_fault(c, SX_STOP_INTERRUPT, 0, 0);
    }
    c->fuel -= b->n;
    /* Only control transfers read c->rip, and they end blocks: so it is set for the last
     * instruction only; faults rewind to cur_rip. */
    const Insn *i = b->insn, *last = b->insn + b->n - 1;
    for (; i < last; i++) {
      x->cur_rip = i->rip;
      i->fn(c, i);
      if (__builtin_expect(x->code_written, 0)) break; /* a store rewrote code: refetch */
    }
    x->cur_rip = i->rip;
    c->rip = i->rip + i->len;
    if (!x->code_written) i->fn(c, i);
  }
}

SxStop sx_cpu_run(SxCpu *c) {
  Impl *x = IMPL(c);
  sync_mem(c, x);
  /* One jump target for both kinds of fault: the interpreter's own (value 1) and host
   * faults inside the reservation (value 2, from the guard). */
  sx_mem_guard_enter(c->mem, &x->guard);
  int how = setjmp(x->guard.env);
  if (how) {
    sx_mem_guard_leave(&x->guard);
    if (how == 2) {
      c->rip = x->cur_rip;
      c->fault_addr = x->guard.addr;
      if (x->guard.sig == SIGBUS_LINUX) {
        c->fault_code = x->guard.code;
        x->fault_stop = SX_STOP_BUS;
      } else {
        c->fault_code = sx_mem_prot_at(c->mem, x->guard.addr) < 0 ? 1 : 2;
        x->fault_stop = SX_STOP_SEGV;
      }
    }
    sx_cpu_sync_flags(c);
    return x->fault_stop;
  }
  loop(c, x);
  return SX_STOP_ILL; /* not reached: loop leaves only by longjmp */
}

void sx_cpu_describe(SxCpu *c, char *buf, int size) {
  uint8_t b[15];
  int n = sx_cpu_fetch(c, c->rip, b), len = 0, pos = 0;
  /* Show the instruction's own bytes when it decodes, else a few for context. */
  Impl *x = IMPL(c);
  Insn i;
  /* Decoding in try mode never faults; a failure leaves the bytes the decoder consumed. */
  x->bad_len = 0;
  len = sx_decode_at(c, c->rip, &i, 1) == 0 ? i.len : x->bad_len ? x->bad_len : 4;
  if (len > n) len = n;
  if (size <= 0) return;
  buf[0] = 0;
  for (int k = 0; k < len && pos < size; k++)
    pos += snprintf(buf + pos, (size_t)(size - pos), "%s%02x", k ? " " : "", b[k]);
  if (pos < size)
    snprintf(buf + pos, (size_t)(size - pos), "%sat 0x%llx", len ? " " : "(unreadable) ",
             (unsigned long long)c->rip);
}
