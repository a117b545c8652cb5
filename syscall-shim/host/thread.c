/* Host threads for guest threads: creation, the host thread id, waking a thread out of a
 * blocking host call, and futexes on host addresses (guest memory lives in the host's
 * address space, so a guest futex is a host futex at base + address). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "syscall-shim/host/host.h"

/* The host signal that interrupts a blocked host call of one thread; its handler does nothing,
 * and it is installed without SA_RESTART so the call returns EINTR. */
#define WAKE_SIG (SIGRTMAX)

_Static_assert(sizeof(pthread_t) <= sizeof(HostThread), "HostThread holds a pthread_t");

static void on_wake(int sig) { (void)sig; }

void host_thread_init(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_wake;
  sigemptyset(&sa.sa_mask);
  sigaction(WAKE_SIG, &sa, NULL);
}

long host_thread_create(HostThread *t, void *(*fn)(void *), void *arg) {
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&at, 2u << 20);
  pthread_t th;
  int e = pthread_create(&th, &at, fn, arg);
  pthread_attr_destroy(&at);
  (void)t; /* the new thread records itself with host_thread_self */
  return e ? -host_errno_linux(e) : 0;
}

void host_thread_self(HostThread *t) {
  pthread_t th = pthread_self();
  memcpy(t->opaque, &th, sizeof th);
}

void host_thread_wake(const HostThread *t) {
  pthread_t th;
  memcpy(&th, t->opaque, sizeof th);
  pthread_kill(th, WAKE_SIG);
}

static _Thread_local sigset_t wait_saved;
static _Thread_local int wait_open;

/* Every signal but the synchronous fault signals, which must reach the shim's handlers. */
static void async_signals(sigset_t *set) {
  sigfillset(set);
  sigdelset(set, SIGSEGV), sigdelset(set, SIGBUS), sigdelset(set, SIGFPE);
  sigdelset(set, SIGILL), sigdelset(set, SIGTRAP);
}

void host_wait_begin(void) {
  if (wait_open) return;
  sigset_t all;
  async_signals(&all);
  pthread_sigmask(SIG_BLOCK, &all, &wait_saved);
  wait_open = 1;
}

void host_thread_mute(void) {
  sigset_t all;
  async_signals(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
}

void host_wait_end(void) {
  if (!wait_open) return;
  wait_open = 0;
  pthread_sigmask(SIG_SETMASK, &wait_saved, NULL);
}

const void *host_wait_sigset(void) { return wait_open ? &wait_saved : NULL; }

_Noreturn void host_thread_exit(void) { pthread_exit(NULL); }

_Noreturn void host_exit(int status) { _exit(status); }

long host_gettid(void) { return (long)syscall(SYS_gettid); }

long host_futex(uint32_t *uaddr, int op, uint32_t val, const TimespecLinux *ts, uint32_t *uaddr2,
                uint32_t val3) {
#if defined(__linux__)
  struct timespec t, *tp = NULL;
  if (ts) {
    t.tv_sec = (time_t)ts->tv_sec;
    t.tv_nsec = (long)ts->tv_nsec;
    tp = &t;
  }
  /* The futex operation numbers are the kernel's own: this host is Linux. For REQUEUE and
   * friends the timeout slot carries val2, which the caller passes as ts == NULL here. */
  long r = syscall(SYS_futex, uaddr, op, val, tp, uaddr2, val3);
  return r < 0 ? host_err() : r;
#else
  (void)uaddr; (void)op; (void)val; (void)ts; (void)uaddr2; (void)val3;
  return -ENOSYS_LINUX;
#endif
}

long host_futex_val2(uint32_t *uaddr, int op, uint32_t val, uint32_t val2, uint32_t *uaddr2,
                     uint32_t val3) {
#if defined(__linux__)
  long r = syscall(SYS_futex, uaddr, op, val, (unsigned long)val2, uaddr2, val3);
  return r < 0 ? host_err() : r;
#else
  (void)uaddr; (void)op; (void)val; (void)val2; (void)uaddr2; (void)val3;
  return -ENOSYS_LINUX;
#endif
}

void host_yield(void) { sched_yield(); }

long host_ncpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? n : 1;
}
