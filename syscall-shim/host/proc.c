/* Host process facts for the shim: time, randomness, identity, resource usage and host signal
 * plumbing, each returned in Linux layout. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/random.h>
#include <sys/sysinfo.h>
#endif

#include "syscall-shim/host/host.h"

static long clock_host(int l, clockid_t *c) {
#if defined(__linux__)
  /* The guest's clock ids are the host's own: COARSE and BOOTTIME keep their resolution and
   * meaning, TAI and the alarm clocks exist, and negative ids name a process's or thread's
   * CPU clock by host pid (the caller rejects those when guest pids are virtual). */
  *c = (clockid_t)l;
  return 0;
#endif
  switch (l) {
  case CLOCK_REALTIME_LINUX: case CLOCK_REALTIME_COARSE_LINUX: *c = CLOCK_REALTIME; return 0;
  case CLOCK_MONOTONIC_LINUX: case CLOCK_MONOTONIC_RAW_LINUX: case CLOCK_MONOTONIC_COARSE_LINUX:
  case CLOCK_BOOTTIME_LINUX: *c = CLOCK_MONOTONIC; return 0;
  case CLOCK_PROCESS_CPUTIME_ID_LINUX: *c = CLOCK_PROCESS_CPUTIME_ID; return 0;
  case CLOCK_THREAD_CPUTIME_ID_LINUX: *c = CLOCK_THREAD_CPUTIME_ID; return 0;
  default: return -EINVAL_LINUX;
  }
}

long host_clock_gettime(int lclock, TimespecLinux *ts) {
  clockid_t c;
  struct timespec h;
  long r = clock_host(lclock, &c);
  if (r < 0) return r;
  if (clock_gettime(c, &h) < 0) return host_err();
  ts->tv_sec = h.tv_sec; ts->tv_nsec = h.tv_nsec;
  return 0;
}

long host_clock_getres(int lclock, TimespecLinux *ts) {
  clockid_t c;
  struct timespec h;
  long r = clock_host(lclock, &c);
  if (r < 0) return r;
  if (clock_getres(c, &h) < 0) return host_err();
  ts->tv_sec = h.tv_sec; ts->tv_nsec = h.tv_nsec;
  return 0;
}

long host_nanosleep(const TimespecLinux *req, TimespecLinux *rem) {
  struct timespec r = {(time_t)req->tv_sec, (long)req->tv_nsec}, left = {0, 0};
  if (nanosleep(&r, &left) < 0) {
    long e = host_err();
    if (rem) { rem->tv_sec = left.tv_sec; rem->tv_nsec = left.tv_nsec; }
    return e;
  }
  return 0;
}

long host_random(void *buf, size_t n) {
#if defined(__linux__)
  unsigned char *p = buf;
  size_t done = 0;
  while (done < n) {
    ssize_t r = getrandom(p + done, n - done, 0);
    if (r < 0) { if (errno == EINTR) continue; return host_err(); }
    done += (size_t)r;
  }
  return (long)n;
#else
  arc4random_buf(buf, n);
  return (long)n;
#endif
}

static void itv_host(const ItimervalLinux *l, struct itimerval *h) {
  h->it_interval.tv_sec = (time_t)l->it_interval.tv_sec;
  h->it_interval.tv_usec = (suseconds_t)l->it_interval.tv_usec;
  h->it_value.tv_sec = (time_t)l->it_value.tv_sec;
  h->it_value.tv_usec = (suseconds_t)l->it_value.tv_usec;
}

static void itv_linux(const struct itimerval *h, ItimervalLinux *l) {
  l->it_interval.tv_sec = h->it_interval.tv_sec;
  l->it_interval.tv_usec = h->it_interval.tv_usec;
  l->it_value.tv_sec = h->it_value.tv_sec;
  l->it_value.tv_usec = h->it_value.tv_usec;
}

static int itimer_host(int lwhich) {
  return lwhich == ITIMER_REAL_LINUX ? ITIMER_REAL : lwhich == ITIMER_VIRTUAL_LINUX ? ITIMER_VIRTUAL
                                                 : ITIMER_PROF;
}

long host_setitimer(int lwhich, const ItimervalLinux *neu, ItimervalLinux *old) {
  struct itimerval n, o;
  itv_host(neu, &n);
  if (setitimer(itimer_host(lwhich), &n, &o) < 0) return host_err();
  if (old) itv_linux(&o, old);
  return 0;
}

long host_getitimer(int lwhich, ItimervalLinux *cur) {
  struct itimerval h;
  if (getitimer(itimer_host(lwhich), &h) < 0) return host_err();
  itv_linux(&h, cur);
  return 0;
}

static void copy_field(char *dst, const char *src) {
  size_t n = strlen(src);
  if (n > 64) n = 64;
  memcpy(dst, src, n);
  dst[n] = 0;
}

long host_uname(UtsnameLinux *u) {
  struct utsname h;
  memset(u, 0, sizeof *u);
  if (uname(&h) < 0) return host_err();
  /* The guest is told it runs on Linux x86-64 whatever the host is; node name passes through,
   * and release/version pass through only when the host is Linux. */
  copy_field(u->sysname, "Linux");
  copy_field(u->nodename, h.nodename);
#if defined(__linux__)
  copy_field(u->release, h.release);
  copy_field(u->version, h.version);
#else
  copy_field(u->release, "6.1.0");
  copy_field(u->version, "#1 SMP nacre");
#endif
  copy_field(u->machine, "x86_64");
  copy_field(u->domainname, "(none)");
  return 0;
}

long host_sysinfo(SysinfoLinux *s) {
  memset(s, 0, sizeof *s);
#if defined(__linux__)
  struct sysinfo h;
  if (sysinfo(&h) < 0) return host_err();
  s->uptime = h.uptime;
  for (int i = 0; i < 3; i++) s->loads[i] = h.loads[i];
  s->totalram = h.totalram; s->freeram = h.freeram; s->sharedram = h.sharedram;
  s->bufferram = h.bufferram; s->totalswap = h.totalswap; s->freeswap = h.freeswap;
  s->procs = h.procs; s->totalhigh = h.totalhigh; s->freehigh = h.freehigh;
  s->mem_unit = h.mem_unit;
#else
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  s->uptime = t.tv_sec;
  s->mem_unit = 1;
  s->procs = 1;
#endif
  return 0;
}

static void tv_linux(const struct timeval *h, TimevalLinux *l) {
  l->tv_sec = h->tv_sec; l->tv_usec = h->tv_usec;
}

long host_getrusage(int who, RusageLinux *r) {
  struct rusage h;
  int w = who == RUSAGE_CHILDREN_LINUX ? RUSAGE_CHILDREN : RUSAGE_SELF;
  if (getrusage(w, &h) < 0) return host_err();
  memset(r, 0, sizeof *r);
  tv_linux(&h.ru_utime, &r->ru_utime);
  tv_linux(&h.ru_stime, &r->ru_stime);
  r->ru_maxrss = h.ru_maxrss; r->ru_minflt = h.ru_minflt; r->ru_majflt = h.ru_majflt;
  r->ru_inblock = h.ru_inblock; r->ru_oublock = h.ru_oublock;
  r->ru_nvcsw = h.ru_nvcsw; r->ru_nivcsw = h.ru_nivcsw;
  return 0;
}

long host_times(TmsLinux *t) {
  struct tms h;
  clock_t c = times(&h);
  if (c == (clock_t)-1) return host_err();
  /* Linux reports clock ticks at USER_HZ = 100 whatever the host's rate. */
  long hz = sysconf(_SC_CLK_TCK);
  if (hz <= 0) hz = 100;
#define TICKS(x) ((int64_t)(x) * 100 / hz)
  t->tms_utime = TICKS(h.tms_utime); t->tms_stime = TICKS(h.tms_stime);
  t->tms_cutime = TICKS(h.tms_cutime); t->tms_cstime = TICKS(h.tms_cstime);
  return (long)TICKS(c) & 0x7fffffffffffffffl;
#undef TICKS
}

/* The host's resource number for a Linux one, -1 where it has none. */
static int rlimit_host(int resource) {
  int h;
  switch (resource) {
  case RLIMIT_CPU_LINUX: h = RLIMIT_CPU; break;
  case RLIMIT_FSIZE_LINUX: h = RLIMIT_FSIZE; break;
  case RLIMIT_DATA_LINUX: h = RLIMIT_DATA; break;
  case RLIMIT_STACK_LINUX: h = RLIMIT_STACK; break;
  case RLIMIT_CORE_LINUX: h = RLIMIT_CORE; break;
  case RLIMIT_NOFILE_LINUX: h = RLIMIT_NOFILE; break;
  case RLIMIT_AS_LINUX: h = RLIMIT_AS; break;
#ifdef RLIMIT_NPROC
  case RLIMIT_NPROC_LINUX: h = RLIMIT_NPROC; break;
#endif
#ifdef RLIMIT_RSS
  case RLIMIT_RSS_LINUX: h = RLIMIT_RSS; break;
#endif
#ifdef RLIMIT_MEMLOCK
  case RLIMIT_MEMLOCK_LINUX: h = RLIMIT_MEMLOCK; break;
#endif
#if defined(__linux__)
  case 10: h = RLIMIT_LOCKS; break;
  case 11: h = RLIMIT_SIGPENDING; break;
  case 12: h = RLIMIT_MSGQUEUE; break;
  case 13: h = RLIMIT_NICE; break;
  case 14: h = RLIMIT_RTPRIO; break;
  case 15: h = RLIMIT_RTTIME; break;
#endif
  default: h = -1;
  }
  return h;
}

long host_setrlimit(int resource, const RlimitLinux *r) {
  int h = rlimit_host(resource);
  if (h < 0) return -EINVAL_LINUX;
  struct rlimit l = {r->rlim_cur == RLIM_INFINITY_LINUX ? RLIM_INFINITY : (rlim_t)r->rlim_cur,
                     r->rlim_max == RLIM_INFINITY_LINUX ? RLIM_INFINITY : (rlim_t)r->rlim_max};
  return setrlimit(h, &l) < 0 ? host_err() : 0;
}

long host_getrlimit(int resource, RlimitLinux *r) {
  int h = rlimit_host(resource);
  if (h < 0) {
    r->rlim_cur = r->rlim_max = RLIM_INFINITY_LINUX;
    return 0;
  }
  struct rlimit l;
  if (getrlimit(h, &l) < 0) return host_err();
  r->rlim_cur = l.rlim_cur == RLIM_INFINITY ? RLIM_INFINITY_LINUX : (uint64_t)l.rlim_cur;
  r->rlim_max = l.rlim_max == RLIM_INFINITY ? RLIM_INFINITY_LINUX : (uint64_t)l.rlim_max;
  return 0;
}

long host_getpid(void) { return getpid(); }
long host_getppid(void) { return getppid(); }
long host_getpgid(int pid) { long r = getpgid(pid); return r < 0 ? host_err() : r; }
long host_getsid(int pid) { long r = getsid(pid); return r < 0 ? host_err() : r; }
long host_setpgid(int pid, int pgid) { return setpgid(pid, pgid) < 0 ? host_err() : 0; }
uint32_t host_getuid(void) { return (uint32_t)getuid(); }
uint32_t host_geteuid(void) { return (uint32_t)geteuid(); }
uint32_t host_getgid(void) { return (uint32_t)getgid(); }
uint32_t host_getegid(void) { return (uint32_t)getegid(); }

long host_getgroups(int n, uint32_t *list) {
  gid_t buf[256];
  int r = getgroups(256, buf);
  if (r < 0) return host_err();
  if (n == 0) return r;
  if (n < r) return -EINVAL_LINUX;
  for (int i = 0; i < r; i++) list[i] = (uint32_t)buf[i];
  return r;
}

/* Linux signal numbers <-> host ones, by name. */
static int sig_host(int l) {
  switch (l) {
  case SIGHUP_LINUX: return SIGHUP; case SIGINT_LINUX: return SIGINT;
  case SIGQUIT_LINUX: return SIGQUIT; case SIGILL_LINUX: return SIGILL;
  case SIGTRAP_LINUX: return SIGTRAP; case SIGABRT_LINUX: return SIGABRT;
  case SIGBUS_LINUX: return SIGBUS; case SIGFPE_LINUX: return SIGFPE;
  case SIGKILL_LINUX: return SIGKILL; case SIGUSR1_LINUX: return SIGUSR1;
  case SIGSEGV_LINUX: return SIGSEGV; case SIGUSR2_LINUX: return SIGUSR2;
  case SIGPIPE_LINUX: return SIGPIPE; case SIGALRM_LINUX: return SIGALRM;
  case SIGTERM_LINUX: return SIGTERM; case SIGCHLD_LINUX: return SIGCHLD;
  case SIGCONT_LINUX: return SIGCONT; case SIGSTOP_LINUX: return SIGSTOP;
  case SIGTSTP_LINUX: return SIGTSTP; case SIGTTIN_LINUX: return SIGTTIN;
  case SIGTTOU_LINUX: return SIGTTOU; case SIGURG_LINUX: return SIGURG;
  case SIGXCPU_LINUX: return SIGXCPU; case SIGXFSZ_LINUX: return SIGXFSZ;
  case SIGVTALRM_LINUX: return SIGVTALRM; case SIGPROF_LINUX: return SIGPROF;
  case SIGWINCH_LINUX: return SIGWINCH; case SIGSYS_LINUX: return SIGSYS;
#ifdef SIGIO
  case SIGIO_LINUX: return SIGIO;
#endif
  default:
#if defined(__linux__)
    /* Real-time signals are the host's own numbers, except those the host's C library keeps
     * for itself (below SIGRTMIN) and SIGRTMAX, which wakes the shim's blocked threads. */
    if (l >= SIGRTMIN && l < SIGRTMAX) return l;
#endif
    return 0;
  }
}

static int sig_linux(int h) {
  for (int l = 1; l < 32; l++)
    if (sig_host(l) == h) return l;
  return h;
}

long host_fork(void (*in_child)(void *), void *arg) {
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &old);
  pid_t r = fork();
  long ret = r < 0 ? host_err() : (long)r;
  if (r == 0 && in_child) in_child(arg);
  sigprocmask(SIG_SETMASK, &old, NULL);
  return ret;
}

long host_waitpid(int pid, int *lstatus, int loptions) {
  int opt = 0, st = 0;
  if (loptions & 1) opt |= WNOHANG;
  if (loptions & 2) opt |= WUNTRACED;
#ifdef WCONTINUED
  if (loptions & 8) opt |= WCONTINUED;
#endif
  pid_t r = waitpid(pid, &st, opt);
  if (r < 0) return host_err();
  if (r > 0 && lstatus) {
    if (WIFEXITED(st)) *lstatus = (WEXITSTATUS(st) & 0xff) << 8;
    else if (WIFSIGNALED(st)) *lstatus = sig_linux(WTERMSIG(st)) | (WCOREDUMP(st) ? 0x80 : 0);
    else if (WIFSTOPPED(st)) *lstatus = 0x7f | (sig_linux(WSTOPSIG(st)) << 8);
    else *lstatus = 0xffff;   /* continued */
  }
  return r;
}

long host_waitid(int idtype, int id, int loptions, HostChildInfo *ci) {
  idtype_t t = idtype == 0 ? P_ALL : idtype == 1 ? P_PID : idtype == 2 ? P_PGID : (idtype_t)-1;
  if ((int)t == -1) return -EINVAL_LINUX;
  int opt = 0;
  if (loptions & 1) opt |= WNOHANG;
  if (loptions & 2) opt |= WSTOPPED;
  if (loptions & 4) opt |= WEXITED;
  if (loptions & 8) opt |= WCONTINUED;
  if (loptions & 0x01000000) opt |= WNOWAIT;
  siginfo_t si;
  memset(&si, 0, sizeof si);
  if (waitid(t, (id_t)id, &si, opt) < 0) return host_err();
  ci->pid = si.si_pid;
  ci->uid = (uint32_t)si.si_uid;
  ci->code = si.si_code;   /* CLD_* values are the same on every Unix that has waitid */
  ci->status = si.si_code == CLD_EXITED ? si.si_status : sig_linux(si.si_status);
  return 0;
}

long host_kill(int pid, int lsig) {
  int h = lsig ? sig_host(lsig) : 0;
  if (lsig && !h) return -EINVAL_LINUX;
  return kill(pid, h) < 0 ? host_err() : 0;
}

long host_prctl(int option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) {
#if defined(__linux__)
  int r = prctl(option, (unsigned long)a2, (unsigned long)a3, (unsigned long)a4, (unsigned long)a5);
  return r < 0 ? host_err() : r;
#else
  (void)option; (void)a2; (void)a3; (void)a4; (void)a5;
  return -EINVAL_LINUX;
#endif
}

long host_set_subreaper(void) {
#ifdef PR_SET_CHILD_SUBREAPER
  return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? host_err() : 0;
#else
  return -ENOSYS_LINUX;
#endif
}

static void (*catch_fn[NSIG_LINUX + 1])(int);
static int lsig_of_host[128];

/* The siginfo of the last instance of each caught signal (written by the handler, read by
 * host_signal_info). */
static SiginfoLinux last_info[NSIG_LINUX + 1];

/* The signals a CPU fault raises. nacre's own faults must still end it (an interpreter bug
 * shows), so only instances another process sent (si_code <= 0: kill, sigqueue, tgkill) reach
 * the guest; guest faults are the CPU's stop reasons, never host signals. */
static int fault_signal(int h) {
  return h == SIGSEGV || h == SIGBUS || h == SIGILL || h == SIGFPE || h == SIGTRAP;
}

static void on_host_signal(int h, siginfo_t *si, void *uc) {
  (void)uc;
  int l = h > 0 && h < 128 ? lsig_of_host[h] : 0;
  if (fault_signal(h) && si->si_code > 0) {
    signal(h, SIG_DFL);   /* the faulting instruction runs again and ends nacre */
    return;
  }
  /* The kernel's SIGPIPE for a write to a broken pipe names the writer itself: the shim
   * raises that one for the guest from EPIPE. Only another process's kill reaches it here. */
  if (h == SIGPIPE && si->si_code == SI_USER && si->si_pid == getpid()) return;
  if (l <= 0 || !catch_fn[l]) return;
  SiginfoLinux *o = &last_info[l];
  memset(o, 0, sizeof *o);
#if defined(__linux__)
  /* Linux's siginfo is the guest's layout (128 bytes, the same union on 64-bit hosts). */
  _Static_assert(sizeof(siginfo_t) == sizeof(SiginfoLinux), "siginfo layouts");
  memcpy(o, si, sizeof *o);
#else
  o->si_code = si->si_code;
  o->u.kill.pid = si->si_pid;
  o->u.kill.uid = (uint32_t)si->si_uid;
#endif
  o->si_signo = l;
  catch_fn[l](l);
}

void host_signal_info(int lsig, SiginfoLinux *out) {
  if (lsig > 0 && lsig <= NSIG_LINUX) *out = last_info[lsig];
}

/* For the SIGSEGV/SIGBUS handler (host_fault_pass_sent): when host signal h was sent by a
 * process (not a fault) and the guest catches it, passes it on like any caught signal. */
static int signal_sent(int h, void *si, void *uc) {
  siginfo_t *i = si;
  if (i->si_code > 0 || h <= 0 || h >= 128 || !lsig_of_host[h] || !catch_fn[lsig_of_host[h]])
    return 0;
  on_host_signal(h, i, uc);
  return 1;
}

void host_signal_catch(int lsig, void (*fn)(int lsig)) {
  int h = sig_host(lsig);
  if (!h || h == SIGKILL || h == SIGSTOP || h >= 128) return;
  lsig_of_host[h] = lsig;
  catch_fn[lsig] = fn;
  if (h == SIGSEGV || h == SIGBUS) return;   /* host_fault_init's handler passes them on */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_host_signal;
  sa.sa_flags = SA_SIGINFO;
  sigfillset(&sa.sa_mask);
  sigaction(h, &sa, NULL);
}

void host_signal_default(int lsig) {
  int h = sig_host(lsig);
  if (h && h != SIGKILL && h != SIGSTOP) signal(h, SIG_DFL);
}

void host_signal_ignore(int lsig) {
  int h = sig_host(lsig);
  if (h && h != SIGKILL && h != SIGSTOP) signal(h, SIG_IGN);
}

void host_signal_init(void) { signal(SIGPIPE, SIG_IGN); }

long host_peek(int pid, uint64_t addr, void *buf, size_t n) {
#if defined(__linux__)
  struct iovec l = {buf, n}, r = {(void *)(uintptr_t)addr, n};
  ssize_t k = process_vm_readv(pid, &l, 1, &r, 1, 0);
  return k < 0 ? host_err() : (long)k;
#else
  (void)pid; (void)addr; (void)buf; (void)n;
  return -ENOSYS_LINUX;
#endif
}

void host_stop_by_signal(int lsig) {
  int h = sig_host(lsig);
  if (!h) return;
  struct sigaction dfl, old;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(h, &dfl, &old);
  sigset_t s, olds;
  sigemptyset(&s);
  sigaddset(&s, h);
  pthread_sigmask(SIG_UNBLOCK, &s, &olds);
  raise(h);   /* delivered before raise returns: the stop happens here */
  pthread_sigmask(SIG_SETMASK, &olds, NULL);
  sigaction(h, &old, NULL);
}

void host_signal_catch_sent(void (*fn)(int lsig)) {
  static const int sent[] = {SIGPIPE_LINUX, SIGSEGV_LINUX, SIGBUS_LINUX, SIGFPE_LINUX,
                             SIGILL_LINUX, SIGTRAP_LINUX};
  for (size_t i = 0; i < sizeof sent / sizeof sent[0]; i++) host_signal_catch(sent[i], fn);
  host_fault_pass_sent(signal_sent);
}

_Noreturn void host_die_by_signal(int lsig) {
  int h = sig_host(lsig);
  if (h) {
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(h, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, h);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    raise(h);
  }
  _exit(128 + lsig);
}
