/* Guest threads: each runs guest code on its own host thread, all at the same time (locked
 * instructions are atomic, syscall-shim/cpu/atomic.c). Shim code (system calls, faults,
 * signal delivery) runs under the process's run lock, a fair ticket lock; system calls that
 * may block release it, so threads blocked in futex, read, wait4 or nanosleep never stop the
 * others. Thread exit, exit_group, fork and execve in a threaded process live here too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/guest/proc.h"

#define BIT(s) (1ull << ((s) - 1))

/* Under ThreadSanitizer (make test-tsan) the guest's own memory accesses are not checked: they
 * race exactly when the guest's do, and x86 code mixes plain and locked accesses freely. The
 * shim's data stays checked. (A host fault inside guest code leaves TSan's signal wrapper by
 * longjmp, which unbalances this scope: TSan builds cannot run faulting guests.) */
#if defined(__SANITIZE_THREAD__)
#define SX_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SX_TSAN 1
#endif
#endif
#ifdef SX_TSAN
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
#define GUEST_CODE_BEGIN() __tsan_ignore_thread_begin()
#define GUEST_CODE_END() __tsan_ignore_thread_end()
#else
#define GUEST_CODE_BEGIN() ((void)0)
#define GUEST_CODE_END() ((void)0)
#endif

static _Thread_local SxThread *self;

SxThread *sx_self(void) { return self; }

SxThread *sx_thread_find(SxProc *p, int tid) {
  for (SxThread *t = p->threads; t; t = t->next)
    if (t->tid == tid && !t->exited) return t;
  return NULL;
}

static void run_acquire(SxProc *p, SxThread *t) {
  SxRunLock *r = &p->run;
  pthread_mutex_lock(&r->mu);
  uint64_t me = r->next++;
  while (me != r->serving) pthread_cond_wait(&r->cv, &r->mu);
  r->holder = t;
  pthread_mutex_unlock(&r->mu);
}

static void run_release(SxProc *p) {
  SxRunLock *r = &p->run;
  pthread_mutex_lock(&r->mu);
  r->holder = NULL;
  r->serving++;
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

void sx_thread_block(SxThread *t) {
  __atomic_store_n(&t->blocking, 1, __ATOMIC_SEQ_CST);
  run_release(t->proc);
}

void sx_thread_unblock(SxThread *t) {
  run_acquire(t->proc, t);
  __atomic_store_n(&t->blocking, 0, __ATOMIC_SEQ_CST);
}

void sx_thread_kick(SxThread *t) {
  sx_cpu_interrupt(&t->cpu);
  if (__atomic_load_n(&t->blocking, __ATOMIC_SEQ_CST)) host_thread_wake(&t->host);
}

void sx_thread_kick_all(SxProc *p, int sig) {
  for (SxThread *t = p->threads; t; t = t->next)
    if (!sig || !(t->sig.mask & BIT(sig))) sx_thread_kick(t);
}

void sx_thread_init(SxProc *p, SxThread *t) {
  pthread_mutex_init(&p->run.mu, NULL);
  pthread_cond_init(&p->run.cv, NULL);
  pthread_cond_init(&p->all_gone, NULL);
  pthread_mutex_init(&p->sig_lock, NULL);
  p->threads = p->main_thread = t;
  p->nthreads = 1;
  t->proc = p;
  t->next = NULL;
  host_thread_self(&t->host);
  self = t;
  host_thread_init();
}

static void describe_ill(SxThread *t) {
  char buf[128];
  sx_cpu_describe(&t->cpu, buf, sizeof buf);
  fprintf(stderr, "nacre linux: unsupported or invalid instruction: %s\n", buf);
}

/* Runs guest code until this thread or the whole process ends; returns holding the run lock. */
static void run(SxThread *t) {
  SxProc *p = t->proc;
  SxCpu *c = &t->cpu;
  for (;;) {
    GUEST_CODE_BEGIN();
    SxStop stop = sx_cpu_run(c);
    GUEST_CODE_END();
    run_acquire(p, t);
    switch (stop) {
    case SX_STOP_SYSCALL: sx_syscall(t); break;
    case SX_STOP_SEGV:
      sx_signal_fault(t, SIGSEGV_LINUX,
                      c->fault_code == SEGV_ACCERR_LINUX ? SEGV_ACCERR_LINUX : SEGV_MAPERR_LINUX,
                      c->fault_addr);
      break;
    case SX_STOP_BUS: sx_signal_fault(t, SIGBUS_LINUX, c->fault_code, c->fault_addr); break;
    case SX_STOP_ILL:
      if (p->strace) describe_ill(t);
      sx_signal_fault(t, SIGILL_LINUX, ILL_ILLOPN_LINUX, c->rip);
      break;
    case SX_STOP_FPE: sx_signal_fault(t, SIGFPE_LINUX, FPE_INTDIV_LINUX, c->rip); break;
    case SX_STOP_TRAP: sx_signal_fault(t, SIGTRAP_LINUX, SI_KERNEL_LINUX, 0); break;
    case SX_STOP_HLT: sx_signal_fault(t, SIGSEGV_LINUX, SI_KERNEL_LINUX, 0); break;
    case SX_STOP_INTERRUPT:
      if (c->fuel_need) sx_limits_refuel(c);
      break;
    }
    if (p->ending_others && p->ending_others != t) t->exited = 1;
    if (p->exited || t->exited) break;
    sx_signal_deliver(t);
    if (p->exited || t->exited) break;
    run_release(p);
  }
}

static void trace_exit(SxProc *p, int code) {
  if (!p->strace) return;
  if (p->forked) fprintf(stderr, "[pid %d] ", p->pid);
  fprintf(stderr, "+++ exited with %d +++\n", code);
}

_Noreturn void sx_thread_exit_group(SxProc *p, int code) {
  trace_exit(p, code);
  sx_guest_exiting(p);
  sx_limits_exit();
  fflush(stdout);
  fflush(stderr);
  host_exit(code & 0xff);
}

/* Robust futexes a dying thread still holds get FUTEX_OWNER_DIED and a waiter woken, as the
 * kernel's exit_robust_list does, the list's pending entry (list_op_pending: a lock or unlock
 * the thread was in the middle of) included. The list is walked with a bound so a cyclic
 * list ends. Bit 0 of an entry marks a PI futex, whose waiters the kernel does not wake here. */
#define FUTEX_TID_MASK 0x3fffffffu
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_WAITERS 0x80000000u
static int owner_died(SxThread *t, uint64_t entry, int64_t offset, int pending) {
  uint64_t word = (entry & ~1ull) + (uint64_t)offset;
  int pi = entry & 1;
  uint32_t *h = (word & 3) ? NULL : sx_mem_ptr(t->proc->mem, word, 4, SX_PROT_READ | SX_PROT_WRITE);
  if (!h) return -1;
  uint32_t v = __atomic_load_n(h, __ATOMIC_SEQ_CST);
  /* A pending unlock that already released the word: its waiter may never have been woken. */
  if (pending && !pi && v == 0) {
    host_futex(h, FUTEX_WAKE_LINUX, 1, NULL, NULL, 0);
    return 0;
  }
  while ((v & FUTEX_TID_MASK) == (uint32_t)t->tid) {
    uint32_t nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (__atomic_compare_exchange_n(h, &v, nv, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      if (!pi && (v & FUTEX_WAITERS)) host_futex(h, FUTEX_WAKE_LINUX, 1, NULL, NULL, 0);
      break;
    }
  }
  return 0;
}

static void robust_cleanup(SxThread *t) {
  SxProc *p = t->proc;
  struct { uint64_t next; int64_t offset; uint64_t pending; } head;
  if (!t->robust_list || sx_get(p, t->robust_list, &head, sizeof head) < 0) return;
  uint64_t entry = head.next;
  for (int n = 0; entry != t->robust_list && n < 2048; n++) {
    uint64_t next;
    if (sx_get(p, entry & ~1ull, &next, 8) < 0) break;
    if (entry != head.pending && owner_died(t, entry, head.offset, 0) < 0) break;
    entry = next;
  }
  if (head.pending) owner_died(t, head.pending, head.offset, 1);
}

/* The thread is done (exit, or ended by execve): wakes its joiner, leaves the list. Holds
 * the run lock. Returns 1 if it was the last thread. */
static int finish(SxThread *t) {
  SxProc *p = t->proc;
  if (!p->ending_others) {
    robust_cleanup(t);
    if (t->clear_child_tid) {
      uint32_t zero = 0;
      if (sx_put(p, t->clear_child_tid, &zero, 4) == 0) {
        uint32_t *h = sx_mem_ptr(p->mem, t->clear_child_tid, 4, SX_PROT_READ);
        if (h) host_futex(h, FUTEX_WAKE_LINUX, 1, NULL, NULL, 0);
      }
    }
  }
  for (SxThread **pp = &p->threads; *pp; pp = &(*pp)->next)
    if (*pp == t) {
      *pp = t->next;
      break;
    }
  p->nthreads--;
  if (p->nthreads > 0) sx_limits_thread_gone();
  if (t->tid != p->pid) sx_pidns_release(t->tid);
  pthread_mutex_lock(&p->run.mu);
  if (p->nthreads == 0) {
    p->exited = 1;
    p->exit_code = t->exit_code;
  }
  pthread_cond_broadcast(&p->all_gone);
  pthread_mutex_unlock(&p->run.mu);
  return p->nthreads == 0;
}

int sx_thread_run_main(SxThread *t) {
  SxProc *p = t->proc;
  run(t);
  if (!p->exited && t->exited) {
    /* The main thread left with exit(2): the process lives while other threads do. */
    int last = finish(t);
    run_release(p);
    /* Host signals may still land on this host thread: every 50 ms the threads that can
     * take one are told (a thread running guest code checks only when kicked). */
    while (!last) {
      pthread_mutex_lock(&p->run.mu);
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 50000000L;
      if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
      if (!p->exited) pthread_cond_timedwait(&p->all_gone, &p->run.mu, &ts);
      last = p->exited;
      pthread_mutex_unlock(&p->run.mu);
      if (!last && __atomic_load_n(&p->sig.host_pending, __ATOMIC_SEQ_CST)) {
        run_acquire(p, t);
        sx_thread_kick_all(p, 0);
        run_release(p);
      }
    }
  }
  trace_exit(p, p->exit_code);
  sx_guest_exiting(p);
  sx_limits_exit();
  return p->exit_code;
}

/* The creator and a new thread meet twice: the thread reports its tid (ready), then waits
 * until it is in the thread list and the tid words are written (go). */
typedef struct {
  SxThread *t;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int ready, go;
} Start;

static void *entry(void *arg) {
  Start *s = arg;
  SxThread *t = s->t;
  SxProc *p = t->proc;
  self = t;
  host_thread_self(&t->host);
  pthread_mutex_lock(&s->mu);
  t->tid = (int)host_gettid();
  s->ready = 1;
  pthread_cond_signal(&s->cv);
  while (!s->go) pthread_cond_wait(&s->cv, &s->mu);
  pthread_mutex_unlock(&s->mu);
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
  free(s);
  run(t);
  host_thread_mute();
  if (p->exited) sx_thread_exit_group(p, p->exit_code);
  int last = finish(t);
  if (last) sx_thread_exit_group(p, p->exit_code);
  /* A host signal that landed here before the mute is someone else's to take now. */
  if (__atomic_load_n(&p->sig.host_pending, __ATOMIC_SEQ_CST)) sx_thread_kick_all(p, 0);
  run_release(p);
  sx_cpu_destroy(&t->cpu);
  free(t);
  host_thread_exit();
}

long sx_thread_clone(SxThread *t, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                     uint64_t tls) {
  SxProc *p = t->proc;
  long room = sx_limits_thread_add();
  if (room < 0) return room;
  SxThread *n = calloc(1, sizeof *n);
  if (!n) {
    sx_limits_thread_gone();
    return -ENOMEM_LINUX;
  }
  n->proc = p;
  sx_cpu_clone(&n->cpu, &t->cpu, p->mem);
  n->cpu.r[SX_RAX] = 0;
  n->cpu.fuel = sx_limits_fuel_start();
  if (newsp) n->cpu.r[SX_RSP] = newsp;
  if (flags & 0x80000u /* CLONE_SETTLS */) n->cpu.fs_base = tls;
  n->sig.mask = t->sig.mask;
  n->sig.altstack.ss_flags = SS_DISABLE_LINUX; /* a new thread starts without one */
  if (flags & 0x200000u /* CLONE_CHILD_CLEARTID */) n->clear_child_tid = ctid;
  Start *s = calloc(1, sizeof *s);
  int vtid = s ? sx_pidns_reserve(p->pid) : 0;   /* nacre guest: a tid of its namespace */
  if (!s || vtid < 0) {
    free(s);
    sx_cpu_destroy(&n->cpu);
    free(n);
    sx_limits_thread_gone();
    return -EAGAIN_LINUX;
  }
  s->t = n;
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  long r = host_thread_create(&n->host, entry, s);
  if (r < 0) {
    sx_pidns_release(vtid);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
    sx_cpu_destroy(&n->cpu);
    free(n);
    sx_limits_thread_gone();
    return r == -ENOMEM_LINUX ? -EAGAIN_LINUX : r;
  }
  pthread_mutex_lock(&s->mu);
  while (!s->ready) pthread_cond_wait(&s->cv, &s->mu);
  if (vtid) {
    sx_pidns_bind(vtid, n->tid);
    n->tid = vtid;
  }
  n->next = p->threads;
  p->threads = n;
  p->nthreads++;
  int32_t tid = n->tid;
  if (flags & 0x1000000u /* CLONE_CHILD_SETTID */) sx_put(p, ctid, &tid, 4);
  if (flags & 0x100000u /* CLONE_PARENT_SETTID */) sx_put(p, ptid, &tid, 4);
  s->go = 1; /* s belongs to the new thread from here on */
  pthread_cond_signal(&s->cv);
  pthread_mutex_unlock(&s->mu);
  return tid;
}

void sx_thread_after_fork(SxProc *p, SxThread *t) {
  /* The other host threads do not exist in the child; their records are dropped (not
   * freed: another thread may have been using the allocator at the fork). */
  pthread_mutex_init(&p->run.mu, NULL);
  pthread_cond_init(&p->run.cv, NULL);
  pthread_cond_init(&p->all_gone, NULL);
  pthread_mutex_init(&p->sig_lock, NULL);
  p->run.next = 1;
  p->run.serving = 0;
  p->run.holder = t;
  p->threads = t;
  t->next = NULL;
  p->nthreads = 1;
  host_thread_self(&t->host);
}

void sx_thread_end_others(SxProc *p, SxThread *t) {
  if (p->nthreads == 1) return;
  p->ending_others = t;
  sx_thread_kick_all(p, 0);
  pthread_mutex_lock(&p->run.mu);
  while (p->nthreads > 1) {
    pthread_mutex_unlock(&p->run.mu);
    run_release(p);
    run_acquire(p, t);
    pthread_mutex_lock(&p->run.mu);
    for (SxThread *o = p->threads; o; o = o->next)
      if (o != t) sx_thread_kick(o);
  }
  pthread_mutex_unlock(&p->run.mu);
  p->ending_others = NULL;
  p->main_thread = t;
}
