/* A guest process (address space, file descriptors, root and cwd, dispositions) and its
 * threads (CPU state, signal mask, tid). Every syscall handler receives the process; the
 * calling thread is sx_self(). */
#ifndef SX_PROC_H
#define SX_PROC_H

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
} SxFd;

/* Signal state every thread of a process shares: dispositions, and signals sent to the
 * process as a whole (kill) that wait for a thread which does not block them. */
typedef struct {
  SigactionLinux act[NSIG_LINUX + 1];
  uint64_t pending;                 /* bit (signo-1); process-directed */
  SiginfoLinux info[NSIG_LINUX + 1];
  volatile uint64_t host_pending;   /* set from host signal handlers */
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

typedef struct SxProc SxProc;

/* A guest thread: what Linux keeps per task inside a thread group. */
typedef struct SxThread {
  SxCpu cpu;
  SxProc *proc;
  int tid;
  uint64_t clear_child_tid;  /* set_tid_address / CLONE_CHILD_CLEARTID */
  uint64_t robust_list;      /* set_robust_list head (guest address), 0 for none */
  int no_result;             /* the handler set the registers itself (rt_sigreturn, execve) */
  SxThreadSignals sig;
} SxThread;

/* A guest process: address space, descriptors, root and cwd, dispositions, identity. */
struct SxProc {
  SxMem *mem;
  SxFd fds[SX_MAX_FDS];
  char root[SX_PATH_MAX];   /* host directory that is the guest's "/", "" for the host root */
  char cwd[SX_PATH_MAX];    /* canonical guest path of the cwd */
  char exe_guest[SX_PATH_MAX];
  uint64_t brk_start, brk, brk_mapped;
  int strace;
  int exited, exit_code;
  int pid;
  uint32_t umask;
  int guest_parent;         /* pid of the guest that forked this one (0 for the first) */
  int forked;               /* a fork happened: --strace lines carry "[pid N] " as strace -f */
  int children[64];         /* pids forked and not yet reaped: the only processes it may signal */
  int nchildren;
  SxSignals sig;
  SxThread *main_thread;
};

SxProc *sx_current(void);
/* The guest thread the calling host thread runs. */
SxThread *sx_self(void);
/* The live thread of p with this tid, or NULL. */
SxThread *sx_thread_find(SxProc *p, int tid);

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
/* The lowest such signal, 0 for none. */
int sx_signal_next(SxThread *t);

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
