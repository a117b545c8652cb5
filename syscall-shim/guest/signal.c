/* Guest signal delivery: pending sets, masks, and the Linux x86-64 rt_sigframe (siginfo,
 * ucontext with the general registers, fxsave-format FPU state) built on the guest stack,
 * undone by rt_sigreturn. Default actions end (or stop) nacre with the same signal, so the
 * status the parent sees is the native one. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/guest/proc.h"

#define BIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (BIT(SIGKILL_LINUX) | BIT(SIGSTOP_LINUX))

static SxProc *host_target;

static void on_host_signal(int sig) {
  SxProc *p = host_target;
  if (!p) return;
  __atomic_or_fetch(&p->sig.host_pending, BIT(sig), __ATOMIC_SEQ_CST);
  /* The host thread it landed on notices at once if it runs guest code; if it is blocked in a
   * host call, that call got EINTR (handlers are installed without SA_RESTART). Whoever
   * merges it kicks the threads that can take it. */
  SxThread *me = sx_self();
  if (me) sx_cpu_interrupt(&me->cpu);
}

void sx_signal_init(SxProc *p) {
  memset(&p->sig, 0, sizeof p->sig);
  host_target = p;
  host_signal_init();
  host_signal_catch_sent(on_host_signal);
}

void sx_signal_sync_host(SxProc *p, int sig) {
  uint64_t h = p->sig.act[sig].handler;
  /* SIGPIPE and the fault signals stay caught on the host whatever the guest's disposition
   * (sx_signal_init): the shim raises SIGPIPE for the guest on EPIPE, guest faults arrive as
   * CPU stop reasons, and instances another process sends become pending like any signal. */
  if (sig == SIGPIPE_LINUX || sig == SIGSEGV_LINUX || sig == SIGBUS_LINUX ||
      sig == SIGFPE_LINUX || sig == SIGILL_LINUX || sig == SIGTRAP_LINUX)
    return;
  if (h == SIG_DFL_LINUX) host_signal_default(sig);
  else if (h == SIG_IGN_LINUX) host_signal_ignore(sig);
  else host_signal_catch(sig, on_host_signal);
  if (h > SIG_IGN_LINUX) p->sig.host_caught |= BIT(sig);
  else p->sig.host_caught &= ~BIT(sig);
}

/* Moves signals the host delivered into the process's pending set (sig_lock held); returns
 * the ones that were new. */
static uint64_t merge_host(SxProc *p) {
  uint64_t h = __atomic_exchange_n(&p->sig.host_pending, 0, __ATOMIC_SEQ_CST), added = h;
  for (int s = 1; h && s <= NSIG_LINUX; s++) {
    if (!(h & BIT(s))) continue;
    h &= ~BIT(s);
    if (p->sig.pending & BIT(s)) continue;
    SiginfoLinux *si = &p->sig.info[s];
    host_signal_info(s, si);
    /* The sender (kill, sigqueue, tgkill, a message queue) or SIGCHLD's child, as the guest
     * knows it: in nacre guest, its guest pid and uid. */
    if (si->si_code == SI_USER_LINUX || si->si_code == SI_QUEUE_LINUX ||
        si->si_code == SI_TKILL_LINUX || si->si_code == SI_MESGQ_LINUX ||
        (s == SIGCHLD_LINUX && si->si_code >= 1 && si->si_code <= 6)) {
      uint32_t gid = 0;
      sx_pidns_cred_in(&si->u.kill.pid, &si->u.kill.uid, &gid);
    }
    /* Signal-driven I/O names the descriptor: the guest's own number for it. */
    if ((si->si_code >= 1 && si->si_code <= 6 && s != SIGCHLD_LINUX) || si->si_code == -5) {
      int32_t hfd, gfd = -1;
      memcpy(&hfd, si->u.raw + 8, 4);
      for (int i = 0; i < SX_MAX_FDS && gfd < 0; i++)
        if (p->fds[i].used && p->fds[i].host_fd == hfd) gfd = i;
      memcpy(si->u.raw + 8, &gfd, 4);
    }
    p->sig.pending |= BIT(s);
  }
  return added;
}

uint64_t sx_signal_pending_set(SxThread *t) {
  SxProc *p = t->proc;
  pthread_mutex_lock(&p->sig_lock);
  uint64_t added = merge_host(p);
  uint64_t set = t->sig.pending | p->sig.pending;
  pthread_mutex_unlock(&p->sig_lock);
  if (added) sx_signalfd_notify(p, added);
  /* Another thread may be the one that can take a signal this one blocks. */
  for (int s = 1; added && s <= NSIG_LINUX; s++)
    if ((added & BIT(s)) && (t->sig.mask & BIT(s))) sx_thread_kick_all(p, s);
  if (p->ending_others && p->ending_others != t) set |= BIT(SIGKILL_LINUX);
  return set;
}

void sx_signal_discard(SxProc *p, int sig) {
  pthread_mutex_lock(&p->sig_lock);
  p->sig.pending &= ~BIT(sig);
  for (SxThread *t = p->threads; t; t = t->next) t->sig.pending &= ~BIT(sig);
  pthread_mutex_unlock(&p->sig_lock);
}

/* Signals thread t may take now, thread-directed ones first. */
static uint64_t ready(SxThread *t) { return sx_signal_pending_set(t) & ~t->sig.mask; }

int sx_signal_has_pending(SxThread *t) { return ready(t) != 0; }

int sx_signal_actionable(SxThread *t) {
  uint64_t r = ready(t);
  for (int s = 1; r && s <= NSIG_LINUX; s++)
    if ((r & BIT(s)) && !sx_signal_ignored(t->proc, s)) return 1;
  return 0;
}

int sx_signal_next(SxThread *t) {
  uint64_t r = ready(t);
  return r ? __builtin_ctzll(r) + 1 : 0;
}

/* Records a signal in a pending set unless it is already there (standard signals do not
 * queue; real-time ones are coalesced too, a known difference). */
static void queue(uint64_t *pending, SiginfoLinux *infos, int sig, const SiginfoLinux *info) {
  if (!(*pending & BIT(sig))) {
    if (info) infos[sig] = *info;
    else {
      memset(&infos[sig], 0, sizeof infos[sig]);
      infos[sig].si_signo = sig;
    }
  }
  *pending |= BIT(sig);
}

void sx_signal_raise(SxProc *p, int sig, const SiginfoLinux *info) {
  if (sig < 1 || sig > NSIG_LINUX) return;
  pthread_mutex_lock(&p->sig_lock);
  queue(&p->sig.pending, p->sig.info, sig, info);
  pthread_mutex_unlock(&p->sig_lock);
  sx_signalfd_notify(p, BIT(sig));
  sx_thread_kick_all(p, sig);
}

void sx_signal_raise_thread(SxThread *t, int sig, const SiginfoLinux *info) {
  if (sig < 1 || sig > NSIG_LINUX) return;
  pthread_mutex_lock(&t->proc->sig_lock);
  queue(&t->sig.pending, t->sig.info, sig, info);
  pthread_mutex_unlock(&t->proc->sig_lock);
  sx_signalfd_notify(t->proc, BIT(sig));
  sx_thread_kick(t);
}

static int default_ignores(int sig) {
  return sig == SIGCHLD_LINUX || sig == SIGCONT_LINUX || sig == SIGURG_LINUX ||
         sig == SIGWINCH_LINUX;
}

static int default_stops(int sig) {
  return sig == SIGTSTP_LINUX || sig == SIGTTIN_LINUX || sig == SIGTTOU_LINUX ||
         sig == SIGSTOP_LINUX;
}

static const char *const SIGNAMES[32] = {
  "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
  "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
  "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
  "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

static _Noreturn void die(SxProc *p, int sig) {
  if (p->strace) {
    if (p->forked) fprintf(stderr, "[pid %d] ", p->pid);
    if (sig < 32) fprintf(stderr, "+++ killed by %s +++\n", SIGNAMES[sig]);
    else fprintf(stderr, "+++ killed by SIGRT_%d +++\n", sig - SIGRTMIN_LINUX);
  }
  fflush(stdout);
  sx_guest_exiting(p);
  sx_limits_exit();
  host_die_by_signal(sig);
}

/* A stop signal's default action: the host process stops with the same signal, so the
 * parent's wait and the shell's job table see what they see natively. */
static void stop(SxProc *p, int sig) {
  if (p->strace) {
    if (p->forked) fprintf(stderr, "[pid %d] ", p->pid);
    fprintf(stderr, "--- stopped by %s ---\n", SIGNAMES[sig]);
  }
  fflush(stdout);
  host_stop_by_signal(sig);
}

static void save_fpu(const SxCpu *c, FxsaveLinux *fx) {
  memset(fx, 0, sizeof *fx);
  fx->cwd = c->fcw;
  fx->swd = c->fsw;
  fx->twd = (uint16_t)(c->ftw & 0xff);   /* abridged tag: one bit per register */
  fx->mxcsr = c->mxcsr;
  fx->mxcsr_mask = 0xffff;
  int top = (c->fsw >> 11) & 7;
  for (int i = 0; i < 8; i++) memcpy(fx->st[i], c->st[(top + i) & 7].b, 10);
  for (int i = 0; i < 16; i++) memcpy(fx->xmm[i], c->xmm[i].b, 16);
}

static void load_fpu(SxCpu *c, const FxsaveLinux *fx) {
  c->fcw = fx->cwd;
  c->fsw = fx->swd;
  c->ftw = fx->twd & 0xff;
  c->mxcsr = fx->mxcsr & 0xffff;
  int top = (c->fsw >> 11) & 7;
  for (int i = 0; i < 8; i++) memcpy(c->st[(top + i) & 7].b, fx->st[i], 10);
  for (int i = 0; i < 16; i++) memcpy(c->xmm[i].b, fx->xmm[i], 16);
}

static const int GREG_OF[16] = {
  [SX_RAX] = REG_RAX_LINUX, [SX_RCX] = REG_RCX_LINUX, [SX_RDX] = REG_RDX_LINUX,
  [SX_RBX] = REG_RBX_LINUX, [SX_RSP] = REG_RSP_LINUX, [SX_RBP] = REG_RBP_LINUX,
  [SX_RSI] = REG_RSI_LINUX, [SX_RDI] = REG_RDI_LINUX, [SX_R8] = REG_R8_LINUX,
  [SX_R9] = REG_R9_LINUX, [SX_R10] = REG_R10_LINUX, [SX_R11] = REG_R11_LINUX,
  [SX_R12] = REG_R12_LINUX, [SX_R13] = REG_R13_LINUX, [SX_R14] = REG_R14_LINUX,
  [SX_R15] = REG_R15_LINUX,
};

static int on_altstack(SxThread *t, uint64_t sp) {
  const StackLinux *a = &t->sig.altstack;
  return !(a->ss_flags & SS_DISABLE_LINUX) && a->ss_size && sp > a->ss_sp &&
         sp <= a->ss_sp + a->ss_size;
}

/* Builds the frame and points the CPU at the handler. Returns 0, or -1 if the frame could not
 * be written (the kernel then forces SIGSEGV). */
static int setup_frame(SxThread *t, int sig, const SiginfoLinux *info, uint64_t oldmask) {
  SxProc *p = t->proc;
  SxCpu *c = &t->cpu;
  SigactionLinux *act = &p->sig.act[sig];
  if (!(act->flags & SA_RESTORER_LINUX)) return -1;
  sx_cpu_sync_flags(c);
  uint64_t sp = c->r[SX_RSP] - 128;   /* skip the red zone */
  const StackLinux *alt = &t->sig.altstack;
  int was_on = on_altstack(t, c->r[SX_RSP]);
  if ((act->flags & SA_ONSTACK_LINUX) && !was_on && !(alt->ss_flags & SS_DISABLE_LINUX) &&
      alt->ss_size)
    sp = alt->ss_sp + alt->ss_size;
  sp = (sp - sizeof(FxsaveLinux)) & ~63ull;
  uint64_t fpaddr = sp;
  uint64_t frame = ((sp - sizeof(RtSigframeLinux)) & ~15ull) - 8;

  FxsaveLinux fx;
  save_fpu(c, &fx);
  RtSigframeLinux f;
  memset(&f, 0, sizeof f);
  f.pretcode = act->restorer;
  f.uc.uc_stack.ss_sp = alt->ss_sp;
  f.uc.uc_stack.ss_size = alt->ss_size;
  f.uc.uc_stack.ss_flags = (alt->ss_flags & SS_DISABLE_LINUX) ? SS_DISABLE_LINUX
                         : was_on ? SS_ONSTACK_LINUX : 0;
  for (int r = 0; r < 16; r++) f.uc.uc_mcontext.gregs[GREG_OF[r]] = c->r[r];
  f.uc.uc_mcontext.gregs[REG_RIP_LINUX] = c->rip;
  f.uc.uc_mcontext.gregs[REG_EFL_LINUX] = c->rflags;
  f.uc.uc_mcontext.gregs[REG_CSGSFS_LINUX] = 0x33 | (0x2bull << 48);  /* cs=0x33, ss=0x2b */
  f.uc.uc_mcontext.gregs[REG_OLDMASK_LINUX] = oldmask;
  if (sig == SIGSEGV_LINUX || sig == SIGBUS_LINUX) {
    f.uc.uc_mcontext.gregs[REG_TRAPNO_LINUX] = 14;
    f.uc.uc_mcontext.gregs[REG_ERR_LINUX] = 4 | (info->si_code == SEGV_ACCERR_LINUX ? 1 : 0);
    f.uc.uc_mcontext.gregs[REG_CR2_LINUX] = info->u.fault.addr;
  } else if (sig == SIGFPE_LINUX) {
    f.uc.uc_mcontext.gregs[REG_TRAPNO_LINUX] = 0;
  }
  f.uc.uc_mcontext.fpstate = fpaddr;
  f.uc.uc_sigmask = oldmask;
  f.info = *info;
  f.info.si_signo = sig;
  if (sx_put(p, fpaddr, &fx, sizeof fx) < 0 || sx_put(p, frame, &f, sizeof f) < 0) return -1;

  c->r[SX_RSP] = frame;
  c->r[SX_RDI] = (uint64_t)sig;
  c->r[SX_RSI] = frame + offsetof(RtSigframeLinux, info);
  c->r[SX_RDX] = frame + offsetof(RtSigframeLinux, uc);
  c->r[SX_RAX] = 0;
  c->rip = act->handler;
  c->rflags &= ~((1ull << 10) | (1ull << 8));   /* DF and TF clear, as the ABI requires */

  t->sig.mask |= act->mask;
  if (!(act->flags & SA_NODEFER_LINUX)) t->sig.mask |= BIT(sig);
  t->sig.mask &= ~UNBLOCKABLE;
  if (act->flags & SA_RESETHAND_LINUX) {   /* only the handler resets, as Linux's SA_ONESHOT */
    act->handler = SIG_DFL_LINUX;
    sx_signal_sync_host(p, sig);
  }
  return 0;
}

static void trace_signal(SxProc *p, int sig, const SiginfoLinux *info) {
  char name[24];
  if (sig < 32) snprintf(name, sizeof name, "%s", SIGNAMES[sig]);
  else snprintf(name, sizeof name, "SIGRT_%d", sig - SIGRTMIN_LINUX);
  if (p->forked) fprintf(stderr, "[pid %d] ", p->pid);
  if (sig == SIGSEGV_LINUX || sig == SIGBUS_LINUX || sig == SIGFPE_LINUX || sig == SIGILL_LINUX)
    fprintf(stderr, "--- %s {si_signo=%s, si_code=%d, si_addr=%#llx} ---\n", name, name,
            info->si_code, (unsigned long long)info->u.fault.addr);
  else
    fprintf(stderr, "--- %s {si_signo=%s, si_code=%d, si_pid=%d, si_uid=%u} ---\n", name, name,
            info->si_code, info->u.kill.pid, info->u.kill.uid);
}

/* Runs one signal's disposition. */
static void dispatch(SxThread *t, int sig, const SiginfoLinux *info) {
  SxProc *p = t->proc;
  uint64_t h = p->sig.act[sig].handler;
  if (p->strace && h != SIG_IGN_LINUX) trace_signal(p, sig, info);
  if (h == SIG_IGN_LINUX) return;
  if (h == SIG_DFL_LINUX) {
    if (default_ignores(sig)) return;
    if (default_stops(sig)) {
      stop(p, sig);
      return;
    }
    die(p, sig);
  }
  uint64_t oldmask = t->sig.restore_mask ? t->sig.saved_mask : t->sig.mask;
  if (setup_frame(t, sig, info, oldmask) < 0) die(p, SIGSEGV_LINUX);
  t->sig.restore_mask = 0;
}

/* Takes pending sig off t's queue (its own first, then the process's). */
static void dequeue(SxThread *t, int sig, SiginfoLinux *info) {
  SxProc *p = t->proc;
  pthread_mutex_lock(&p->sig_lock);
  if (t->sig.pending & BIT(sig)) {
    t->sig.pending &= ~BIT(sig);
    *info = t->sig.info[sig];
  } else {
    p->sig.pending &= ~BIT(sig);
    *info = p->sig.info[sig];
  }
  pthread_mutex_unlock(&p->sig_lock);
}

void sx_signal_stop_pending(SxThread *t) {
  SxProc *p = t->proc;
  uint64_t r = ready(t);
  for (int s = 1; r && s < 32; s++)
    if ((r & BIT(s)) && default_stops(s) && p->sig.act[s].handler == SIG_DFL_LINUX) {
      SiginfoLinux info;
      dequeue(t, s, &info);
      if (p->strace) trace_signal(p, s, &info);
      stop(p, s);
    }
}

void sx_signal_deliver(SxThread *t) {
  SxProc *p = t->proc;
  int sig;
  while ((sig = sx_signal_next(t))) {
    SiginfoLinux info;
    dequeue(t, sig, &info);
    if (sig == SIGKILL_LINUX && p->ending_others && p->ending_others != t) break;
    dispatch(t, sig, &info);
    /* One handler frame at a time keeps the order simple; the rest wait for the next
     * instruction boundary (the handler may block them anyway). */
    if (p->sig.act[sig].handler > SIG_IGN_LINUX) break;
  }
  if (t->sig.restore_mask) {
    t->sig.mask = t->sig.saved_mask;
    t->sig.restore_mask = 0;
  }
}

void sx_signal_fault(SxThread *t, int sig, int code, uint64_t addr) {
  SxProc *p = t->proc;
  SiginfoLinux info;
  memset(&info, 0, sizeof info);
  info.si_signo = sig;
  info.si_code = code;
  info.u.fault.addr = addr;
  uint64_t h = p->sig.act[sig].handler;
  if (p->strace) trace_signal(p, sig, &info);
  /* A fault that cannot be handled (blocked or ignored) kills, as the kernel forces it. */
  if (h <= SIG_IGN_LINUX || (t->sig.mask & BIT(sig))) die(p, sig);
  if (setup_frame(t, sig, &info, t->sig.mask) < 0) die(p, SIGSEGV_LINUX);
}

long sx_signal_sigreturn(SxThread *t) {
  SxProc *p = t->proc;
  SxCpu *c = &t->cpu;
  UcontextLinux uc;
  t->no_result = 1;
  uint64_t ucaddr = c->r[SX_RSP];   /* the handler's ret popped pretcode */
  if (sx_get(p, ucaddr, &uc, sizeof uc) < 0) die(p, SIGSEGV_LINUX);
  for (int r = 0; r < 16; r++) c->r[r] = uc.uc_mcontext.gregs[GREG_OF[r]];
  c->rip = uc.uc_mcontext.gregs[REG_RIP_LINUX];
  sx_cpu_sync_flags(c);
  /* Only the flags user code may change come back from the frame. */
  const uint64_t user = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x40000;
  c->rflags = (c->rflags & ~user) | (uc.uc_mcontext.gregs[REG_EFL_LINUX] & user) | 0x2;
  if (uc.uc_mcontext.fpstate) {
    FxsaveLinux fx;
    if (sx_get(p, uc.uc_mcontext.fpstate, &fx, sizeof fx) < 0) die(p, SIGSEGV_LINUX);
    load_fpu(c, &fx);
  }
  t->sig.mask = uc.uc_sigmask & ~UNBLOCKABLE;
  return (long)c->r[SX_RAX];
}

/* ---- taking signals synchronously (rt_sigtimedwait, signalfd) and masked waits ---- */

int sx_signal_take(SxThread *t, uint64_t set, SiginfoLinux *info) {
  SxProc *p = t->proc;
  (void)sx_signal_pending_set(t); /* merges what the host delivered */
  pthread_mutex_lock(&p->sig_lock);
  uint64_t own = t->sig.pending & set, shared = p->sig.pending & set;
  int sig = 0;
  if (own) {
    sig = __builtin_ctzll(own) + 1;
    *info = t->sig.info[sig];
    t->sig.pending &= ~BIT(sig);
  } else if (shared) {
    sig = __builtin_ctzll(shared) + 1;
    *info = p->sig.info[sig];
    p->sig.pending &= ~BIT(sig);
  }
  pthread_mutex_unlock(&p->sig_lock);
  return sig;
}

long sx_signal_wait_begin(SxThread *t, const uint64_t *mask) {
  host_wait_begin();
  if (mask) {
    t->sig.saved_mask = t->sig.mask;
    t->sig.restore_mask = 1;
    t->sig.mask = *mask & ~UNBLOCKABLE;
  }
  return sx_signal_actionable(t) ? -EINTR_LINUX : 0;
}

void sx_signal_wait_end(SxThread *t, const uint64_t *mask, long ret) {
  host_wait_end();
  if (mask && ret != -EINTR_LINUX) {
    t->sig.mask = t->sig.saved_mask;
    t->sig.restore_mask = 0;
  }
}

void sx_signal_catch_host(SxProc *p, uint64_t set, int ignored_too) {
  set &= ~p->sig.host_caught; /* one sigaction each, not one per sigprocmask */
  for (int s = 1; set && s <= NSIG_LINUX; s++)
    if ((set & BIT(s)) && p->sig.act[s].handler == SIG_DFL_LINUX &&
        (ignored_too || !default_ignores(s)) && s != SIGPIPE_LINUX &&
        s != SIGSEGV_LINUX && s != SIGBUS_LINUX && s != SIGFPE_LINUX && s != SIGILL_LINUX &&
        s != SIGTRAP_LINUX && s != SIGKILL_LINUX && s != SIGSTOP_LINUX) {
      host_signal_catch(s, on_host_signal);
      p->sig.host_caught |= BIT(s);
    }
}

int sx_signal_ignored(SxProc *p, int sig) {
  uint64_t h = p->sig.act[sig].handler;
  return h == SIG_IGN_LINUX ||
         (h == SIG_DFL_LINUX && (default_ignores(sig) || sig == SIGTSTP_LINUX ||
                                 sig == SIGTTIN_LINUX || sig == SIGTTOU_LINUX));
}
