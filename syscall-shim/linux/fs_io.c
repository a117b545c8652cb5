/* Syscalls on open file descriptors: read/write and their vector and positional forms, seek,
 * dup, pipes, fcntl, ioctl, poll/select, sendfile, getdents64. Data moves between guest memory
 * and the host through one bounce buffer, so a bad guest pointer is EFAULT, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/owners.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"
#include "syscall-shim/vfs/vfs.h"

/* One transfer moves at most this much; Linux also returns short counts for large requests. */
#define IO_CHUNK (1u << 20)

long sx_fs_epipe(SxProc *p, long r) {
  if (r == -EPIPE_LINUX) {
    SiginfoLinux si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGPIPE_LINUX;
    si.si_code = SI_USER_LINUX;
    si.u.kill.pid = p->pid;
    si.u.kill.uid = sx_pidns_on() ? p->cred.uid[0] : host_getuid();
    sx_signal_raise(p, SIGPIPE_LINUX, &si);
  }
  return r;
}

long sx_fs_write(SxFd *f, const void *buf, uint64_t len, int64_t off) {
  uint64_t ok = sx_limits_output_reserve(f, len);
  long r = ok == 0 && len ? 0 : off < 0 ? host_write(f->host_fd, buf, ok) : host_pwrite(f->host_fd, buf, ok, off);
  sx_limits_output_done(f, len, ok, r);
  return r;
}

long sx_fs_capped(SxFd *f, uint64_t len) {
  uint64_t ok = sx_limits_output_reserve(f, len);
  if (ok == 0 && len) sx_limits_output_done(f, len, 0, -1);
  return (long)ok;
}

static SxFd *fd_of(SxProc *p, uint64_t fd) { return sx_fd_get(p, (int)(int32_t)fd); }

/* Checks a guest range is mapped with `need` before doing host I/O for it. */
static int guest_ok(SxProc *p, uint64_t addr, uint64_t len, int need) {
  return sx_mem_check(p->mem, addr, len, need);
}

static long do_read(SxProc *p, uint64_t fd, uint64_t buf, uint64_t len, int64_t off) {
  SxFd *f = fd_of(p, fd);
  if (!f) return -EBADF_LINUX;
  if ((int64_t)len < 0) return -EINVAL_LINUX;
  if (len > IO_CHUNK) len = IO_CHUNK;
  if (f->signalfd) return sx_signalfd_read(p, f, buf, len);
  /* Straight into guest memory: the host kernel reports a concurrent unmap as EFAULT. */
  void *h = len ? sx_mem_ptr(p->mem, buf, len, SX_PROT_WRITE) : NULL;
  if (len && !h) return -EFAULT_LINUX;
  long r = off < 0 ? host_read(f->host_fd, h, len) : host_pread(f->host_fd, h, len, off);
  if (r > 0) sx_mem_wrote(p->mem, buf, (uint64_t)r); /* it may have been code */
  return r;
}

static long do_write(SxProc *p, uint64_t fd, uint64_t buf, uint64_t len, int64_t off) {
  SxFd *f = fd_of(p, fd);
  if (!f) return -EBADF_LINUX;
  if ((int64_t)len < 0) return -EINVAL_LINUX;
  if (len > IO_CHUNK) len = IO_CHUNK;
  const void *h = len ? sx_mem_ptr(p->mem, buf, len, SX_PROT_READ) : NULL;
  if (len && !h) return -EFAULT_LINUX;
  return sx_fs_epipe(p, sx_fs_write(f, h, len, off));
}

long sx_sys_read(SxProc *p, const uint64_t *a) { return do_read(p, a[0], a[1], a[2], -1); }
long sx_sys_write(SxProc *p, const uint64_t *a) { return do_write(p, a[0], a[1], a[2], -1); }

long sx_sys_pread64(SxProc *p, const uint64_t *a) {
  if ((int64_t)a[3] < 0) return -EINVAL_LINUX;
  return do_read(p, a[0], a[1], a[2], (int64_t)a[3]);
}
long sx_sys_pwrite64(SxProc *p, const uint64_t *a) {
  if ((int64_t)a[3] < 0) return -EINVAL_LINUX;
  return do_write(p, a[0], a[1], a[2], (int64_t)a[3]);
}

/* Vector I/O through the bounce buffer as one host call, which keeps writev atomic for
 * pipes the way the kernel does for small writes. */
long sx_fs_readv(SxProc *p, int fd, uint64_t iov, int cnt, int64_t off, int write) {
  SxFd *f = sx_fd_get(p, fd);
  if (!f) return -EBADF_LINUX;
  if (cnt < 0 || cnt > 1024) return -EINVAL_LINUX;
  IovecLinux v[1024];
  if (cnt && sx_get(p, iov, v, (uint64_t)cnt * sizeof v[0]) < 0) return -EFAULT_LINUX;
  uint64_t total = 0;
  for (int i = 0; i < cnt; i++) {
    if ((int64_t)v[i].iov_len < 0) return -EINVAL_LINUX;
    total += v[i].iov_len > IO_CHUNK ? IO_CHUNK : v[i].iov_len;
    if (total >= IO_CHUNK) { total = IO_CHUNK; break; }
  }
  unsigned char *iobuf = malloc(total ? total : 1);
  if (!iobuf) return -ENOMEM_LINUX;
  long r = 0;
  uint64_t got = 0;
  for (int i = 0; i < cnt && got < total; i++) {
    uint64_t take = v[i].iov_len;
    if (take > total - got) take = total - got;
    if (write) {
      if (take && sx_get(p, v[i].iov_base, iobuf + got, take) < 0) { r = -EFAULT_LINUX; goto done; }
    } else if (take && !guest_ok(p, v[i].iov_base, take, SX_PROT_WRITE)) {
      r = -EFAULT_LINUX;
      goto done;
    }
    got += take;
  }
  if (write) {
    r = sx_fs_epipe(p, sx_fs_write(f, iobuf, total, off));
    goto done;
  }
  r = off < 0 ? host_read(f->host_fd, iobuf, total) : host_pread(f->host_fd, iobuf, total, off);
  uint64_t put = 0;
  for (int i = 0; i < cnt && r > 0 && put < (uint64_t)r; i++) {
    uint64_t take = v[i].iov_len;
    if (take > (uint64_t)r - put) take = (uint64_t)r - put;
    if (take && sx_put(p, v[i].iov_base, iobuf + put, take) < 0) { r = -EFAULT_LINUX; goto done; }
    put += take;
  }
done:
  free(iobuf);
  return r;
}

long sx_sys_readv(SxProc *p, const uint64_t *a) { return sx_fs_readv(p, ARG_INT(0), a[1], ARG_INT(2), -1, 0); }
long sx_sys_writev(SxProc *p, const uint64_t *a) { return sx_fs_readv(p, ARG_INT(0), a[1], ARG_INT(2), -1, 1); }
long sx_sys_preadv(SxProc *p, const uint64_t *a) {
  if ((int64_t)a[3] < 0) return -EINVAL_LINUX;
  return sx_fs_readv(p, ARG_INT(0), a[1], ARG_INT(2), (int64_t)a[3], 0);
}
long sx_sys_pwritev(SxProc *p, const uint64_t *a) {
  if ((int64_t)a[3] < 0) return -EINVAL_LINUX;
  return sx_fs_readv(p, ARG_INT(0), a[1], ARG_INT(2), (int64_t)a[3], 1);
}

/* preadv2/pwritev2: offset -1 means the file position; RWF_* flags are hints the host's
 * page cache does not need (HIPRI, DSYNC, SYNC, NOWAIT, APPEND are checked, not applied). */
static long rwv2(SxProc *p, const uint64_t *a, int write) {
  /* (fd, iov, cnt, pos_low, pos_high, flags): pos_high is 0 on x86-64 */
  if (ARG_UINT(5) & ~0x1fu) return -EOPNOTSUPP_LINUX;
  int64_t off = (int64_t)a[3];
  if (off < -1) return -EINVAL_LINUX;
  return sx_fs_readv(p, ARG_INT(0), a[1], ARG_INT(2), off, write);
}
long sx_sys_preadv2(SxProc *p, const uint64_t *a) { return rwv2(p, a, 0); }
long sx_sys_pwritev2(SxProc *p, const uint64_t *a) { return rwv2(p, a, 1); }

/* vmsplice: the pages are copied (never gifted), so it is writev into a pipe's write end or
 * readv from its read end. */
long sx_sys_vmsplice(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  StatLinux st;
  if (host_fstat(f->host_fd, &st) < 0 || (st.st_mode & S_IFMT_LINUX) != S_IFIFO_LINUX) return -EBADF_LINUX;
  long fl = host_getfl(f->host_fd);
  if (fl < 0) return fl;
  return sx_fs_readv(p, ARG_INT(0), a[1], ARG_INT(2), -1, (fl & O_ACCMODE_LINUX) != O_RDONLY_LINUX);
}

static int dir_skip(SxFd *f, uint64_t n) {
  HostDirent e;
  host_rewinddir(f->dir);
  f->has_pending = 0;
  f->dir_pos = 0;
  while (f->dir_pos < n && host_readdir(f->dir, &e) > 0) f->dir_pos++;
  return 0;
}

long sx_sys_lseek(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  int whence = ARG_INT(2);
  if (f->dir || f->proc_dir) {
    /* Directory offsets are entry counts (the d_off values getdents64 hands out). */
    if (whence == SEEK_SET_LINUX && (int64_t)a[1] >= 0) {
      if (f->dir) dir_skip(f, a[1]);
      f->dir_pos = a[1];
      return (long)a[1];
    }
    if (whence == SEEK_CUR_LINUX && a[1] == 0) return (long)f->dir_pos;
    return -EINVAL_LINUX;
  }
  return host_lseek(f->host_fd, (int64_t)a[1], whence);
}

/* One record at d (reclen bytes, sized by dirent_size): linux_dirent64, or (old) the
 * original linux_dirent, whose type byte is the record's last. */
static void put_dirent(unsigned char *d, uint64_t reclen, const HostDirent *e, uint64_t off,
                       int old) {
  uint16_t rl = (uint16_t)reclen;
  memset(d, 0, reclen);
  memcpy(d, &e->ino, 8);
  memcpy(d + 8, &off, 8);
  memcpy(d + 16, &rl, 2);
  if (old) {
    memcpy(d + 18, e->name, strlen(e->name));
    d[reclen - 1] = (unsigned char)e->type;
  } else {
    d[18] = (unsigned char)e->type;
    memcpy(d + 19, e->name, strlen(e->name));
  }
}

static uint64_t dirent_size(const HostDirent *e, int old) {
  return (19 + strlen(e->name) + 1 + (old ? 1 : 0) + 7) & ~7ull;
}

/* getdents64 of a /proc directory: a fresh listing each call, entries numbered by position,
 * so nothing needs to be held back when the buffer is full. */
static long proc_getdents(SxProc *p, SxFd *f, uint64_t buf, uint64_t count, int old) {
  char *list;
  long n = sx_vfs_proc_list(p, f->path, &list);
  if (n < 0) return n;
  unsigned char *iobuf = malloc(count ? count : 1);
  if (!iobuf) { free(list); return -ENOMEM_LINUX; }
  uint64_t pos = 0, idx = 0;
  for (char *l = list; *l; idx++) {
    char *nl = strchr(l, '\n');
    if (nl) *nl = 0;
    if (idx >= f->dir_pos) {
      HostDirent e;
      char *sp = strchr(l, ' ');
      e.type = atoi(l);
      snprintf(e.name, sizeof e.name, "%s", sp ? sp + 1 : "");
      uint64_t h = 1469598103934665603ull;
      for (const char *c = f->path; *c; c++) h = (h ^ (uint8_t)*c) * 1099511628211ull;
      for (const char *c = e.name; *c; c++) h = (h ^ (uint8_t)*c) * 1099511628211ull;
      e.ino = h & 0xffffffffu;
      uint64_t reclen = dirent_size(&e, old);
      if (pos + reclen > count) break;
      put_dirent(iobuf + pos, reclen, &e, ++f->dir_pos, old);
      pos += reclen;
    }
    if (!nl) break;
    l = nl + 1;
  }
  free(list);
  long r = (long)pos;
  if (pos == 0 && idx > f->dir_pos) r = -EINVAL_LINUX;   /* not even one entry fits */
  else if (pos && sx_put(p, buf, iobuf, pos) < 0) r = -EFAULT_LINUX;
  free(iobuf);
  return r;
}

static long getdents(SxProc *p, const uint64_t *a, int old) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  uint64_t buf = a[1], count = ARG_UINT(2);
  if (count > IO_CHUNK) count = IO_CHUNK;
  if (f->proc_dir) return proc_getdents(p, f, buf, count, old);
  if (!f->dir) {
    StatLinux st;
    long r = host_fstat(f->host_fd, &st);
    if (r < 0) return r;
    if ((st.st_mode & S_IFMT_LINUX) != S_IFDIR_LINUX) return -ENOTDIR_LINUX;
    f->dir = host_opendir(f->host_fd);
    if (!f->dir) return host_err();
  }
  unsigned char *iobuf = malloc(count ? count : 1);
  if (!iobuf) return -ENOMEM_LINUX;
  uint64_t pos = 0;
  long r = 0;
  for (;;) {
    HostDirent e;
    if (f->has_pending) {
      e = f->pending;
      f->has_pending = 0;
    } else {
      int k = host_readdir(f->dir, &e);
      if (k < 0) { r = k; goto done; }
      if (k == 0) break;
    }
    uint64_t reclen = dirent_size(&e, old);
    if (pos + reclen > count) {
      f->pending = e;
      f->has_pending = 1;
      if (pos == 0) { r = -EINVAL_LINUX; goto done; }
      break;
    }
    put_dirent(iobuf + pos, reclen, &e, ++f->dir_pos, old);
    pos += reclen;
  }
  r = pos && sx_put(p, buf, iobuf, pos) < 0 ? -EFAULT_LINUX : (long)pos;
done:
  free(iobuf);
  return r;
}

long sx_sys_getdents64(SxProc *p, const uint64_t *a) { return getdents(p, a, 0); }
long sx_sys_getdents(SxProc *p, const uint64_t *a) { return getdents(p, a, 1); }

long sx_sys_close(SxProc *p, const uint64_t *a) { return sx_fd_close(p, ARG_INT(0)); }

long sx_sys_close_range(SxProc *p, const uint64_t *a) {
  uint32_t first = ARG_UINT(0), last = ARG_UINT(1);
  unsigned flags = ARG_UINT(2);
  if (first > last || (flags & ~6u)) return -EINVAL_LINUX;
  for (uint64_t i = first; i <= last && i < SX_MAX_FDS; i++) {
    if (!p->fds[i].used) continue;
    if (flags & 4) p->fds[i].cloexec = 1;   /* CLOSE_RANGE_CLOEXEC */
    else sx_fd_close(p, (int)i);
  }
  return 0;
}

long sx_sys_dup(SxProc *p, const uint64_t *a) { return sx_fd_dup(p, ARG_INT(0), 0, 0); }

long sx_sys_dup2(SxProc *p, const uint64_t *a) {
  if (!sx_fd_get(p, ARG_INT(0))) return -EBADF_LINUX;
  return sx_fd_dup_to(p, ARG_INT(0), ARG_INT(1), 0);
}

long sx_sys_dup3(SxProc *p, const uint64_t *a) {
  if (ARG_INT(0) == ARG_INT(1)) return -EINVAL_LINUX;
  if (a[2] & ~(uint64_t)O_CLOEXEC_LINUX) return -EINVAL_LINUX;
  return sx_fd_dup_to(p, ARG_INT(0), ARG_INT(1), (a[2] & O_CLOEXEC_LINUX) != 0);
}

static long do_pipe(SxProc *p, uint64_t out, int flags) {
  if (flags & ~(O_CLOEXEC_LINUX | O_NONBLOCK_LINUX | O_DIRECT_LINUX)) return -EINVAL_LINUX;
  int h[2];
  long r = host_pipe(h);
  if (r < 0) return r;
  if (flags & O_NONBLOCK_LINUX) { host_setfl(h[0], O_NONBLOCK_LINUX); host_setfl(h[1], O_NONBLOCK_LINUX); }
  int cloexec = (flags & O_CLOEXEC_LINUX) != 0;
  char name[48] = "pipe:[0]";
  StatLinux st;
  if (host_fstat(h[0], &st) == 0) snprintf(name, sizeof name, "pipe:[%llu]", (unsigned long long)st.st_ino);
  long g0 = sx_fd_install(p, h[0], cloexec, name, 0);
  if (g0 < 0) { host_close(h[1]); return g0; }
  long g1 = sx_fd_install(p, h[1], cloexec, name, 0);
  if (g1 < 0) { sx_fd_close(p, (int)g0); return g1; }
  int32_t fds[2] = {(int32_t)g0, (int32_t)g1};
  if (sx_put(p, out, fds, sizeof fds) < 0) {
    sx_fd_close(p, (int)g0);
    sx_fd_close(p, (int)g1);
    return -EFAULT_LINUX;
  }
  return 0;
}

long sx_sys_pipe(SxProc *p, const uint64_t *a) { return do_pipe(p, a[0], 0); }
long sx_sys_pipe2(SxProc *p, const uint64_t *a) { return do_pipe(p, a[0], ARG_INT(1)); }

long sx_sys_fcntl(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  switch (ARG_INT(1)) {
  case F_DUPFD_LINUX: return sx_fd_dup(p, ARG_INT(0), ARG_INT(2), 0);
  case F_DUPFD_CLOEXEC_LINUX: return sx_fd_dup(p, ARG_INT(0), ARG_INT(2), 1);
  case F_GETFD_LINUX: return f->cloexec ? FD_CLOEXEC_LINUX : 0;
  case F_SETFD_LINUX: f->cloexec = (a[2] & FD_CLOEXEC_LINUX) != 0; return 0;
  case F_GETFL_LINUX: return host_getfl(f->host_fd);
  case F_SETFL_LINUX: return host_setfl(f->host_fd, ARG_INT(2));
  case 1024: case 1025: case 1031: case 1032:   /* leases and pipe sizes: the host's */
  case 10: case 11:                             /* F_SETSIG, F_GETSIG */
  case 1026: case 1028:                         /* F_NOTIFY, F_CREATED_QUERY */
    return host_fcntl_int(f->host_fd, ARG_INT(1), ARG_INT(2));
  case 8: {                                     /* F_SETOWN: a pid, or -pgrp */
    int who = ARG_INT(2), host = who > 0 ? sx_pidns_host(who) : who < 0 ? -sx_pidns_host(-who) : 0;
    if (who && !host) return -ESRCH_LINUX;
    return host_fcntl_int(f->host_fd, 8, host);
  }
  case 9: {                                     /* F_GETOWN, through F_GETOWN_EX: -pgrp */
    int32_t owner[2];                            /* is no error code there */
    long r = host_fcntl_owner(f->host_fd, 16, owner);
    if (r < 0) return r;
    int g = sx_pidns_guest(owner[1]);
    return owner[0] == 2 ? -g : g;               /* F_OWNER_PGRP */
  }
  case 15: case 16: {                           /* F_SETOWN_EX, F_GETOWN_EX: {type, pid} */
    int32_t owner[2];
    if (ARG_INT(1) == 15 && sx_get(p, a[2], owner, sizeof owner) < 0) return -EFAULT_LINUX;
    if (ARG_INT(1) == 15 && owner[1] && !(owner[1] = sx_pidns_host(owner[1]))) return -ESRCH_LINUX;
    long r = host_fcntl_owner(f->host_fd, ARG_INT(1), owner);
    if (r < 0 || ARG_INT(1) == 15) return r;
    owner[1] = sx_pidns_guest(owner[1]);
    return sx_put(p, a[2], owner, sizeof owner) < 0 ? -EFAULT_LINUX : 0;
  }
  case F_GETLK_LINUX: case F_SETLK_LINUX: case F_SETLKW_LINUX:
  case F_OFD_GETLK_LINUX: case F_OFD_SETLK_LINUX: case F_OFD_SETLKW_LINUX: {
    /* Real host locks: guest processes (and native ones) exclude each other. */
    FlockLinux l;
    if (sx_get(p, a[2], &l, sizeof l) < 0) return -EFAULT_LINUX;
    int cmd = ARG_INT(1);
    if (cmd >= F_OFD_GETLK_LINUX && l.l_pid != 0) return -EINVAL_LINUX;
    long r = host_fcntl_lock(f->host_fd, cmd, &l);
    if (r < 0) return r;
    if (cmd == F_GETLK_LINUX || cmd == F_OFD_GETLK_LINUX)
      return sx_put(p, a[2], &l, sizeof l) < 0 ? -EFAULT_LINUX : 0;
    return 0;
  }
  default: return -EINVAL_LINUX;
  }
}

long sx_sys_ioctl(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f || sx_fd_is_opath(f)) return -EBADF_LINUX;
  unsigned req = ARG_UINT(1);
  switch (req) {
  case FIONREAD_LINUX: {
    int n = 0;
    long r = host_fionread(f->host_fd, &n);
    if (r < 0) return r;
    int32_t v = n;
    return sx_put(p, a[2], &v, sizeof v) < 0 ? -EFAULT_LINUX : 0;
  }
  case FIONBIO_LINUX: {
    int32_t on;
    if (sx_get(p, a[2], &on, sizeof on) < 0) return -EFAULT_LINUX;
    long fl = host_getfl(f->host_fd);
    if (fl < 0) return fl;
    return host_setfl(f->host_fd, on ? (int)(fl | O_NONBLOCK_LINUX) : (int)(fl & ~O_NONBLOCK_LINUX));
  }
  case FIOCLEX_LINUX: f->cloexec = 1; return 0;
  case FIONCLEX_LINUX: f->cloexec = 0; return 0;
  default: return sx_tty_ioctl(p, f, req, a[2]);   /* terminals: linux/tty.c */
  }
}

/* poll over guest fds: each is translated to its host fd; unknown ones report POLLNVAL. */
static long do_poll(SxProc *p, uint64_t addr, uint64_t n, int timeout_ms) {
  if (n > SX_MAX_FDS) return -EINVAL_LINUX;
  PollfdLinux g[SX_MAX_FDS], h[SX_MAX_FDS];
  int map[SX_MAX_FDS], nh = 0;
  if (n && sx_get(p, addr, g, n * sizeof g[0]) < 0) return -EFAULT_LINUX;
  long ready = 0;
  for (uint64_t i = 0; i < n; i++) {
    g[i].revents = 0;
    if (g[i].fd < 0) continue;
    SxFd *f = sx_fd_get(p, g[i].fd);
    if (!f) { g[i].revents = POLLNVAL_LINUX; ready++; continue; }
    h[nh] = g[i];
    h[nh].fd = f->host_fd;
    map[nh++] = (int)i;
  }
  if (ready) timeout_ms = 0;
  long r = host_poll(h, nh, timeout_ms);
  if (r < 0) return r;
  for (int i = 0; i < nh; i++) g[map[i]].revents = h[i].revents;
  ready += r;
  if (n && sx_put(p, addr, g, n * sizeof g[0]) < 0) return -EFAULT_LINUX;
  return ready;
}

static int ms_of(int64_t sec, int64_t nsec) {
  if (sec < 0 || nsec < 0 || nsec > 999999999) return -2;
  int64_t ms = sec * 1000 + (nsec + 999999) / 1000000;
  return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

/* Every form waits in sx_wait_masked (a signal the thread does not act on leaves the wait
 * running); ppoll and pselect6 apply their signal mask for the wait only. */
typedef struct { uint64_t addr, n; } PollArgs;
static long poll_wait(SxProc *p, const void *arg, int ms) {
  const PollArgs *w = arg;
  return do_poll(p, w->addr, w->n, ms);
}

long sx_sys_poll(SxProc *p, const uint64_t *a) {
  PollArgs w = {a[0], a[1]};
  int ms = ARG_INT(2);
  return sx_wait_masked(p, NULL, ms < 0 ? -1 : ms, poll_wait, &w);
}

long sx_sys_ppoll(SxProc *p, const uint64_t *a) {
  int ms = -1;
  if (a[2]) {
    TimespecLinux ts;
    if (sx_get(p, a[2], &ts, sizeof ts) < 0) return -EFAULT_LINUX;
    ms = ms_of(ts.tv_sec, ts.tv_nsec);
    if (ms == -2) return -EINVAL_LINUX;
  }
  uint64_t mask;
  long k = sx_wait_mask(p, a[3], a[4], &mask);
  if (k < 0) return k;
  PollArgs w = {a[0], a[1]};
  return sx_wait_masked(p, k ? &mask : NULL, ms, poll_wait, &w);
}

/* select in terms of poll; fd_set is an array of 64-bit words on x86-64. */
static long do_select(SxProc *p, int nfds, const uint64_t sets[3], int ms) {
  if (nfds < 0 || nfds > SX_MAX_FDS) return -EINVAL_LINUX;
  uint64_t bits[3][SX_MAX_FDS / 64];
  size_t words = ((size_t)nfds + 63) / 64;
  memset(bits, 0, sizeof bits);
  for (int k = 0; k < 3; k++)
    if (sets[k] && words && sx_get(p, sets[k], bits[k], words * 8) < 0) return -EFAULT_LINUX;
  PollfdLinux h[SX_MAX_FDS];
  int map[SX_MAX_FDS], nh = 0;
  for (int fd = 0; fd < nfds; fd++) {
    int16_t ev = 0;
    if (bits[0][fd / 64] >> (fd % 64) & 1) ev |= POLLIN_LINUX;
    if (bits[1][fd / 64] >> (fd % 64) & 1) ev |= POLLOUT_LINUX;
    if (bits[2][fd / 64] >> (fd % 64) & 1) ev |= POLLPRI_LINUX;
    if (!ev) continue;
    SxFd *f = sx_fd_get(p, fd);
    if (!f) return -EBADF_LINUX;
    h[nh].fd = f->host_fd;
    h[nh].events = ev;
    map[nh++] = fd;
  }
  long r = host_poll(h, nh, ms);
  if (r < 0) return r;
  memset(bits, 0, sizeof bits);
  long count = 0;
  for (int i = 0; i < nh; i++) {
    int fd = map[i];
    int16_t ev = h[i].events, re = h[i].revents;
    uint64_t bit = 1ull << (fd % 64);
    if ((ev & POLLIN_LINUX) && (re & (POLLIN_LINUX | POLLHUP_LINUX | POLLERR_LINUX))) { bits[0][fd / 64] |= bit; count++; }
    if ((ev & POLLOUT_LINUX) && (re & (POLLOUT_LINUX | POLLERR_LINUX))) { bits[1][fd / 64] |= bit; count++; }
    if ((ev & POLLPRI_LINUX) && (re & POLLPRI_LINUX)) { bits[2][fd / 64] |= bit; count++; }
  }
  for (int k = 0; k < 3; k++)
    if (sets[k] && words && sx_put(p, sets[k], bits[k], words * 8) < 0) return -EFAULT_LINUX;
  return count;
}

typedef struct { int nfds; uint64_t sets[3]; } SelectArgs;
static long select_wait(SxProc *p, const void *arg, int ms) {
  const SelectArgs *w = arg;
  return do_select(p, w->nfds, w->sets, ms);
}

long sx_sys_select(SxProc *p, const uint64_t *a) {
  int ms = -1;
  if (a[4]) {
    TimevalLinux tv;
    if (sx_get(p, a[4], &tv, sizeof tv) < 0) return -EFAULT_LINUX;
    if (tv.tv_usec < 0 || tv.tv_usec > 999999) return -EINVAL_LINUX;
    ms = ms_of(tv.tv_sec, tv.tv_usec * 1000);
    if (ms == -2) return -EINVAL_LINUX;
  }
  SelectArgs w = {ARG_INT(0), {a[1], a[2], a[3]}};
  return sx_wait_masked(p, NULL, ms, select_wait, &w);
}

long sx_sys_pselect6(SxProc *p, const uint64_t *a) {
  int ms = -1;
  if (a[4]) {
    TimespecLinux ts;
    if (sx_get(p, a[4], &ts, sizeof ts) < 0) return -EFAULT_LINUX;
    ms = ms_of(ts.tv_sec, ts.tv_nsec);
    if (ms == -2) return -EINVAL_LINUX;
  }
  /* The sixth argument points at {const sigset_t *ss; size_t ss_len}. */
  uint64_t sigdata[2] = {0, 0}, mask;
  if (a[5] && sx_get(p, a[5], sigdata, sizeof sigdata) < 0) return -EFAULT_LINUX;
  long k = sx_wait_mask(p, sigdata[0], sigdata[1], &mask);
  if (k < 0) return k;
  SelectArgs w = {ARG_INT(0), {a[1], a[2], a[3]}};
  return sx_wait_masked(p, k ? &mask : NULL, ms, select_wait, &w);
}

long sx_sys_sendfile(SxProc *p, const uint64_t *a) {
  SxFd *out = fd_of(p, a[0]), *in = fd_of(p, a[1]);
  if (!out || !in) return -EBADF_LINUX;
  int64_t off = -1;
  if (a[2] && sx_get(p, a[2], &off, sizeof off) < 0) return -EFAULT_LINUX;
  if (a[2] && off < 0) return -EINVAL_LINUX;
  uint64_t want = a[3], done = 0;
  unsigned char *iobuf = malloc(want > IO_CHUNK ? IO_CHUNK : want ? want : 1);
  if (!iobuf) return -ENOMEM_LINUX;
  while (done < want) {
    uint64_t n = want - done > IO_CHUNK ? IO_CHUNK : want - done;
    long r = off >= 0 ? host_pread(in->host_fd, iobuf, n, off) : host_read(in->host_fd, iobuf, n);
    if (r < 0) { if (done) break; free(iobuf); return r; }
    if (r == 0) break;
    long w = 0;
    while (w < r) {
      long k = sx_fs_write(out, iobuf + w, (size_t)(r - w), -1);
      if (k < 0) {
        if (done + (uint64_t)w) { r = w; break; }
        free(iobuf);
        return sx_fs_epipe(p, k);
      }
      w += k;
    }
    if (off >= 0) off += w;
    done += (uint64_t)w;
    if (w < r || (uint64_t)r < n) break;
  }
  free(iobuf);
  if (a[2] && sx_put(p, a[2], &off, sizeof off) < 0) return -EFAULT_LINUX;
  return (long)done;
}

long sx_sys_fsync(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  return f ? host_fsync(f->host_fd, 0) : -EBADF_LINUX;
}
long sx_sys_fdatasync(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  return f ? host_fsync(f->host_fd, 1) : -EBADF_LINUX;
}
long sx_sys_ftruncate(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  if ((int64_t)a[1] < 0) return -EINVAL_LINUX;
  return host_ftruncate(f->host_fd, (int64_t)a[1]);
}
long sx_sys_fchmod(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  return f ? host_fchmod(f->host_fd, ARG_INT(1)) : -EBADF_LINUX;
}
long sx_sys_fchown(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  if (sx_pidns_on()) {   /* nacre guest: remembered, not done (guest/owners.c) */
    StatLinux st;
    long r = host_fstat(f->host_fd, &st);
    return r < 0 ? r : sx_owners_chown(p, &st, ARG_UINT(1), ARG_UINT(2));
  }
  return host_fchown(f->host_fd, ARG_UINT(1), ARG_UINT(2));
}
long sx_sys_fadvise64(SxProc *p, const uint64_t *a) {
  return fd_of(p, a[0]) ? 0 : -EBADF_LINUX;   /* advice only; ignoring it is allowed */
}
long sx_sys_sync(SxProc *p, const uint64_t *a) { (void)p; (void)a; return 0; }
