/* Time syscalls: clocks, gettimeofday, time, the sleeps (which return EINTR with the time
 * left when a host signal for the guest arrives), and the interval timers, which are
 * the host's: their signals reach the guest like any host signal. */
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

/* Clock ids below 0 name a process's or thread's CPU clock by pid: host pids, which are the
 * guest's only while guest pids are not virtual (nacre guest). */
static int clock_ok(int clock) { return clock >= 0 || !sx_pidns_on(); }

long sx_sys_clock_gettime(SxProc *p, const uint64_t *a) {
  TimespecLinux ts;
  if (!clock_ok(ARG_INT(0))) return -EINVAL_LINUX;
  long r = host_clock_gettime(ARG_INT(0), &ts);
  if (r < 0) return r;
  return sx_put(p, a[1], &ts, sizeof ts) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_clock_getres(SxProc *p, const uint64_t *a) {
  TimespecLinux ts;
  if (!clock_ok(ARG_INT(0))) return -EINVAL_LINUX;
  long r = host_clock_getres(ARG_INT(0), &ts);
  if (r < 0) return r;
  if (a[1] && sx_put(p, a[1], &ts, sizeof ts) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_gettimeofday(SxProc *p, const uint64_t *a) {
  if (a[0]) {
    TimespecLinux ts;
    long r = host_clock_gettime(CLOCK_REALTIME_LINUX, &ts);
    if (r < 0) return r;
    TimevalLinux tv = {ts.tv_sec, ts.tv_nsec / 1000};
    if (sx_put(p, a[0], &tv, sizeof tv) < 0) return -EFAULT_LINUX;
  }
  if (a[1]) {
    int32_t tz[2] = {0, 0};   /* struct timezone is obsolete; Linux reports UTC here too */
    if (sx_put(p, a[1], tz, sizeof tz) < 0) return -EFAULT_LINUX;
  }
  return 0;
}

long sx_sys_time(SxProc *p, const uint64_t *a) {
  TimespecLinux ts;
  long r = host_clock_gettime(CLOCK_REALTIME_LINUX, &ts);
  if (r < 0) return r;
  if (a[0] && sx_put(p, a[0], &ts.tv_sec, 8) < 0) return -EFAULT_LINUX;
  return (long)ts.tv_sec;
}

static long sleep_for(SxProc *p, TimespecLinux req, uint64_t rem_addr) {
  if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec > 999999999) return -EINVAL_LINUX;
  TimespecLinux rem = {0, 0};
  long r = host_nanosleep(&req, &rem);
  /* Woken by a host signal the guest thread does not act on (one it blocks or ignores):
   * sleep on for the rest, as Linux never woke it. */
  for (SxThread *t = sx_self(); r == -EINTR_LINUX;) {
    sx_signal_stop_pending(t);   /* a stop, then sleep on once continued */
    int sig = sx_signal_next(t);
    if (sig && !sx_signal_ignored(p, sig)) break;
    req = rem;
    r = host_nanosleep(&req, &rem);
  }
  if (r == -EINTR_LINUX && rem_addr && sx_put(p, rem_addr, &rem, sizeof rem) < 0)
    return -EFAULT_LINUX;
  return r;
}

long sx_sys_nanosleep(SxProc *p, const uint64_t *a) {
  TimespecLinux req;
  if (sx_get(p, a[0], &req, sizeof req) < 0) return -EFAULT_LINUX;
  return sleep_for(p, req, a[1]);
}

long sx_sys_clock_nanosleep(SxProc *p, const uint64_t *a) {
  TimespecLinux req;
  int clock = ARG_INT(0), flags = ARG_INT(1);
  if (sx_get(p, a[2], &req, sizeof req) < 0) return -EFAULT_LINUX;
  if (clock == CLOCK_THREAD_CPUTIME_ID_LINUX || !clock_ok(clock)) return -EINVAL_LINUX;
  if (flags & TIMER_ABSTIME_LINUX) {
    TimespecLinux now;
    long r = host_clock_gettime(clock, &now);
    if (r < 0) return r;
    req.tv_sec -= now.tv_sec;
    req.tv_nsec -= now.tv_nsec;
    if (req.tv_nsec < 0) { req.tv_nsec += 1000000000; req.tv_sec--; }
    if (req.tv_sec < 0) return 0;
    /* An absolute sleep reports no remaining time (Linux leaves rem untouched). */
    return sleep_for(p, req, 0);
  }
  TimespecLinux probe;   /* rejects clock ids the host layer does not know */
  long r = host_clock_gettime(clock, &probe);
  if (r < 0) return r;
  return sleep_for(p, req, a[3]);
}

static int valid_tv(const TimevalLinux *t) { return t->tv_sec >= 0 && t->tv_usec >= 0 && t->tv_usec < 1000000; }

long sx_sys_setitimer(SxProc *p, const uint64_t *a) {
  int which = ARG_INT(0);
  if (which != ITIMER_REAL_LINUX && which != ITIMER_VIRTUAL_LINUX && which != ITIMER_PROF_LINUX)
    return -EINVAL_LINUX;
  ItimervalLinux neu = {{0, 0}, {0, 0}}, old;
  if (a[1] && sx_get(p, a[1], &neu, sizeof neu) < 0) return -EFAULT_LINUX;
  if (!valid_tv(&neu.it_interval) || !valid_tv(&neu.it_value)) return -EINVAL_LINUX;
  long r = host_setitimer(which, &neu, &old);
  if (r < 0) return r;
  if (a[2] && sx_put(p, a[2], &old, sizeof old) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_getitimer(SxProc *p, const uint64_t *a) {
  int which = ARG_INT(0);
  if (which != ITIMER_REAL_LINUX && which != ITIMER_VIRTUAL_LINUX && which != ITIMER_PROF_LINUX)
    return -EINVAL_LINUX;
  ItimervalLinux cur;
  long r = host_getitimer(which, &cur);
  if (r < 0) return r;
  return sx_put(p, a[1], &cur, sizeof cur) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_alarm(SxProc *p, const uint64_t *a) {
  (void)p;
  ItimervalLinux neu = {{0, 0}, {(int64_t)ARG_UINT(0), 0}}, old;
  long r = host_setitimer(ITIMER_REAL_LINUX, &neu, &old);
  if (r < 0) return r;
  /* alarm() rounds the time left to the nearest second, and reports at least 1 if pending. */
  long left = (long)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
  if (left == 0 && old.it_value.tv_usec) left = 1;
  return left;
}
