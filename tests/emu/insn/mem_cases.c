/* Checks of the guest address space API (syscall-shim/guest/mem.c) and of the interpreter's
 * reaction to address-space changes: protection and unmapping seen by running code, code
 * written by the guest itself (self-modifying code), and fault reporting details. These have
 * no native oracle; expected values come from the Linux semantics the API documents. */
#include <stdio.h>
#include <string.h>

#include "syscall-shim/cpu/cpu.h"
#include "tests/emu/insn/harness.h"

static int bad;
static long checks;

static void expect(int ok, const char *what) {
  checks++;
  if (!ok) {
    bad++;
    if (bad < 20) printf("  mem check failed: %s\n", what);
  }
}

static void api(void) {
  SxMem *m = sx_mem_new();
  expect(m != NULL, "sx_mem_new");
  uint64_t a = 0x400000;
  expect(sx_mem_map(m, a, 3 * 4096, SX_PROT_READ | SX_PROT_WRITE) == 0, "map 3 pages");
  expect(sx_mem_map(m, a + 1, 4096, SX_PROT_READ) == -22, "unaligned map is EINVAL");
  uint64_t lim = sx_mem_limit(m);
  expect(lim >= (1ull << 32) && !(lim & (lim - 1)), "the reservation is a power of two");
  expect(sx_mem_map(m, lim - 4096, 8192, SX_PROT_READ) == -22, "map past the limit");
  expect(sx_mem_stack_top(m) < lim && sx_mem_pie_base(m) < sx_mem_stack_top(m), "layout");
  expect(sx_mem_prot_at(m, a + 5000) == (SX_PROT_READ | SX_PROT_WRITE), "prot_at");
  expect(sx_mem_prot_at(m, a + 3 * 4096) == -1, "prot_at unmapped");
  uint8_t buf[10000], out[10000];
  for (int k = 0; k < 10000; k++) buf[k] = (uint8_t)(k * 7);
  uint64_t fault = 0;
  expect(sx_mem_write(m, a + 100, buf, 10000, &fault) == 0, "write across pages");
  memset(out, 0, sizeof out);
  expect(sx_mem_read(m, a + 100, out, 10000, &fault) == 0 && !memcmp(buf, out, 10000),
         "read back across pages");
  expect(sx_mem_read(m, a + 3 * 4096 - 10, out, 20, &fault) == -14 && fault == a + 3 * 4096,
         "read into a hole reports EFAULT and the first bad address");
  expect(sx_mem_protect(m, a + 4096, 4096, SX_PROT_READ) == 0, "protect middle page");
  expect(sx_mem_write(m, a + 4090, buf, 10, &fault) == -14 && fault == a + 4096,
         "write into a read-only page faults at its first byte");
  expect(sx_mem_protect(m, a, 5 * 4096, SX_PROT_READ) == -12, "protect over a hole is ENOMEM");
  expect(sx_mem_prot_at(m, a) == (SX_PROT_READ | SX_PROT_WRITE), "failed protect changed nothing");
  uint64_t g = sx_mem_generation(m);
  expect(sx_mem_unmap(m, a + 4096, 4096) == 0 && sx_mem_generation(m) != g, "unmap bumps generation");
  expect(sx_mem_prot_at(m, a + 4096) == -1, "unmapped page is gone");
  expect(sx_mem_ptr(m, a, 4096, SX_PROT_READ) != NULL, "ptr of a whole page");
  expect(sx_mem_ptr(m, a + 4000, 200, SX_PROT_READ) == NULL, "ptr across a hole is refused");
  expect(sx_mem_ptr(m, a, 8, SX_PROT_EXEC) == NULL, "ptr needs every requested bit");
  /* strings */
  sx_mem_write(m, a + 8192 - 3, "ab", 3, NULL);
  char s[16];
  expect(sx_mem_read_str(m, a + 8192 - 3, s, 16) == -14, "string running into a hole");
  sx_mem_map(m, a + 4096, 4096, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_write(m, a + 4096 - 2, "xyz", 4, NULL);
  expect(sx_mem_read_str(m, a + 4096 - 2, s, 16) == 3 && !strcmp(s, "xyz"), "string across pages");
  expect(sx_mem_read_str(m, a + 4096 - 2, s, 3) == -36, "string too long");
  expect(sx_mem_ptr(m, a + 4000, 200, SX_PROT_READ) == sx_mem_host(m, a + 4000),
         "ptr across mapped pages is the contiguous host range");
  /* remapping gives fresh zero pages */
  sx_mem_map(m, a, 4096, SX_PROT_READ);
  uint8_t z = 1;
  sx_mem_read(m, a + 10, &z, 1, NULL);
  expect(z == 0, "map replaces with zeroes");
  /* free-range search */
  uint64_t f1 = sx_mem_find_free(m, 0, 1 << 20);
  expect(f1 && !(f1 & 4095) && f1 + (1 << 20) <= sx_mem_stack_top(m), "find_free top-down");
  sx_mem_map(m, f1, 1 << 20, SX_PROT_READ);
  uint64_t f2 = sx_mem_find_free(m, 0, 1 << 20);
  expect(f2 && f2 + (1 << 20) <= f1, "next allocation goes below");
  uint64_t f3 = sx_mem_find_free(m, a, 4096);
  expect(f3 == a + 3 * 4096, "hinted search returns the first hole at or above the hint");
  expect(sx_mem_find_free(m, 0, lim) == 0, "no room for the whole space");
  /* big PROT_NONE reservations cost nothing until touched */
  expect(sx_mem_map(m, 0x100000000ull, 1ull << 34, 0) == 0, "16 GiB PROT_NONE reservation");
  expect(sx_mem_unmap(m, 0x100000000ull, 1ull << 34) == 0, "and its removal");
  /* the region table splits and merges: unmapping a middle page leaves two mappings, mapping
   * it again with the same protection makes one */
  uint64_t b = 0x200000000ull;
  sx_mem_map(m, b, 3 * 4096, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_unmap(m, b + 4096, 4096);
  SxRegion r1;
  expect(sx_mem_region_at(m, b, &r1) && r1.start == b && r1.end == b + 4096, "split by unmap");
  sx_mem_map(m, b + 4096, 4096, SX_PROT_READ | SX_PROT_WRITE);
  expect(sx_mem_region_at(m, b + 4096, &r1) && r1.start == b && r1.end == b + 3 * 4096,
         "merged again");
  expect(sx_mem_protect(m, b + 4096, 4096, SX_PROT_READ) == 0 &&
         sx_mem_region_at(m, b, &r1) && r1.end == b + 4096 && sx_mem_prot_at(m, b + 4096) == 1 &&
         sx_mem_prot_at(m, b + 8192) == 3, "protect splits in three");
  /* a host fault inside a guarded copy (the table says mapped, the host says not: what a
   * concurrent unmap looks like) is EFAULT with the guest address, not a crash */
  uint8_t *h = sx_mem_host(m, b + 8192);
  extern long host_mem_protect(void *at, uint64_t len, int lprot);
  host_mem_protect(h, 4096, 0);
  uint64_t where = 0;
  expect(sx_mem_read(m, b + 8192 + 5, out, 10, &where) == -14 && where == b + 8192 + 5,
         "host fault in a copy becomes EFAULT at the guest address");
  host_mem_protect(h, 4096, 3);
  sx_mem_free(m);
}

/* Runs code at CODE2 in a fresh address space and returns the stop reason. */
static SxStop run(SxCpu *c, SxMem *m, uint64_t at, const uint8_t *code, int n, int prot) {
  sx_mem_map(m, at, 4096, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_write(m, at, code, (uint64_t)n, NULL);
  sx_mem_protect(m, at, 4096, prot);
  c->rip = at;
  return sx_cpu_run(c);
}

static void cpu_checks(void) {
  SxMem *m = sx_mem_new();
  SxCpu c;
  sx_cpu_init(&c, m);
  const uint64_t P = 0x5000000;

  /* self-modifying code inside one straight-line block: the store patches the immediate of
   * the very next instruction, which must execute in its new form */
  static const uint8_t smc[] = {0xb0, 0x01,                               /* mov al, 1 */
                                0xc6, 0x05, 0x00, 0x00, 0x00, 0x00, 0x02, /* mov byte [rip+0]... */
                                0xb0, 0x09,                               /* mov al, 9 -> 2 */
                                0xf4};
  uint8_t code[64];
  memcpy(code, smc, sizeof smc);
  code[4] = 1; /* disp32 = 1: from the end of the c6 instruction to the immediate of b0 09 */
  c.r[SX_RAX] = 0;
  SxStop s = run(&c, m, P, code, sizeof smc, SX_PROT_READ | SX_PROT_WRITE | SX_PROT_EXEC);
  expect(s == SX_STOP_HLT && (c.r[SX_RAX] & 0xff) == 2, "self-modifying code in the same block");

  /* run the same code twice, patching between runs through the API (decode cache refresh) */
  code[10] = 7;
  code[8] = 7;
  s = run(&c, m, P, code, sizeof smc, SX_PROT_READ | SX_PROT_WRITE | SX_PROT_EXEC);
  expect(s == SX_STOP_HLT && (c.r[SX_RAX] & 0xff) == 7, "code rewritten between runs");

  /* instruction fetch needs PROT_EXEC */
  static const uint8_t nop_hlt[] = {0x90, 0xf4};
  s = run(&c, m, P, nop_hlt, 2, SX_PROT_READ);
  expect(s == SX_STOP_SEGV && c.fault_addr == P && c.fault_code == 2 && c.rip == P,
         "fetch from a non-executable page is SEGV_ACCERR");

  /* an instruction straddling into an unmapped page faults at the page boundary */
  static const uint8_t tail[] = {0x48, 0xb8, 1, 2, 3}; /* mov rax, imm64 cut short */
  sx_mem_unmap(m, P + 4096, 4096);
  sx_mem_map(m, P, 4096, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_write(m, P + 4096 - 5, tail, 5, NULL);
  sx_mem_protect(m, P, 4096, SX_PROT_READ | SX_PROT_EXEC);
  c.rip = P + 4096 - 5;
  s = sx_cpu_run(&c);
  expect(s == SX_STOP_SEGV && c.fault_addr == P + 4096 && c.fault_code == 1 && c.rip == P + 4096 - 5,
         "truncated instruction faults at the unmapped byte");

  /* a block that runs into undecodable bytes only faults when it gets there */
  static const uint8_t ill[] = {0xb0, 0x05, 0x06, 0xf4}; /* mov al, 5; (invalid 06) */
  c.r[SX_RAX] = 0;
  s = run(&c, m, P, ill, 4, SX_PROT_READ | SX_PROT_EXEC);
  char d[64];
  sx_cpu_describe(&c, d, sizeof d);
  expect(s == SX_STOP_ILL && c.rip == P + 2 && (c.r[SX_RAX] & 0xff) == 5, "ILL after progress");
  expect(strstr(d, "06 at 0x5000002") != NULL, "describe names the bytes and address");

  /* syscall stops with rip past it and rcx/r11 as the kernel sees them */
  static const uint8_t sys[] = {0x0f, 0x05};
  s = run(&c, m, P, sys, 2, SX_PROT_READ | SX_PROT_EXEC);
  expect(s == SX_STOP_SYSCALL && c.rip == P + 2 && c.r[SX_RCX] == P + 2 && (c.r[SX_R11] & 2),
         "syscall stop");

  /* unmapping the data page under running code: the TLB must not keep serving it */
  sx_mem_map(m, 0x6000000, 4096, SX_PROT_READ | SX_PROT_WRITE);
  static const uint8_t load[] = {0x48, 0x8b, 0x03, 0xf4}; /* mov rax, [rbx]; hlt */
  c.r[SX_RBX] = 0x6000000;
  s = run(&c, m, P, load, 4, SX_PROT_READ | SX_PROT_EXEC);
  expect(s == SX_STOP_HLT, "load from a mapped page");
  sx_mem_unmap(m, 0x6000000, 4096);
  c.rip = P;
  s = sx_cpu_run(&c);
  expect(s == SX_STOP_SEGV && c.fault_addr == 0x6000000 && c.fault_code == 1,
         "the same load after munmap faults");

  /* an interrupt request makes the next run return at an instruction boundary */
  static const uint8_t spin[] = {0xeb, 0xfe}; /* jmp . */
  sx_mem_map(m, P, 4096, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_write(m, P, spin, 2, NULL);
  sx_mem_protect(m, P, 4096, SX_PROT_READ | SX_PROT_EXEC);
  c.rip = P;
  sx_cpu_interrupt(&c);
  s = sx_cpu_run(&c);
  expect(s == SX_STOP_INTERRUPT && c.rip == P, "interrupt");

  /* a cloned CPU continues independently */
  SxCpu c2;
  c.r[SX_RBX] = 42;
  sx_cpu_clone(&c2, &c, m);
  c2.r[SX_RBX] = 7;
  expect(c.r[SX_RBX] == 42 && c2.rip == c.rip && c2.impl != c.impl && c2.mem == m, "cpu clone");
  sx_cpu_destroy(&c2);

  sx_cpu_destroy(&c);
  sx_mem_free(m);
}

int fam_mem(int n, long *count) {
  (void)n;
  bad = 0;
  checks = 0;
  api();
  cpu_checks();
  *count = checks;
  return bad;
}

/* Robustness: random byte strings executed by the emulator alone must end in a clean stop
 * (any reason) and never crash or hang the host. Run under ASan/UBSan by run.sh. An
 * interval timer interrupts guest loops; it only bounds run time, it decides nothing. */
#include <signal.h>
#include <sys/time.h>

static SxCpu *junk_cpu;
static void on_alarm(int sig) {
  (void)sig;
  if (junk_cpu) sx_cpu_interrupt(junk_cpu);
}

int fam_junk(int n, long *count) {
  SxMem *m = sx_mem_new();
  SxCpu c;
  sx_cpu_init(&c, m);
  const uint64_t P = 0x7000000, D = 0x8000000;
  sx_mem_map(m, D, 65536, SX_PROT_READ | SX_PROT_WRITE);
  signal(SIGALRM, on_alarm);
  struct itimerval it = {{0, 2000}, {0, 2000}};
  setitimer(ITIMER_REAL, &it, NULL);
  junk_cpu = &c;
  int failures = 0;
  static const uint8_t pfx[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x64, 0x65, 0x2e, 0x48, 0x41, 0x4c, 0x0f};
  for (int t = 0; t < n; t++) {
    uint8_t code[4096];
    for (int k = 0; k < 4096; k++) code[k] = (uint8_t)rnd();
    /* bias the start towards prefixes and the 0f map so deep decoder paths get exercised */
    for (int k = 0; k < 4 && rnd() % 2; k++) code[k] = pfx[rnd() % sizeof pfx];
    sx_mem_map(m, P, 4096, SX_PROT_READ | SX_PROT_WRITE);
    sx_mem_write(m, P, code, 4096, NULL);
    sx_mem_protect(m, P, 4096, SX_PROT_READ | SX_PROT_EXEC);
    for (int r = 0; r < 16; r++) c.r[r] = rnd() % 2 ? D + rnd() % 65536 : rnd_val();
    c.r[SX_RSP] = D + 32768;
    c.rip = P;
    c.fcw = 0x37f;
    c.mxcsr = 0x1f80;
    sx_cpu_sync_flags(&c);
    c.rflags = 0x202;
    SxStop s = sx_cpu_run(&c);
    /* after a syscall, keep going a few times: the stop must be resumable */
    for (int again = 0; again < 3 && s == SX_STOP_SYSCALL; again++) s = sx_cpu_run(&c);
    if ((int)s < SX_STOP_SYSCALL || (int)s > SX_STOP_BUS) failures++;
    char d[80];
    sx_cpu_describe(&c, d, sizeof d);
    if (!strstr(d, "at 0x")) failures++;
    ++*count;
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  junk_cpu = NULL;
  sx_cpu_destroy(&c);
  sx_mem_free(m);
  return failures;
}
