/* Syscall dispatch and --strace output, both driven by the table in syscalls.h. Strace lines
 * follow strace(1)'s format: name(args) = result, errors as "= -1 ENOENT (message)". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "syscall-shim/linux/sys.h"

typedef struct { const char *name, *args; SxSyscallFn *fn; } Entry;

#define SX_MAX_SYSCALL 450
static const Entry TABLE[SX_MAX_SYSCALL] = {
#define ROW(nr, name, args, h) [nr] = {#name, args, sx_sys_##h},
  SX_SYSCALLS(ROW)
#undef ROW
};

long sx_sys_enosys(SxProc *p, const uint64_t *a) {
  (void)p; (void)a;
  return -ENOSYS_LINUX;
}

const char *sx_syscall_name(int nr) {
  return nr >= 0 && nr < SX_MAX_SYSCALL ? TABLE[nr].name : NULL;
}

/* A growing line buffer: the whole line is written with one fputs so lines never interleave. */
typedef struct { char b[2048]; size_t n; } Line;

static void add(Line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Line *l, const char *fmt, ...) {
  if (l->n >= sizeof l->b - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(l->b + l->n, sizeof l->b - l->n, fmt, ap);
  va_end(ap);
  if (w > 0) l->n += (size_t)w;
  if (l->n >= sizeof l->b) l->n = sizeof l->b - 1;
}

/* Prints up to 32 bytes of guest memory as a C string literal, "..." after it if longer. */
static void add_buf(Line *l, SxProc *p, uint64_t addr, uint64_t len, int stop_at_nul) {
  unsigned char buf[33];
  uint64_t n = len > 32 ? 32 : len;
  if (stop_at_nul) {
    long r = sx_mem_read_str(p->mem, addr, (char *)buf, 33);
    if (r < 0 && r != -ENAMETOOLONG_LINUX) { add(l, "0x%llx", (unsigned long long)addr); return; }
    n = r < 0 ? 32 : (uint64_t)r;
    len = r < 0 ? 33 : n;
  } else if (sx_get(p, addr, buf, n) < 0) {
    add(l, "0x%llx", (unsigned long long)addr);
    return;
  }
  add(l, "\"");
  for (uint64_t i = 0; i < n; i++) {
    unsigned c = buf[i];
    switch (c) {
    case '\n': add(l, "\\n"); break;
    case '\t': add(l, "\\t"); break;
    case '\r': add(l, "\\r"); break;
    case '\f': add(l, "\\f"); break;
    case '\v': add(l, "\\v"); break;
    case '"': add(l, "\\\""); break;
    case '\\': add(l, "\\\\"); break;
    default:
      if (c >= 32 && c < 127) add(l, "%c", c);
      else if (i + 1 < n && buf[i + 1] >= '0' && buf[i + 1] <= '7') add(l, "\\%03o", c);
      else add(l, "\\%o", c);
    }
  }
  add(l, "\"%s", len > n ? "..." : "");
}

static void add_open_flags(Line *l, uint64_t f) {
  static const struct { uint64_t bit; const char *name; } FL[] = {
    {O_CREAT_LINUX, "O_CREAT"}, {O_EXCL_LINUX, "O_EXCL"}, {O_NOCTTY_LINUX, "O_NOCTTY"},
    {O_TRUNC_LINUX, "O_TRUNC"}, {O_APPEND_LINUX, "O_APPEND"}, {O_NONBLOCK_LINUX, "O_NONBLOCK"},
    {O_DSYNC_LINUX, "O_DSYNC"}, {O_DIRECT_LINUX, "O_DIRECT"}, {O_LARGEFILE_LINUX, "O_LARGEFILE"},
    {O_DIRECTORY_LINUX, "O_DIRECTORY"}, {O_NOFOLLOW_LINUX, "O_NOFOLLOW"},
    {O_NOATIME_LINUX, "O_NOATIME"}, {O_CLOEXEC_LINUX, "O_CLOEXEC"}, {O_PATH_LINUX, "O_PATH"},
  };
  static const char *const ACC[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
  add(l, "%s", ACC[f & 3]);
  f &= ~3ull;
  for (size_t i = 0; i < sizeof FL / sizeof FL[0]; i++)
    if (f & FL[i].bit) { add(l, "|%s", FL[i].name); f &= ~FL[i].bit; }
  if (f) add(l, "|%#llo", (unsigned long long)f);
}

static const char *const SIGNAMES[] = {
  "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
  "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
  "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
  "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

static void add_arg(Line *l, SxProc *p, char kind, const uint64_t *a, int i, long ret) {
  uint64_t v = a[i];
  switch (kind) {
  case 'd': case 'f': add(l, "%d", (int)(int32_t)v); break;
  case 'a':
    if ((int32_t)v == AT_FDCWD_LINUX) add(l, "AT_FDCWD");
    else add(l, "%d", (int)(int32_t)v);
    break;
  case 'l': add(l, "%lld", (long long)v); break;
  case 'u': add(l, "%llu", (unsigned long long)v); break;
  case 'm': add(l, "%#llo", (unsigned long long)v); break;
  case 'o': add_open_flags(l, v); break;
  case 'g':
    if (v < sizeof SIGNAMES / sizeof SIGNAMES[0]) add(l, "%s", SIGNAMES[v]);
    else add(l, "%llu", (unsigned long long)v);
    break;
  case 'A':   /* arch_prctl code */
    if (v == ARCH_SET_GS_LINUX) add(l, "ARCH_SET_GS");
    else if (v == ARCH_SET_FS_LINUX) add(l, "ARCH_SET_FS");
    else if (v == ARCH_GET_FS_LINUX) add(l, "ARCH_GET_FS");
    else if (v == ARCH_GET_GS_LINUX) add(l, "ARCH_GET_GS");
    else add(l, "%#llx", (unsigned long long)v);
    break;
  case 'P': {
    if ((v & 7) == 0) { add(l, "PROT_NONE"); break; }
    const char *sep = "";
    if (v & 1) { add(l, "PROT_READ"); sep = "|"; }
    if (v & 2) { add(l, "%sPROT_WRITE", sep); sep = "|"; }
    if (v & 4) add(l, "%sPROT_EXEC", sep);
    break;
  }
  case 's':
    if (v == 0) add(l, "NULL");
    else add_buf(l, p, v, SX_PATH_MAX, 1);
    break;
  case 'w': add_buf(l, p, v, a[i + 1], 0); break;
  case 'r':
    if (ret < 0) add(l, "0x%llx", (unsigned long long)v);
    else add_buf(l, p, v, (uint64_t)ret, 0);
    break;
  case 'p':
    if (v == 0) add(l, "NULL");
    else add(l, "0x%llx", (unsigned long long)v);
    break;
  default: add(l, "%#llx", (unsigned long long)v); break;
  }
}

static int returns_address(int nr) { return nr == 9 || nr == 12 || nr == 25; }

/* "name(args)": formatted before the call unless an argument is an output buffer, so that
 * execve's arguments are read from the image that passed them. */
static void trace_call(Line *lp, SxProc *p, int nr, const uint64_t *a, long ret) {
  Line l = {.n = 0};
  if (p->forked) add(&l, "[pid %d] ", p->pid);
  const Entry *e = nr >= 0 && nr < SX_MAX_SYSCALL && TABLE[nr].name ? &TABLE[nr] : NULL;
  if (e) {
    add(&l, "%s(", e->name);
    for (int i = 0; e->args[i]; i++) {
      /* Like strace: open's mode only appears when the flags create a file. */
      if (e->args[i] == 'm' && i && e->args[i - 1] == 'o' &&
          !(a[i - 1] & (O_CREAT_LINUX | (O_TMPFILE_LINUX & ~O_DIRECTORY_LINUX))))
        break;
      if (i) add(&l, ", ");
      add_arg(&l, p, e->args[i], a, i, ret);
    }
  } else {
    add(&l, "syscall_%#x(", (unsigned)nr);
    for (int i = 0; i < 6; i++) add(&l, "%s%#llx", i ? ", " : "", (unsigned long long)a[i]);
  }
  add(&l, ")");
  *lp = l;
}

static int formats_after(int nr) {
  return nr >= 0 && nr < SX_MAX_SYSCALL && TABLE[nr].name && strchr(TABLE[nr].args, 'r');
}

static void trace_result(Line l, int nr, long ret, int noreturn) {
  if (noreturn) add(&l, " = ?");
  else if (ret < 0 && ret >= -4095) {
    const char *name = sx_errno_name((int)-ret), *text = sx_errno_text((int)-ret);
    if (name) add(&l, " = -1 %s (%s)", name, text);
    else add(&l, " = -1 (errno %ld)", -ret);
  } else if (returns_address(nr)) add(&l, " = %#llx", (unsigned long long)ret);
  else add(&l, " = %ld", ret);
  add(&l, "\n");
  fputs(l.b, stderr);
}

#define JOB_SIGNALS ((1ull << (SIGTTIN_LINUX - 1)) | (1ull << (SIGTTOU_LINUX - 1)))

/* Calls a terminal answers with SIGTTIN or SIGTTOU from a background process: read, write,
 * pread64, pwrite64, readv, writev, preadv, pwritev, and ioctl (tcsetpgrp, tcsetattr...). */
static int tty_checked(int nr) {
  return (nr >= 0 && nr <= 1) || (nr >= 16 && nr <= 20) || nr == 295 || nr == 296;
}

/* Syscalls the kernel restarts after a handler with SA_RESTART (others fail with EINTR). */
static int restartable(int nr, const uint64_t *a) {
  switch (nr) {
  case 0: case 1: case 17: case 18: case 19: case 20: case 40: case 61: case 72: case 16:
    return 1;
  case 202: /* futex waits without a timeout (ERESTARTSYS); with one they end in EINTR */
    return !a[3];
  default: return 0;
  }
}

/* Calls that may wait on something another guest thread or process does: they run without
 * the run lock (syscall-shim/guest/thread.c), so the other threads go on meanwhile. The
 * handlers only read the descriptor table and call the host, or release it themselves
 * (futex, pause, rt_sigsuspend). */
static int may_block(int nr, const uint64_t *a) {
  switch (nr) {
  case 72: /* fcntl: only the waiting lock commands, F_SETLKW and F_OFD_SETLKW */
    return (int)a[1] == 7 || (int)a[1] == 38;
  case 0: case 1: case 7: case 16: case 17: case 18: case 19: case 20: case 23: case 24:
  case 35: case 40: case 42: case 43: case 44: case 45: case 46: case 47: case 61: case 73:
  case 65: case 69: case 70: case 220: case 230: case 232: case 247: case 270: case 271: case 281:
  case 288: case 295: case 296: case 441:
    return 1;
  default: return 0;
  }
}

void sx_syscall(SxThread *t) {
  SxProc *p = t->proc;
  SxCpu *c = &t->cpu;
  int nr = (int)c->r[SX_RAX];
  uint64_t a[6] = {c->r[SX_RDI], c->r[SX_RSI], c->r[SX_RDX], c->r[SX_R10], c->r[SX_R8],
                   c->r[SX_R9]};
  long ret;
  Line line;
  t->no_result = 0;
  if (p->strace && !formats_after(nr)) trace_call(&line, p, nr, a, 0);
  if (c->r[SX_RAX] < SX_MAX_SYSCALL && TABLE[nr].fn) {
    int unlocked = p->nthreads > 1 && may_block(nr, a);
    /* SIGTTIN and SIGTTOU the guest blocks are blocked on the host for the calls a
     * terminal answers with them (the kernel's checks look at the caller's mask). */
    int job = (t->sig.mask & JOB_SIGNALS) && tty_checked(nr) ? host_job_signals_block(
                  (t->sig.mask & (1ull << (SIGTTIN_LINUX - 1)) ? 1 : 0) |
                  (t->sig.mask & (1ull << (SIGTTOU_LINUX - 1)) ? 2 : 0)) : -1;
    if (unlocked) sx_thread_block(t);
    ret = TABLE[nr].fn(p, a);
    if (unlocked) sx_thread_unblock(t);
    if (job >= 0) host_job_signals_block(job);
  } else {
    ret = -ENOSYS_LINUX;
  }
  if (p->strace) {
    if (formats_after(nr)) trace_call(&line, p, nr, a, ret);
    /* rt_sigreturn's "result" is the restored rax; execve's is 0 on success. */
    trace_result(line, nr, t->no_result && nr != 15 ? 0 : ret, p->exited);
  }
  if (t->no_result || p->exited) return;
  /* The syscall instruction clobbers rcx and r11 (return address and flags). */
  c->r[SX_RCX] = c->rip;
  sx_cpu_sync_flags(c);
  c->r[SX_R11] = c->rflags;
  if (ret == -EINTR_LINUX && restartable(nr, a)) {
    /* Let signal delivery decide: rip is rewound so SA_RESTART handlers re-issue the call,
     * and so is a call a host signal interrupted for nothing the thread acts on (one it
     * blocks, bound for a signalfd or sigwait, or one whose action is to ignore it). */
    int sig = sx_signal_next(t);
    if (!sig || sx_signal_ignored(p, sig) ||
        ((p->sig.act[sig].flags & SA_RESTART_LINUX) && p->sig.act[sig].handler > 1)) {
      c->rip -= 2;
      c->r[SX_RAX] = (uint64_t)nr;
      return;
    }
  }
  c->r[SX_RAX] = (uint64_t)ret;
}
