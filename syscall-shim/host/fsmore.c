/* More host file operations for the shim: flock and fcntl record/OFD locks (real host locks,
 * so guest processes exclude each other as natively), mknod of FIFOs, fallocate, memfd,
 * syncfs, sync_file_range, splice/tee; and the scheduling calls (priority, policy). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "syscall-shim/host/host.h"

#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

long host_flock(int fd, int lop) {
  int op = 0;
  switch (lop & ~LOCK_NB_LINUX) {
  case LOCK_SH_LINUX: op = LOCK_SH; break;
  case LOCK_EX_LINUX: op = LOCK_EX; break;
  case LOCK_UN_LINUX: op = LOCK_UN; break;
  default: return -EINVAL_LINUX;
  }
  if (lop & LOCK_NB_LINUX) op |= LOCK_NB;
  RET(flock(fd, op));
}

long host_fcntl_lock(int fd, int lcmd, FlockLinux *l) {
  int cmd;
  switch (lcmd) {
  case F_GETLK_LINUX: cmd = F_GETLK; break;
  case F_SETLK_LINUX: cmd = F_SETLK; break;
  case F_SETLKW_LINUX: cmd = F_SETLKW; break;
#ifdef F_OFD_GETLK
  case F_OFD_GETLK_LINUX: cmd = F_OFD_GETLK; break;
  case F_OFD_SETLK_LINUX: cmd = F_OFD_SETLK; break;
  case F_OFD_SETLKW_LINUX: cmd = F_OFD_SETLKW; break;
#endif
  default: return -EINVAL_LINUX;
  }
  struct flock h;
  memset(&h, 0, sizeof h);
  switch (l->l_type) {
  case F_RDLCK_LINUX: h.l_type = F_RDLCK; break;
  case F_WRLCK_LINUX: h.l_type = F_WRLCK; break;
  case F_UNLCK_LINUX: h.l_type = F_UNLCK; break;
  default: return -EINVAL_LINUX;
  }
  switch (l->l_whence) {
  case SEEK_SET_LINUX: h.l_whence = SEEK_SET; break;
  case SEEK_CUR_LINUX: h.l_whence = SEEK_CUR; break;
  case SEEK_END_LINUX: h.l_whence = SEEK_END; break;
  default: return -EINVAL_LINUX;
  }
  h.l_start = (off_t)l->l_start;
  h.l_len = (off_t)l->l_len;
  h.l_pid = l->l_pid;
  if (fcntl(fd, cmd, &h) < 0) return host_err();
  l->l_type = h.l_type == F_RDLCK ? F_RDLCK_LINUX : h.l_type == F_WRLCK ? F_WRLCK_LINUX : F_UNLCK_LINUX;
  l->l_whence = h.l_whence == SEEK_CUR ? SEEK_CUR_LINUX : h.l_whence == SEEK_END ? SEEK_END_LINUX : SEEK_SET_LINUX;
  l->l_start = h.l_start;
  l->l_len = h.l_len;
  l->l_pid = h.l_pid;
  return 0;
}

long host_mknodat(int dfd, const char *name, uint32_t mode) {
  mode_t perm = (mode_t)(mode & 07777);
  switch (mode & S_IFMT_LINUX) {
  case 0: case S_IFREG_LINUX: {
    int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, perm);
    if (fd < 0) return host_err();
    close(fd);
    return 0;
  }
  case S_IFIFO_LINUX: RET(mkfifoat(dfd, name, perm));
  case S_IFSOCK_LINUX: RET(mknodat(dfd, name, S_IFSOCK | perm, 0));
  default: return -EPERM_LINUX;   /* device nodes: never created on the host for a guest */
  }
}

long host_fallocate(int fd, int mode, int64_t off, int64_t len) {
#if defined(__linux__)
  RET(fallocate(fd, mode, (off_t)off, (off_t)len));
#else
  if (mode) return -EOPNOTSUPP_LINUX;
  int e = posix_fallocate(fd, (off_t)off, (off_t)len);
  return e ? -host_errno_linux(e) : 0;
#endif
}

long host_memfd(const char *name, int lflags) {
#if defined(__linux__)
  (void)lflags;
  RET(memfd_create(name, MFD_CLOEXEC));
#else
  (void)name; (void)lflags;
  return host_memfile("", 0);
#endif
}

long host_syncfs(int fd) {
#if defined(__linux__)
  RET(syncfs(fd));
#else
  RET(fsync(fd));
#endif
}

long host_sync_file_range(int fd, int64_t off, int64_t len, unsigned flags) {
#if defined(__linux__)
  RET(sync_file_range(fd, (off_t)off, (off_t)len, flags));
#else
  (void)off; (void)len; (void)flags;
  RET(fsync(fd));
#endif
}

long host_splice(int in, int64_t *off_in, int out, int64_t *off_out, size_t len, unsigned flags) {
#if defined(__linux__)
  loff_t a = off_in ? *off_in : 0, b = off_out ? *off_out : 0;
  ssize_t r = splice(in, off_in ? &a : NULL, out, off_out ? &b : NULL, len, flags);
  if (r < 0) return host_err();
  if (off_in) *off_in = a;
  if (off_out) *off_out = b;
  return (long)r;
#else
  (void)in; (void)off_in; (void)out; (void)off_out; (void)len; (void)flags;
  return -EINVAL_LINUX;
#endif
}

long host_tee(int in, int out, size_t len, unsigned flags) {
#if defined(__linux__)
  RET(tee(in, out, len, flags));
#else
  (void)in; (void)out; (void)len; (void)flags;
  return -EINVAL_LINUX;
#endif
}

long host_getpriority(int which, int who) {
  errno = 0;
  int r = getpriority(which == 0 ? PRIO_PROCESS : which == 1 ? PRIO_PGRP : PRIO_USER, (id_t)who);
  if (r == -1 && errno) return host_err();
  return 20 - r;   /* the raw syscall's form: 20 - nice, never negative */
}

long host_setpriority(int which, int who, int prio) {
  RET(setpriority(which == 0 ? PRIO_PROCESS : which == 1 ? PRIO_PGRP : PRIO_USER, (id_t)who, prio));
}

#if defined(__linux__)
long host_sched_getscheduler(int pid) { RET(sched_getscheduler(pid)); }
long host_sched_setscheduler(int pid, int policy, int prio) {
  struct sched_param sp = {.sched_priority = prio};
  RET(sched_setscheduler(pid, policy, &sp));
}
long host_sched_getparam(int pid) {
  struct sched_param sp;
  if (sched_getparam(pid, &sp) < 0) return host_err();
  return sp.sched_priority;
}
long host_sched_priority_bound(int policy, int max) {
  RET(max ? sched_get_priority_max(policy) : sched_get_priority_min(policy));
}
long host_sched_rr_interval(int pid, TimespecLinux *ts) {
  struct timespec h;
  if (sched_rr_get_interval(pid, &h) < 0) return host_err();
  ts->tv_sec = h.tv_sec;
  ts->tv_nsec = h.tv_nsec;
  return 0;
}
#else
long host_sched_getscheduler(int pid) { (void)pid; return 0; }
long host_sched_setscheduler(int pid, int policy, int prio) {
  (void)pid; (void)policy; (void)prio;
  return -EPERM_LINUX;
}
long host_sched_getparam(int pid) { (void)pid; return 0; }
long host_sched_priority_bound(int policy, int max) { return policy == 1 || policy == 2 ? (max ? 99 : 1) : 0; }
long host_sched_rr_interval(int pid, TimespecLinux *ts) {
  (void)pid;
  ts->tv_sec = 0;
  ts->tv_nsec = 100000000;
  return 0;
}
#endif

/* fcntl commands whose argument is a plain int and whose meaning is the host kernel's own on
 * Linux: pipe size (F_SETPIPE_SZ 1031, F_GETPIPE_SZ 1032) and leases (F_SETLEASE 1024,
 * F_GETLEASE 1025, with F_RDLCK/F_WRLCK/F_UNLCK values). */
long host_fcntl_int(int fd, int lcmd, int arg) {
#if defined(__linux__)
  switch (lcmd) {
  case 1031: RET(fcntl(fd, F_SETPIPE_SZ, arg));
  case 1032: RET(fcntl(fd, F_GETPIPE_SZ));
  case 1024: {
    int h = arg == F_RDLCK_LINUX ? F_RDLCK : arg == F_WRLCK_LINUX ? F_WRLCK : arg == F_UNLCK_LINUX ? F_UNLCK : -1;
    if (h < 0) return -EINVAL_LINUX;
    RET(fcntl(fd, F_SETLEASE, h));
  }
  case 1025: {
    int h = fcntl(fd, F_GETLEASE);
    if (h < 0) return host_err();
    return h == F_RDLCK ? F_RDLCK_LINUX : h == F_WRLCK ? F_WRLCK_LINUX : F_UNLCK_LINUX;
  }
  /* Signal-driven I/O: the owner (a host pid, which is the guest's) and the signal sent. */
  case 8: RET(fcntl(fd, F_SETOWN, arg));
  case 9: RET(fcntl(fd, F_GETOWN));
  case 10: RET(fcntl(fd, F_SETSIG, arg));
  case 11: RET(fcntl(fd, F_GETSIG));
  case 1026: RET(fcntl(fd, F_NOTIFY, arg)); /* dnotify: DN_* bits are the host's own */
  case 1028: RET(fcntl(fd, 1028));           /* F_CREATED_QUERY (Linux 6.12) */
  default: return -EINVAL_LINUX;
  }
#else
  (void)fd; (void)lcmd; (void)arg;
  return -EINVAL_LINUX;
#endif
}

int host_file_being_written(int fd) {
#if defined(__linux__)
  /* The kernel refuses a read lease exactly when someone has the file open for writing. */
  if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
    fcntl(fd, F_SETLEASE, F_UNLCK);
    return 0;
  }
  return errno == EAGAIN;
#else
  (void)fd;
  return 0;
#endif
}

long host_fcntl_owner(int fd, int lcmd, int32_t owner[2]) {
#if defined(__linux__)
  struct f_owner_ex ex = {(enum __pid_type)owner[0], owner[1]};
  if (lcmd == 15) RET(fcntl(fd, F_SETOWN_EX, &ex));
  if (fcntl(fd, F_GETOWN_EX, &ex) < 0) return host_err();
  owner[0] = (int32_t)ex.type;
  owner[1] = ex.pid;
  return 0;
#else
  (void)fd; (void)lcmd; (void)owner;
  return -EINVAL_LINUX;
#endif
}
