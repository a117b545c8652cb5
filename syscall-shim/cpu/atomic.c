/* Locked instructions (the lock prefix, and xchg with memory) made atomic against other guest
 * threads running at the same time on other host threads. The instruction runs as usual but
 * on a private copy of its memory operand (the TLB entries for that page point at the copy),
 * then the result is published with one host compare-and-swap; if another thread changed
 * the operand meanwhile, the registers are restored and the instruction runs again. Operands
 * that cross a page or are 16 bytes wide (cmpxchg16b) fall back to one process-wide lock. */
#include <pthread.h>

#include "syscall-shim/cpu/internal.h"

static pthread_mutex_t fallback = PTHREAD_MUTEX_INITIALIZER;

/* Address and width of the memory operand of a lockable instruction. */
static uint64_t operand(SxCpu *c, const Insn *i, int *size) {
  int op = i->op, sz = i->opsize;
  uint64_t addr = ea(c, i);
  if ((op < 0x40 && !(op & 1)) || op == 0x80 || op == 0x82 || op == 0x86 || op == 0xf6 ||
      op == 0xfe || op == (OP_0F | 0xb0) || op == (OP_0F | 0xc0))
    sz = 1;
  else if (op == (OP_0F | 0xc7))
    sz = (i->rex & 8) ? 16 : 8;
  else if (op == (OP_0F | 0xab) || op == (OP_0F | 0xb3) || op == (OP_0F | 0xbb)) {
    /* bts/btr/btc with a register offset address the word the bit lies in */
    int64_t so = sext(reg_get(c, i, i->reg, sz), sz);
    addr += (uint64_t)((so >> (sz == 8 ? 6 : sz == 4 ? 5 : 4)) * sz);
  }
  *size = sz;
  return addr;
}

static uint64_t load(const uint8_t *h, int size) {
  switch (size) {
  case 1: return __atomic_load_n(h, __ATOMIC_SEQ_CST);
  case 2: return __atomic_load_n((const uint16_t *)h, __ATOMIC_SEQ_CST);
  case 4: return __atomic_load_n((const uint32_t *)h, __ATOMIC_SEQ_CST);
  default: return __atomic_load_n((const uint64_t *)h, __ATOMIC_SEQ_CST);
  }
}

static int cas(uint8_t *h, uint64_t old, uint64_t neu, int size) {
  switch (size) {
  case 1: { uint8_t o = (uint8_t)old; return __atomic_compare_exchange_n(h, &o, (uint8_t)neu, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
  case 2: { uint16_t o = (uint16_t)old; return __atomic_compare_exchange_n((uint16_t *)h, &o, (uint16_t)neu, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
  case 4: { uint32_t o = (uint32_t)old; return __atomic_compare_exchange_n((uint32_t *)h, &o, (uint32_t)neu, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
  default: return __atomic_compare_exchange_n((uint64_t *)h, &old, neu, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  }
}

void sx_exec_locked(SxCpu *c, const Insn *i) {
  Impl *x = IMPL(c);
  int size;
  uint64_t addr = operand(c, i, &size);
  if (size == 16 || (addr & SX_PAGE_MASK) + (unsigned)size > SX_PAGE_SIZE || (addr & (size - 1))) {
    /* Rare shapes: atomic against other locked instructions only. A fault unwinds through
     * longjmp, so the lock is taken only once the operand is known to be writable. */
    check_write(c, addr, size > 8 ? 8 : size);
    if (size > 8) check_write(c, addr + 8, 8);
    pthread_mutex_lock(&fallback);
    sx_exec_int(c, i);
    pthread_mutex_unlock(&fallback);
    return;
  }
  check_write(c, addr, size); /* faults as the instruction itself would */
  uint8_t *page = sx_cpu_tlb_fill(c, addr, 1);
  if (!page) { /* unmapped meanwhile: let the plain path fault */
    sx_exec_int(c, i);
    return;
  }
  uint8_t *h = page + (addr & SX_PAGE_MASK);
  int code = x->wtlb[(addr >> 12) & (TLB_SIZE - 1)].page != addr >> 12;
  /* What the instruction may change besides memory, to undo a lost race. */
  uint64_t regs[16], rflags = c->rflags, lz_a = x->lz_a, lz_b = x->lz_b, lz_res = x->lz_res;
  int lz_op = x->lz_op, lz_size = x->lz_size;
  memcpy(regs, c->r, sizeof regs);
  TlbEntry *rt = &x->rtlb[(addr >> 12) & (TLB_SIZE - 1)], *wt = &x->wtlb[(addr >> 12) & (TLB_SIZE - 1)];
  TlbEntry save_r = *rt, save_w = *wt;
  _Alignas(8) uint8_t shadow[SX_PAGE_SIZE];
  /* Should anything fault while the TLB points at the copy, the next run starts afresh. */
  uint64_t gen = x->mem_gen;
  x->mem_gen = ~0ull;
  for (;;) {
    uint64_t old = load(h, size), neu = 0;
    memcpy(shadow + (addr & SX_PAGE_MASK), &old, (size_t)size);
    *rt = *wt = (TlbEntry){addr >> 12, shadow};
    sx_exec_int(c, i);
    *rt = save_r;
    *wt = save_w;
    memcpy(&neu, shadow + (addr & SX_PAGE_MASK), (size_t)size);
    if (neu == old || cas(h, old, neu, size)) break;
    memcpy(c->r, regs, sizeof regs);
    c->rflags = rflags;
    x->lz_a = lz_a, x->lz_b = lz_b, x->lz_res = lz_res, x->lz_op = lz_op, x->lz_size = lz_size;
  }
  x->mem_gen = gen;
  if (code) sx_cpu_code_write(c, addr, size);
}
