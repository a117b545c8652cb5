/* Event descriptors for the shim: epoll, eventfd, timerfd, inotify and pidfds. They exist on
 * Linux hosts only, where the guest's values (event bits, inotify masks, clock ids) are the host
 * kernel's own ABI; elsewhere every call is -ENOSYS and guests fall back as on old kernels. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#endif

#include "syscall-shim/host/host.h"

#if defined(__linux__)
#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

static int nb(int lflags) { return (lflags & O_NONBLOCK_LINUX) ? O_NONBLOCK : 0; }

long host_epoll_create(void) { RET(epoll_create1(EPOLL_CLOEXEC)); }

long host_epoll_ctl(int epfd, int op, int fd, const EpollEventLinux *ev) {
  int hop = op == EPOLL_CTL_ADD_LINUX ? EPOLL_CTL_ADD : op == EPOLL_CTL_DEL_LINUX ? EPOLL_CTL_DEL
          : op == EPOLL_CTL_MOD_LINUX ? EPOLL_CTL_MOD : -1;
  if (hop < 0) return -EINVAL_LINUX;
  struct epoll_event h;
  memset(&h, 0, sizeof h);
  if (ev) {
    h.events = ev->events;
    h.data.u64 = ev->data;
  }
  RET(epoll_ctl(epfd, hop, fd, ev ? &h : NULL));
}

long host_epoll_wait(int epfd, EpollEventLinux *evs, int max, int timeout_ms) {
  struct epoll_event *h = calloc((size_t)max, sizeof *h);
  if (!h) return -ENOMEM_LINUX;
  int n = epoll_pwait(epfd, h, max, timeout_ms, host_wait_sigset());
  long r = n < 0 ? host_err() : n;
  for (int i = 0; i < n; i++) {
    evs[i].events = h[i].events;
    evs[i].data = h[i].data.u64;
  }
  free(h);
  return r;
}

long host_eventfd(unsigned initval, int lflags) {
  RET(eventfd(initval, EFD_CLOEXEC | nb(lflags) | ((lflags & EFD_SEMAPHORE_LINUX) ? EFD_SEMAPHORE : 0)));
}

static int clock_host(int l) {
  switch (l) {
  case CLOCK_REALTIME_LINUX: return CLOCK_REALTIME;
  case CLOCK_MONOTONIC_LINUX: return CLOCK_MONOTONIC;
  case CLOCK_BOOTTIME_LINUX: return CLOCK_BOOTTIME;
  default: return -1;
  }
}

long host_timerfd_create(int lclock, int lflags) {
  int c = clock_host(lclock);
  if (c < 0) return -EINVAL_LINUX;
  RET(timerfd_create(c, TFD_CLOEXEC | nb(lflags)));
}

static void its_host(const ItimerspecLinux *l, struct itimerspec *h) {
  h->it_interval.tv_sec = (time_t)l->it_interval.tv_sec;
  h->it_interval.tv_nsec = (long)l->it_interval.tv_nsec;
  h->it_value.tv_sec = (time_t)l->it_value.tv_sec;
  h->it_value.tv_nsec = (long)l->it_value.tv_nsec;
}

static void its_linux(const struct itimerspec *h, ItimerspecLinux *l) {
  l->it_interval.tv_sec = h->it_interval.tv_sec;
  l->it_interval.tv_nsec = h->it_interval.tv_nsec;
  l->it_value.tv_sec = h->it_value.tv_sec;
  l->it_value.tv_nsec = h->it_value.tv_nsec;
}

long host_timerfd_settime(int fd, int lflags, const ItimerspecLinux *neu, ItimerspecLinux *old) {
  struct itimerspec hn, ho;
  its_host(neu, &hn);
  int f = ((lflags & TFD_TIMER_ABSTIME_LINUX) ? TFD_TIMER_ABSTIME : 0) |
          ((lflags & TFD_TIMER_CANCEL_ON_SET_LINUX) ? TFD_TIMER_CANCEL_ON_SET : 0);
  if (timerfd_settime(fd, f, &hn, &ho) < 0) return host_err();
  if (old) its_linux(&ho, old);
  return 0;
}

long host_timerfd_gettime(int fd, ItimerspecLinux *cur) {
  struct itimerspec h;
  if (timerfd_gettime(fd, &h) < 0) return host_err();
  its_linux(&h, cur);
  return 0;
}

long host_inotify_init(int lflags) { RET(inotify_init1(IN_CLOEXEC | nb(lflags))); }
long host_inotify_add_watch(int fd, int target, uint32_t mask) {
  /* target is an O_PATH fd of the file the shim's walk found: watch exactly that inode. */
  char via[64];
  snprintf(via, sizeof via, "/proc/self/fd/%d", target);
  RET(inotify_add_watch(fd, via, mask));
}
long host_inotify_rm_watch(int fd, int wd) { RET(inotify_rm_watch(fd, wd)); }

long host_pidfd_open(int pid, int lflags) {
  long fd = syscall(SYS_pidfd_open, pid, (lflags & O_NONBLOCK_LINUX) ? O_NONBLOCK : 0);
  if (fd < 0) return host_err();
  fcntl((int)fd, F_SETFD, FD_CLOEXEC);
  return fd;
}

long host_pidfd_send_signal(int fd, int lsig) {
  RET(syscall(SYS_pidfd_send_signal, fd, lsig, NULL, 0));
}

#else
long host_epoll_create(void) { return -ENOSYS_LINUX; }
long host_epoll_ctl(int epfd, int op, int fd, const EpollEventLinux *ev) {
  (void)epfd; (void)op; (void)fd; (void)ev;
  return -ENOSYS_LINUX;
}
long host_epoll_wait(int epfd, EpollEventLinux *evs, int max, int timeout_ms) {
  (void)epfd; (void)evs; (void)max; (void)timeout_ms;
  return -ENOSYS_LINUX;
}
long host_eventfd(unsigned initval, int lflags) { (void)initval; (void)lflags; return -ENOSYS_LINUX; }
long host_timerfd_create(int lclock, int lflags) { (void)lclock; (void)lflags; return -ENOSYS_LINUX; }
long host_timerfd_settime(int fd, int lflags, const ItimerspecLinux *neu, ItimerspecLinux *old) {
  (void)fd; (void)lflags; (void)neu; (void)old;
  return -ENOSYS_LINUX;
}
long host_timerfd_gettime(int fd, ItimerspecLinux *cur) { (void)fd; (void)cur; return -ENOSYS_LINUX; }
long host_inotify_init(int lflags) { (void)lflags; return -ENOSYS_LINUX; }
long host_inotify_add_watch(int fd, int target, uint32_t mask) {
  (void)fd; (void)target; (void)mask;
  return -ENOSYS_LINUX;
}
long host_inotify_rm_watch(int fd, int wd) { (void)fd; (void)wd; return -ENOSYS_LINUX; }
long host_pidfd_open(int pid, int lflags) { (void)pid; (void)lflags; return -ENOSYS_LINUX; }
long host_pidfd_send_signal(int fd, int lsig) { (void)fd; (void)lsig; return -ENOSYS_LINUX; }
#endif
