/* The meters of the policy within one process: memory (the collected heap), output to stdout
 * and stderr, the wall-clock timeout, open files and live processes (a Linux guest, many host
 * processes, keeps its own shared meters: syscall-shim/guest/limits.c). A breach ends the process (and every process it
 * started) with a one-line message and a distinct exit status; never an error a script could
 * catch. Charges may come from any thread. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/lib-names.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/sandbox.h"
#include "vm/core.h"
#include "vm/gc.h"

/* --max-memory bounds the whole process, so the collected heap gets a share of it: past the
 * soft share allocation fails with the catchable "not enough memory"; the heap never grows past
 * the hard share (the gap is where a script that caught the error can still run handlers); the
 * rest covers the collector's own bookkeeping. */
#define MEMORY_SOFT_PERCENT 90
#define MEMORY_HARD_PERCENT 93
/* After the timer fires, the interpreter has this long to reach a check; a script stuck in a
 * blocking call is then stopped from the signal handler itself. */
#define TIMEOUT_GRACE_MS 40

static RtSandbox *cfg = &rt_sandbox;  /* whose limit texts a breach message quotes */
static int started_limits;
static volatile sig_atomic_t timed_out;
static GlobalState *volatile watched;
static volatile int64_t fuel_at_timeout; /* the counter the timer overwrote, for the stats */
static size_t output_used;         /* updated atomically: guest threads write too */
static long procs_alive;           /* processes started and not yet ended */

/* Process groups of sandbox.run children in progress (runs nest through embedders' states at
 * most a few deep); a breach kills them before this process exits. */
#define MAX_RUN_GROUPS 16
static volatile pid_t run_groups[MAX_RUN_GROUPS];
/* Set when this process adopts orphaned descendants (a sandbox.run child): then ending the
 * processes a script started also reaches those that left its process group. */
static int adopting;

static const char *const limit_names[] = {"memory", "fuel", "time", "output"};
static const int limit_status[] = {RT_EXIT_MEMORY, RT_EXIT_FUEL, RT_EXIT_TIME, RT_EXIT_OUTPUT};

static const char *limit_text(RtLimit which) {
  switch (which) {
    case RT_LIMIT_MEMORY: return cfg->memory_text;
    case RT_LIMIT_FUEL: return cfg->fuel_text;
    case RT_LIMIT_TIME: return cfg->timeout_text;
    case RT_LIMIT_OUTPUT: return cfg->output_text;
  }
  return "?";
}

/* Only async-signal-safe calls: this also runs from the SIGALRM handler. */
void rt_write_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    s += w;
    n -= (size_t)w;
  }
}

/* Decimal digits of v at p, async-signal-safe; returns the end. */
static char *put_u64(char *p, uint64_t v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) *p++ = tmp[--n];
  return p;
}

size_t rt_policy_memory_limit(void) {
  return cfg->max_memory;
}

void rt_policy_track_group(int pgid, int running) {
  int i;
  for (i = 0; i < MAX_RUN_GROUPS; i++) {
    if (running && run_groups[i] == 0) {
      run_groups[i] = pgid;
      return;
    }
    if (!running && run_groups[i] == pgid) {
      run_groups[i] = 0;
      return;
    }
  }
}

void rt_limits_adopt_descendants(void) {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) == 0) adopting = 1;
}

/* Reads the pids of this process's children (those of its main thread, which forks them and
 * to which orphans are reparented) into pids; returns how many. Async-signal-safe. */
static int list_children(pid_t *pids, int max) {
  char path[64] = "/proc/self/task/", buf[4096];
  char *p = put_u64(path + strlen(path), (uint64_t)getpid());
  int fd, n = 0;
  ssize_t len;
  memcpy(p, "/children", sizeof "/children");
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  len = read(fd, buf, sizeof buf - 1);
  close(fd);
  for (p = buf; len > 0 && p < buf + len && n < max;) {
    pid_t v = 0;
    while (p < buf + len && (*p < '0' || *p > '9')) p++;
    if (p >= buf + len) break;
    while (p < buf + len && *p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    pids[n++] = v;
  }
  return n;
}

void rt_limits_end_descendants(void) {
  pid_t pids[512];
  int round, i, n;
  /* Killing a process orphans its own children, which (as a subreaper) this process adopts:
   * repeat until none is left. The bound stops a fork bomb from keeping a breach alive. */
  for (round = 0; round < 1000; round++) {
    n = list_children(pids, 512);
    if (n == 0) return;
    for (i = 0; i < n; i++) kill(pids[i], SIGKILL);
    for (i = 0; i < n; i++) waitpid(pids[i], NULL, 0);
    if (!adopting) return;
  }
}

/* Also run from the SIGALRM handler: only async-signal-safe calls. */
static void report_breach(RtLimit which) {
  char msg[128];
  size_t n = 0;
  int g;
  for (g = 0; g < MAX_RUN_GROUPS; g++)
    if (run_groups[g] > 0) kill(-run_groups[g], SIGKILL);
  rt_limits_end_descendants();
  const char *parts[] = {"nacre: ", limit_names[which], " limit exceeded (", limit_text(which),
                         ")\n"};
  size_t i;
  for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    size_t len = strlen(parts[i]);
    if (n + len >= sizeof msg) len = sizeof msg - 1 - n;
    memcpy(msg + n, parts[i], len);
    n += len;
  }
  rt_write_all(STDERR_FILENO, msg, n);
  if (cfg->result_fd >= 0) { /* the sandbox.run parent learns which limit it was */
    GlobalState *g = watched;
    int64_t left = g ? (timed_out ? fuel_at_timeout : g->fuel) + rt_sandbox_fuel_pool() : 0;
    char rec[96];
    char *p = rec;
    *p++ = 'L';
    *p++ = (char)('0' + which);
    *p++ = '\n';
    *p++ = 'S';
    p = put_u64(p, g ? (uint64_t)(g->sandbox && g->sandbox->fuel > 0 ? g->sandbox->fuel
                                                                     : INT64_MAX) -
                           (uint64_t)(left < 0 ? 0 : left)
                     : 0);
    *p++ = '\n';
    rt_write_all(cfg->result_fd, rec, (size_t)(p - rec));
  }
}

void rt_limits_breach(RtLimit which) {
  /* What the script wrote before the breach is kept (within the output limit). */
  if (which != RT_LIMIT_OUTPUT) {
    fflush(stdout);
    fflush(stderr);
  }
  report_breach(which);
  _exit(limit_status[which]);
}

/* ------------------------------------------------------------------------------------------
 * Output metering: stdout and stderr are replaced by streams that count every byte.
 */
static ssize_t metered_write(void *cookie, const char *buf, size_t size) {
  int fd = (int)(intptr_t)cookie;
  size_t allowed = cfg->max_output > output_used ? cfg->max_output - output_used : 0;
  if (size > allowed) {
    rt_write_all(fd, buf, allowed);
    output_used = cfg->max_output;
    report_breach(RT_LIMIT_OUTPUT);
    _exit(RT_EXIT_OUTPUT);
  }
  rt_write_all(fd, buf, size);
  output_used += size;
  return (ssize_t)size;
}

void rt_limits_output(int fd, const char *buf, size_t n) {
  size_t used;
  if (cfg->max_output == 0 || (fd != 1 && fd != 2)) return;
  used = __atomic_add_fetch(&output_used, n, __ATOMIC_RELAXED);
  if (used > cfg->max_output) {
    size_t before = used - n;
    __atomic_store_n(&output_used, before < cfg->max_output ? before : cfg->max_output,
                     __ATOMIC_RELAXED);
    fflush(stdout);
    fflush(stderr);
    metered_write((void *)(intptr_t)fd, buf, n); /* writes the allowed part and ends */
  }
}

static FILE *metered(int fd, int linebuffered) {
  cookie_io_functions_t io = {.read = NULL, .write = metered_write, .seek = NULL, .close = NULL};
  FILE *f = fopencookie((void *)(intptr_t)fd, "w", io);
  if (f == NULL) return NULL;
  setvbuf(f, NULL, linebuffered ? _IOLBF : _IOFBF, BUFSIZ);
  return f;
}

/* ------------------------------------------------------------------------------------------
 * The wall-clock timeout.
 */
static void on_alarm(int sig) {
  (void)sig;
  if (!timed_out) {
    struct itimerval grace = {{0, 0}, {0, TIMEOUT_GRACE_MS * 1000}};
    GlobalState *g = watched;
    timed_out = 1;
    if (g) {
      fuel_at_timeout = g->fuel;
      g->fuel = -1;
    } /* the next charge point in the interpreter checks the limits */
    setitimer(ITIMER_REAL, &grace, NULL);
    return;
  }
  /* The script did not reach a charge point in time (a blocking call): stop it here. */
  report_breach(RT_LIMIT_TIME);
  _exit(RT_EXIT_TIME);
}

int rt_limits_timed_out(void) {
  return timed_out;
}

void rt_limits_watch(lua_State *L) {
  watched = G(L);
  if (!started_limits && G(L)->sandbox) cfg = G(L)->sandbox;
}

static void memory_breach(void) {
  rt_limits_breach(RT_LIMIT_MEMORY);
}

void rt_limits_uncaught(int status) {
  /* The limit refused an allocation and the script let the error end it: that is the breach
   * (the status alone could come from error("not enough memory") in a script). */
  if (status == LUA_ERRMEM && cfg->max_memory > 0 && gc_limit_hit()) memory_breach();
}

/* RLIMIT_NOFILE bounds descriptor numbers, and the kernel hands out the lowest free one: the
 * limit is set just past the n-th free descriptor, so exactly n more files can be open. */
static rlim_t fd_limit_for(long n) {
  int fd;
  for (fd = 0; fd < (1 << 20); fd++)
    if (fcntl(fd, F_GETFD) == -1 && --n == 0) return (rlim_t)fd + 1;
  return (rlim_t)fd;
}

void rt_limits_start(RtSandbox *sb) {
  cfg = sb;
  started_limits = 1;
  if (sb->max_memory > 0)
    gc_setlimit(sb->max_memory / 100 * MEMORY_SOFT_PERCENT,
                sb->max_memory / 100 * MEMORY_HARD_PERCENT, memory_breach);
  if (sb->max_output > 0) {
    FILE *out = metered(STDOUT_FILENO, isatty(STDOUT_FILENO));
    FILE *err = metered(STDERR_FILENO, 1);
    if (out && err) {
      fflush(stdout);
      fflush(stderr);
      stdout = out;
      stderr = err;
    }
  }
  if (sb->timeout_ms > 0) {
    struct sigaction sa;
    struct itimerval t;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR and the script moves on */
    sigaction(SIGALRM, &sa, NULL);
    memset(&t, 0, sizeof t);
    t.it_value.tv_sec = sb->timeout_ms / 1000;
    t.it_value.tv_usec = (sb->timeout_ms % 1000) * 1000;
    setitimer(ITIMER_REAL, &t, NULL);
  }
  if (sb->max_files > 0) {
    struct rlimit rl;
    rlim_t n;
    /* The nacre executable loads libm when first needed (runtime/libm.c), which takes a
     * descriptor for a moment: load it now, so that the script's files cannot use them up. */
    dlopen(LIBM_SO, RTLD_NOW | RTLD_GLOBAL);
    n = fd_limit_for(sb->max_files);
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && (rl.rlim_max == RLIM_INFINITY || n < rl.rlim_max)) {
      rl.rlim_cur = n;
      setrlimit(RLIMIT_NOFILE, &rl);
    }
  }
}

/* ------------------------------------------------------------------------------------------
 * The process meter every layer shares (--max-procs).
 */
int rt_limits_proc_begin(void) {
  long n = __atomic_add_fetch(&procs_alive, 1, __ATOMIC_RELAXED);
  if (cfg->max_procs == 0 || n <= cfg->max_procs) return 0;
  __atomic_sub_fetch(&procs_alive, 1, __ATOMIC_RELAXED);
  return -1;
}

void rt_limits_proc_end(void) {
  __atomic_sub_fetch(&procs_alive, 1, __ATOMIC_RELAXED);
}

int64_t rt_limits_fuel_used(lua_State *L) {
  GlobalState *g = G(L);
  int64_t start = (g->sandbox && g->sandbox->fuel > 0) ? g->sandbox->fuel : INT64_MAX;
  int64_t left = (g->fuel < 0 ? 0 : g->fuel) + rt_sandbox_fuel_pool();
  return start - left;
}
