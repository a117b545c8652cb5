/* File system attributes: statfs/fstatfs and the extended-attribute family (get, set, list,
 * remove; path, l-path and fd forms). Paths are walked by the VFS and the host only ever sees
 * the file the walk found; /proc answers as Linux's procfs does (no xattrs). */
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/linux/sys.h"

/* Linux's limits: XATTR_NAME_MAX and XATTR_SIZE_MAX. */
#define NAME_MAX_X 255
#define SIZE_MAX_X 65536

static int is_proc(const char *guest) {
  return strncmp(guest, "/proc", 5) == 0 && (guest[5] == 0 || guest[5] == '/');
}

static void proc_statfs(StatfsLinux *st) {
  memset(st, 0, sizeof *st);
  st->f_type = PROC_SUPER_MAGIC_LINUX;
  st->f_bsize = st->f_frsize = 4096;
  st->f_namelen = 255;
  st->f_flags = 0x20 | 0x2 | 0x4 | 0x8;   /* ST_RELATIME|ST_NOSUID|ST_NODEV|ST_NOEXEC */
}

/* A host fd for (dirfd, path) walked with `follow`, or 1 in *virt for a /proc path. */
static long path_fd(SxProc *p, int dirfd, uint64_t upath, int follow, int *virt) {
  char path[SX_PATH_MAX];
  long r = sx_get_path(p, upath, path);
  if (r < 0) return r;
  SxPath sp;
  r = sx_vfs_resolve(p, dirfd, path, follow ? SX_WALK_FOLLOW : 0, &sp);
  if (r < 0) return r;
  *virt = 0;
  if (sp.kind == SX_PATH_HOST || sp.kind == SX_PATH_DEV || sp.kind == SX_PATH_FD)
    return sx_fs_path_fd(p, &sp);
  *virt = 1;
  return 0;
}

static long put_statfs(SxProc *p, uint64_t addr, const StatfsLinux *st) {
  return sx_put(p, addr, st, sizeof *st) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_statfs(SxProc *p, const uint64_t *a) {
  int virt;
  StatfsLinux st;
  long fd = path_fd(p, AT_FDCWD_LINUX, a[0], 1, &virt);
  if (fd < 0) return fd;
  if (virt) {
    proc_statfs(&st);
  } else {
    long r = host_fstatfs((int)fd, &st);
    host_close((int)fd);
    if (r < 0) return r;
  }
  return put_statfs(p, a[1], &st);
}

long sx_sys_fstatfs(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f) return -EBADF_LINUX;
  StatfsLinux st;
  if (f->walkable && is_proc(f->path)) proc_statfs(&st);
  else {
    long r = host_fstatfs(f->host_fd, &st);
    if (r < 0) return r;
  }
  return put_statfs(p, a[1], &st);
}

/* One xattr operation on host fd `fd`; guest buffers are copied through a bounce buffer. */
static long xattr_on(SxProc *p, int fd, int op, uint64_t uname, uint64_t ubuf, uint64_t n,
                     int flags) {
  char name[NAME_MAX_X + 2] = "";
  if (op != HOST_XATTR_LIST) {
    long len = sx_mem_read_str(p->mem, uname, name, sizeof name);
    if (len == -ENAMETOOLONG_LINUX) return -ERANGE_LINUX;
    if (len < 0) return len;
    if (len == 0) return -ERANGE_LINUX;
  }
  if (op == HOST_XATTR_SET && (flags & ~(XATTR_CREATE_LINUX | XATTR_REPLACE_LINUX)))
    return -EINVAL_LINUX;
  if (n > SIZE_MAX_X) {
    if (op == HOST_XATTR_SET) return -E2BIG_LINUX;
    n = SIZE_MAX_X;
  }
  unsigned char *buf = malloc(n ? n : 1);
  if (!buf) return -ENOMEM_LINUX;
  long r = 0;
  if (op == HOST_XATTR_SET && n && sx_get(p, ubuf, buf, n) < 0) r = -EFAULT_LINUX;
  if (r == 0) r = host_xattr(fd, op, name, buf, n, flags);
  if (r > 0 && n && (op == HOST_XATTR_GET || op == HOST_XATTR_LIST) &&
      sx_put(p, ubuf, buf, (uint64_t)r) < 0)
    r = -EFAULT_LINUX;
  free(buf);
  return op == HOST_XATTR_SET || op == HOST_XATTR_REMOVE ? (r < 0 ? r : 0) : r;
}

/* Path forms: procfs has no xattr support (an empty list, EOPNOTSUPP for the rest). */
static long xattr_path(SxProc *p, const uint64_t *a, int follow, int op) {
  int virt;
  long fd = path_fd(p, AT_FDCWD_LINUX, a[0], follow, &virt);
  if (fd < 0) return fd;
  if (virt) {
    return op == HOST_XATTR_LIST ? 0 : -EOPNOTSUPP_LINUX;
  }
  long r = op == HOST_XATTR_LIST ? xattr_on(p, (int)fd, op, 0, a[1], a[2], 0)
                                 : xattr_on(p, (int)fd, op, a[1], a[2], a[3], ARG_INT(4));
  host_close((int)fd);
  return r;
}

static long xattr_fd(SxProc *p, const uint64_t *a, int op) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f || sx_fd_is_opath(f)) return -EBADF_LINUX;
  if (op == HOST_XATTR_LIST) return xattr_on(p, f->host_fd, op, 0, a[1], a[2], 0);
  return xattr_on(p, f->host_fd, op, a[1], a[2], a[3], ARG_INT(4));
}

long sx_sys_setxattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 1, HOST_XATTR_SET); }
long sx_sys_lsetxattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 0, HOST_XATTR_SET); }
long sx_sys_fsetxattr(SxProc *p, const uint64_t *a) { return xattr_fd(p, a, HOST_XATTR_SET); }
long sx_sys_getxattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 1, HOST_XATTR_GET); }
long sx_sys_lgetxattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 0, HOST_XATTR_GET); }
long sx_sys_fgetxattr(SxProc *p, const uint64_t *a) { return xattr_fd(p, a, HOST_XATTR_GET); }
long sx_sys_listxattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 1, HOST_XATTR_LIST); }
long sx_sys_llistxattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 0, HOST_XATTR_LIST); }
long sx_sys_flistxattr(SxProc *p, const uint64_t *a) { return xattr_fd(p, a, HOST_XATTR_LIST); }
long sx_sys_removexattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 1, HOST_XATTR_REMOVE); }
long sx_sys_lremovexattr(SxProc *p, const uint64_t *a) { return xattr_path(p, a, 0, HOST_XATTR_REMOVE); }
long sx_sys_fremovexattr(SxProc *p, const uint64_t *a) { return xattr_fd(p, a, HOST_XATTR_REMOVE); }
