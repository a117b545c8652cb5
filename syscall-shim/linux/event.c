/* Event descriptors: epoll, eventfd, timerfd and inotify, each a host object behind a guest
 * fd. epoll registrations name host fds (a guest fd's own), and carry the guest's data word
 * back untouched; inotify watches the file the guest's path walk found. */
#include <stdio.h>
#include <string.h>

#include "syscall-shim/linux/sys.h"

/* Events one epoll_wait returns at most; more wait for the next call, as Linux allows. */
#define MAX_EVENTS 1024
/* inotify_add_watch's IN_DONT_FOLLOW. */
#define IN_DONT_FOLLOW_LINUX 0x02000000u

static long install(SxProc *p, long h, int cloexec, const char *name) {
  if (h < 0) return h;
  long g = sx_fd_install(p, (int)h, cloexec, name, 0);
  if (g >= 0) p->fds[g].walkable = 0;
  return g;
}

long sx_sys_epoll_create(SxProc *p, const uint64_t *a) {
  if (ARG_INT(0) <= 0) return -EINVAL_LINUX;
  return install(p, host_epoll_create(), 0, "anon_inode:[eventpoll]");
}

long sx_sys_epoll_create1(SxProc *p, const uint64_t *a) {
  int flags = ARG_INT(0);
  if (flags & ~EPOLL_CLOEXEC_LINUX) return -EINVAL_LINUX;
  return install(p, host_epoll_create(), flags != 0, "anon_inode:[eventpoll]");
}

long sx_sys_epoll_ctl(SxProc *p, const uint64_t *a) {
  SxFd *ep = sx_fd_get(p, ARG_INT(0)), *f = sx_fd_get(p, ARG_INT(2));
  if (!ep || !f) return -EBADF_LINUX;
  if (ARG_INT(0) == ARG_INT(2)) return -EINVAL_LINUX;
  int op = ARG_INT(1);
  EpollEventLinux ev;
  if (op != EPOLL_CTL_DEL_LINUX && sx_get(p, a[3], &ev, sizeof ev) < 0) return -EFAULT_LINUX;
  return host_epoll_ctl(ep->host_fd, op, f->host_fd, op == EPOLL_CTL_DEL_LINUX ? NULL : &ev);
}

typedef struct { int epfd; uint64_t uev; int max; } Wait;

static long do_wait(SxProc *p, const void *arg, int ms) {
  const Wait *w = arg;
  SxFd *ep = sx_fd_get(p, w->epfd);
  if (!ep) return -EBADF_LINUX;
  int max = w->max;
  if (max <= 0) return -EINVAL_LINUX;
  if (max > MAX_EVENTS) max = MAX_EVENTS;
  EpollEventLinux evs[MAX_EVENTS];
  long n = host_epoll_wait(ep->host_fd, evs, max, ms);
  if (n > 0 && sx_put(p, w->uev, evs, (uint64_t)n * sizeof evs[0]) < 0) return -EFAULT_LINUX;
  return n;
}

/* Every form waits in sx_wait_masked: a host signal for nothing the thread acts on does not
 * end the wait, and the p-forms install their signal mask for the wait only,
 * atomically with it (a signal it unblocks that is pending already, or arrives during the
 * wait, ends it with EINTR and is delivered under that mask). */
static long wait_masked(SxProc *p, const uint64_t *a, int ms, const uint64_t *mask) {
  Wait w = {ARG_INT(0), a[1], ARG_INT(2)};
  if (!sx_fd_get(p, w.epfd)) return -EBADF_LINUX;
  if (w.max <= 0) return -EINVAL_LINUX;
  return sx_wait_masked(p, mask, ms, do_wait, &w);
}

long sx_sys_epoll_wait(SxProc *p, const uint64_t *a) { return wait_masked(p, a, ARG_INT(3), NULL); }

static long pwait(SxProc *p, const uint64_t *a, int ms) {
  uint64_t mask;
  long k = sx_wait_mask(p, a[4], a[5], &mask);
  return k < 0 ? k : wait_masked(p, a, ms, k ? &mask : NULL);
}

long sx_sys_epoll_pwait(SxProc *p, const uint64_t *a) { return pwait(p, a, ARG_INT(3)); }

long sx_sys_epoll_pwait2(SxProc *p, const uint64_t *a) {
  int ms = -1;
  if (a[3]) {
    TimespecLinux ts;
    if (sx_get(p, a[3], &ts, sizeof ts) < 0) return -EFAULT_LINUX;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -EINVAL_LINUX;
    int64_t m = ts.tv_sec * 1000 + (ts.tv_nsec + 999999) / 1000000;
    ms = m > 0x7fffffff ? 0x7fffffff : (int)m;
  }
  return pwait(p, a, ms);
}

static long eventfd(SxProc *p, unsigned init, int flags) {
  if (flags & ~(O_CLOEXEC_LINUX | O_NONBLOCK_LINUX | EFD_SEMAPHORE_LINUX)) return -EINVAL_LINUX;
  return install(p, host_eventfd(init, flags), (flags & O_CLOEXEC_LINUX) != 0,
                 "anon_inode:[eventfd]");
}

long sx_sys_eventfd(SxProc *p, const uint64_t *a) { return eventfd(p, ARG_UINT(0), 0); }
long sx_sys_eventfd2(SxProc *p, const uint64_t *a) { return eventfd(p, ARG_UINT(0), ARG_INT(1)); }

long sx_sys_timerfd_create(SxProc *p, const uint64_t *a) {
  int flags = ARG_INT(1);
  if (flags & ~(O_CLOEXEC_LINUX | O_NONBLOCK_LINUX)) return -EINVAL_LINUX;
  return install(p, host_timerfd_create(ARG_INT(0), flags), (flags & O_CLOEXEC_LINUX) != 0,
                 "anon_inode:[timerfd]");
}

long sx_sys_timerfd_settime(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f) return -EBADF_LINUX;
  int flags = ARG_INT(1);
  if (flags & ~(TFD_TIMER_ABSTIME_LINUX | TFD_TIMER_CANCEL_ON_SET_LINUX)) return -EINVAL_LINUX;
  ItimerspecLinux neu, old;
  if (sx_get(p, a[2], &neu, sizeof neu) < 0) return -EFAULT_LINUX;
  long r = host_timerfd_settime(f->host_fd, flags, &neu, &old);
  if (r < 0) return r;
  if (a[3] && sx_put(p, a[3], &old, sizeof old) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_timerfd_gettime(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f) return -EBADF_LINUX;
  ItimerspecLinux cur;
  long r = host_timerfd_gettime(f->host_fd, &cur);
  if (r < 0) return r;
  return sx_put(p, a[1], &cur, sizeof cur) < 0 ? -EFAULT_LINUX : 0;
}

static long inotify(SxProc *p, int flags) {
  if (flags & ~(O_CLOEXEC_LINUX | O_NONBLOCK_LINUX)) return -EINVAL_LINUX;
  return install(p, host_inotify_init(flags), (flags & O_CLOEXEC_LINUX) != 0,
                 "anon_inode:inotify");
}

long sx_sys_inotify_init(SxProc *p, const uint64_t *a) { (void)a; return inotify(p, 0); }
long sx_sys_inotify_init1(SxProc *p, const uint64_t *a) { return inotify(p, ARG_INT(0)); }

long sx_sys_inotify_add_watch(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f) return -EBADF_LINUX;
  char path[SX_PATH_MAX];
  long r = sx_get_path(p, a[1], path);
  if (r < 0) return r;
  uint32_t mask = ARG_UINT(2);
  SxPath sp;
  r = sx_vfs_resolve(p, AT_FDCWD_LINUX, path, (mask & IN_DONT_FOLLOW_LINUX) ? 0 : SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  if (sp.kind != SX_PATH_HOST && sp.kind != SX_PATH_DEV) return -EACCES_LINUX;   /* /proc */
  long t = sx_fs_path_fd(p, &sp);
  if (t < 0) return t;
  r = host_inotify_add_watch(f->host_fd, (int)t, mask);
  host_close((int)t);
  return r;
}

long sx_sys_inotify_rm_watch(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  return f ? host_inotify_rm_watch(f->host_fd, ARG_INT(1)) : -EBADF_LINUX;
}

/* pidfds, for the processes the guest may signal with kill (itself, its children, its guest
 * parent); a pidfd polls readable when the process exits. */
long sx_sys_pidfd_open(SxProc *p, const uint64_t *a) {
  int pid = ARG_INT(0), flags = ARG_INT(1);
  if (flags & ~O_NONBLOCK_LINUX) return -EINVAL_LINUX;
  if (pid <= 0) return -EINVAL_LINUX;
  int ok = pid == p->pid || (p->guest_parent && pid == p->guest_parent);
  for (int i = 0; i < p->nchildren && !ok; i++) ok = pid == p->children[i];
  if (!ok) return host_kill(pid, 0) == -ESRCH_LINUX ? -ESRCH_LINUX : -EPERM_LINUX;
  return install(p, host_pidfd_open(pid, flags), 1, "anon_inode:[pidfd]");
}

/* Only the plain form: siginfo and flags must be NULL and 0 (a queued siginfo would need the
 * signal's origin forged, which the shim does not do). */
long sx_sys_pidfd_send_signal(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f) return -EBADF_LINUX;
  int sig = ARG_INT(1);
  if (sig < 0 || sig > NSIG_LINUX || a[2] || ARG_UINT(3)) return -EINVAL_LINUX;
  return host_pidfd_send_signal(f->host_fd, sig);
}
