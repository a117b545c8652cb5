/* Host file operations for the shim: POSIX calls with Linux flag, mode and struct stat
 * translation. Paths arrive already resolved inside the guest root by syscall-shim/vfs/. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/sysmacros.h>
#endif

#include "syscall-shim/host/host.h"

#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

static int open_flags(int l) {
  int h = 0;
#ifdef O_PATH
  /* O_PATH keeps only O_DIRECTORY and O_NOFOLLOW: a handle for *at calls and fstat that
   * read, write, ioctl, accept and epoll refuse with EBADF, on the host as on Linux. */
  if ((l & O_PATH_LINUX) == O_PATH_LINUX)
    return O_PATH | O_CLOEXEC | ((l & O_DIRECTORY_LINUX) ? O_DIRECTORY : 0) |
           ((l & O_NOFOLLOW_LINUX) ? O_NOFOLLOW : 0);
#endif
  switch (l & O_ACCMODE_LINUX) {
  case O_WRONLY_LINUX: h = O_WRONLY; break;
  case O_RDWR_LINUX: h = O_RDWR; break;
  default: h = O_RDONLY; break;
  }
  if (l & O_CREAT_LINUX) h |= O_CREAT;
  if (l & O_EXCL_LINUX) h |= O_EXCL;
  if (l & O_NOCTTY_LINUX) h |= O_NOCTTY;
  if (l & O_TRUNC_LINUX) h |= O_TRUNC;
  if (l & O_APPEND_LINUX) h |= O_APPEND;
  if (l & O_NONBLOCK_LINUX) h |= O_NONBLOCK;
  if (l & O_DIRECTORY_LINUX) h |= O_DIRECTORY;
  if (l & O_NOFOLLOW_LINUX) h |= O_NOFOLLOW;
#ifdef O_NOATIME
  if (l & O_NOATIME_LINUX) h |= O_NOATIME;   /* the host refuses it to non-owners (EPERM) */
#endif
  if ((l & O_SYNC_LINUX) == O_SYNC_LINUX) h |= O_SYNC;
  else if (l & O_DSYNC_LINUX) h |= O_DSYNC;
  /* Every host fd the guest holds is close-on-exec for nacre itself; the guest's own
   * FD_CLOEXEC bit lives in the guest fd table. */
  return h | O_CLOEXEC;
}

long host_open(const char *path, int lflags, int mode) {
  if ((lflags & O_TMPFILE_LINUX) == O_TMPFILE_LINUX) return -EOPNOTSUPP_LINUX;
  RET(open(path, open_flags(lflags), (mode_t)(mode & 07777)));
}

long host_openat(int dfd, const char *name, int lflags, int mode) {
  if ((lflags & O_TMPFILE_LINUX) == O_TMPFILE_LINUX) return -EOPNOTSUPP_LINUX;
  RET(openat(dfd, name, open_flags(lflags), (mode_t)(mode & 07777)));
}

long host_close(int fd) { RET(close(fd)); }
long host_read(int fd, void *buf, size_t n) { RET(read(fd, buf, n)); }
long host_write(int fd, const void *buf, size_t n) { RET(write(fd, buf, n)); }
long host_pread(int fd, void *buf, size_t n, int64_t off) { RET(pread(fd, buf, n, (off_t)off)); }
long host_pwrite(int fd, const void *buf, size_t n, int64_t off) {
  RET(pwrite(fd, buf, n, (off_t)off));
}

long host_lseek(int fd, int64_t off, int lwhence) {
  int w;
  switch (lwhence) {
  case SEEK_SET_LINUX: w = SEEK_SET; break;
  case SEEK_CUR_LINUX: w = SEEK_CUR; break;
  case SEEK_END_LINUX: w = SEEK_END; break;
  default: return -EINVAL_LINUX;
  }
  RET(lseek(fd, (off_t)off, w));
}

static uint32_t mode_linux(mode_t m) {
  uint32_t t;
  switch (m & S_IFMT) {
  case S_IFSOCK: t = S_IFSOCK_LINUX; break;
  case S_IFLNK: t = S_IFLNK_LINUX; break;
  case S_IFBLK: t = S_IFBLK_LINUX; break;
  case S_IFDIR: t = S_IFDIR_LINUX; break;
  case S_IFCHR: t = S_IFCHR_LINUX; break;
  case S_IFIFO: t = S_IFIFO_LINUX; break;
  default: t = S_IFREG_LINUX; break;
  }
  return t | (uint32_t)(m & 07777);
}

/* Linux's dev_t encoding: 12 bits of major and 20 of minor split around each other. */
static uint64_t dev_linux(dev_t d) {
  uint64_t ma = major(d), mi = minor(d);
  return ((ma & 0xfffff000ull) << 32) | ((ma & 0xfffull) << 8) | ((mi & 0xffffff00ull) << 12) |
         (mi & 0xffull);
}

static void stat_linux(const struct stat *h, StatLinux *l) {
  memset(l, 0, sizeof *l);
  l->st_dev = dev_linux(h->st_dev);
  l->st_ino = (uint64_t)h->st_ino;
  l->st_nlink = (uint64_t)h->st_nlink;
  l->st_mode = mode_linux(h->st_mode);
  l->st_uid = (uint32_t)h->st_uid;
  l->st_gid = (uint32_t)h->st_gid;
  l->st_rdev = dev_linux(h->st_rdev);
  l->st_size = (int64_t)h->st_size;
  l->st_blksize = (int64_t)h->st_blksize;
  l->st_blocks = (int64_t)h->st_blocks;
#if defined(__APPLE__)
  l->st_atim.tv_sec = h->st_atimespec.tv_sec; l->st_atim.tv_nsec = h->st_atimespec.tv_nsec;
  l->st_mtim.tv_sec = h->st_mtimespec.tv_sec; l->st_mtim.tv_nsec = h->st_mtimespec.tv_nsec;
  l->st_ctim.tv_sec = h->st_ctimespec.tv_sec; l->st_ctim.tv_nsec = h->st_ctimespec.tv_nsec;
#else
  l->st_atim.tv_sec = h->st_atim.tv_sec; l->st_atim.tv_nsec = h->st_atim.tv_nsec;
  l->st_mtim.tv_sec = h->st_mtim.tv_sec; l->st_mtim.tv_nsec = h->st_mtim.tv_nsec;
  l->st_ctim.tv_sec = h->st_ctim.tv_sec; l->st_ctim.tv_nsec = h->st_ctim.tv_nsec;
#endif
}

long host_fstat(int fd, StatLinux *st) {
  struct stat h;
  if (fstat(fd, &h) < 0) return host_err();
  stat_linux(&h, st);
  return 0;
}

long host_stat(const char *path, StatLinux *st, int follow) {
  struct stat h;
  if ((follow ? stat(path, &h) : lstat(path, &h)) < 0) return host_err();
  stat_linux(&h, st);
  return 0;
}

long host_readlink(const char *path, char *buf, size_t n) { RET(readlink(path, buf, n)); }

long host_chmod(const char *path, int mode) { RET(chmod(path, (mode_t)(mode & 07777))); }
long host_fchmod(int fd, int mode) { RET(fchmod(fd, (mode_t)(mode & 07777))); }

long host_chown(const char *path, uint32_t uid, uint32_t gid, int follow) {
  RET(follow ? chown(path, (uid_t)uid, (gid_t)gid) : lchown(path, (uid_t)uid, (gid_t)gid));
}
long host_fchown(int fd, uint32_t uid, uint32_t gid) { RET(fchown(fd, (uid_t)uid, (gid_t)gid)); }

static void ts_host(const TimespecLinux *l, struct timespec *h) {
  h->tv_sec = (time_t)l->tv_sec;
  if (l->tv_nsec == UTIME_NOW_LINUX) h->tv_nsec = UTIME_NOW;
  else if (l->tv_nsec == UTIME_OMIT_LINUX) h->tv_nsec = UTIME_OMIT;
  else h->tv_nsec = (long)l->tv_nsec;
}

/* Converts utimensat's two guest timespecs (NULL: now) into h; returns -EINVAL_LINUX for a
 * bad nanosecond field, else 0, with *hp set to h or NULL. */
static long times_host(const TimespecLinux *ts, struct timespec h[2], struct timespec **hp) {
  *hp = NULL;
  if (!ts) return 0;
  for (int i = 0; i < 2; i++) {
    if (ts[i].tv_nsec != UTIME_NOW_LINUX && ts[i].tv_nsec != UTIME_OMIT_LINUX &&
        (ts[i].tv_nsec < 0 || ts[i].tv_nsec > 999999999))
      return -EINVAL_LINUX;
    ts_host(&ts[i], &h[i]);
  }
  *hp = h;
  return 0;
}

long host_utimens(int fd, const char *path, const TimespecLinux *ts, int follow) {
  struct timespec h[2], *hp;
  if (times_host(ts, h, &hp) != 0) return -EINVAL_LINUX;
  if (fd >= 0) RET(futimens(fd, hp));
  RET(utimensat(AT_FDCWD, path, hp, follow ? 0 : AT_SYMLINK_NOFOLLOW));
}

long host_utimensat(int dfd, const char *name, const TimespecLinux *ts) {
  struct timespec h[2], *hp;
  if (times_host(ts, h, &hp) != 0) return -EINVAL_LINUX;
  RET(utimensat(dfd, name, hp, AT_SYMLINK_NOFOLLOW));
}

long host_ftruncate(int fd, int64_t len) { RET(ftruncate(fd, (off_t)len)); }
long host_fsync(int fd, int data_only) { RET(data_only ? fdatasync(fd) : fsync(fd)); }

long host_access(const char *path, int lmode, int effective) {
  int m = 0;
  if (lmode & ~7) return -EINVAL_LINUX;
  if (lmode & R_OK_LINUX) m |= R_OK;
  if (lmode & W_OK_LINUX) m |= W_OK;
  if (lmode & X_OK_LINUX) m |= X_OK;
  RET(faccessat(AT_FDCWD, path, m ? m : F_OK, effective ? AT_EACCESS : 0));
}

long host_fd_path(int fd, char *buf, size_t n) {
  if (n == 0) return -EINVAL_LINUX;
#if defined(__linux__)
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t r = readlink(link, buf, n - 1);
  if (r < 0) return host_err();
  buf[r] = 0;
  return r;
#elif defined(F_GETPATH)
  char tmp[PATH_MAX];
  if (fcntl(fd, F_GETPATH, tmp) < 0) return host_err();
  snprintf(buf, n, "%s", tmp);
  return (long)strlen(buf);
#else
  (void)fd; (void)buf;
  return -ENOSYS_LINUX;
#endif
}

long host_dup(int fd) { RET(fcntl(fd, F_DUPFD_CLOEXEC, 3)); }

long host_pipe(int fds[2]) {
  if (pipe(fds) < 0) return host_err();
  host_set_cloexec(fds[0]);
  host_set_cloexec(fds[1]);
  return 0;
}

long host_set_cloexec(int fd) { RET(fcntl(fd, F_SETFD, FD_CLOEXEC)); }

long host_getfl(int fd) {
  int h = fcntl(fd, F_GETFL);
  if (h < 0) return host_err();
  long l;
  switch (h & O_ACCMODE) {
  case O_WRONLY: l = O_WRONLY_LINUX; break;
  case O_RDWR: l = O_RDWR_LINUX; break;
  default: l = O_RDONLY_LINUX; break;
  }
  if (h & O_APPEND) l |= O_APPEND_LINUX;
  if (h & O_NONBLOCK) l |= O_NONBLOCK_LINUX;
  if (h & O_ASYNC) l |= O_ASYNC_LINUX;
#ifdef O_LARGEFILE
  if (h & O_LARGEFILE) l |= O_LARGEFILE_LINUX;
#endif
#ifdef O_NOATIME
  if (h & O_NOATIME) l |= O_NOATIME_LINUX;
#endif
#ifdef O_PATH
  if ((h & O_PATH) == O_PATH) l |= O_PATH_LINUX;
#endif
  return l;
}

long host_setfl(int fd, int lflags) {
  int h = fcntl(fd, F_GETFL);
  if (h < 0) return host_err();
  h &= ~(O_APPEND | O_NONBLOCK | O_ASYNC);
  if (lflags & O_APPEND_LINUX) h |= O_APPEND;
  if (lflags & O_NONBLOCK_LINUX) h |= O_NONBLOCK;
  if (lflags & O_ASYNC_LINUX) h |= O_ASYNC; /* signal-driven I/O (F_SETOWN, F_SETSIG) */
#ifdef O_NOATIME
  h &= ~O_NOATIME;
  if (lflags & O_NOATIME_LINUX) h |= O_NOATIME;
#endif
  RET(fcntl(fd, F_SETFL, h));
}

long host_memfile(const void *data, size_t len) {
  char tmpl[] = "/tmp/nacre-procXXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) return host_err();
  unlink(tmpl);
  host_set_cloexec(fd);
  const char *p = data;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0) { long e = host_err(); close(fd); return e; }
    p += w; len -= (size_t)w;
  }
  lseek(fd, 0, SEEK_SET);
  return fd;
}

long host_getcwd(char *buf, size_t n) {
  if (!getcwd(buf, n)) return host_err();
  return (long)strlen(buf);
}

long host_umask(int mask) { return (long)umask((mode_t)(mask & 0777)); }
