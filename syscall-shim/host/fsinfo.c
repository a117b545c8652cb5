/* File system information for the shim: statfs and extended attributes, translated to Linux
 * layouts. Hosts without Linux's calls report what POSIX's statvfs knows and no xattrs. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#if defined(__linux__)
#include <sys/vfs.h>
#include <sys/xattr.h>
#endif

#include "syscall-shim/host/host.h"

long host_fstatfs(int fd, StatfsLinux *st) {
  memset(st, 0, sizeof *st);
#if defined(__linux__)
  struct statfs h;
  if (fstatfs(fd, &h) < 0) return host_err();
  st->f_type = (int64_t)h.f_type;
  st->f_bsize = (int64_t)h.f_bsize;
  st->f_blocks = h.f_blocks;
  st->f_bfree = h.f_bfree;
  st->f_bavail = h.f_bavail;
  st->f_files = h.f_files;
  st->f_ffree = h.f_ffree;
  memcpy(st->f_fsid, &h.f_fsid, sizeof st->f_fsid);
  st->f_namelen = (int64_t)h.f_namelen;
  st->f_frsize = (int64_t)h.f_frsize;
  st->f_flags = (int64_t)h.f_flags;
#else
  struct statvfs h;
  if (fstatvfs(fd, &h) < 0) return host_err();
  st->f_bsize = (int64_t)h.f_bsize;
  st->f_frsize = (int64_t)h.f_frsize;
  st->f_blocks = h.f_blocks;
  st->f_bfree = h.f_bfree;
  st->f_bavail = h.f_bavail;
  st->f_files = h.f_files;
  st->f_ffree = h.f_ffree;
  st->f_namelen = (int64_t)h.f_namemax;
  st->f_fsid[0] = (int32_t)h.f_fsid;
#endif
  return 0;
}

long host_xattr(int fd, int op, const char *name, void *buf, size_t n, int lflags) {
#if defined(__linux__)
  /* The fd may be O_PATH (a path operation after the shim's own walk): its /proc/self/fd
   * link names exactly that file, so nothing is looked up by name again. */
  char via[64];
  snprintf(via, sizeof via, "/proc/self/fd/%d", fd);
  int hf = (lflags & XATTR_CREATE_LINUX ? XATTR_CREATE : 0) |
           (lflags & XATTR_REPLACE_LINUX ? XATTR_REPLACE : 0);
  ssize_t r;
  switch (op) {
  case HOST_XATTR_GET: r = getxattr(via, name, buf, n); break;
  case HOST_XATTR_SET: r = setxattr(via, name, buf, n, hf); break;
  case HOST_XATTR_LIST: r = listxattr(via, buf, n); break;
  case HOST_XATTR_REMOVE: r = removexattr(via, name); break;
  default: return -EINVAL_LINUX;
  }
  return r < 0 ? host_err() : (long)r;
#else
  (void)fd; (void)op; (void)name; (void)buf; (void)n; (void)lflags;
  return -EOPNOTSUPP_LINUX;
#endif
}
