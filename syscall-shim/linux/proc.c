/* Process syscalls: exit and exit_group, pids, uname/sysinfo, resource limits and usage,
 * prctl, arch_prctl (the TLS base registers), thread bookkeeping (tid address, robust lists,
 * affinity, membarrier) and futex on host addresses. Credentials, process groups and
 * sessions are in ids.c, scheduling in sched.c. */
#include <string.h>

#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

/* exit ends the calling thread; the process ends with its last thread. */
long sx_sys_exit(SxProc *p, const uint64_t *a) {
  SxThread *t = sx_self();
  if (p->nthreads == 1) return sx_sys_exit_group(p, a);
  t->exited = 1;
  t->exit_code = ARG_INT(0) & 0xff;
  return 0;
}

long sx_sys_exit_group(SxProc *p, const uint64_t *a) {
  int code = ARG_INT(0) & 0xff;
  /* Other threads may be blocked in host calls: the process ends here and now. */
  if (p->nthreads > 1 || sx_self() != p->main_thread) sx_thread_exit_group(p, code);
  p->exited = 1;
  p->exit_code = code;
  return 0;
}

long sx_sys_getpid(SxProc *p, const uint64_t *a) { (void)a; return p->pid; }
long sx_sys_gettid(SxProc *p, const uint64_t *a) { (void)p; (void)a; return sx_self()->tid; }
/* In nacre guest the parent is translated (PID 1's, outside the guest, is 0 as in a pid
 * namespace) and the credentials are the virtual ones (ids.c). */
long sx_sys_getppid(SxProc *p, const uint64_t *a) { (void)a; return sx_guest_ppid(p); }
long sx_sys_getuid(SxProc *p, const uint64_t *a) {
  (void)a;
  return sx_pidns_on() ? p->cred.uid[0] : host_getuid();
}
long sx_sys_geteuid(SxProc *p, const uint64_t *a) {
  (void)a;
  return sx_pidns_on() ? p->cred.uid[1] : host_geteuid();
}
long sx_sys_getgid(SxProc *p, const uint64_t *a) {
  (void)a;
  return sx_pidns_on() ? p->cred.gid[0] : host_getgid();
}
long sx_sys_getegid(SxProc *p, const uint64_t *a) {
  (void)a;
  return sx_pidns_on() ? p->cred.gid[1] : host_getegid();
}
long sx_sys_uname(SxProc *p, const uint64_t *a) {
  UtsnameLinux u;
  long r = host_uname(&u);
  if (r < 0) return r;
  if (sx_pidns_on()) sx_pidns_hostname(u.nodename, sizeof u.nodename);
  return sx_put(p, a[0], &u, sizeof u) < 0 ? -EFAULT_LINUX : 0;
}

/* Only a full-system guest has a host name of its own to set (root inside: euid 0). */
long sx_sys_sethostname(SxProc *p, const uint64_t *a) {
  if (!sx_pidns_on() || p->cred.uid[1] != 0) return -EPERM_LINUX;
  uint64_t len = a[1];
  char name[65];
  if (len > 64) return -EINVAL_LINUX;
  if (len && sx_get(p, a[0], name, len) < 0) return -EFAULT_LINUX;
  return sx_pidns_set_hostname(name, (size_t)len);
}

long sx_sys_sysinfo(SxProc *p, const uint64_t *a) {
  SysinfoLinux s;
  long r = host_sysinfo(&s);
  if (r < 0) return r;
  return sx_put(p, a[0], &s, sizeof s) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_getrusage(SxProc *p, const uint64_t *a) {
  int who = ARG_INT(0);
  if (who != RUSAGE_SELF_LINUX && who != RUSAGE_CHILDREN_LINUX && who != RUSAGE_THREAD_LINUX)
    return -EINVAL_LINUX;
  RusageLinux r;
  long e = host_getrusage(who, &r);
  if (e < 0) return e;
  return sx_put(p, a[1], &r, sizeof r) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_times(SxProc *p, const uint64_t *a) {
  TmsLinux t;
  long r = host_times(&t);
  if (r < 0) return r;
  if (a[0] && sx_put(p, a[0], &t, sizeof t) < 0) return -EFAULT_LINUX;
  return r;
}

/* The shim's own limits (SxProc.vlimit), or NULL for a resource the host enforces on the
 * nacre process, which is the guest's (CPU time, file size, core, processes, locked memory,
 * signals queued, nice, real-time priority...). */
static RlimitLinux *virtual_limit(SxProc *p, int res) {
  int i = res == RLIMIT_STACK_LINUX ? 0 : res == RLIMIT_NOFILE_LINUX ? 1 : res == RLIMIT_AS_LINUX ? 2
        : res == RLIMIT_DATA_LINUX ? 3 : -1;
  if (i < 0) return NULL;
  if (!p->vlimit_set) {
    p->vlimit[0] = (RlimitLinux){8u << 20, RLIM_INFINITY_LINUX};
    p->vlimit[1] = (RlimitLinux){SX_MAX_FDS, SX_MAX_FDS};
    if (host_getrlimit(RLIMIT_AS_LINUX, &p->vlimit[2]) < 0)
      p->vlimit[2] = (RlimitLinux){RLIM_INFINITY_LINUX, RLIM_INFINITY_LINUX};
    if (host_getrlimit(RLIMIT_DATA_LINUX, &p->vlimit[3]) < 0)
      p->vlimit[3] = (RlimitLinux){RLIM_INFINITY_LINUX, RLIM_INFINITY_LINUX};
    p->vlimit_set = 1;
  }
  return &p->vlimit[i];
}

long sx_limit_get(SxProc *p, int res, RlimitLinux *r) {
  if (res < 0 || res >= RLIMIT_NLIMITS_LINUX) return -EINVAL_LINUX;
  RlimitLinux *v = virtual_limit(p, res);
  if (!v) return host_getrlimit(res, r);
  *r = *v;
  return 0;
}

int sx_limit_nofile(SxProc *p) {
  uint64_t n = virtual_limit(p, RLIMIT_NOFILE_LINUX)->rlim_cur;
  return n < SX_MAX_FDS ? (int)n : SX_MAX_FDS;
}

long sx_sys_getrlimit(SxProc *p, const uint64_t *a) {
  RlimitLinux r;
  long e = sx_limit_get(p, ARG_INT(0), &r);
  if (e < 0) return e;
  return sx_put(p, a[1], &r, sizeof r) < 0 ? -EFAULT_LINUX : 0;
}

/* setrlimit: the host's own call for the limits it enforces on nacre; the shim's limits
 * follow the same rules (raising a hard limit needs CAP_SYS_RESOURCE; descriptors stop at SX_MAX_FDS,
 * as Linux's stop at nr_open). The descriptor limit bounds new descriptors; the stack, address
 * space and data limits are only reported (the stack is mapped at its size at execve). */
/* Does the nacre process have CAP_SYS_RESOURCE (raising hard limits)? Root alone is not
 * enough in a container that dropped it. */
static int may_raise_limits(void) {
  uint32_t version = 0x20080522, data[6];   /* _LINUX_CAPABILITY_VERSION_3 */
  if (host_capget(&version, 0, data) < 0) return host_geteuid() == 0;
  return (data[0] >> 24) & 1;              /* CAP_SYS_RESOURCE, effective */
}

static long set_limit(SxProc *p, int res, uint64_t addr) {
  RlimitLinux cur, want;
  long e = sx_limit_get(p, res, &cur);
  if (e < 0) return e;
  if (sx_get(p, addr, &want, sizeof want) < 0) return -EFAULT_LINUX;
  if (want.rlim_cur > want.rlim_max) return -EINVAL_LINUX;
  RlimitLinux *v = virtual_limit(p, res);
  if (!v) return host_setrlimit(res, &want);
  if (want.rlim_max > cur.rlim_max && !may_raise_limits()) return -EPERM_LINUX;
  if (res == RLIMIT_NOFILE_LINUX && want.rlim_max > SX_MAX_FDS) return -EPERM_LINUX;
  *v = want;
  return 0;
}

long sx_sys_setrlimit(SxProc *p, const uint64_t *a) { return set_limit(p, ARG_INT(0), a[1]); }

long sx_sys_prlimit64(SxProc *p, const uint64_t *a) {
  int pid = ARG_INT(0), res = ARG_INT(1);
  if (pid != 0 && pid != p->pid) return -ESRCH_LINUX;
  RlimitLinux old;
  long e = sx_limit_get(p, res, &old);
  if (e < 0) return e;
  if (a[2]) {
    e = set_limit(p, res, a[2]);
    if (e < 0) return e;
  }
  if (a[3] && sx_put(p, a[3], &old, sizeof old) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_arch_prctl(SxProc *p, const uint64_t *a) {
  SxCpu *c = &sx_self()->cpu;
  switch (ARG_INT(0)) {
  case ARCH_SET_FS_LINUX:
    if (a[1] >= SX_ADDR_LIMIT) return -EPERM_LINUX;
    c->fs_base = a[1];
    return 0;
  case ARCH_SET_GS_LINUX:
    if (a[1] >= SX_ADDR_LIMIT) return -EPERM_LINUX;
    c->gs_base = a[1];
    return 0;
  case ARCH_GET_FS_LINUX:
    return sx_put(p, a[1], &c->fs_base, 8) < 0 ? -EFAULT_LINUX : 0;
  case ARCH_GET_GS_LINUX:
    return sx_put(p, a[1], &c->gs_base, 8) < 0 ? -EFAULT_LINUX : 0;
  default: return -EINVAL_LINUX;
  }
}

long sx_sys_set_tid_address(SxProc *p, const uint64_t *a) {
  (void)p;
  SxThread *t = sx_self();
  t->clear_child_tid = a[0];
  return t->tid;
}

long sx_sys_set_robust_list(SxProc *p, const uint64_t *a) {
  (void)p;
  if (a[1] != 24) return -EINVAL_LINUX;   /* sizeof(struct robust_list_head) */
  SxThread *t = sx_self();
  t->robust_list = a[0];
  t->robust_len = a[1];
  return 0;
}

long sx_sys_get_robust_list(SxProc *p, const uint64_t *a) {
  int tid = ARG_INT(0);
  SxThread *t = tid ? sx_thread_find(p, tid) : sx_self();
  if (!t) return -ESRCH_LINUX;
  uint64_t len = 24;
  if (sx_put(p, a[1], &t->robust_list, 8) < 0 || sx_put(p, a[2], &len, 8) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_prctl(SxProc *p, const uint64_t *a) {
  switch (ARG_INT(0)) {
  case 15: { /* PR_SET_NAME: at most 15 bytes are kept, as the kernel's comm */
    char name[16];
    for (int i = 0; i < 16; i++) {
      if (sx_get(p, a[1] + (uint64_t)i, &name[i], 1) < 0) return -EFAULT_LINUX;
      if (!name[i]) break;
    }
    name[15] = 0;
    memcpy(p->comm, name, sizeof name);
    return 0;
  }
  case 16: /* PR_GET_NAME */
    return sx_put(p, a[1], p->comm, sizeof p->comm) < 0 ? -EFAULT_LINUX : 0;
  /* The host's own, for the nacre process or thread that is the guest's (their arguments are
   * integers; the host checks them): death signal, dumpable, timing, the capability bounding
   * set, securebits, timer slack, no_new_privs, THP, ambient capabilities, speculation
   * control. Not seccomp (a host filter would see nacre's syscalls, not the guest's) nor the
   * child subreaper (nacre's first process is one for its own ends). */
  case 1: case 3: case 4: case 13: case 14: case 23: case 24: case 27: case 28: case 29:
  case 30: case 38: case 39: case 41: case 42: case 47: case 52: case 53:
    return host_prctl(ARG_INT(0), a[1], a[2], a[3], a[4]);
  case 2: { /* PR_GET_PDEATHSIG: into an int */
    int sig = 0;
    long r = host_prctl(2, (uint64_t)(uintptr_t)&sig, 0, 0, 0);
    if (r < 0) return r;
    return sx_put(p, a[1], &sig, sizeof sig) < 0 ? -EFAULT_LINUX : 0;
  }
  default: return -EINVAL_LINUX;
  }
}

/* A futex word's host address: 4-byte aligned, mapped readable (the kernel's own check). */
static uint32_t *futex_word(SxProc *p, uint64_t addr) {
  if (addr & 3) return NULL;
  return sx_mem_ptr(p->mem, addr, 4, SX_PROT_READ);
}

/* Guest futexes are host futexes at base + address: waiters and wakers meet in the host
 * kernel, with its atomic compare, its clocks and its PI logic (guest tids are host tids;
 * not in nacre guest, whose tids are virtual, so there PI futexes are ENOSYS).
 * A thread sleeping here has released the run lock. */
long sx_sys_futex(SxProc *p, const uint64_t *a) {
  int op = ARG_INT(1), cmd = op & FUTEX_CMD_MASK_LINUX;
  if (sx_pidns_on() && (cmd == FUTEX_LOCK_PI_LINUX || cmd == FUTEX_LOCK_PI2_LINUX ||
                        cmd == FUTEX_UNLOCK_PI_LINUX || cmd == FUTEX_TRYLOCK_PI_LINUX ||
                        cmd == FUTEX_CMP_REQUEUE_PI_LINUX || cmd == FUTEX_WAIT_REQUEUE_PI_LINUX))
    return -ENOSYS_LINUX;
  uint32_t *w = futex_word(p, a[0]), *w2 = NULL;
  if (!w) return a[0] & 3 ? -EINVAL_LINUX : -EFAULT_LINUX;
  TimespecLinux ts;
  int has_ts = 0;
  switch (cmd) {
  case FUTEX_WAIT_LINUX: case FUTEX_WAIT_BITSET_LINUX: case FUTEX_LOCK_PI_LINUX:
  case FUTEX_LOCK_PI2_LINUX: case FUTEX_WAIT_REQUEUE_PI_LINUX:
    if (a[3]) {
      if (sx_get(p, a[3], &ts, sizeof ts) < 0) return -EFAULT_LINUX;
      has_ts = 1;
    }
    break;
  case FUTEX_WAKE_LINUX: case FUTEX_WAKE_BITSET_LINUX: case FUTEX_UNLOCK_PI_LINUX:
  case FUTEX_TRYLOCK_PI_LINUX:
    break;
  case FUTEX_REQUEUE_LINUX: case FUTEX_CMP_REQUEUE_LINUX: case FUTEX_WAKE_OP_LINUX:
  case FUTEX_CMP_REQUEUE_PI_LINUX:
    break;
  default: return -ENOSYS_LINUX;
  }
  if (cmd == FUTEX_REQUEUE_LINUX || cmd == FUTEX_CMP_REQUEUE_LINUX || cmd == FUTEX_WAKE_OP_LINUX ||
      cmd == FUTEX_CMP_REQUEUE_PI_LINUX || cmd == FUTEX_WAIT_REQUEUE_PI_LINUX) {
    w2 = futex_word(p, a[4]);
    if (!w2) return a[4] & 3 ? -EINVAL_LINUX : -EFAULT_LINUX;
  }
  if (cmd == FUTEX_REQUEUE_LINUX || cmd == FUTEX_CMP_REQUEUE_LINUX || cmd == FUTEX_WAKE_OP_LINUX ||
      cmd == FUTEX_CMP_REQUEUE_PI_LINUX)
    return host_futex_val2(w, op, ARG_UINT(2), (uint32_t)a[3], w2, ARG_UINT(5));
  int sleeps = cmd != FUTEX_WAKE_LINUX && cmd != FUTEX_WAKE_BITSET_LINUX &&
               cmd != FUTEX_UNLOCK_PI_LINUX && cmd != FUTEX_TRYLOCK_PI_LINUX;
  SxThread *t = sx_self();
  if (sleeps && sx_signal_has_pending(t)) return -EINTR_LINUX;
  if (sleeps) sx_thread_block(t);
  long r = host_futex(w, op, ARG_UINT(2), has_ts ? &ts : NULL, w2, ARG_UINT(5));
  if (sleeps) sx_thread_unblock(t);
  return r;
}

long sx_sys_sched_setaffinity(SxProc *p, const uint64_t *a) {
  int pid = ARG_INT(0);
  if (pid != 0 && pid != p->pid && !sx_thread_find(p, pid)) return -ESRCH_LINUX;
  uint64_t mask = 0;
  if (a[1] < 8) return -EINVAL_LINUX;
  if (sx_get(p, a[2], &mask, 8) < 0) return -EFAULT_LINUX;
  /* Guest threads are placed by the host scheduler; a mask naming no CPU is still wrong. */
  long n = host_ncpus();
  uint64_t all = n >= 64 ? ~0ull : (1ull << n) - 1;
  return mask & all ? 0 : -EINVAL_LINUX;
}

/* membarrier: the guest's threads are host threads, and every guest memory access happens
 * under the run lock, whose hand-over is a full barrier; so every command is already done. */
long sx_sys_membarrier(SxProc *p, const uint64_t *a) {
  (void)p;
  int cmd = ARG_INT(0);
  if (ARG_INT(1) & ~1) return -EINVAL_LINUX;
  switch (cmd) {
  case 0: return 1 | 2 | 8 | 16 | 32 | 64; /* QUERY: GLOBAL, GLOBAL_EXPEDITED (+REGISTER),
                                             PRIVATE_EXPEDITED (+REGISTER), ..._SYNC_CORE */
  case 1: case 2: case 4: case 8: case 16: case 32: case 64: return 0;
  default: return -EINVAL_LINUX;
  }
}

long sx_sys_sched_yield(SxProc *p, const uint64_t *a) { (void)p; (void)a; return 0; }

long sx_sys_sched_getaffinity(SxProc *p, const uint64_t *a) {
  int pid = ARG_INT(0);
  uint64_t len = a[1];
  if (pid != 0 && pid != p->pid && !sx_thread_find(p, pid)) return -ESRCH_LINUX;
  if (len < 8 || (len & 7)) return -EINVAL_LINUX;
  long n = host_ncpus();
  uint64_t mask = n >= 64 ? ~0ull : (1ull << n) - 1;
  return sx_put(p, a[2], &mask, 8) < 0 ? -EFAULT_LINUX : 8;
}

long sx_sys_getcpu(SxProc *p, const uint64_t *a) {
  uint32_t zero = 0;
  if (a[0] && sx_put(p, a[0], &zero, 4) < 0) return -EFAULT_LINUX;
  if (a[1] && sx_put(p, a[1], &zero, 4) < 0) return -EFAULT_LINUX;
  return 0;
}


long sx_sys_getrandom(SxProc *p, const uint64_t *a) {
  uint64_t len = a[1];
  unsigned flags = ARG_UINT(2);
  if (flags & ~(GRND_NONBLOCK_LINUX | GRND_RANDOM_LINUX | 4u)) return -EINVAL_LINUX;
  if (len > 33554431) len = 33554431;
  unsigned char buf[4096];
  uint64_t done = 0;
  while (done < len) {
    uint64_t n = len - done > sizeof buf ? sizeof buf : len - done;
    long r = host_random(buf, n);
    if (r < 0) return done ? (long)done : r;
    if (sx_put(p, a[0] + done, buf, n) < 0) return done ? (long)done : -EFAULT_LINUX;
    done += n;
  }
  return (long)done;
}
