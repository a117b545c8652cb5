/* Limits and containment of a Linux guest. All its processes share one page of counters
 * (memory, fuel, output, the process table), created by the first nacre process ("the top")
 * before the guest runs and inherited by every fork. The top adopts orphans, so every guest
 * process stays its descendant; a supervisor thread there enforces --timeout and carries out
 * breaches reported by any process: it kills every descendant, prints the breach and exits.
 * Every other guest process has a watcher thread that kills it when the top is gone, however
 * the top ended. None of this uses a signal or timer the guest can touch. */
#include <stdio.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"

#define MAX_SLOTS 1024
/* Fuel moves from the shared pool to a thread in slices this large. */
#define FUEL_SLICE 65536

typedef struct {
  int32_t pid;       /* 0: free; -1: claimed by a fork in progress */
  int32_t threads;
  int64_t memory;    /* bytes this process has charged */
  uint64_t exe_dev, exe_ino; /* the program it runs (sx_limits_set_exe), 0 0 when unknown */
} Slot;

typedef struct {
  int32_t top;       /* host pid of the first guest process */
  int32_t breach;    /* RtLimit + 1 of the breach under way, 0 while none */
  int32_t lock;      /* guards the slot table: the holder's pid, 0 when free */
  int32_t writers;   /* output writes between their reservation and their end */
  uint64_t output;   /* bytes written to stdout and stderr */
  int64_t fuel;      /* instructions left in the pool */
  int64_t memory;    /* bytes charged, all processes */
  Slot slot[MAX_SLOTS];
} Shared;

static Shared *sh;          /* NULL until started (guest runs without limits then) */
static Slot *mine;
static int is_top;
static int notify_r = -1, notify_w = -1; /* breaches reported to the top's supervisor */
static int keep_r = -1, keep_w = -1;     /* only the top holds keep_w: EOF means it is gone */
static uint64_t out_dev[2], out_ino[2];  /* the host's fd 1 and 2 as nacre started */
static int out_known[2];

static const RtSandbox *cfg(void) { return &rt_sandbox; }

/* The slot table's lock holds its owner's pid, so a process killed while holding it (a guest
 * may SIGKILL its own processes) does not leave it held: the next one takes it over. */
static void lock(void) {
  int32_t me = (int32_t)host_getpid();
  for (;;) {
    int32_t owner = 0;
    if (__atomic_compare_exchange_n(&sh->lock, &owner, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    if (owner != me && host_kill(owner, 0) == -ESRCH_LINUX &&
        __atomic_compare_exchange_n(&sh->lock, &owner, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    host_yield();
  }
}
static void unlock(void) { __atomic_store_n(&sh->lock, 0, __ATOMIC_RELEASE); }

/* ---- ending the guest ---- */

static _Noreturn void end_all(RtLimit which) {
  host_kill_descendants();
  rt_limits_breach(which);
}

/* Only ESRCH says so: a guest process that dropped root may not signal the top (EPERM). */
static int top_gone(void) { return host_kill(sh->top, 0) == -ESRCH_LINUX; }

static _Noreturn void wait_to_die(void) {
  for (;;) {
    TimespecLinux s = {1, 0};
    host_nanosleep(&s, NULL);
    if (top_gone()) host_kill_self(); /* the top is gone without us */
  }
}

_Noreturn void sx_limits_breach(RtLimit which) {
  int32_t none = 0;
  if (!__atomic_compare_exchange_n(&sh->breach, &none, (int32_t)which + 1, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST))
    wait_to_die(); /* another breach is ending the guest already */
  if (is_top) end_all(which);
  char b = 1;
  host_write(notify_w, &b, 1);
  wait_to_die();
}

static void *supervise(void *arg) {
  (void)arg;
  long deadline = cfg()->timeout_ms > 0 ? host_monotonic_ms() + (long)cfg()->timeout_ms : -1;
  for (;;) {
    long left = deadline < 0 ? -1 : deadline - host_monotonic_ms();
    if (deadline >= 0 && left <= 0) sx_limits_breach(RT_LIMIT_TIME);
    long r = host_wait_readable(notify_r, left);
    int32_t b = __atomic_load_n(&sh->breach, __ATOMIC_SEQ_CST);
    if (r > 0 && b > 0) end_all((RtLimit)(b - 1));
    if (r > 0) {
      char c;
      host_read(notify_r, &c, 1);
    }
  }
  return NULL;
}

static void *watch(void *arg) {
  (void)arg;
  char c;
  while (host_read(keep_r, &c, 1) == -EINTR_LINUX) {}
  host_kill_self(); /* EOF: the top nacre ended */
}

/* ---- start and processes ---- */

void sx_limits_set_exe(SxProc *p, uint64_t dev, uint64_t ino) {
  p->exe_dev = dev;
  p->exe_ino = ino;
  if (!mine) return;
  __atomic_store_n(&mine->exe_dev, dev, __ATOMIC_SEQ_CST);
  __atomic_store_n(&mine->exe_ino, ino, __ATOMIC_SEQ_CST);
}

int sx_limits_exe_running(uint64_t dev, uint64_t ino) {
  if (!sh) return 0;
  for (int i = 0; i < MAX_SLOTS; i++) {
    Slot *s = &sh->slot[i];
    int32_t pid = __atomic_load_n(&s->pid, __ATOMIC_SEQ_CST);
    if (pid > 0 && __atomic_load_n(&s->exe_ino, __ATOMIC_SEQ_CST) == ino &&
        __atomic_load_n(&s->exe_dev, __ATOMIC_SEQ_CST) == dev &&
        (s == mine || host_kill(pid, 0) != -ESRCH_LINUX))
      return 1;
  }
  return 0;
}

static void note_output(int fd, int i) {
  StatLinux st;
  if (host_fstat(fd, &st) == 0) {
    out_dev[i] = st.st_dev;
    out_ino[i] = st.st_ino;
    out_known[i] = 1;
  }
}

long sx_limits_start(void) {
  const RtSandbox *c = cfg();
  sh = host_shared_alloc(sizeof *sh);
  if (!sh) return -ENOMEM_LINUX;
  is_top = 1;
  sh->top = (int32_t)host_getpid();
  sh->fuel = c->fuel > 0 ? c->fuel : INT64_MAX;
  mine = &sh->slot[0];
  mine->pid = sh->top;
  mine->threads = 1;
  sx_mem_set_meter(sx_limits_memory);
  note_output(1, 0);
  note_output(2, 1);
  int fds[2];
  long r = host_private_pipe(fds);
  if (r < 0) return r;
  notify_r = fds[0], notify_w = fds[1];
  if ((r = host_private_pipe(fds)) < 0) return r;
  keep_r = fds[0], keep_w = fds[1];
  host_adopt_orphans();
  return host_helper_thread(supervise, NULL);
}

/* Threads in all live processes; frees the slots of processes that no longer exist (reaped by
 * someone the shim did not see, such as an ignored SIGCHLD). Slot lock held. */
static int count_threads(void) {
  int n = 0;
  for (int i = 0; i < MAX_SLOTS; i++) {
    Slot *s = &sh->slot[i];
    if (s->pid > 0 && s != mine && host_kill(s->pid, 0) == -ESRCH_LINUX) {
      __atomic_sub_fetch(&sh->memory, s->memory, __ATOMIC_SEQ_CST);
      memset(s, 0, sizeof *s);
    }
    if (s->pid) n += s->threads > 0 ? s->threads : 1;
  }
  return n;
}

static int procs_full(void) {
  return cfg()->max_procs > 0 && count_threads() >= cfg()->max_procs;
}

long sx_limits_fork_reserve(void) {
  if (!sh) return 0;
  lock();
  long got = -EAGAIN_LINUX;
  if (!procs_full())
    for (int i = 0; i < MAX_SLOTS; i++)
      if (sh->slot[i].pid == 0) {
        sh->slot[i].pid = -1;
        sh->slot[i].threads = 1;
        sh->slot[i].memory = 0;
        got = i;
        break;
      }
  unlock();
  return got;
}

void sx_limits_fork_child(long slot, SxProc *p) {
  if (!sh) return;
  if (is_top) {
    host_close(keep_w);
    host_close(notify_r);
    keep_w = notify_r = -1;
    is_top = 0;
  }
  mine = &sh->slot[slot];
  mine->pid = (int32_t)host_getpid();
  sx_limits_set_exe(p, p->exe_dev, p->exe_ino);
  /* The forked copy of the parent's private memory is this process's to pay for. */
  int64_t charge = sx_mem_fork_child(p->mem);
  mine->memory = 0;
  sx_limits_memory(charge);
  /* Unspent fuel stays with the parent's thread; this one draws its own. */
  sx_self()->cpu.fuel = sx_limits_fuel_start();
  /* If the top ended between the fork and the close above, keep_r never reports it. */
  if (top_gone() || host_helper_thread(watch, NULL) < 0) host_kill_self();
}

void sx_limits_fork_parent(long slot, long pid) {
  if (!sh) return;
  Slot *s = &sh->slot[slot];
  if (pid < 0) {
    lock();
    memset(s, 0, sizeof *s);
    unlock();
    return;
  }
  __atomic_store_n(&s->pid, (int32_t)pid, __ATOMIC_SEQ_CST);
}

long sx_limits_thread_add(void) {
  if (!sh) return 0;
  lock();
  long r = procs_full() ? -EAGAIN_LINUX : 0;
  if (r == 0) mine->threads++;
  unlock();
  return r;
}

void sx_limits_thread_gone(void) {
  if (!sh) return;
  lock();
  mine->threads--;
  unlock();
}

void sx_limits_reaped(int pid) {
  if (!sh || pid <= 0) return;
  lock();
  for (int i = 0; i < MAX_SLOTS; i++)
    if (sh->slot[i].pid == pid) {
      __atomic_sub_fetch(&sh->memory, sh->slot[i].memory, __ATOMIC_SEQ_CST);
      memset(&sh->slot[i], 0, sizeof sh->slot[i]);
    }
  unlock();
}

void sx_limits_exit(void) {
  if (!sh) return;
  /* A breach is ending the guest: its message and status are the outcome, not this exit. */
  if (__atomic_load_n(&sh->breach, __ATOMIC_SEQ_CST)) wait_to_die();
  if (is_top) {
    host_kill_descendants();
    return;
  }
  lock();
  __atomic_sub_fetch(&sh->memory, mine->memory, __ATOMIC_SEQ_CST);
  memset(mine, 0, sizeof *mine);
  unlock();
}

/* ---- meters ---- */

void sx_limits_memory(int64_t delta) {
  if (!sh || delta == 0) return;
  __atomic_add_fetch(&mine->memory, delta, __ATOMIC_SEQ_CST);
  int64_t total = __atomic_add_fetch(&sh->memory, delta, __ATOMIC_SEQ_CST);
  if (delta > 0 && cfg()->max_memory > 0 && (uint64_t)total > cfg()->max_memory)
    sx_limits_breach(RT_LIMIT_MEMORY);
}

int64_t sx_limits_fuel_start(void) { return sh && cfg()->fuel > 0 ? 0 : INT64_MAX; }

void sx_limits_refuel(SxCpu *c) {
  if (!sh || cfg()->fuel <= 0) {
    c->fuel = INT64_MAX;
    c->fuel_need = 0;
    return;
  }
  while (c->fuel < c->fuel_need) {
    int64_t left = __atomic_load_n(&sh->fuel, __ATOMIC_SEQ_CST);
    if (left <= 0) sx_limits_breach(RT_LIMIT_FUEL);
    int64_t take = left < FUEL_SLICE ? left : FUEL_SLICE;
    if (__atomic_compare_exchange_n(&sh->fuel, &left, left - take, 0, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST))
      c->fuel += take;
  }
  c->fuel_need = 0;
}

/* Is f the guest's stdout or stderr: the same host file as nacre's own fd 1 or 2 (found
 * through any dup, reopening or passing of it)? Worked out once per descriptor. */
static int metered(SxFd *f) {
  if (f->out_meter == 0) {
    StatLinux st;
    f->out_meter = 2;
    if (host_fstat(f->host_fd, &st) == 0)
      for (int i = 0; i < 2; i++)
        if (out_known[i] && st.st_dev == out_dev[i] && st.st_ino == out_ino[i]) f->out_meter = 1;
  }
  return f->out_meter == 1;
}

uint64_t sx_limits_output_reserve(SxFd *f, uint64_t n) {
  if (!sh || cfg()->max_output == 0 || n == 0 || !metered(f)) return n;
  uint64_t max = cfg()->max_output;
  __atomic_add_fetch(&sh->writers, 1, __ATOMIC_SEQ_CST);
  uint64_t before = __atomic_fetch_add(&sh->output, n, __ATOMIC_SEQ_CST);
  if (before + n <= max) return n;
  return before >= max ? 0 : max - before;
}

void sx_limits_output_done(SxFd *f, uint64_t wanted, uint64_t reserved, long wrote) {
  if (!sh || cfg()->max_output == 0 || wanted == 0 || !metered(f)) return;
  uint64_t unused = wrote < 0 ? reserved : reserved - (uint64_t)wrote;
  if (unused) __atomic_sub_fetch(&sh->output, unused, __ATOMIC_SEQ_CST);
  __atomic_sub_fetch(&sh->writers, 1, __ATOMIC_SEQ_CST);
  if (reserved < wanted) {
    /* Writes other processes reserved before the budget ran out finish first (for up to 2 s,
     * in case one blocks): ending the guest at once would lose bytes already counted. */
    TimespecLinux ms = {0, 1000000};
    for (int i = 0; i < 2000 && __atomic_load_n(&sh->writers, __ATOMIC_SEQ_CST) > 0; i++)
      host_nanosleep(&ms, NULL);
    sx_limits_breach(RT_LIMIT_OUTPUT);
  }
}

/* ---- grants ---- */

int sx_limits_sandboxed(void) { return cfg()->sandboxed; }

int sx_limits_may_signal(int pid) {
  if (!cfg()->sandboxed) return 1;
  if (!sh) return pid == (int)host_getpid();
  return pid == sh->top || host_is_descendant(pid, sh->top);
}

int sx_limits_guest_pids(int *pids, int max) {
  if (!cfg()->sandboxed || !sh) return -1;
  int me = (int)host_getpid(), n = 0;
  if (sh->top != me && max > 0) pids[n++] = sh->top;
  int got = host_descendants(sh->top, pids + n, max - n), end = n + got;
  for (int i = n; i < end; i++)
    if (pids[i] != me) pids[n++] = pids[i];
  return n;
}

int sx_limits_file_ok(int open) {
  return cfg()->max_files <= 0 || open < cfg()->max_files + 3;
}
