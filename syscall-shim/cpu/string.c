/* String instructions (movs, stos, lods, cmps, scas) with rep/repe/repne. Registers advance
 * element by element, so a fault part-way leaves a restartable state, as on hardware.
 * Forward rep movs/stos run page-sized chunks with memmove/memset: libc copies live here. */
#include "syscall-shim/cpu/internal.h"

typedef struct {
  SxCpu *c;
  const Insn *i;
  uint64_t amask;  /* address-size mask for rsi, rdi, rcx */
  uint64_t sbase;  /* segment base applied to the source (rsi) operand */
} Ctx;

static inline uint64_t get(const Ctx *k, int r) { return k->c->r[r] & k->amask; }
static inline void put(const Ctx *k, int r, uint64_t v) {
  /* A 32-bit address size writes the low half and zero-extends, like any 32-bit register write. */
  k->c->r[r] = k->amask == ~0ull ? v : (uint32_t)v;
}

/* Host pointer for n bytes at addr within one page, or NULL (the caller takes the slow path). */
static uint8_t *span(SxCpu *c, uint64_t addr, uint64_t n, int write) {
  if ((addr & SX_PAGE_MASK) + n > SX_PAGE_SIZE) return NULL;
  uint8_t *h = sx_cpu_tlb_fill(c, addr, write);
  return h ? h + (addr & SX_PAGE_MASK) : NULL;
}

/* Bulk forward rep movs/stos; returns when done or when the element-wise loop must take
 * over (page end reached mid-element, overlap, a fault to report precisely). */
static void bulk(const Ctx *k, int size, int movs) {
  SxCpu *c = k->c;
  uint64_t cnt = get(k, SX_RCX);
  while (cnt) {
    uint64_t di = get(k, SX_RDI), si = get(k, SX_RSI);
    uint64_t room = SX_PAGE_SIZE - (di & SX_PAGE_MASK);
    if (movs) {
      uint64_t sroom = SX_PAGE_SIZE - ((si + k->sbase) & SX_PAGE_MASK);
      if (sroom < room) room = sroom;
    }
    uint64_t n = room / (uint64_t)size;
    if (n > cnt) n = cnt;
    if (!n) return;
    uint64_t bytes = n * (uint64_t)size;
    if (k->amask != ~0ull && (di + bytes > 0x100000000ull || si + bytes > 0x100000000ull)) return;
    uint8_t *d = span(c, di, bytes, 1);
    if (!d) return;
    if (movs) {
      uint8_t *s = span(c, si + k->sbase, bytes, 0);
      if (!s) return;
      /* Forward element copies replicate when the destination overlaps just above the source. */
      if (d > s && d < s + bytes) return;
      memmove(d, s, bytes);
      put(k, SX_RSI, si + bytes);
    } else {
      uint64_t v = c->r[SX_RAX];
      if (size == 1) memset(d, (int)(v & 0xff), bytes);
      else
        for (uint64_t e = 0; e < n; e++) memcpy(d + e * (uint64_t)size, &v, (size_t)size);
    }
    if (IMPL(c)->wtlb[(di >> 12) & (TLB_SIZE - 1)].page != di >> 12)
      sx_cpu_code_write(c, di, bytes); /* only code pages stay out of the write TLB */
    put(k, SX_RDI, di + bytes);
    cnt -= n;
    put(k, SX_RCX, cnt);
  }
}

void sx_exec_string(SxCpu *c, const Insn *i) {
  int op = i->op, size = (op & 1) ? i->opsize : 1;
  Ctx k = {c, i, i->asize == 4 ? 0xffffffffull : ~0ull,
           i->seg == 4 ? c->fs_base : i->seg == 5 ? c->gs_base : 0};
  int64_t step = (c->rflags & F_DF) ? -(int64_t)size : size;
  int kind = (op & 0xfe) == 0xa4 ? 0 : (op & 0xfe) == 0xa6 ? 1 : (op & 0xfe) == 0xaa ? 2
           : (op & 0xfe) == 0xac ? 3 : 4; /* movs cmps stos lods scas */
  if (!i->rep) {
    uint64_t si = get(&k, SX_RSI) + k.sbase, di = get(&k, SX_RDI);
    switch (kind) {
    case 0: st(c, di, ld(c, si, size), size); break;
    case 1: {
      uint64_t a = ld(c, si, size), b = ld(c, di, size);
      lazy(c, LZ_SUB, size, a, b, (a - b) & size_mask(size));
      break;
    }
    case 2: st(c, di, c->r[SX_RAX], size); break;
    case 3: reg_set(c, i, SX_RAX, size, ld(c, si, size)); break;
    default: {
      uint64_t a = c->r[SX_RAX] & size_mask(size), b = ld(c, di, size);
      lazy(c, LZ_SUB, size, a, b, (a - b) & size_mask(size));
      break;
    }
    }
    if (kind != 2 && kind != 4) put(&k, SX_RSI, get(&k, SX_RSI) + (uint64_t)step);
    if (kind != 3) put(&k, SX_RDI, get(&k, SX_RDI) + (uint64_t)step);
    return;
  }
  if (step > 0 && (kind == 0 || kind == 2)) bulk(&k, size, kind == 0);
  while (get(&k, SX_RCX)) {
    uint64_t si = get(&k, SX_RSI) + k.sbase, di = get(&k, SX_RDI);
    int stop = 0;
    switch (kind) {
    case 0: st(c, di, ld(c, si, size), size); break;
    case 2: st(c, di, c->r[SX_RAX], size); break;
    case 3: reg_set(c, i, SX_RAX, size, ld(c, si, size)); break;
    default: {
      uint64_t a = kind == 1 ? ld(c, si, size) : c->r[SX_RAX] & size_mask(size);
      uint64_t b = ld(c, di, size), m = size_mask(size);
      lazy(c, LZ_SUB, size, a, b, (a - b) & m);
      /* repe stops on a mismatch, repne on a match */
      stop = i->rep == 0xf3 ? (a & m) != b : (a & m) == b;
      break;
    }
    }
    if (kind != 2 && kind != 4) put(&k, SX_RSI, get(&k, SX_RSI) + (uint64_t)step);
    if (kind != 3) put(&k, SX_RDI, get(&k, SX_RDI) + (uint64_t)step);
    put(&k, SX_RCX, get(&k, SX_RCX) - 1);
    if (stop) break;
  }
}
