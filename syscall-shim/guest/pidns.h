/* The state a full-system guest (`nacre guest`) shares across its processes: its pid
 * namespace (guest pids and tids <-> host pids and tids), its host name. Each guest process is
 * a host process, so this lives in one MAP_SHARED region made before the first guest process;
 * every later one inherits it through fork. docs/guest.md describes the design. */
#ifndef SX_PIDNS_H
#define SX_PIDNS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* A mutex in shared memory that any guest process may take: process-shared and robust, so
 * one killed while holding it (SIGKILL, a limit breach) does not wedge the others. */
void sx_shared_mutex_init(pthread_mutex_t *mu);
void sx_shared_lock(pthread_mutex_t *mu);

/* Pids and tids live at the same time in one guest (a Linux pid namespace has no such limit;
 * this one is a fixed table so it can be shared without an allocator). */
#define SX_PIDNS_SLOTS 4096
#define SX_PIDNS_CMDLINE 256

/* What the namespace knows of one guest process (for another process's /proc/<pid>). */
typedef struct {
  int pid, host;
  char comm[16];
  char cmdline[SX_PIDNS_CMDLINE];   /* the start of argv (all of it: syscall-shim/guest/peer.c) */
  size_t cmdlen;
  uint64_t state;                   /* host address of its SxProc, in its own host process */
} SxPidInfo;

/* Creates the shared region; the caller becomes PID 1 (and its first thread tid 1). Returns
 * 0 or a negative errno. Without it every function below is the identity on host ids. */
long sx_pidns_create(const char *hostname);
int sx_pidns_on(void);
/* Host pid of PID 1 (0 when off). */
int sx_pidns_init_host(void);

/* Reserves a guest pid for a process about to be forked, or a tid for a new thread of
 * process tgid (tgid 0: a process). Returns it, 0 when off, or -EAGAIN when full. */
int sx_pidns_reserve(int tgid);
/* Records the host id behind a reserved guest id (both parent and child may call it). */
void sx_pidns_bind(int id, int host);
/* Frees a guest id: a thread ended, a fork failed, or a process was reaped. A reaped
 * process's id still translates back to its host pid (a group or session it led may outlive
 * it) until the slot is reused. */
void sx_pidns_release(int id);
/* Host -> guest (0 when the host id is outside the guest) and guest -> host (0 when no such
 * guest id). Identity when off. */
int sx_pidns_guest(int host);
int sx_pidns_host(int id);
/* The calling process's name, argv (after execve) and the host address of its SxProc, for
 * other processes' /proc. */
void sx_pidns_set_cmd(int pid, const char *comm, const char *cmdline, size_t len,
                      uint64_t state);
/* Guest pids of live processes (threads not included), ascending; returns the count. */
int sx_pidns_list(int *pids, int max);
int sx_pidns_info(int pid, SxPidInfo *out);
/* Sends sig to every process of the guest but the caller (PID 1 ending ends them all). */
void sx_pidns_kill_others(int sig);

/* Credentials crossing to the host and back (SCM_CREDENTIALS, SO_PEERCRED, a signal's
 * sender): guest pid -> host pid (-ESRCH when there is no such guest pid), uid and gid 0 ->
 * nacre's host ones; and the reverse (a pid outside the guest becomes 0). Identity when off. */
int sx_pidns_cred_out(int32_t *pid, uint32_t *uid, uint32_t *gid);
void sx_pidns_cred_in(int32_t *pid, uint32_t *uid, uint32_t *gid);

/* PID 1 publishes the signals it catches; as a namespace's init, it gets from inside the
 * guest only those (never SIGKILL or SIGSTOP). */
void sx_pidns_set_init_caught(uint64_t mask);
int sx_pidns_init_takes(int sig);

/* The guest's host name (uname nodename, sethostname). */
void sx_pidns_hostname(char *buf, size_t n);
long sx_pidns_set_hostname(const char *name, size_t len);

#endif
