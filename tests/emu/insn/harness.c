/* Runs instruction snippets natively and under the Nacre CPU and compares the results. The
 * code page and data pages sit at the same addresses in both worlds, so pointers and
 * rip-relative operands mean the same thing; the host CPU is the oracle. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "syscall-shim/cpu/cpu.h"
#include "tests/emu/insn/harness.h"

/* ---- native side ---- */
void native_run(State *s);
void native_back(void);
uint64_t g_saved_rsp, g_state, g_code, g_tmp;

__asm__(
    ".text\n"
    ".globl native_run\n"
    "native_run:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  mov %rsp, g_saved_rsp(%rip)\n"
    "  mov %rdi, g_state(%rip)\n"
    "  fxrstor 144(%rdi)\n"
    "  pushq 128(%rdi)\n"
    "  popfq\n"
    "  mov 0(%rdi), %rax\n mov 8(%rdi), %rcx\n mov 16(%rdi), %rdx\n mov 24(%rdi), %rbx\n"
    "  mov 32(%rdi), %rsp\n mov 40(%rdi), %rbp\n mov 48(%rdi), %rsi\n"
    "  mov 64(%rdi), %r8\n mov 72(%rdi), %r9\n mov 80(%rdi), %r10\n mov 88(%rdi), %r11\n"
    "  mov 96(%rdi), %r12\n mov 104(%rdi), %r13\n mov 112(%rdi), %r14\n mov 120(%rdi), %r15\n"
    "  mov 56(%rdi), %rdi\n"
    "  jmp *g_code(%rip)\n"
    ".globl native_back\n"
    "native_back:\n"
    "  mov %rdi, g_tmp(%rip)\n"
    "  mov g_state(%rip), %rdi\n"
    "  mov %rax, 0(%rdi)\n mov %rcx, 8(%rdi)\n mov %rdx, 16(%rdi)\n mov %rbx, 24(%rdi)\n"
    "  mov %rsp, 32(%rdi)\n mov %rbp, 40(%rdi)\n mov %rsi, 48(%rdi)\n"
    "  mov %r8, 64(%rdi)\n mov %r9, 72(%rdi)\n mov %r10, 80(%rdi)\n mov %r11, 88(%rdi)\n"
    "  mov %r12, 96(%rdi)\n mov %r13, 104(%rdi)\n mov %r14, 112(%rdi)\n mov %r15, 120(%rdi)\n"
    "  mov g_tmp(%rip), %rax\n mov %rax, 56(%rdi)\n"
    "  mov g_saved_rsp(%rip), %rsp\n"
    "  pushfq\n"
    "  popq 128(%rdi)\n"
    "  fxsave 144(%rdi)\n"
    "  cld\n"
    "  fninit\n"
    "  pushq $0x1f80\n ldmxcsr (%rsp)\n add $8, %rsp\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n");

static uint8_t *ncode, *ndata;
static sigjmp_buf sigjb;
static volatile int got_sig, got_code;
static volatile uint64_t got_addr;

static void on_sig(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got_sig = sig;
  got_code = si->si_code;
  got_addr = (uint64_t)(uintptr_t)si->si_addr;
  siglongjmp(sigjb, 1);
}

/* ---- emulator side ---- */
static SxMem *mem;
static SxCpu cpu;

static uint64_t seed = 0x9e3779b97f4a7c15ull;
uint64_t rnd(void) {
  seed ^= seed >> 12, seed ^= seed << 25, seed ^= seed >> 27;
  return seed * 0x2545f4914f6cdd1dull;
}

uint64_t rnd_val(void) {
  static const uint64_t edge[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
                                  0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
                                  0x8000000000000000ull, ~0ull, ~0ull - 1, 0x100, 0x10000};
  switch (rnd() % 8) {
  case 0: return edge[rnd() % (sizeof edge / sizeof edge[0])];
  case 1: return rnd() & 0xff;
  case 2: return (uint64_t)(int64_t)(int8_t)rnd();
  case 3: return rnd() & 0xffffffff;
  default: return rnd();
  }
}

void case_init(Case *k) {
  memset(k, 0, sizeof *k);
  for (int r = 0; r < 16; r++) k->st.r[r] = rnd_val();
  k->st.r[3] = k->st.r[11] = DATA_ADDR + 0x1000; /* memory operand bases */
  k->st.r[5] = rnd() & 63;                        /* rbp, r13: SIB index registers */
  k->st.r[13] = rnd() & 63;
  k->st.r[4] = DATA_ADDR + 0x1800;                /* a stack inside the data pages */
  k->st.rflags = 0x202 | (rnd() & 0x8d5);
  k->st.rflags &= ~0x400ull;
  for (int b = 0; b < DATA_SIZE; b += 8) {
    uint64_t v = rnd_val();
    memcpy(k->data + b, &v, 8);
  }
  /* fxsave image: FCW 0x37f, MXCSR 0x1f80, random xmm */
  k->st.fx[0] = 0x7f, k->st.fx[1] = 0x03;
  uint32_t mx = 0x1f80;
  memcpy(k->st.fx + 24, &mx, 4);
  uint32_t mxm = 0xffff;
  memcpy(k->st.fx + 28, &mxm, 4);
  for (int x = 0; x < 16; x++)
    for (int q = 0; q < 2; q++) {
      uint64_t v = rnd_val();
      memcpy(k->st.fx + 160 + 16 * x + 8 * q, &v, 8);
    }
  k->flag_mask = 0x8d5; /* the arithmetic flags */
  k->cmp_xmm = 0;
  k->mxcsr_mask = 0xffff;
}

void emit(Case *k, int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int j = 0; j < n; j++) k->code[k->len++] = (uint8_t)va_arg(ap, int);
  va_end(ap);
}
void emit_bytes(Case *k, const uint8_t *b, int n) {
  memcpy(k->code + k->len, b, (size_t)n);
  k->len += n;
}
void emit_imm(Case *k, uint64_t v, int n) {
  for (int j = 0; j < n; j++) k->code[k->len++] = (uint8_t)(v >> (8 * j));
}
void emit_modrm_reg(Case *k, int reg, int rm) { emit(k, 1, 0xc0 | ((reg & 7) << 3) | (rm & 7)); }
void emit_modrm_mem(Case *k, int reg) {
  int r = (reg & 7) << 3;
  switch (rnd() % 3) {
  case 0: emit(k, 2, 0x40 | r | 3, (int)(rnd() % 128) - 64); break;
  case 1:
    emit(k, 1, 0x80 | r | 3);
    emit_imm(k, (uint64_t)((int)(rnd() % 1024) - 512), 4);
    break;
  default: emit(k, 2, 0x04 | r, (int)((rnd() % 4) << 6 | 5 << 3 | 3)); break;
  }
}

static int fails_reported;

/* Prints one mismatch per family at most a few times, with the bytes to reproduce it. */
static void report(Case *k, const char *family, const char *what, uint64_t want, uint64_t got) {
  if (fails_reported++ > 20) return;
  printf("  %s mismatch in %s: native %#llx emulated %#llx; code", family, what,
         (unsigned long long)want, (unsigned long long)got);
  for (int j = 0; j < k->len; j++) printf(" %02x", k->code[j]);
  printf("\n");
}

int run_case(Case *k, const char *family) {
  if (k->len > (int)sizeof k->code - 16) {
    report(k, family, "generator bug: snippet too long", sizeof k->code, (uint64_t)k->len);
    return 0;
  }
  /* native */
  State ns = k->st;
  memcpy(ncode, k->code, (size_t)k->len);
  static const uint8_t back[6] = {0xff, 0x25, 0, 0, 0, 0};
  memcpy(ncode + k->len, back, 6);
  uint64_t ba = (uint64_t)(uintptr_t)native_back;
  memcpy(ncode + k->len + 6, &ba, 8);
  memcpy(ndata, k->data, DATA_SIZE);
  __builtin___clear_cache((char *)ncode, (char *)ncode + 64);
  g_code = CODE_ADDR;
  got_sig = 0;
  if (sigsetjmp(sigjb, 1) == 0) {
    native_run(&ns);
  } else {
    __asm__ volatile("cld; fninit");
    unsigned mx = 0x1f80;
    __asm__ volatile("ldmxcsr %0" ::"m"(mx));
  }
  int nsig = got_sig;

  /* emulated */
  uint8_t code[176];
  memcpy(code, k->code, (size_t)k->len);
  code[k->len] = 0xf4; /* hlt: stops without touching registers */
  sx_mem_protect(mem, CODE_ADDR, 4096, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_write(mem, CODE_ADDR, code, (uint64_t)k->len + 2, NULL);
  sx_mem_protect(mem, CODE_ADDR, 4096, SX_PROT_READ | SX_PROT_EXEC);
  sx_mem_write(mem, DATA_ADDR, k->data, DATA_SIZE, NULL);
  sx_cpu_sync_flags(&cpu);
  memcpy(cpu.r, k->st.r, sizeof cpu.r);
  cpu.rflags = k->st.rflags;
  cpu.rip = CODE_ADDR;
  for (int x = 0; x < 16; x++) memcpy(cpu.xmm[x].b, k->st.fx + 160 + 16 * x, 16);
  memcpy(&cpu.mxcsr, k->st.fx + 24, 4);
  cpu.fcw = 0x37f, cpu.fsw = 0, cpu.ftw = 0;
  for (int r = 0; r < 8; r++) memcpy(cpu.st[r].b, k->st.fx + 32 + 16 * r, 10); /* TOP is 0 */
  SxStop why = sx_cpu_run(&cpu);
  sx_cpu_sync_flags(&cpu);

  int ok = 1;
  if (nsig) {
    int want = nsig == SIGFPE ? SX_STOP_FPE : nsig == SIGSEGV || nsig == SIGBUS ? SX_STOP_SEGV
             : nsig == SIGILL ? SX_STOP_ILL : SX_STOP_TRAP;
    if ((int)why != want) {
      report(k, family, "stop reason (native signal)", (uint64_t)nsig, why);
      return 0;
    }
    if (cpu.rip != CODE_ADDR + (uint64_t)k->fault_off) {
      report(k, family, "faulting rip", CODE_ADDR + (uint64_t)k->fault_off, cpu.rip);
      return 0;
    }
    /* A faulting instruction must not have written any register. */
    for (int r = 0; r < 16; r++)
      if (!k->fault_off && cpu.r[r] != k->st.r[r] && !(k->reg_skip & (1ull << r))) {
        report(k, family, "register written by a faulting instruction", k->st.r[r], cpu.r[r]);
        return 0;
      }
    if (nsig == SIGSEGV && k->fault_addr && cpu.fault_addr != k->fault_addr) {
      report(k, family, "fault address", k->fault_addr, cpu.fault_addr);
      return 0;
    }
    /* the kernel's siginfo is the oracle for the SIGSEGV details */
    if (nsig == SIGSEGV && (got_code != cpu.fault_code || got_addr != cpu.fault_addr)) {
      report(k, family, "si_code", (uint64_t)got_code, (uint64_t)cpu.fault_code);
      report(k, family, "si_addr", got_addr, cpu.fault_addr);
      return 0;
    }
    return 1;
  }
  if (why != SX_STOP_HLT) {
    char d[80];
    sx_cpu_describe(&cpu, d, sizeof d);
    report(k, family, d, SX_STOP_HLT, why);
    return 0;
  }
  if (cpu.rip != CODE_ADDR + (uint64_t)k->len) {
    report(k, family, "rip", CODE_ADDR + (uint64_t)k->len, cpu.rip);
    ok = 0;
  }
  for (int r = 0; r < 16 && ok; r++) {
    if (k->reg_skip & (1ull << r)) continue;
    if (ns.r[r] != cpu.r[r]) {
      char w[16];
      snprintf(w, sizeof w, "r%d", r);
      report(k, family, w, ns.r[r], cpu.r[r]);
      ok = 0;
    }
  }
  if (ok && (ns.rflags & k->flag_mask) != (cpu.rflags & k->flag_mask)) {
    report(k, family, "rflags", ns.rflags & k->flag_mask, cpu.rflags & k->flag_mask);
    ok = 0;
  }
  if (ok && k->cmp_xmm) {
    for (int x = 0; x < 16 && ok; x++)
      if (memcmp(ns.fx + 160 + 16 * x, cpu.xmm[x].b, 16)) {
        uint64_t a, b;
        memcpy(&a, ns.fx + 160 + 16 * x, 8);
        memcpy(&b, cpu.xmm[x].b, 8);
        char w[16];
        snprintf(w, sizeof w, "xmm%d", x);
        uint64_t a2, b2;
        memcpy(&a2, ns.fx + 168 + 16 * x, 8);
        memcpy(&b2, cpu.xmm[x].b + 8, 8);
        report(k, family, w, a == b ? a2 : a, a == b ? b2 : b);
        ok = 0;
      }
    uint32_t nm;
    memcpy(&nm, ns.fx + 24, 4);
    if (ok && (nm & k->mxcsr_mask) != (cpu.mxcsr & k->mxcsr_mask)) {
      report(k, family, "mxcsr", nm, cpu.mxcsr);
      ok = 0;
    }
  }
  if (ok) {
    static uint8_t edata[DATA_SIZE];
    sx_mem_read(mem, DATA_ADDR, edata, DATA_SIZE, NULL);
    for (int b = 0; b < DATA_SIZE; b++)
      if (edata[b] != ndata[b]) {
        char w[32];
        snprintf(w, sizeof w, "data[%#x]", b);
        report(k, family, w, ndata[b], edata[b]);
        ok = 0;
        break;
      }
  }
  return ok;
}

typedef int (*Family)(int, long *);

int main(int argc, char **argv) {
  double scale = argc > 1 ? atof(argv[1]) : 1.0;
  ncode = mmap((void *)CODE_ADDR, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  ndata = mmap((void *)DATA_ADDR, DATA_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  void *ro = mmap((void *)RO_ADDR, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                  -1, 0);
  if (ncode != (void *)CODE_ADDR || ndata != (void *)DATA_ADDR || ro != (void *)RO_ADDR) {
    printf("FAIL insn-setup: cannot map the fixed test pages\n");
    return 1;
  }
  static char altstack[65536];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGFPE, &sa, NULL);
  sigaction(SIGTRAP, &sa, NULL);

  mem = sx_mem_new();
  sx_mem_map(mem, CODE_ADDR, 4096, SX_PROT_READ | SX_PROT_EXEC);
  sx_mem_map(mem, DATA_ADDR, DATA_SIZE, SX_PROT_READ | SX_PROT_WRITE);
  sx_mem_map(mem, RO_ADDR, 4096, SX_PROT_READ);
  sx_cpu_init(&cpu, mem);

  static const struct { const char *name; Family f; int n; } fams[] = {
      {"alu", fam_alu, 25000},       {"shift", fam_shift, 15000},
      {"muldiv", fam_muldiv, 10000}, {"bit", fam_bit, 10000},
      {"atomic", fam_atomic, 5000},  {"string", fam_string, 5000},
      {"control", fam_control, 5000}, {"sse-int", fam_sse_int, 15000},
      {"sse-fp", fam_sse_fp, 15000}, {"sse-cvt", fam_sse_cvt, 8000},
      {"sse-mov", fam_sse_mov, 8000}, {"x87", fam_x87, 8000},
      {"fault", fam_fault, 2000},     {"mem", fam_mem, 1},
      {"junk", fam_junk, 2000},
  };
  const char *only = getenv("INSN_ONLY"); /* comma-separated family names */
  const char *tag = getenv("INSN_TAG") ? getenv("INSN_TAG") : "";
  int bad_total = 0;
  long total = 0;
  for (unsigned f = 0; f < sizeof fams / sizeof fams[0]; f++) {
    if (only) {
      char want[64], list[256];
      snprintf(want, sizeof want, ",%s,", fams[f].name);
      snprintf(list, sizeof list, ",%s,", only);
      if (!strstr(list, want)) continue;
    }
    long count = 0;
    fails_reported = 0;
    int bad = fams[f].f((int)(fams[f].n * scale), &count);
    total += count;
    printf("  %s: %ld cases, %d mismatches\n", fams[f].name, count, bad);
    if (bad) printf("FAIL insn-%s%s: %d of %ld cases differ from the expected result\n", fams[f].name, tag, bad, count);
    else if (count == 0) printf("FAIL insn-%s%s: no cases ran\n", fams[f].name, tag);
    else printf("PASS insn-%s%s\n", fams[f].name, tag);
    bad_total += bad;
  }
  printf("  total: %ld cases, %d mismatches\n", total, bad_total);
  sx_cpu_destroy(&cpu);
  sx_mem_free(mem);
  return 0;
}
