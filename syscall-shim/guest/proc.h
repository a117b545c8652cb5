/* A guest process (address space, file descriptors, root and cwd, dispositions) and its
 * threads (CPU state, signal mask, tid). Every syscall handler receives the process; the
 * calling thread is sx_self(). */
#ifndef SX_PROC_H
#define SX_PROC_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>

#include "syscall-shim/cpu/cpu.h"
#include "syscall-shim/host/host.h"
#include "syscall-shim/linux/abi.h"

#define SX_MAX_FDS 1024
#define SX_PATH_MAX 4096

/* One guest file descriptor. Each one owns its own host fd (a dup shares the host's open file
 * description, so offsets stay shared as on Linux). */
typedef struct {
  int used;
  int host_fd;
  int cloexec;
  char *path;       /* guest path it was opened by, for /proc/self/fd and *at() relative walks */
  int walkable;     /* path names the file in the guest tree (not "pipe:[...]", inherited stdio) */
  HostDir *dir;     /* lazily opened for getdents64 */
  uint64_t dir_pos; /* entries already returned */
  HostDirent pending; /* an entry read but not yet returned (buffer was full) */
  int has_pending;
  int proc_dir;     /* a /proc directory: host_fd holds its listing (sx_vfs_proc_opendir) */
  int out_meter;    /* --max-output: 0 not yet known, 1 the guest's stdout/stderr, 2 not */
  int signalfd;     /* a signalfd: host_fd is an eventfd readable while a signal of
                       signalfd_mask is pending (syscall-shim/linux/sigwait.c) */
  uint64_t signalfd_mask;
} SxFd;

/* Signal state every thread of a process shares: dispositions, and signals sent to the
 * process as a whole (kill) that wait for a thread which does not block them. */
typedef struct {
  SigactionLinux act[NSIG_LINUX + 1];
  uint64_t pending;                 /* bit (signo-1); process-directed */
  SiginfoLinux info[NSIG_LINUX + 1];
  volatile uint64_t host_pending;   /* set from host signal handlers */
  uint64_t host_caught;             /* caught on the host (sx_signal_sync_host, _catch_host) */
} SxSignals;

/* Signal state of one thread: its mask, signals directed at it (tgkill, faults, SIGPIPE),
 * its alternate stack. */
typedef struct {
  uint64_t mask;                    /* bit (signo-1) */
  uint64_t pending;
  SiginfoLinux info[NSIG_LINUX + 1];
  StackLinux altstack;
  uint64_t saved_mask;              /* rt_sigsuspend: the mask to restore after delivery */
  int restore_mask;
} SxThreadSignals;

/* A full-system guest's credentials, all virtual (the host sees nacre's own user): real,
 * effective, saved and file-system ids, and supplementary groups. Linux's rules decide
 * changes, with euid 0 standing for CAP_SETUID/CAP_SETGID (syscall-shim/linux/ids.c). */
#define SX_MAX_GROUPS 64
typedef struct {
  uint32_t uid[4], gid[4];  /* [0] real, [1] effective, [2] saved, [3] fs */
  int ngroups;
  uint32_t groups[SX_MAX_GROUPS];
} SxCreds;

typedef struct SxProc SxProc;

/* A guest thread: what Linux keeps per task inside a thread group. Each runs on its own
 * host thread (syscall-shim/guest/thread.c). */
typedef struct SxThread {
  SxCpu cpu;
  SxProc *proc;
  int tid;
  uint64_t clear_child_tid;  /* set_tid_address / CLONE_CHILD_CLEARTID */
  uint64_t robust_list;      /* set_robust_list head (guest address), 0 for none */
  uint64_t robust_len;
  int no_result;             /* the handler set the registers itself (rt_sigreturn, execve) */
  int exited, exit_code;     /* exit(2) of this thread alone */
  int blocking;              /* inside a host call without the run lock */
  SxThreadSignals sig;
  HostThread host;
  struct SxThread *next;     /* the process's thread list */
} SxThread;

/* The run lock: one guest thread executes guest code or shim code at a time (a fair ticket
 * lock); blocking system calls run without it. See syscall-shim/guest/thread.c. */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  uint64_t next, serving;    /* tickets */
  SxThread *holder;
} SxRunLock;

/* A guest process: address space, descriptors, root and cwd, dispositions, identity. */
struct SxProc {
  SxMem *mem;
  SxFd fds[SX_MAX_FDS];
  char root[SX_PATH_MAX];   /* host directory that is the guest's "/", "" for the host root */
  char cwd[SX_PATH_MAX];    /* canonical guest path of the cwd */
  char exe_guest[SX_PATH_MAX];
  uint64_t exe_dev, exe_ino;  /* the host file of exe_guest (sx_limits_set_exe) */
  uint64_t brk_start, brk, brk_mapped;
  int strace;
  int exited, exit_code;
  int pid;
  uint32_t umask;
  int guest_parent;         /* pid of the guest that forked this one (0 for the first) */
  int forked;               /* a fork happened: --strace lines carry "[pid N] " as strace -f */
  int *children;            /* pids forked and not yet reaped: the only processes it may signal */
  int nchildren, children_cap;
  SxSignals sig;
  /* The initial stack's strings and auxv (/proc/self/cmdline, environ, auxv), and the name
   * prctl(PR_SET_NAME) and /proc/self/comm use (the program's base name at execve). */
  uint64_t arg_start, arg_end, env_start, env_end, auxv_start, auxv_end;
  char comm[16];
  uint32_t personality;     /* personality(2): kept across execve, as Linux does */
  /* The limits the shim keeps itself rather than the host (setrlimit): the stack (the loader
   * maps 8 MiB), descriptors (the table holds SX_MAX_FDS), the address space and data size
   * (the host's would apply to nacre's reservation). Filled when first used. */
  RlimitLinux vlimit[4];
  int vlimit_set;
  pthread_mutex_t sig_lock;  /* pending sets and infos, raised from any thread */
  SxThread *main_thread;     /* the thread nacre started with (its host thread is main()'s) */
  SxThread *threads;         /* live threads */
  int nthreads;
  SxRunLock run;
  pthread_cond_t all_gone;   /* the main host thread waits here after its guest thread exits */
  SxThread *ending_others;   /* execve: every thread but this one ends */
  SxCreds cred;              /* nacre guest only (sx_pidns_on()); else the host's are used */
  int signalfds;             /* a signalfd was ever made: raising a signal notifies them */
};

SxProc *sx_current(void);
/* The guest thread the calling host thread runs. */
SxThread *sx_self(void);
/* The live thread of p with this tid, or NULL. */
SxThread *sx_thread_find(SxProc *p, int tid);

/* syscall-shim/guest/thread.c */
/* Sets up the thread machinery for p with t as its first thread (run by the caller). */
void sx_thread_init(SxProc *p, SxThread *t);
/* Runs the calling host thread's guest thread until it or the process ends; returns the
 * process's exit status (only returns on the main host thread). */
int sx_thread_run_main(SxThread *t);
/* clone() of a thread: a new guest thread on a new host thread, starting with a copy of t's
 * registers (rax 0, rsp newsp when nonzero). Returns its tid or a negative errno. */
long sx_thread_clone(SxThread *t, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                     uint64_t tls);
/* Around host calls that may block: lets other guest threads run meanwhile. */
void sx_thread_block(SxThread *t);
void sx_thread_unblock(SxThread *t);
/* Makes t notice a pending signal soon, even inside a blocking host call. */
void sx_thread_kick(SxThread *t);
/* Kicks every thread that does not block sig (process-directed signals). */
void sx_thread_kick_all(SxProc *p, int sig);
/* After fork in the child: only the calling thread survives. */
void sx_thread_after_fork(SxProc *p, SxThread *t);
/* Ends every thread but t (execve); returns when they are gone. */
void sx_thread_end_others(SxProc *p, SxThread *t);
/* exit_group from any thread: ends the process with this status now. */
_Noreturn void sx_thread_exit_group(SxProc *p, int code);

/* syscall-shim/guest/system.c: the process is about to end (exit or fatal signal); PID 1 of
 * a full-system guest takes the whole guest with it. */
void sx_guest_exiting(SxProc *p);
/* Publishes p's name and argv to the other processes of a full-system guest (their /proc). */
void sx_guest_note_cmd(SxProc *p);
/* The parent pid the guest sees: the host's under nacre linux, translated in nacre guest
 * (0 for PID 1, whose parent is outside the guest). */
int sx_guest_ppid(SxProc *p);
/* PID 1 of a full-system guest publishes which signals it catches (after sigaction, execve). */
void sx_guest_note_handlers(SxProc *p);

/* syscall-shim/linux/syscall.c */
void sx_syscall(SxThread *t);
const char *sx_syscall_name(int nr);

/* syscall-shim/guest/signal.c */
void sx_signal_init(SxProc *p);
/* Queues a process-directed signal (kill, or the shim itself); info may be NULL. */
void sx_signal_raise(SxProc *p, int sig, const SiginfoLinux *info);
/* Queues a signal for one thread (tgkill, tkill). */
void sx_signal_raise_thread(SxThread *t, int sig, const SiginfoLinux *info);
/* A synchronous fault at the current instruction; delivers at once or kills the process. */
void sx_signal_fault(SxThread *t, int sig, int code, uint64_t addr);
/* Delivers pending, unblocked signals by building frames; may end the process. */
void sx_signal_deliver(SxThread *t);
long sx_signal_sigreturn(SxThread *t);
/* Applies the host side of a guest disposition change (catch/ignore/default). */
void sx_signal_sync_host(SxProc *p, int sig);
/* Is a signal pending that thread t does not block? */
int sx_signal_has_pending(SxThread *t);
/* Is one of those pending whose action does something (a handler, or a default action that
 * ends the process)? Only those end a wait early, as on Linux. */
int sx_signal_actionable(SxThread *t);
/* Takes the pending stop signals (SIGTSTP, SIGTTIN, SIGTTOU, SIGSTOP) t may take whose action
 * is the default, stopping the process for each; for waits that then go on, as Linux's do. */
void sx_signal_stop_pending(SxThread *t);
/* The lowest such signal, 0 for none. */
int sx_signal_next(SxThread *t);
/* Signals pending for t (its own and the process's), blocked or not. */
uint64_t sx_signal_pending_set(SxThread *t);
/* Drops a pending signal everywhere (its disposition became SIG_IGN). */
void sx_signal_discard(SxProc *p, int sig);
/* Dequeues the lowest pending signal of `set` for t (its own first, then the process's) into
 * *info; 0 when none is pending. */
int sx_signal_take(SxThread *t, uint64_t set, SiginfoLinux *info);
/* Around a wait that takes a signal mask (ppoll, pselect6, epoll_pwait): begin installs *mask
 * (when mask is not NULL) as t's mask for the wait and opens a host wait window
 * (host_wait_begin), so a signal arriving after this check still interrupts the wait; it
 * returns -EINTR when one t may take and act on is pending already. end closes the window and puts the
 * old mask back, unless the wait ends in EINTR: then delivery runs the handler under the
 * wait's mask and restores the old one afterwards, as Linux does. */
long sx_signal_wait_begin(SxThread *t, const uint64_t *mask);
void sx_signal_wait_end(SxThread *t, const uint64_t *mask, long ret);
/* Catches on the host the signals of set whose guest disposition is the default, so one sent
 * by another process becomes pending (blocked, for a signalfd or sigwait) instead of acting
 * on nacre itself; the default action still happens if the guest ever takes it unblocked.
 * Those whose default is to ignore them (SIGCHLD...) only with ignored_too: caught, they
 * interrupt host calls, which only a signalfd or sigwait for them is worth. */
void sx_signal_catch_host(SxProc *p, uint64_t set, int ignored_too);
/* Would taking sig do nothing (ignored, or a default action that ignores or stops)? Then a
 * call it interrupted on the host restarts. */
int sx_signal_ignored(SxProc *p, int sig);

/* syscall-shim/linux/sigwait.c */
/* Signals in `bits` became pending: the signalfds waiting for them poll readable. */
void sx_signalfd_notify(SxProc *p, uint64_t bits);
/* read(2) on a signalfd. */
long sx_signalfd_read(SxProc *p, SxFd *f, uint64_t buf, uint64_t len);

/* guest/main.c: guest memory helpers that turn a guest pointer into -EFAULT */
static inline int sx_get(SxProc *p, uint64_t addr, void *dst, uint64_t len) {
  return sx_mem_read(p->mem, addr, dst, len, 0);
}
static inline int sx_put(SxProc *p, uint64_t addr, const void *src, uint64_t len) {
  return sx_mem_write(p->mem, addr, src, len, 0);
}
/* Reads a guest path (NUL-terminated, < SX_PATH_MAX). */
long sx_get_path(SxProc *p, uint64_t addr, char *buf);

#endif
