/* Host side of keeping a guest contained: memory shared by all its processes, adopting orphans
 * (so no guest process leaves nacre's tree, setsid or not), finding and killing every
 * descendant, and the helper threads that watch for nacre's end. Linux hosts walk
 * /proc/<pid>/task/<tid>/children; elsewhere only direct children are known. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "syscall-shim/host/host.h"

void *host_shared_alloc(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

long host_private_pipe(int fds[2]) {
  int p[2];
  if (pipe(p) < 0) return host_err();
  for (int i = 0; i < 2; i++) {
    /* Far above 0, 1 and 2, which nacre may have been started without: the guest's first
     * descriptors are copies of those and must never be one of these. */
    fds[i] = fcntl(p[i], F_DUPFD_CLOEXEC, 100);
    close(p[i]);
  }
  if (fds[0] < 0 || fds[1] < 0) {
    if (fds[0] >= 0) close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
    return -EMFILE_LINUX;
  }
  return 0;
}

long host_adopt_orphans(void) {
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
  return prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 ? 0 : host_err();
#else
  return -ENOSYS_LINUX;
#endif
}

/* Appends the children of every thread of pid to out (at most max in all); returns the new
 * count. */
static int children_of(int pid, int *out, int n, int max) {
#if defined(__linux__)
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", pid);
  DIR *d = opendir(path);
  if (!d) return n;
  struct dirent *e;
  while ((e = readdir(d)) && n < max) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char file[320], buf[4096];
    snprintf(file, sizeof file, "/proc/%d/task/%s/children", pid, e->d_name);
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    for (ssize_t i = 0; i < len && n < max;) {
      int v = 0;
      while (i < len && (buf[i] < '0' || buf[i] > '9')) i++;
      if (i >= len) break;
      while (i < len && buf[i] >= '0' && buf[i] <= '9') v = v * 10 + (buf[i++] - '0');
      out[n++] = v;
    }
  }
  closedir(d);
  return n;
#else
  (void)pid; (void)out; (void)max;
  return n;
#endif
}

int host_descendants(int root, int *pids, int max) {
  int n = children_of(root, pids, 0, max);
  for (int i = 0; i < n; i++) n = children_of(pids[i], pids, n, max);
  return n;
}

void host_kill_descendants(void) {
  int pids[4096];
  /* Killed processes' children come back to this one (it adopts orphans) and are found in the
   * next round; the bound keeps a fork bomb from holding the end open forever. */
  for (int round = 0; round < 1000; round++) {
    int n = host_descendants(getpid(), pids, 4096);
    for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
    for (;;) {
      pid_t r = waitpid(-1, NULL, WNOHANG | __WALL);
      if (r > 0) continue;
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return; /* no children left */
      break;
    }
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
}

int host_is_descendant(int pid, int ancestor) {
#if defined(__linux__)
  for (int hops = 0; pid > 1 && hops < 4096; hops++) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0) return 0;
    buf[len] = 0;
    const char *rp = strrchr(buf, ')'); /* the name may hold spaces and parentheses */
    int ppid;
    char state;
    if (!rp || sscanf(rp + 1, " %c %d", &state, &ppid) != 2) return 0;
    if (ppid == ancestor) return 1;
    pid = ppid;
  }
  return 0;
#else
  (void)pid; (void)ancestor;
  return 0;
#endif
}

long host_helper_thread(void *(*fn)(void *), void *arg) {
  sigset_t all, old;
  pthread_attr_t at;
  pthread_t th;
  /* Host signals are the guest's: they must land on its threads, never on a helper. */
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&at, 64u << 10);
  int e = pthread_create(&th, &at, fn, arg);
  pthread_attr_destroy(&at);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return e ? -host_errno_linux(e) : 0;
}

long host_monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long host_wait_readable(int fd, long timeout_ms) {
  PollfdLinux p = {fd, 1 /* POLLIN */, 0};
  return host_poll(&p, 1, timeout_ms < 0 ? -1 : (int)(timeout_ms > 1 << 30 ? 1 << 30 : timeout_ms));
}

_Noreturn void host_kill_self(void) {
  kill(getpid(), SIGKILL);
  for (;;) pause();
}
