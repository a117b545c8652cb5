/* Syscalls that take path names: open, stat family, access, links, directories, renames,
 * permissions, timestamps, cwd. Every path goes through sx_vfs_resolve first, so the host
 * only ever sees paths inside the guest root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/owners.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"
#include "syscall-shim/vfs/vfs.h"

static long resolve(SxProc *p, int dirfd, uint64_t upath, int flags, SxPath *sp) {
  char path[SX_PATH_MAX];
  long r = sx_get_path(p, upath, path);
  if (r < 0) return r;
  return sx_vfs_resolve(p, dirfd, path, flags, sp);
}

/* Changes under a read-only bind (nacre guest --bind HOST:GUEST:ro) are EROFS. */
static long read_only(const SxPath *sp) {
  return sp->kind == SX_PATH_HOST && sx_vfs_read_only(sp->guest) ? -EROFS_LINUX : 0;
}

/* The parent directory of a resolved host path, opened and checked to be inside the root,
 * and the last component: every path operation below names only that component relative to
 * the directory, so a path swapped after the walk cannot lead it out of the root. */
typedef struct { int dfd; char name[256]; } At;

/* No grant needed: metadata (stat, statfs) and the walk itself. */
#define NO_GRANT (-1)

/* Under --sandbox: does --allow-read / --allow-write cover what the guest asks of this host
 * path (RT_READ, RT_WRITE, RT_WRITE_ENTRY)? 0 or -EACCES. */
long sx_fs_granted(const SxPath *sp, int need) {
  char msg[8];
  if (need == NO_GRANT || sp->kind != SX_PATH_HOST || !sx_limits_sandboxed()) return 0;
  return rt_policy_decide(&rt_sandbox, (RtAccess)need, sp->host, msg, sizeof msg) ? -EACCES_LINUX : 0;
}

static long at_open(SxProc *p, const SxPath *sp, At *at, int need) {
  char parent[2 * SX_PATH_MAX];
  const char *h = sp->host;
  at->dfd = -1;
  long g = sx_fs_granted(sp, need);
  if (g < 0) return g;
  const SxMount *m = sx_vfs_mount_at(sp->guest);
  if (strcmp(sp->guest, "/") == 0 || (m && m->kind == SX_MNT_BIND)) {   /* a root: its parent is no part of the guest */
    snprintf(parent, sizeof parent, "%s", h);
    strcpy(at->name, ".");
  } else {
    const char *slash = strrchr(h, '/');
    size_t plen = (size_t)(slash - h);
    if (plen == 0) strcpy(parent, "/");
    else { memcpy(parent, h, plen); parent[plen] = 0; }
    snprintf(at->name, sizeof at->name, "%s", slash + 1);
  }
  long fd = host_open_dir(parent);
  if (fd < 0) return fd;
  long bad = sx_vfs_check_fd(p, (int)fd);
  /* The grant again, for the directory actually opened: one swapped for a symbolic link since
   * the check above must not carry the operation outside the grant. */
  if (bad == 0 && need != NO_GRANT && sx_limits_sandboxed()) {
    SxPath real = *sp;
    char dir[SX_PATH_MAX];
    long n = host_fd_path((int)fd, dir, sizeof dir);
    if (n >= 0 && strcmp(at->name, ".") != 0)
      snprintf(real.host, sizeof real.host, "%s/%s", strcmp(dir, "/") ? dir : "", at->name);
    else if (n >= 0)
      snprintf(real.host, sizeof real.host, "%s", dir);
    bad = n == -ENOSYS_LINUX ? 0 : n < 0 ? -EACCES_LINUX : sx_fs_granted(&real, need);
  }
  if (bad < 0) { host_close((int)fd); return bad; }
  at->dfd = (int)fd;
  return 0;
}

static void at_close(At *at) {
  if (at->dfd >= 0) host_close(at->dfd);
  at->dfd = -1;
}

long sx_fs_path_fd(SxProc *p, const SxPath *sp) {
  switch (sp->kind) {
  case SX_PATH_FD: {
    SxFd *f = sx_fd_get(p, sp->fd);
    return f ? host_dup(f->host_fd) : -ENOENT_LINUX;
  }
  case SX_PATH_DEV: {
    /* A host node passed through by name (/dev/null ...): it is not inside any --root. */
    const char *slash = strrchr(sp->host, '/');
    char dir[SX_PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - sp->host), sp->host);
    long dfd = host_open_dir(dir[0] ? dir : "/");
    if (dfd < 0) return dfd;
    int fd = -1;
    long r = host_openat_path((int)dfd, slash + 1, &fd);
    host_close((int)dfd);
    return r < 0 ? r : fd;
  }
  case SX_PATH_HOST: {
    if (!sp->exists) return -ENOENT_LINUX;
    At at;
    long r = at_open(p, sp, &at, NO_GRANT);
    if (r < 0) return r;
    int fd = -1;
    r = host_openat_path(at.dfd, at.name, &fd);
    at_close(&at);
    return r < 0 ? r : fd;
  }
  default: return -ENOENT_LINUX;   /* virtual: callers answer for /proc themselves */
  }
}

/* ETXTBSY when the file is the program of a running guest process (Linux refuses writes to
 * a running executable; the host kernel does not know a guest runs it). */
static long not_running(const At *at) {
  StatLinux st;
  if (host_fstatat(at->dfd, at->name, &st) == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFREG_LINUX &&
      sx_limits_exe_running(st.st_dev, st.st_ino))
    return -ETXTBSY_LINUX;
  return 0;
}

static long do_openat(SxProc *p, int dirfd, uint64_t upath, int flags, int mode) {
  SxPath sp;
  int excl = (flags & O_CREAT_LINUX) && (flags & O_EXCL_LINUX);
  int follow = !(flags & O_NOFOLLOW_LINUX) && !excl;
  long r = resolve(p, dirfd, upath, follow ? SX_WALK_FOLLOW : 0, &sp);
  if (r < 0) return r;
  long h;
  switch (sp.kind) {
  case SX_PATH_DEV: h = host_open(sp.host, flags, mode); break;
  case SX_PATH_PROC_FILE:
    if ((flags & O_ACCMODE_LINUX) != O_RDONLY_LINUX) h = sx_vfs_proc_open_write(p, sp.guest, flags);
    else h = sx_vfs_proc_open(p, sp.guest);
    break;
  case SX_PATH_PROC_LINK: return excl ? -EEXIST_LINUX : -ELOOP_LINUX;
  case SX_PATH_FD: {
    /* Linux reopens the file; for a pipe or inherited descriptor that is the same object. */
    SxFd *f = sx_fd_get(p, sp.fd);
    if (!f) return -ENOENT_LINUX;
    h = host_dup(f->host_fd);
    if (h < 0) return h;
    long g = sx_fd_install(p, (int)h, (flags & O_CLOEXEC_LINUX) != 0, f->path, 0);
    if (g >= 0) p->fds[g].walkable = f->walkable;
    return g;
  }
  case SX_PATH_PROC_DIR: {
    if ((flags & O_ACCMODE_LINUX) != O_RDONLY_LINUX || (flags & O_CREAT_LINUX)) return -EISDIR_LINUX;
    h = sx_vfs_proc_opendir(p, sp.guest);
    if (h < 0) return h;
    long g = sx_fd_install(p, (int)h, (flags & O_CLOEXEC_LINUX) != 0, sp.guest, 0);
    if (g >= 0) p->fds[g].proc_dir = 1;
    return g;
  }
  default: {
    if (!sp.exists && !(flags & O_CREAT_LINUX)) return -ENOENT_LINUX;
    if (sp.exists && excl) return -EEXIST_LINUX;
    int writes = (flags & O_ACCMODE_LINUX) != O_RDONLY_LINUX || (flags & (O_CREAT_LINUX | O_TRUNC_LINUX));
    if (writes && (r = read_only(&sp)) < 0) return r;
    if ((flags & O_ACCMODE_LINUX) != O_WRONLY_LINUX && (r = sx_fs_granted(&sp, RT_READ)) < 0)
      return r;
    /* Resolved and opened in one step: the directory is opened and checked (inside the root,
     * inside the grant) first, and the last name opened relative to it without following a
     * symlink, so nothing swapped in since the walk (a directory renamed to a symlink) can
     * lead the open, or its O_TRUNC, out of the root. */
    At at;
    r = at_open(p, &sp, &at, writes ? RT_WRITE : RT_READ);
    if (r < 0) return r;
    if (sp.exists && (flags & O_ACCMODE_LINUX) != O_RDONLY_LINUX && (r = not_running(&at)) < 0) {
      at_close(&at);
      return r;
    }
    h = host_openat(at.dfd, at.name, flags | O_NOFOLLOW_LINUX, mode);
    at_close(&at);
    if (h >= 0 && sx_pidns_on()) {   /* nacre guest: its tree is nodev */
      long bad = sx_vfs_check_fd(p, (int)h);
      if (bad < 0) { host_close((int)h); return bad; }
    }
    break;
  }
  }
  if (h < 0) return h;
  return sx_fd_install(p, (int)h, (flags & O_CLOEXEC_LINUX) != 0, sp.guest, 0);
}

long sx_sys_open(SxProc *p, const uint64_t *a) {
  return do_openat(p, AT_FDCWD_LINUX, a[0], ARG_INT(1), ARG_INT(2));
}
long sx_sys_openat(SxProc *p, const uint64_t *a) {
  return do_openat(p, ARG_INT(0), a[1], ARG_INT(2), ARG_INT(3));
}
long sx_sys_creat(SxProc *p, const uint64_t *a) {
  return do_openat(p, AT_FDCWD_LINUX, a[0], O_CREAT_LINUX | O_WRONLY_LINUX | O_TRUNC_LINUX,
                   ARG_INT(1));
}

/* stat of a resolved path; `follow` only matters for devices (host nodes). */
static long stat_path(SxProc *p, const SxPath *sp, StatLinux *st) {
  switch (sp->kind) {
  case SX_PATH_HOST: {
    if (!sp->exists) return -ENOENT_LINUX;
    At at;
    long r = at_open(p, sp, &at, NO_GRANT);
    if (r == 0) r = host_fstatat(at.dfd, at.name, st);
    at_close(&at);
    return r;
  }
  case SX_PATH_DEV: return host_stat(sp->host, st, 1);
  case SX_PATH_FD: {
    SxFd *f = sx_fd_get(p, sp->fd);
    return f ? host_fstat(f->host_fd, st) : -ENOENT_LINUX;
  }
  default: sx_vfs_fake_stat(p, sp, st); return 0;
  }
}

static long fd_stat(SxProc *p, int fd, StatLinux *st) {
  if (fd == AT_FDCWD_LINUX) {
    SxPath sp;
    long r = sx_vfs_resolve(p, AT_FDCWD_LINUX, ".", SX_WALK_FOLLOW, &sp);
    return r < 0 ? r : stat_path(p, &sp, st);
  }
  SxFd *f = sx_fd_get(p, fd);
  if (!f) return -EBADF_LINUX;
  if (f->walkable && (f->proc_dir || (strncmp(f->path, "/proc", 5) == 0 &&
                                      (!f->path[5] || f->path[5] == '/')))) {
    /* A /proc file or directory, or a directory implied by mounts: its host fd is only a
     * generated copy. */
    SxPath sp;
    if (sx_vfs_resolve(p, AT_FDCWD_LINUX, f->path, 0, &sp) == 0 && sp.kind != SX_PATH_HOST)
      return stat_path(p, &sp, st);
  }
  return host_fstat(f->host_fd, st);
}

/* Shared by stat/lstat/newfstatat/statx: fills st for (dirfd, path, AT_* flags). */
static long stat_at(SxProc *p, int dirfd, uint64_t upath, int atflags, StatLinux *st) {
  char path[SX_PATH_MAX];
  long r = sx_get_path(p, upath, path);
  if (r < 0) return r;
  if (path[0] == 0) {
    if (!(atflags & AT_EMPTY_PATH_LINUX)) return -ENOENT_LINUX;
    return fd_stat(p, dirfd, st);
  }
  SxPath sp;
  r = sx_vfs_resolve(p, dirfd, path, (atflags & AT_SYMLINK_NOFOLLOW_LINUX) ? 0 : SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  return stat_path(p, &sp, st);
}

static long put_stat(SxProc *p, uint64_t addr, long r, StatLinux *st) {
  if (r < 0) return r;
  sx_owners_apply(st);
  return sx_put(p, addr, st, sizeof *st) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_stat(SxProc *p, const uint64_t *a) {
  StatLinux st;
  return put_stat(p, a[1], stat_at(p, AT_FDCWD_LINUX, a[0], 0, &st), &st);
}
long sx_sys_lstat(SxProc *p, const uint64_t *a) {
  StatLinux st;
  return put_stat(p, a[1], stat_at(p, AT_FDCWD_LINUX, a[0], AT_SYMLINK_NOFOLLOW_LINUX, &st), &st);
}
long sx_sys_fstat(SxProc *p, const uint64_t *a) {
  StatLinux st;
  if (ARG_INT(0) == AT_FDCWD_LINUX) return -EBADF_LINUX;
  return put_stat(p, a[1], fd_stat(p, ARG_INT(0), &st), &st);
}
long sx_sys_newfstatat(SxProc *p, const uint64_t *a) {
  StatLinux st;
  int flags = ARG_INT(3);
  if (flags & ~(AT_SYMLINK_NOFOLLOW_LINUX | AT_EMPTY_PATH_LINUX | AT_NO_AUTOMOUNT_LINUX))
    return -EINVAL_LINUX;
  return put_stat(p, a[2], stat_at(p, ARG_INT(0), a[1], flags, &st), &st);
}

static void stx_time(StatxTimestampLinux *d, const TimespecLinux *s) {
  d->tv_sec = s->tv_sec;
  d->tv_nsec = (uint32_t)s->tv_nsec;
  d->reserved = 0;
}

long sx_sys_statx(SxProc *p, const uint64_t *a) {
  StatLinux st;
  long r = stat_at(p, ARG_INT(0), a[1], ARG_INT(2), &st);
  if (r < 0) return r;
  sx_owners_apply(&st);
  StatxLinux x;
  memset(&x, 0, sizeof x);
  x.stx_mask = STATX_BASIC_STATS_LINUX;
  x.stx_blksize = (uint32_t)st.st_blksize;
  x.stx_nlink = (uint32_t)st.st_nlink;
  x.stx_uid = st.st_uid;
  x.stx_gid = st.st_gid;
  x.stx_mode = (uint16_t)st.st_mode;
  x.stx_ino = st.st_ino;
  x.stx_size = (uint64_t)st.st_size;
  x.stx_blocks = (uint64_t)st.st_blocks;
  stx_time(&x.stx_atime, &st.st_atim);
  stx_time(&x.stx_mtime, &st.st_mtim);
  stx_time(&x.stx_ctime, &st.st_ctim);
  /* Linux's dev_t encoding, decoded back into major and minor. */
  x.stx_rdev_major = (uint32_t)(((st.st_rdev >> 8) & 0xfff) | ((st.st_rdev >> 32) & ~0xfffull));
  x.stx_rdev_minor = (uint32_t)((st.st_rdev & 0xff) | ((st.st_rdev >> 12) & ~0xffull));
  x.stx_dev_major = (uint32_t)(((st.st_dev >> 8) & 0xfff) | ((st.st_dev >> 32) & ~0xfffull));
  x.stx_dev_minor = (uint32_t)((st.st_dev & 0xff) | ((st.st_dev >> 12) & ~0xffull));
  return sx_put(p, a[4], &x, sizeof x) < 0 ? -EFAULT_LINUX : 0;
}

static long do_access(SxProc *p, int dirfd, uint64_t upath, int mode, int flags) {
  SxPath sp;
  if (mode & ~7) return -EINVAL_LINUX;
  long r = resolve(p, dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW_LINUX) ? 0 : SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  switch (sp.kind) {
  case SX_PATH_HOST: {
    if (!sp.exists) return -ENOENT_LINUX;
    At at;
    r = at_open(p, &sp, &at, NO_GRANT);
    if (r == 0) r = host_faccessat(at.dfd, at.name, mode, (flags & AT_EACCESS_LINUX) != 0);
    at_close(&at);
    return r;
  }
  case SX_PATH_DEV: return host_access(sp.host, mode, (flags & AT_EACCESS_LINUX) != 0);
  case SX_PATH_PROC_FILE:
    if (!(mode & W_OK_LINUX)) return 0;
    if ((r = sx_vfs_proc_writable(p, sp.guest)) < 0) return r;
    return host_access(sp.guest, mode, (flags & AT_EACCESS_LINUX) != 0); /* the host's file */
  default: return (mode & W_OK_LINUX) ? -EACCES_LINUX : 0;
  }
}

long sx_sys_access(SxProc *p, const uint64_t *a) {
  return do_access(p, AT_FDCWD_LINUX, a[0], ARG_INT(1), 0);
}
long sx_sys_faccessat(SxProc *p, const uint64_t *a) {
  return do_access(p, ARG_INT(0), a[1], ARG_INT(2), 0);
}
long sx_sys_faccessat2(SxProc *p, const uint64_t *a) {
  if (ARG_INT(3) & ~(AT_SYMLINK_NOFOLLOW_LINUX | AT_EACCESS_LINUX | AT_EMPTY_PATH_LINUX))
    return -EINVAL_LINUX;
  return do_access(p, ARG_INT(0), a[1], ARG_INT(2), ARG_INT(3));
}

static long do_readlink(SxProc *p, int dirfd, uint64_t upath, uint64_t buf, int64_t size) {
  SxPath sp;
  if (size <= 0) return -EINVAL_LINUX;
  long r = resolve(p, dirfd, upath, 0, &sp);
  if (r < 0) return r;
  char target[SX_PATH_MAX];
  long n;
  switch (sp.kind) {
  case SX_PATH_PROC_LINK:
    n = (long)strlen(sp.link);
    memcpy(target, sp.link, (size_t)n);
    break;
  case SX_PATH_HOST:
  {
    if (!sp.exists) return -ENOENT_LINUX;
    At at;
    n = at_open(p, &sp, &at, NO_GRANT);
    if (n == 0) n = host_readlinkat(at.dfd, at.name, target, sizeof target);
    at_close(&at);
    if (n < 0) return n;
    break;
  }
  default: return -EINVAL_LINUX;
  }
  if (n > size) n = size;
  return sx_put(p, buf, target, (uint64_t)n) < 0 ? -EFAULT_LINUX : n;
}

long sx_sys_readlink(SxProc *p, const uint64_t *a) {
  return do_readlink(p, AT_FDCWD_LINUX, a[0], a[1], (int64_t)(int32_t)a[2]);
}
long sx_sys_readlinkat(SxProc *p, const uint64_t *a) {
  return do_readlink(p, ARG_INT(0), a[1], a[2], (int64_t)(int32_t)a[3]);
}

/* The common shape of "create or remove the last component" calls. */
static long host_only(SxProc *p, int dirfd, uint64_t upath, int flags, SxPath *sp) {
  long r = resolve(p, dirfd, upath, flags, sp);
  if (r < 0) return r;
  if (sp->kind != SX_PATH_HOST) return sp->kind == SX_PATH_DEV ? -EPERM_LINUX : -EACCES_LINUX;
  return read_only(sp);
}

/* Creates a directory entry that must not exist yet (mkdir, mknod): mode's type picks which;
 * /proc and device paths already exist, as on Linux. */
static long do_create(SxProc *p, int dirfd, uint64_t upath, uint32_t mode, int dir) {
  SxPath sp;
  long r = resolve(p, dirfd, upath, 0, &sp);
  if (r < 0) return r;   /* the walk's own errors: EACCES for a directory it may not search */
  if (sp.kind != SX_PATH_HOST || sp.exists) return -EEXIST_LINUX;
  if ((r = read_only(&sp)) < 0) return r;
  At at;
  r = at_open(p, &sp, &at, RT_WRITE_ENTRY);
  if (r == 0) r = dir ? host_mkdirat(at.dfd, at.name, (int)mode) : host_mknodat(at.dfd, at.name, mode);
  at_close(&at);
  return r;
}
static long do_mkdir(SxProc *p, int dirfd, uint64_t upath, int mode) {
  return do_create(p, dirfd, upath, (uint32_t)mode, 1);
}
long sx_sys_mkdir(SxProc *p, const uint64_t *a) { return do_mkdir(p, AT_FDCWD_LINUX, a[0], ARG_INT(1)); }
long sx_sys_mkdirat(SxProc *p, const uint64_t *a) { return do_mkdir(p, ARG_INT(0), a[1], ARG_INT(2)); }

/* mknod: FIFOs, sockets and regular files; device nodes are EPERM (a guest never creates
 * host devices). The host's umask is the guest's, so it applies as natively. */
static long do_mknod(SxProc *p, int dirfd, uint64_t upath, uint32_t mode) {
  uint32_t type = mode & S_IFMT_LINUX;
  if (type && type != S_IFREG_LINUX && type != S_IFIFO_LINUX && type != S_IFSOCK_LINUX &&
      type != S_IFCHR_LINUX && type != S_IFBLK_LINUX)
    return -EINVAL_LINUX;
  return do_create(p, dirfd, upath, mode, 0);
}
long sx_sys_mknod(SxProc *p, const uint64_t *a) { return do_mknod(p, AT_FDCWD_LINUX, a[0], ARG_UINT(1)); }
long sx_sys_mknodat(SxProc *p, const uint64_t *a) { return do_mknod(p, ARG_INT(0), a[1], ARG_UINT(2)); }

static long do_unlink(SxProc *p, int dirfd, uint64_t upath, int flags) {
  SxPath sp;
  if (flags & ~AT_REMOVEDIR_LINUX) return -EINVAL_LINUX;
  long r = host_only(p, dirfd, upath, 0, &sp);
  if (r < 0) return r;
  if (!sp.exists) return -ENOENT_LINUX;
  if (strcmp(sp.guest, "/") == 0) return -EBUSY_LINUX;
  At at;
  r = at_open(p, &sp, &at, RT_WRITE_ENTRY);
  if (r == 0) r = host_unlinkat(at.dfd, at.name, (flags & AT_REMOVEDIR_LINUX) != 0);
  at_close(&at);
  return r;
}
long sx_sys_unlink(SxProc *p, const uint64_t *a) { return do_unlink(p, AT_FDCWD_LINUX, a[0], 0); }
long sx_sys_rmdir(SxProc *p, const uint64_t *a) {
  return do_unlink(p, AT_FDCWD_LINUX, a[0], AT_REMOVEDIR_LINUX);
}
long sx_sys_unlinkat(SxProc *p, const uint64_t *a) { return do_unlink(p, ARG_INT(0), a[1], ARG_INT(2)); }

/* The process's cwd and descriptors are guest paths: after a rename of one of them or of a
 * directory above it, they name the new place, as Linux's follow the inode. (Another
 * process's rename is not seen.) */
static void rename_paths(SxProc *p, const char *from, const char *to) {
  size_t n = strlen(from);
  char buf[SX_PATH_MAX];
  if (strncmp(p->cwd, from, n) == 0 && (p->cwd[n] == '/' || p->cwd[n] == 0) &&
      snprintf(buf, sizeof buf, "%s%s", to, p->cwd + n) < (int)sizeof buf)
    memcpy(p->cwd, buf, strlen(buf) + 1);
  for (int fd = 0; fd < SX_MAX_FDS; fd++) {
    SxFd *f = &p->fds[fd];
    if (!f->used || !f->walkable || !f->path || strncmp(f->path, from, n) != 0 ||
        (f->path[n] != '/' && f->path[n] != 0))
      continue;
    char *moved = malloc(strlen(to) + strlen(f->path + n) + 1);
    if (!moved) continue;
    sprintf(moved, "%s%s", to, f->path + n);
    free(f->path);
    f->path = moved;
  }
}

static long do_rename(SxProc *p, int ofd, uint64_t opath, int nfd, uint64_t npath, int flags) {
  SxPath from, to;
  if (flags & RENAME_EXCHANGE_LINUX) return -EINVAL_LINUX;
  long r = host_only(p, ofd, opath, 0, &from);
  if (r < 0) return r;
  if (!from.exists) return -ENOENT_LINUX;
  r = host_only(p, nfd, npath, 0, &to);
  if (r < 0) return r;
  At fa, ta;
  r = at_open(p, &from, &fa, RT_WRITE_ENTRY);
  if (r < 0) return r;
  r = at_open(p, &to, &ta, RT_WRITE_ENTRY);
  if (r == 0) r = host_renameat(fa.dfd, fa.name, ta.dfd, ta.name, flags);
  at_close(&fa);
  at_close(&ta);
  if (r == 0) rename_paths(p, from.guest, to.guest);
  return r;
}
long sx_sys_rename(SxProc *p, const uint64_t *a) {
  return do_rename(p, AT_FDCWD_LINUX, a[0], AT_FDCWD_LINUX, a[1], 0);
}
long sx_sys_renameat(SxProc *p, const uint64_t *a) {
  return do_rename(p, ARG_INT(0), a[1], ARG_INT(2), a[3], 0);
}
long sx_sys_renameat2(SxProc *p, const uint64_t *a) {
  return do_rename(p, ARG_INT(0), a[1], ARG_INT(2), a[3], ARG_INT(4));
}

static long do_symlink(SxProc *p, uint64_t utarget, int dirfd, uint64_t upath) {
  char target[SX_PATH_MAX];
  long r = sx_get_path(p, utarget, target);
  if (r < 0) return r;
  if (!target[0]) return -ENOENT_LINUX;
  SxPath sp;
  r = host_only(p, dirfd, upath, 0, &sp);
  if (r == -EACCES_LINUX || r == -EPERM_LINUX) return -EEXIST_LINUX;
  if (r < 0) return r;
  if (sp.exists) return -EEXIST_LINUX;
  /* Stored verbatim: the shim resolves it relative to the guest root when walked. */
  At at;
  r = at_open(p, &sp, &at, RT_WRITE_ENTRY);
  if (r == 0) r = host_symlinkat(target, at.dfd, at.name);
  at_close(&at);
  return r;
}
long sx_sys_symlink(SxProc *p, const uint64_t *a) { return do_symlink(p, a[0], AT_FDCWD_LINUX, a[1]); }
long sx_sys_symlinkat(SxProc *p, const uint64_t *a) { return do_symlink(p, a[0], ARG_INT(1), a[2]); }

static long do_link(SxProc *p, int ofd, uint64_t opath, int nfd, uint64_t npath, int flags) {
  SxPath from, to;
  if (flags & ~(AT_SYMLINK_FOLLOW_LINUX | AT_EMPTY_PATH_LINUX)) return -EINVAL_LINUX;
  long r = host_only(p, ofd, opath, (flags & AT_SYMLINK_FOLLOW_LINUX) ? SX_WALK_FOLLOW : 0, &from);
  if (r < 0) return r;
  if (!from.exists) return -ENOENT_LINUX;
  r = host_only(p, nfd, npath, 0, &to);
  if (r < 0) return r;
  if (to.exists) return -EEXIST_LINUX;
  At fa, ta;
  r = at_open(p, &from, &fa, RT_WRITE);
  if (r < 0) return r;
  r = at_open(p, &to, &ta, RT_WRITE_ENTRY);
  if (r == 0) r = host_linkat(fa.dfd, fa.name, ta.dfd, ta.name);
  at_close(&fa);
  at_close(&ta);
  return r;
}
long sx_sys_link(SxProc *p, const uint64_t *a) {
  return do_link(p, AT_FDCWD_LINUX, a[0], AT_FDCWD_LINUX, a[1], 0);
}
long sx_sys_linkat(SxProc *p, const uint64_t *a) {
  return do_link(p, ARG_INT(0), a[1], ARG_INT(2), a[3], ARG_INT(4));
}

static long do_chmod(SxProc *p, int dirfd, uint64_t upath, int mode) {
  SxPath sp;
  long r = resolve(p, dirfd, upath, SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  if (sp.kind != SX_PATH_HOST && sp.kind != SX_PATH_DEV) return -EPERM_LINUX;
  if (!sp.exists) return -ENOENT_LINUX;
  if ((r = read_only(&sp)) < 0) return r;
  if (sp.kind == SX_PATH_DEV) return host_chmod(sp.host, mode);
  At at;
  r = at_open(p, &sp, &at, RT_WRITE);
  if (r == 0) r = host_fchmodat(at.dfd, at.name, mode);
  at_close(&at);
  return r;
}
long sx_sys_chmod(SxProc *p, const uint64_t *a) { return do_chmod(p, AT_FDCWD_LINUX, a[0], ARG_INT(1)); }
long sx_sys_fchmodat(SxProc *p, const uint64_t *a) { return do_chmod(p, ARG_INT(0), a[1], ARG_INT(2)); }

static long do_chown(SxProc *p, int dirfd, uint64_t upath, uint32_t u, uint32_t g, int flags) {
  if (sx_pidns_on()) {   /* nacre guest: remembered, not done (guest/owners.c) */
    if (flags & ~(AT_SYMLINK_NOFOLLOW_LINUX | AT_EMPTY_PATH_LINUX)) return -EINVAL_LINUX;
    StatLinux st;
    SxPath sp;
    long r = stat_at(p, dirfd, upath, flags, &st);
    if (r == 0 && resolve(p, dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW_LINUX) ? 0 : SX_WALK_FOLLOW,
                          &sp) == 0)
      r = read_only(&sp);
    return r < 0 ? r : sx_owners_chown(p, &st, u, g);
  }
  char path[SX_PATH_MAX];
  long r = sx_get_path(p, upath, path);
  if (r < 0) return r;
  if (!path[0] && (flags & AT_EMPTY_PATH_LINUX)) {
    SxFd *f = sx_fd_get(p, dirfd);
    return f ? host_fchown(f->host_fd, u, g) : -EBADF_LINUX;
  }
  SxPath sp;
  r = sx_vfs_resolve(p, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW_LINUX) ? 0 : SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  if (sp.kind != SX_PATH_HOST && sp.kind != SX_PATH_DEV) return -EPERM_LINUX;
  if (!sp.exists) return -ENOENT_LINUX;
  if (sp.kind == SX_PATH_DEV) return host_chown(sp.host, u, g, 1);
  At at;
  r = at_open(p, &sp, &at, RT_WRITE);
  if (r == 0) r = host_fchownat(at.dfd, at.name, u, g);
  at_close(&at);
  return r;
}
long sx_sys_chown(SxProc *p, const uint64_t *a) {
  return do_chown(p, AT_FDCWD_LINUX, a[0], ARG_UINT(1), ARG_UINT(2), 0);
}
long sx_sys_lchown(SxProc *p, const uint64_t *a) {
  return do_chown(p, AT_FDCWD_LINUX, a[0], ARG_UINT(1), ARG_UINT(2), AT_SYMLINK_NOFOLLOW_LINUX);
}
long sx_sys_fchownat(SxProc *p, const uint64_t *a) {
  return do_chown(p, ARG_INT(0), a[1], ARG_UINT(2), ARG_UINT(3), ARG_INT(4));
}

static long do_utimens(SxProc *p, int dirfd, uint64_t upath, const TimespecLinux *ts, int flags) {
  if (flags & ~(AT_SYMLINK_NOFOLLOW_LINUX | AT_EMPTY_PATH_LINUX)) return -EINVAL_LINUX;
  if (upath == 0) {
    /* utimensat(fd, NULL, ...) is futimens(fd). */
    SxFd *f = sx_fd_get(p, dirfd);
    return f ? host_utimens(f->host_fd, NULL, ts, 1) : -EBADF_LINUX;
  }
  SxPath sp;
  long r = resolve(p, dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW_LINUX) ? 0 : SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  if (sp.kind != SX_PATH_HOST && sp.kind != SX_PATH_DEV) return -EPERM_LINUX;
  if (!sp.exists) return -ENOENT_LINUX;
  if ((r = read_only(&sp)) < 0) return r;
  if (sp.kind == SX_PATH_DEV) return host_utimens(-1, sp.host, ts, 1);
  At at;
  r = at_open(p, &sp, &at, RT_WRITE);
  if (r == 0) r = host_utimensat(at.dfd, at.name, ts);
  at_close(&at);
  return r;
}

long sx_sys_utimensat(SxProc *p, const uint64_t *a) {
  TimespecLinux ts[2];
  if (a[2] && sx_get(p, a[2], ts, sizeof ts) < 0) return -EFAULT_LINUX;
  return do_utimens(p, ARG_INT(0), a[1], a[2] ? ts : NULL, ARG_INT(3));
}

static long do_utimes(SxProc *p, int dirfd, uint64_t upath, uint64_t utv) {
  TimespecLinux ts[2];
  if (utv) {
    TimevalLinux tv[2];
    if (sx_get(p, utv, tv, sizeof tv) < 0) return -EFAULT_LINUX;
    for (int i = 0; i < 2; i++) {
      if (tv[i].tv_usec < 0 || tv[i].tv_usec > 999999) return -EINVAL_LINUX;
      ts[i].tv_sec = tv[i].tv_sec;
      ts[i].tv_nsec = tv[i].tv_usec * 1000;
    }
  }
  return do_utimens(p, dirfd, upath, utv ? ts : NULL, 0);
}
long sx_sys_utimes(SxProc *p, const uint64_t *a) { return do_utimes(p, AT_FDCWD_LINUX, a[0], a[1]); }
long sx_sys_futimesat(SxProc *p, const uint64_t *a) { return do_utimes(p, ARG_INT(0), a[1], a[2]); }

long sx_sys_utime(SxProc *p, const uint64_t *a) {
  TimespecLinux ts[2];
  if (a[1]) {
    int64_t t[2];
    if (sx_get(p, a[1], t, sizeof t) < 0) return -EFAULT_LINUX;
    ts[0].tv_sec = t[0]; ts[1].tv_sec = t[1];
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
  }
  return do_utimens(p, AT_FDCWD_LINUX, a[0], a[1] ? ts : NULL, 0);
}

long sx_sys_truncate(SxProc *p, const uint64_t *a) {
  SxPath sp;
  if ((int64_t)a[1] < 0) return -EINVAL_LINUX;
  long r = host_only(p, AT_FDCWD_LINUX, a[0], SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  if (!sp.exists) return -ENOENT_LINUX;
  At at;
  r = at_open(p, &sp, &at, RT_WRITE);
  if (r == 0) r = not_running(&at);
  if (r == 0) r = host_truncateat(at.dfd, at.name, (int64_t)a[1]);
  at_close(&at);
  return r;
}

long sx_sys_getcwd(SxProc *p, const uint64_t *a) {
  size_t n = strlen(p->cwd) + 1;
  if (a[1] < n) return -ERANGE_LINUX;
  return sx_put(p, a[0], p->cwd, n) < 0 ? -EFAULT_LINUX : (long)n;
}

static long enter_dir(SxProc *p, const SxPath *sp) {
  StatLinux st;
  long r = stat_path(p, sp, &st);
  if (r < 0) return r;
  if ((st.st_mode & S_IFMT_LINUX) != S_IFDIR_LINUX) return -ENOTDIR_LINUX;
  if (sp->kind == SX_PATH_HOST) {
    At at;
    r = at_open(p, sp, &at, NO_GRANT);
    if (r == 0) r = host_faccessat(at.dfd, at.name, X_OK_LINUX, 1);
    at_close(&at);
    if (r < 0) return r;
  }
  snprintf(p->cwd, sizeof p->cwd, "%s", sp->guest);
  return 0;
}

long sx_sys_chdir(SxProc *p, const uint64_t *a) {
  SxPath sp;
  long r = resolve(p, AT_FDCWD_LINUX, a[0], SX_WALK_FOLLOW, &sp);
  return r < 0 ? r : enter_dir(p, &sp);
}

/* chroot: the directory becomes the guest's "/" for every later walk (the VFS keeps
 * confining to it). Allowed when nacre runs as root, as CAP_SYS_CHROOT is needed natively. A
 * cwd inside the new root is kept (rebased); one outside it becomes the new "/", where
 * Linux would leave it outside. Descriptors keep their guest paths and resolve anew. */
long sx_sys_chroot(SxProc *p, const uint64_t *a) {
  SxPath sp;
  long r = resolve(p, AT_FDCWD_LINUX, a[0], SX_WALK_FOLLOW, &sp);
  if (r < 0) return r;
  if (!sp.exists) return -ENOENT_LINUX;
  if (sp.kind != SX_PATH_HOST) return -EINVAL_LINUX;   /* /proc and devices cannot be roots */
  StatLinux st;
  r = stat_path(p, &sp, &st);
  if (r < 0) return r;
  if ((st.st_mode & S_IFMT_LINUX) != S_IFDIR_LINUX) return -ENOTDIR_LINUX;
  if (host_geteuid() != 0) return -EPERM_LINUX;
  size_t gl = strlen(sp.guest);
  if (strcmp(sp.guest, "/") == 0) return 0;
  if (strlen(sp.host) >= sizeof p->root) return -ENAMETOOLONG_LINUX;
  char cwd[SX_PATH_MAX];
  if (strncmp(p->cwd, sp.guest, gl) == 0 && (p->cwd[gl] == '/' || p->cwd[gl] == 0))
    snprintf(cwd, sizeof cwd, "%s", p->cwd[gl] ? p->cwd + gl : "/");
  else
    strcpy(cwd, "/");
  snprintf(p->root, sizeof p->root, "%s", sp.host);
  snprintf(p->cwd, sizeof p->cwd, "%s", cwd);
  return 0;
}

long sx_sys_fchdir(SxProc *p, const uint64_t *a) {
  SxFd *f = sx_fd_get(p, ARG_INT(0));
  if (!f) return -EBADF_LINUX;
  SxPath sp;
  long r = sx_vfs_resolve(p, AT_FDCWD_LINUX, f->path, SX_WALK_FOLLOW, &sp);
  return r < 0 ? r : enter_dir(p, &sp);
}

long sx_sys_umask(SxProc *p, const uint64_t *a) {
  long old = host_umask(ARG_INT(0) & 0777);
  p->umask = ARG_UINT(0) & 0777;
  return old;
}
