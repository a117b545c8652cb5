/* Taking signals synchronously: rt_sigtimedwait, and signalfd/signalfd4 descriptors. A
 * signalfd is a host eventfd that the shim makes readable while a signal of its mask is
 * pending (sx_signalfd_notify when one is raised, drained when reads leave none), so it works
 * in poll, select and epoll beside host descriptors; reading it dequeues the signals. */
#include <string.h>

#include "syscall-shim/linux/sys.h"

#define BIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (BIT(SIGKILL_LINUX) | BIT(SIGSTOP_LINUX))
#define SFD_FLAGS_LINUX (O_CLOEXEC_LINUX | O_NONBLOCK_LINUX)

/* struct signalfd_siginfo (128 bytes). */
typedef struct {
  uint32_t ssi_signo;
  int32_t ssi_errno, ssi_code;
  uint32_t ssi_pid, ssi_uid;
  int32_t ssi_fd;
  uint32_t ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
  int32_t ssi_status, ssi_int;
  uint64_t ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
  uint16_t ssi_addr_lsb;
  uint8_t pad[46];
} SignalfdSiginfoLinux;
_Static_assert(sizeof(SignalfdSiginfoLinux) == 128, "signalfd_siginfo is 128 bytes");

static int64_t now_ms(void) {
  TimespecLinux ts;
  host_clock_gettime(CLOCK_MONOTONIC_LINUX, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until a signal may be pending, at most ms (-1 forever), without the run lock. The
 * caller opened a wait window, so a signal raised after its last check ends this wait. */
static void nap(SxThread *t, int ms) {
  sx_thread_block(t);
  host_poll(NULL, 0, ms);
  sx_thread_unblock(t);
}

long sx_sys_rt_sigtimedwait(SxProc *p, const uint64_t *a) {
  SxThread *t = sx_self();
  if (a[3] != 8) return -EINVAL_LINUX;
  uint64_t set;
  if (sx_get(p, a[0], &set, 8) < 0) return -EFAULT_LINUX;
  set &= ~UNBLOCKABLE;
  sx_signal_catch_host(p, set, 1); /* another process's signal queues for us */
  int64_t deadline = -1;
  if (a[2]) {
    TimespecLinux ts;
    if (sx_get(p, a[2], &ts, sizeof ts) < 0) return -EFAULT_LINUX;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec > 999999999) return -EINVAL_LINUX;
    deadline = now_ms() + (ts.tv_sec > 1000000000 ? 1000000000000ll
                                                  : ts.tv_sec * 1000 + (ts.tv_nsec + 999999) / 1000000);
  }
  /* As Linux does, the awaited signals are unblocked while waiting, so a signal sent to the
   * process picks this thread; they are dequeued here instead of delivered. */
  uint64_t old = t->sig.mask;
  t->sig.mask &= ~set;
  SiginfoLinux si;
  long r;
  for (;;) {
    host_wait_begin();
    int sig = sx_signal_take(t, set, &si);
    if (sig) { r = sig; break; }
    if (sx_signal_has_pending(t)) { r = -EINTR_LINUX; break; }
    int64_t left = deadline < 0 ? -1 : deadline - now_ms();
    if (deadline >= 0 && left <= 0) { r = -EAGAIN_LINUX; break; }
    nap(t, left > 0x7fffffff ? 0x7fffffff : (int)left);
    host_wait_end();
  }
  host_wait_end();
  t->sig.mask = old;
  if (r > 0 && a[1] && sx_put(p, a[1], &si, sizeof si) < 0) {
    sx_signal_raise_thread(t, (int)r, &si); /* not lost: it stays pending */
    return -EFAULT_LINUX;
  }
  return r;
}

long sx_wait_mask(SxProc *p, uint64_t addr, uint64_t size, uint64_t *mask) {
  if (!addr) return 0;
  if (size != 8) return -EINVAL_LINUX;
  return sx_get(p, addr, mask, 8) < 0 ? -EFAULT_LINUX : 1;
}

long sx_wait_masked(SxProc *p, const uint64_t *mask, int ms,
                    long (*wait)(SxProc *p, const void *arg, int ms), const void *arg) {
  SxThread *t = sx_self();
  int64_t deadline = ms < 0 ? -1 : now_ms() + ms;
  long r = sx_signal_wait_begin(t, mask);
  while (r == 0) {
    r = wait(p, arg, ms);
    /* Woken for a signal the thread does not act on (one it blocks, ignores, or leaves to
     * another thread) or one that only stops it: Linux goes on waiting afterwards, so wait
     * on for what is left of the timeout (a last call with 0 still reports what is ready). */
    if (r != -EINTR_LINUX) break;
    sx_signal_stop_pending(t);
    if (sx_signal_actionable(t)) break;
    if (deadline >= 0) {
      int64_t left = deadline - now_ms();
      ms = left > 0 ? (int)left : 0;
    }
    r = 0;
  }
  sx_signal_wait_end(t, mask, r);
  return r;
}

/* ---- signalfd ---- */

/* Makes f's eventfd readable exactly when a signal of its mask is pending for t. Drained
 * first and re-armed after the check: a signal raised meanwhile writes after its queueing, so
 * no notification is lost. */
static void refresh(SxThread *t, SxFd *f) {
  PollfdLinux pf = {f->host_fd, POLLIN_LINUX, 0};
  uint64_t v;
  if (host_poll(&pf, 1, 0) > 0) host_read(f->host_fd, &v, 8);
  v = 1;
  if (sx_signal_pending_set(t) & f->signalfd_mask) host_write(f->host_fd, &v, 8);
}

void sx_signalfd_notify(SxProc *p, uint64_t bits) {
  if (!__atomic_load_n(&p->signalfds, __ATOMIC_ACQUIRE)) return;
  uint64_t v = 1;
  for (int i = 0; i < SX_MAX_FDS; i++) {
    SxFd *f = &p->fds[i];
    if (f->used && f->signalfd && (f->signalfd_mask & bits)) host_write(f->host_fd, &v, 8);
  }
}

static long do_signalfd(SxProc *p, int fd, uint64_t umask, uint64_t size, int flags) {
  if (size != 8 || (flags & ~SFD_FLAGS_LINUX)) return -EINVAL_LINUX;
  uint64_t mask;
  if (sx_get(p, umask, &mask, 8) < 0) return -EFAULT_LINUX;
  mask &= ~UNBLOCKABLE;
  SxFd *f;
  long g = fd;
  if (fd == -1) {
    long h = host_eventfd(0, flags & O_NONBLOCK_LINUX);
    if (h < 0) return h;
    g = sx_fd_install(p, (int)h, (flags & O_CLOEXEC_LINUX) != 0, "anon_inode:[signalfd]", 0);
    if (g < 0) return g;
    f = &p->fds[g];
    f->walkable = 0;
    f->signalfd = 1;
    __atomic_store_n(&p->signalfds, 1, __ATOMIC_RELEASE);
  } else {
    f = sx_fd_get(p, fd);
    if (!f) return -EBADF_LINUX;
    if (!f->signalfd) return -EINVAL_LINUX;
  }
  f->signalfd_mask = mask;
  sx_signal_catch_host(p, mask, 1);
  refresh(sx_self(), f);
  return g;
}

long sx_sys_signalfd(SxProc *p, const uint64_t *a) { return do_signalfd(p, ARG_INT(0), a[1], a[2], 0); }
long sx_sys_signalfd4(SxProc *p, const uint64_t *a) {
  return do_signalfd(p, ARG_INT(0), a[1], a[2], ARG_INT(3));
}

static void to_ssi(const SiginfoLinux *si, SignalfdSiginfoLinux *o) {
  memset(o, 0, sizeof *o);
  o->ssi_signo = (uint32_t)si->si_signo;
  o->ssi_errno = si->si_errno;
  o->ssi_code = si->si_code;
  int32_t i32[4];
  uint64_t u64[3];
  memcpy(i32, si->u.raw, sizeof i32);
  memcpy(u64, si->u.raw, sizeof u64);
  int s = si->si_signo;
  if (s == SIGSEGV_LINUX || s == SIGBUS_LINUX || s == SIGILL_LINUX || s == SIGFPE_LINUX ||
      s == SIGTRAP_LINUX) {
    o->ssi_addr = u64[0];
    return;
  }
  o->ssi_pid = (uint32_t)i32[0]; /* pid and uid lead every other layout */
  o->ssi_uid = (uint32_t)i32[1];
  if (s == SIGCHLD_LINUX) {
    o->ssi_status = i32[2];
    memcpy(&o->ssi_utime, si->u.raw + 16, 8);
    memcpy(&o->ssi_stime, si->u.raw + 24, 8);
  } else if (si->si_code < 0) { /* sigqueue, timers, message queues: the value */
    o->ssi_int = i32[2];
    o->ssi_ptr = u64[1];
  }
}

long sx_signalfd_read(SxProc *p, SxFd *f, uint64_t buf, uint64_t len) {
  SxThread *t = sx_self();
  if (len < sizeof(SignalfdSiginfoLinux)) return -EINVAL_LINUX;
  uint64_t max = len / sizeof(SignalfdSiginfoLinux), n = 0;
  long r = 0;
  for (;;) {
    host_wait_begin();
    SiginfoLinux si;
    int sig;
    while (n < max && (sig = sx_signal_take(t, f->signalfd_mask, &si))) {
      SignalfdSiginfoLinux o;
      to_ssi(&si, &o);
      if (sx_put(p, buf + n * sizeof o, &o, sizeof o) < 0) {
        sx_signal_raise_thread(t, sig, &si); /* not lost: it stays pending */
        if (!n) r = -EFAULT_LINUX;
        break;
      }
      n++;
    }
    if (n || r) break;
    long fl = host_getfl(f->host_fd);
    if (fl >= 0 && (fl & O_NONBLOCK_LINUX)) { r = -EAGAIN_LINUX; break; }
    if (sx_signal_has_pending(t)) { r = -EINTR_LINUX; break; }
    /* Readable yet nothing here: a stale notification (another thread took the signal) is
     * drained; one directed at another thread stays, and a short nap replaces spinning. */
    PollfdLinux pf = {f->host_fd, POLLIN_LINUX, 0};
    if (host_poll(&pf, 1, -1) > 0 && !(sx_signal_pending_set(t) & f->signalfd_mask)) {
      refresh(t, f);
      pf.revents = 0;
      if (host_poll(&pf, 1, 0) > 0) host_poll(NULL, 0, 10);
    }
    host_wait_end();
  }
  host_wait_end();
  refresh(t, f);
  return n ? (long)(n * sizeof(SignalfdSiginfoLinux)) : r;
}
