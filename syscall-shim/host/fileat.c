/* Host file operations relative to a directory descriptor. The shim opens the parent
 * directory of every path it acts on, checks where the host says that directory is, and then
 * names only the last component, never following a symlink there: so a path swapped under
 * the walk cannot lead the operation outside the guest root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscall-shim/host/host.h"

#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

long host_open_dir(const char *path) {
#ifdef O_PATH
  RET(open(path, O_PATH | O_DIRECTORY | O_CLOEXEC));
#else
  RET(open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
#endif
}

long host_fstatat(int dfd, const char *name, StatLinux *st) {
  int fd = -1;
  /* fstatat has no portable "empty name" form; "." names the directory itself. */
  long r = host_openat_path(dfd, name, &fd);
  if (r < 0) return r;
  r = host_fstat(fd, st);
  close(fd);
  return r;
}

long host_openat_path(int dfd, const char *name, int *fd) {
#ifdef O_PATH
  int f = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
#else
  int f = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
#endif
  if (f < 0) return host_err();
  *fd = f;
  return 0;
}

long host_readlinkat(int dfd, const char *name, char *buf, size_t n) { RET(readlinkat(dfd, name, buf, n)); }
long host_mkdirat(int dfd, const char *name, int mode) { RET(mkdirat(dfd, name, (mode_t)(mode & 07777))); }
long host_unlinkat(int dfd, const char *name, int rmdir) {
  RET(unlinkat(dfd, name, rmdir ? AT_REMOVEDIR : 0));
}

long host_renameat(int odfd, const char *o, int ndfd, const char *n, int lflags) {
  if (lflags & ~RENAME_NOREPLACE_LINUX) return -EINVAL_LINUX;
  if (lflags & RENAME_NOREPLACE_LINUX) {
    struct stat h;
    if (fstatat(ndfd, n, &h, AT_SYMLINK_NOFOLLOW) == 0) return -EEXIST_LINUX;
  }
  RET(renameat(odfd, o, ndfd, n));
}

long host_symlinkat(const char *target, int dfd, const char *name) { RET(symlinkat(target, dfd, name)); }
long host_linkat(int odfd, const char *o, int ndfd, const char *n) { RET(linkat(odfd, o, ndfd, n, 0)); }

long host_fchmodat(int dfd, const char *name, int mode) {
  RET(fchmodat(dfd, name, (mode_t)(mode & 07777), AT_SYMLINK_NOFOLLOW));
}

long host_fchownat(int dfd, const char *name, uint32_t uid, uint32_t gid) {
  RET(fchownat(dfd, name, (uid_t)uid, (gid_t)gid, AT_SYMLINK_NOFOLLOW));
}

long host_faccessat(int dfd, const char *name, int lmode, int effective) {
  int m = 0;
  if (lmode & ~7) return -EINVAL_LINUX;
  if (lmode & R_OK_LINUX) m |= R_OK;
  if (lmode & W_OK_LINUX) m |= W_OK;
  if (lmode & X_OK_LINUX) m |= X_OK;
  RET(faccessat(dfd, name, m ? m : F_OK, effective ? AT_EACCESS : 0));
}

long host_truncateat(int dfd, const char *name, int64_t len) {
  int fd = openat(dfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return host_err();
  long r = ftruncate(fd, (off_t)len) < 0 ? host_err() : 0;
  close(fd);
  return r;
}
