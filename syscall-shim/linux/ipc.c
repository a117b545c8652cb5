/* System V IPC: message queues and semaphores on the host's (so guest and native processes
 * share them, as they share a kernel). Shared memory segments (shmget...) need guest memory
 * mapped from host shared memory, which the memory layer does not offer yet. */
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/linux/sys.h"

/* Larger than Linux's default MSGMAX (8 KiB); bigger sizes fail as the host would. */
#define MSG_MAX_COPY (1u << 20)
/* Linux's SEMOPM: operations in one semop. */
#define SEMOPM 500
/* IPC_64, which some ABIs add to commands; on x86-64 it is accepted and ignored. */
#define IPC_64 0x100

long sx_sys_msgget(SxProc *p, const uint64_t *a) { (void)p; return host_msgget(ARG_INT(0), ARG_INT(1)); }

long sx_sys_msgsnd(SxProc *p, const uint64_t *a) {
  uint64_t n = a[2];
  if ((int64_t)n < 0 || n > MSG_MAX_COPY) return -EINVAL_LINUX;
  int64_t type;
  if (sx_get(p, a[1], &type, 8) < 0) return -EFAULT_LINUX;
  if (type < 1) return -EINVAL_LINUX;
  char *text = malloc(n ? n : 1);
  if (!text) return -ENOMEM_LINUX;
  long r = n && sx_get(p, a[1] + 8, text, n) < 0 ? -EFAULT_LINUX
                                                : host_msgsnd(ARG_INT(0), type, text, n, ARG_INT(3));
  free(text);
  return r;
}

long sx_sys_msgrcv(SxProc *p, const uint64_t *a) {
  uint64_t n = a[2];
  if ((int64_t)n < 0) return -EINVAL_LINUX;
  if (n > MSG_MAX_COPY) n = MSG_MAX_COPY;
  char *text = malloc(n ? n : 1);
  if (!text) return -ENOMEM_LINUX;
  int64_t type = 0;
  long r = host_msgrcv(ARG_INT(0), &type, text, n, (int64_t)a[3], ARG_INT(4));
  if (r >= 0 && (sx_put(p, a[1], &type, 8) < 0 || (r && sx_put(p, a[1] + 8, text, (uint64_t)r) < 0)))
    r = -EFAULT_LINUX;
  free(text);
  return r;
}

long sx_sys_msgctl(SxProc *p, const uint64_t *a) {
  int cmd = ARG_INT(1) & ~IPC_64;
  MsqidDsLinux ds;
  if (cmd == IPC_SET_LINUX && sx_get(p, a[2], &ds, sizeof ds) < 0) return -EFAULT_LINUX;
  long r = host_msgctl(ARG_INT(0), cmd, &ds);
  if (r == 0 && cmd == IPC_STAT_LINUX && sx_put(p, a[2], &ds, sizeof ds) < 0) return -EFAULT_LINUX;
  return r;
}

long sx_sys_semget(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_semget(ARG_INT(0), ARG_INT(1), ARG_INT(2));
}

static long semop_common(SxProc *p, const uint64_t *a, uint64_t utimeout) {
  uint64_t n = a[2];
  if (n == 0 || n > SEMOPM) return n ? -E2BIG_LINUX : -EINVAL_LINUX;
  SembufLinux ops[SEMOPM];
  if (sx_get(p, a[1], ops, n * sizeof ops[0]) < 0) return -EFAULT_LINUX;
  TimespecLinux ts;
  if (utimeout) {
    if (sx_get(p, utimeout, &ts, sizeof ts) < 0) return -EFAULT_LINUX;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -EINVAL_LINUX;
  }
  return host_semop(ARG_INT(0), ops, n, utimeout ? &ts : NULL);
}

long sx_sys_semop(SxProc *p, const uint64_t *a) { return semop_common(p, a, 0); }
long sx_sys_semtimedop(SxProc *p, const uint64_t *a) { return semop_common(p, a, a[3]); }

/* semctl(id, num, cmd, arg): arg is union semun, passed by value (a value or a pointer). */
long sx_sys_semctl(SxProc *p, const uint64_t *a) {
  int id = ARG_INT(0), num = ARG_INT(1), cmd = ARG_INT(2) & ~IPC_64;
  SemidDsLinux ds;
  switch (cmd) {
  case IPC_STAT_LINUX: case IPC_SET_LINUX: {
    if (cmd == IPC_SET_LINUX && sx_get(p, a[3], &ds, sizeof ds) < 0) return -EFAULT_LINUX;
    long r = host_semctl(id, num, cmd, 0, NULL, &ds);
    if (r == 0 && cmd == IPC_STAT_LINUX && sx_put(p, a[3], &ds, sizeof ds) < 0) return -EFAULT_LINUX;
    return r;
  }
  case 13: case 17: {   /* GETALL, SETALL: the set's size comes from IPC_STAT */
    long r = host_semctl(id, 0, IPC_STAT_LINUX, 0, NULL, &ds);
    if (r < 0) return r;
    uint64_t n = ds.nsems;
    uint16_t *vals = calloc(n ? n : 1, sizeof *vals);
    if (!vals) return -ENOMEM_LINUX;
    if (cmd == 17 && n && sx_get(p, a[3], vals, n * 2) < 0) r = -EFAULT_LINUX;
    if (r == 0) r = host_semctl(id, 0, cmd, 0, vals, NULL);
    if (r == 0 && cmd == 13 && n && sx_put(p, a[3], vals, n * 2) < 0) r = -EFAULT_LINUX;
    free(vals);
    return r;
  }
  default:   /* RMID, GETVAL, GETPID, GETNCNT, GETZCNT, SETVAL; others EINVAL */
    return host_semctl(id, num, cmd, (int)(int32_t)a[3], NULL, NULL);
  }
}
