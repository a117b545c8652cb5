/* Signal syscalls: dispositions, masks, the alternate stack, sending signals to self, waiting
 * for signals. Delivery itself lives in syscall-shim/guest/signal.c. */
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

#define BIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (BIT(SIGKILL_LINUX) | BIT(SIGSTOP_LINUX))

long sx_sys_rt_sigaction(SxProc *p, const uint64_t *a) {
  int sig = ARG_INT(0);
  if (a[3] != 8) return -EINVAL_LINUX;
  if (sig < 1 || sig > NSIG_LINUX) return -EINVAL_LINUX;
  SigactionLinux old = p->sig.act[sig], neu;
  if (a[1]) {
    if (sig == SIGKILL_LINUX || sig == SIGSTOP_LINUX) return -EINVAL_LINUX;
    if (sx_get(p, a[1], &neu, sizeof neu) < 0) return -EFAULT_LINUX;
  }
  if (a[2] && sx_put(p, a[2], &old, sizeof old) < 0) return -EFAULT_LINUX;
  if (a[1]) {
    neu.mask &= ~UNBLOCKABLE;
    p->sig.act[sig] = neu;
    /* Setting SIG_IGN discards a pending instance, as POSIX requires. */
    if (neu.handler == SIG_IGN_LINUX) sx_signal_discard(p, sig);
    sx_signal_sync_host(p, sig);
    sx_guest_note_handlers(p);
  }
  return 0;
}

long sx_sys_rt_sigprocmask(SxProc *p, const uint64_t *a) {
  SxThread *t = sx_self();
  if (a[3] != 8) return -EINVAL_LINUX;
  uint64_t old = t->sig.mask, set;
  if (a[1]) {
    if (sx_get(p, a[1], &set, 8) < 0) return -EFAULT_LINUX;
    switch (ARG_INT(0)) {
    case SIG_BLOCK_LINUX: t->sig.mask |= set; break;
    case SIG_UNBLOCK_LINUX: t->sig.mask &= ~set; break;
    case SIG_SETMASK_LINUX: t->sig.mask = set; break;
    default: return -EINVAL_LINUX;
    }
    t->sig.mask &= ~UNBLOCKABLE;
    sx_signal_catch_host(p, t->sig.mask, 0); /* blocked signals queue, even default ones */
  }
  if (a[2] && sx_put(p, a[2], &old, 8) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_rt_sigreturn(SxProc *p, const uint64_t *a) {
  (void)p; (void)a;
  return sx_signal_sigreturn(sx_self());
}

long sx_sys_rt_sigpending(SxProc *p, const uint64_t *a) {
  SxThread *t = sx_self();
  if (a[1] > 8) return -EINVAL_LINUX;
  uint64_t set = sx_signal_pending_set(t) & t->sig.mask & ~BIT(SIGKILL_LINUX);
  return sx_put(p, a[0], &set, a[1]) < 0 ? -EFAULT_LINUX : 0;
}

/* Waits until an unblocked signal is pending. Polls with a timeout rather than relying on
 * an atomic unblock-and-wait the host interface does not offer. */
static void wait_signal(SxThread *t) {
  while (!sx_signal_has_pending(t)) {
    sx_thread_block(t);
    host_poll(NULL, 0, 50);
    sx_thread_unblock(t);
  }
}

long sx_sys_pause(SxProc *p, const uint64_t *a) {
  (void)p; (void)a;
  wait_signal(sx_self());
  return -EINTR_LINUX;
}

long sx_sys_rt_sigsuspend(SxProc *p, const uint64_t *a) {
  SxThread *t = sx_self();
  uint64_t set;
  if (a[1] != 8) return -EINVAL_LINUX;
  if (sx_get(p, a[0], &set, 8) < 0) return -EFAULT_LINUX;
  t->sig.saved_mask = t->sig.mask;
  t->sig.restore_mask = 1;
  t->sig.mask = set & ~UNBLOCKABLE;
  wait_signal(t);
  return -EINTR_LINUX;
}

long sx_sys_sigaltstack(SxProc *p, const uint64_t *a) {
  SxThread *t = sx_self();
  StackLinux *cur = &t->sig.altstack;
  uint64_t sp = t->cpu.r[SX_RSP];
  int on = !(cur->ss_flags & SS_DISABLE_LINUX) && cur->ss_size && sp > cur->ss_sp &&
           sp <= cur->ss_sp + cur->ss_size;
  StackLinux old = *cur;
  if (!old.ss_size && !(old.ss_flags & SS_DISABLE_LINUX)) old.ss_flags = SS_DISABLE_LINUX;
  if (on) old.ss_flags = SS_ONSTACK_LINUX;
  if (a[0]) {
    StackLinux neu;
    if (sx_get(p, a[0], &neu, sizeof neu) < 0) return -EFAULT_LINUX;
    if (on) return -EPERM_LINUX;
    int flags = neu.ss_flags & ~(int32_t)0x80000000;   /* SS_AUTODISARM accepted, not applied */
    if (flags != 0 && flags != SS_DISABLE_LINUX) return -EINVAL_LINUX;
    if (flags == SS_DISABLE_LINUX) {
      memset(cur, 0, sizeof *cur);
      cur->ss_flags = SS_DISABLE_LINUX;
    } else {
      if (neu.ss_size < MINSIGSTKSZ_LINUX) return -ENOMEM_LINUX;
      cur->ss_sp = neu.ss_sp;
      cur->ss_size = neu.ss_size;
      cur->ss_flags = 0;
    }
  }
  if (a[1] && sx_put(p, a[1], &old, sizeof old) < 0) return -EFAULT_LINUX;
  return 0;
}

/* Sends sig from this process to itself: to thread t, or to the process when t is NULL. */
static long send_self(SxProc *p, SxThread *t, int sig, int code) {
  if (sig < 0 || sig > NSIG_LINUX) return -EINVAL_LINUX;
  if (sig == 0) return 0;
  SiginfoLinux si;
  memset(&si, 0, sizeof si);
  si.si_signo = sig;
  si.si_code = code;
  si.u.kill.pid = p->pid;
  si.u.kill.uid = sx_pidns_on() ? p->cred.uid[0] : host_getuid();
  if (t) sx_signal_raise_thread(t, sig, &si);
  else sx_signal_raise(p, sig, &si);
  return 0;
}

/* Under --sandbox, group and broadcast kills reach only the guest's own processes (the first
 * nacre process and its descendants), never a host process that shares the group: each member
 * is signalled by pid, the caller itself through its own queue. */
static long kill_own(SxProc *p, int pid, int sig) {
  int pids[1024];
  int n = sx_limits_guest_pids(pids, 1024);
  int pg = pid == 0 ? (int)host_getpgid(0) : -pid;
  long r = -ESRCH_LINUX;
  for (int i = 0; i < n; i++)
    if (pid == -1 || host_getpgid(pids[i]) == pg)
      if (host_kill(pids[i], sig) == 0) r = 0;
  if (pid != -1 && host_getpgid(0) == pg) r = send_self(p, NULL, sig, SI_USER_LINUX);
  return r;
}

/* nacre guest: any process of the guest's namespace, and only those (a group kill reaches
 * only its guest members, since PID 1 starts in a host group). Like a namespace's init, PID 1
 * gets only the signals it catches (sx_pidns_init_takes); a dropped one still counts as sent. */
static long guest_kill_one(SxProc *p, int pid, int host, int sig) {
  if (pid == 1 && !sx_pidns_init_takes(sig)) return 0;
  if (pid == p->pid) return send_self(p, NULL, sig, SI_USER_LINUX);
  return host_kill(host, sig);
}

static long guest_kill(SxProc *p, int pid, int sig) {
  if (pid > 0) {
    int h = sx_pidns_host(pid);
    if (!h) return -ESRCH_LINUX;
    return guest_kill_one(p, pid, h, sig);
  }
  int pg = pid == 0 ? (int)host_getpgid(0) : pid < -1 ? sx_pidns_host(-pid) : 0;
  if (pid < -1 && !pg) return -ESRCH_LINUX;
  int pids[SX_PIDNS_SLOTS], n = sx_pidns_list(pids, SX_PIDNS_SLOTS), hit = 0;
  for (int i = 0; i < n; i++) {
    int h = sx_pidns_host(pids[i]);
    if (!h || (pid == -1 && (pids[i] == p->pid || pids[i] == 1))) continue;
    if (pid != -1 && host_getpgid(h) != pg) continue;
    if (guest_kill_one(p, pids[i], h, sig) == 0) hit = 1;
  }
  return hit ? 0 : -ESRCH_LINUX;
}

/* Signals go only to the guest itself, the children it forked and the guest that forked it
 * (still checked by pid, so a reparented pid is a known hazard): other host processes are
 * out of the guest's reach. Process-group and broadcast kills reach only the guest itself. */
long sx_sys_kill(SxProc *p, const uint64_t *a) {
  int pid = ARG_INT(0), sig = ARG_INT(1);
  if (sig < 0 || sig > NSIG_LINUX) return -EINVAL_LINUX;
  if (pid == INT32_MIN) return -ESRCH_LINUX;   /* no group -INT_MIN, as on Linux */
  if (sx_pidns_on()) return guest_kill(p, pid, sig);
  if (sx_limits_sandboxed()) {
    if (pid <= 0) return kill_own(p, pid, sig);
    if (pid != p->pid && !sx_limits_may_signal(pid)) return -EPERM_LINUX;
  }
  for (int i = 0; i < p->nchildren; i++)
    if (pid == p->children[i]) return host_kill(pid, sig);
  if (pid > 0 && pid == p->guest_parent) return host_kill(pid, sig);
  if (pid == -1) {
    /* Everyone the caller may signal except itself: here, its children. */
    long r = -ESRCH_LINUX;
    for (int i = 0; i < p->nchildren; i++)
      if (host_kill(p->children[i], sig) == 0) r = 0;
    return r;
  }
  if (pid == 0 || pid < -1) {
    /* A process group: the guest's own, or one a child of it leads. The host delivers it to
     * every member, nacre itself included (its handlers make that a guest signal), so the
     * guest's children are reached as they are natively. */
    int own = (int)host_getpgid(0), pg = pid == 0 ? own : -pid;
    int ok = pg == own;
    for (int i = 0; i < p->nchildren && !ok; i++) ok = host_getpgid(p->children[i]) == pg;
    if (!ok) {   /* someone else's group: as Linux, no such group is ESRCH */
      long e = host_kill(-pg, 0);
      return e == -ESRCH_LINUX ? e : -EPERM_LINUX;
    }
    return host_kill(-pg, sig);
  }
  if (pid != p->pid) return host_kill(pid, 0) == -ESRCH_LINUX ? -ESRCH_LINUX : -EPERM_LINUX;
  return send_self(p, NULL, sig, SI_USER_LINUX);
}

long sx_sys_tkill(SxProc *p, const uint64_t *a) {
  if (ARG_INT(0) <= 0) return -EINVAL_LINUX;
  SxThread *t = sx_thread_find(p, ARG_INT(0));
  if (!t) return -ESRCH_LINUX;
  return send_self(p, t, ARG_INT(1), SI_TKILL_LINUX);
}

long sx_sys_tgkill(SxProc *p, const uint64_t *a) {
  if (ARG_INT(0) <= 0 || ARG_INT(1) <= 0) return -EINVAL_LINUX;
  if (ARG_INT(0) != p->pid && sx_limits_sandboxed() && !sx_limits_may_signal(ARG_INT(0)))
    return -EPERM_LINUX;
  SxThread *t = ARG_INT(0) == p->pid ? sx_thread_find(p, ARG_INT(1)) : NULL;
  if (!t) return -ESRCH_LINUX;
  return send_self(p, t, ARG_INT(2), SI_TKILL_LINUX);
}
