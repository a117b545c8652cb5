/* System V message queues and semaphores for the shim, with Linux's flags, commands and
 * struct layouts translated field by field to the host's. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <time.h>

#include "syscall-shim/host/host.h"

#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

static int ipc_flags(int l) {
  int h = l & 0777;
  if (l & IPC_CREAT_LINUX) h |= IPC_CREAT;
  if (l & IPC_EXCL_LINUX) h |= IPC_EXCL;
  if (l & IPC_NOWAIT_LINUX) h |= IPC_NOWAIT;
  if (l & MSG_NOERROR_LINUX) h |= MSG_NOERROR;
#ifdef MSG_EXCEPT
  if (l & MSG_EXCEPT_LINUX) h |= MSG_EXCEPT;
#endif
  return h;
}

static void perm_linux(const struct ipc_perm *h, IpcPermLinux *l) {
  memset(l, 0, sizeof *l);
#if defined(__linux__)
  l->key = (int32_t)h->__key;
  l->seq = (uint16_t)h->__seq;
#endif
  l->uid = h->uid;
  l->gid = h->gid;
  l->cuid = h->cuid;
  l->cgid = h->cgid;
  l->mode = h->mode & 0777;
}

long host_msgget(int32_t key, int lflags) { RET(msgget((key_t)key, ipc_flags(lflags))); }

long host_msgsnd(int id, int64_t type, const void *text, size_t n, int lflags) {
  struct { long mtype; char mtext[]; } *m = malloc(sizeof(long) + n + 1);
  if (!m) return -ENOMEM_LINUX;
  m->mtype = (long)type;
  memcpy(m->mtext, text, n);
  long r = msgsnd(id, m, n, ipc_flags(lflags) & ~0777);
  long e = r < 0 ? host_err() : 0;
  free(m);
  return e;
}

long host_msgrcv(int id, int64_t *type, void *text, size_t n, int64_t want, int lflags) {
  struct { long mtype; char mtext[]; } *m = malloc(sizeof(long) + n + 1);
  if (!m) return -ENOMEM_LINUX;
  ssize_t r = msgrcv(id, m, n, (long)want, ipc_flags(lflags) & ~0777);
  long e = r < 0 ? host_err() : (long)r;
  if (r >= 0) {
    *type = m->mtype;
    memcpy(text, m->mtext, (size_t)r);
  }
  free(m);
  return e;
}

long host_msgctl(int id, int lcmd, MsqidDsLinux *ds) {
  struct msqid_ds h;
  memset(&h, 0, sizeof h);
  switch (lcmd) {
  case IPC_RMID_LINUX: RET(msgctl(id, IPC_RMID, NULL));
  case IPC_SET_LINUX:
    if (msgctl(id, IPC_STAT, &h) < 0) return host_err();
    h.msg_perm.uid = ds->perm.uid;
    h.msg_perm.gid = ds->perm.gid;
    h.msg_perm.mode = (h.msg_perm.mode & ~0777u) | (ds->perm.mode & 0777u);
    h.msg_qbytes = (msglen_t)ds->qbytes;
    RET(msgctl(id, IPC_SET, &h));
  case IPC_STAT_LINUX:
    if (msgctl(id, IPC_STAT, &h) < 0) return host_err();
    memset(ds, 0, sizeof *ds);
    perm_linux(&h.msg_perm, &ds->perm);
    ds->stime = h.msg_stime;
    ds->rtime = h.msg_rtime;
    ds->ctime = h.msg_ctime;
#if defined(__linux__)
    ds->cbytes = h.__msg_cbytes;
#endif
    ds->qnum = h.msg_qnum;
    ds->qbytes = h.msg_qbytes;
    ds->lspid = h.msg_lspid;
    ds->lrpid = h.msg_lrpid;
    return 0;
  default: return -EINVAL_LINUX;
  }
}

long host_semget(int32_t key, int nsems, int lflags) { RET(semget((key_t)key, nsems, ipc_flags(lflags))); }

long host_semop(int id, const SembufLinux *ops, size_t n, const TimespecLinux *timeout) {
  struct sembuf *h = calloc(n ? n : 1, sizeof *h);
  if (!h) return -ENOMEM_LINUX;
  for (size_t i = 0; i < n; i++) {
    h[i].sem_num = ops[i].num;
    h[i].sem_op = ops[i].op;
    h[i].sem_flg = (short)(((ops[i].flg & IPC_NOWAIT_LINUX) ? IPC_NOWAIT : 0) |
                           ((ops[i].flg & SEM_UNDO_LINUX) ? SEM_UNDO : 0));
  }
  long r;
#if defined(__linux__)
  struct timespec ts;
  if (timeout) {
    ts.tv_sec = (time_t)timeout->tv_sec;
    ts.tv_nsec = (long)timeout->tv_nsec;
  }
  r = semtimedop(id, h, n, timeout ? &ts : NULL);
#else
  r = timeout ? (errno = ENOSYS, -1) : semop(id, h, n);
#endif
  long e = r < 0 ? host_err() : 0;
  free(h);
  return e;
}

union semun_host { int val; struct semid_ds *buf; unsigned short *array; };

long host_semctl(int id, int num, int lcmd, int val, uint16_t *vals, SemidDsLinux *ds) {
  struct semid_ds h;
  union semun_host u;
  memset(&h, 0, sizeof h);
  switch (lcmd) {
  case IPC_RMID_LINUX: RET(semctl(id, 0, IPC_RMID));
  case 12: RET(semctl(id, num, GETVAL));
  case 11: RET(semctl(id, num, GETPID));
  case 14: RET(semctl(id, num, GETNCNT));
  case 15: RET(semctl(id, num, GETZCNT));
  case 16:
    u.val = val;
    RET(semctl(id, num, SETVAL, u));
  case 13: case 17: {   /* GETALL, SETALL */
    u.buf = &h;
    if (semctl(id, 0, IPC_STAT, u) < 0) return host_err();
    size_t n = h.sem_nsems;
    unsigned short *arr = calloc(n ? n : 1, sizeof *arr);
    if (!arr) return -ENOMEM_LINUX;
    u.array = arr;
    long r;
    if (lcmd == 17) {
      for (size_t i = 0; i < n; i++) arr[i] = vals[i];
      r = semctl(id, 0, SETALL, u);
    } else {
      r = semctl(id, 0, GETALL, u);
      for (size_t i = 0; r >= 0 && i < n; i++) vals[i] = arr[i];
    }
    free(arr);
    return r < 0 ? host_err() : 0;
  }
  case IPC_SET_LINUX:
    u.buf = &h;
    if (semctl(id, 0, IPC_STAT, u) < 0) return host_err();
    h.sem_perm.uid = ds->perm.uid;
    h.sem_perm.gid = ds->perm.gid;
    h.sem_perm.mode = (h.sem_perm.mode & ~0777u) | (ds->perm.mode & 0777u);
    RET(semctl(id, 0, IPC_SET, u));
  case IPC_STAT_LINUX:
    u.buf = &h;
    if (semctl(id, 0, IPC_STAT, u) < 0) return host_err();
    memset(ds, 0, sizeof *ds);
    perm_linux(&h.sem_perm, &ds->perm);
    ds->otime = h.sem_otime;
    ds->ctime = h.sem_ctime;
    ds->nsems = h.sem_nsems;
    return 0;
  default: return -EINVAL_LINUX;
  }
}
