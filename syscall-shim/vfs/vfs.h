/* The guest's view of the file system: path resolution confined to the guest root, the virtual
 * /proc and /dev entries, and the guest file descriptor table. */
#ifndef SX_VFS_H
#define SX_VFS_H

#include "syscall-shim/guest/proc.h"

/* Symlink hops allowed in one walk, as Linux's MAXSYMLINKS. */
#define SX_MAX_LINKS 40

enum {
  SX_WALK_FOLLOW = 1,   /* follow a symlink in the last component */
  SX_WALK_EMPTY = 2,    /* "" means dirfd itself (AT_EMPTY_PATH) */
};

typedef enum {
  SX_PATH_HOST,       /* an ordinary file under the root (may not exist: see exists) */
  SX_PATH_DEV,        /* a device node passed through from the host (/dev/null ...) */
  SX_PATH_PROC_LINK,  /* a /proc symlink; target in link */
  SX_PATH_PROC_FILE,  /* a synthetic read-only /proc file, named by guest */
  SX_PATH_PROC_DIR,   /* a /proc directory, or a directory implied by mounts below it */
  SX_PATH_FD,         /* /proc/self/fd/N of a descriptor with no path (pipe, inherited
                         stdio): opening it duplicates descriptor `fd` */
} SxPathKind;

typedef struct {
  SxPathKind kind;
  int exists;                 /* for SX_PATH_HOST: the last component exists */
  int is_dir_hint;            /* path ended in '/' */
  char guest[SX_PATH_MAX];    /* canonical guest path, no symlinks, no . or .. */
  char host[2 * SX_PATH_MAX]; /* where it lives on the host */
  char link[SX_PATH_MAX];
  int fd;
} SxPath;

/* Mount table (mount.c): what sits on top of the root directory. */
typedef enum {
  SX_MNT_PROC,      /* the shim's procfs */
  SX_MNT_DEVNODE,   /* a host device node, passed through (target = host path) */
  SX_MNT_LINK,      /* a fixed symlink (target = link text) */
  SX_MNT_BIND,      /* a host directory (target) seen at the guest path, ro or not */
} SxMountKind;

typedef struct {
  const char *guest;
  SxMountKind kind;
  const char *target;
  int ro;
} SxMount;

/* Adds a mount at canonical guest path `guest` (before the guest starts). Returns 0 or -errno. */
long sx_vfs_mount_add(const char *guest, SxMountKind kind, const char *target, int ro);
/* Where canonical guest path `guest` lives on the host: under the innermost bind holding it,
 * else under the root. */
void sx_vfs_host_path(SxProc *p, const char *guest, char *host, size_t n);
/* Whether canonical guest path `guest` lies in a read-only bind (writes there are EROFS). */
int sx_vfs_read_only(const char *guest);
/* Whether host path `host` lies under the root or a bind; if so and guest is not NULL, the
 * guest path naming it (SX_PATH_MAX bytes). */
int sx_vfs_host_inside(SxProc *p, const char *host, char *guest);

/* The mount exactly at a canonical guest path, or NULL. */
const SxMount *sx_vfs_mount_at(const char *guest);
/* Whether some mount lies below directory `dir` (which then exists implicitly). */
int sx_vfs_mount_below(const char *dir);
/* Calls add once per name directly below canonical directory `dir` that a mount provides,
 * with its type: 'd' directory, 'c' device, 'l' symlink. */
void sx_vfs_mount_children(const char *dir, void (*add)(void *ctx, char type, const char *name),
                           void *ctx);

/* Resolves `path` relative to guest fd `dirfd` (or AT_FDCWD). Returns 0 or -errno; a missing
 * last component is not an error (exists = 0) so callers can create it. */
long sx_vfs_resolve(SxProc *p, int dirfd, const char *path, int flags, SxPath *out);
/* Sets the root (a host directory; NULL or "/" for the host root) and the initial cwd. */
long sx_vfs_init(SxProc *p, const char *root);
/* After a host open under --root: checks the file the host actually opened lies inside the
 * root, which catches a directory swapped for a symlink between the walk and the open.
 * Returns 0 or -EACCES (then the caller closes the fd). */
long sx_vfs_check_fd(SxProc *p, int host_fd);
/* Maps a host path back to the guest path if it lies inside the root (for the program name). */
int sx_vfs_guest_of_host(SxProc *p, const char *host, char *guest);

/* proc.c: one step of a walk inside /proc. cur is a canonical /proc directory; on success
 * it becomes cur/comp and out->kind says what that is, or *link is set to a symlink target
 * the walk must follow (follow set) and cur is left alone. Returns 0 or -errno. */
long sx_vfs_proc_step(SxProc *p, char *cur, const char *comp, int last, int follow,
                      SxPath *out, const char **link);
/* The content of the /proc file at canonical path `guest`, as a host fd positioned at 0. */
long sx_vfs_proc_open(SxProc *p, const char *guest);
/* An allow-listed /proc/sys file opened for writing (Linux open flags): the host's own file,
 * a host fd; EACCES under --sandbox, in nacre guest and for anything else in /proc. */
long sx_vfs_proc_open_write(SxProc *p, const char *guest, int lflags);
/* 0 when sx_vfs_proc_open_write may open the file (access W_OK then asks the host). */
long sx_vfs_proc_writable(SxProc *p, const char *guest);
/* Opening a /proc directory: a host fd to stand for it in the fd table. */
long sx_vfs_proc_opendir(SxProc *p, const char *guest);
/* The current listing of a /proc directory, one "DT NAME\n" line per entry, in a malloc'd
 * string stored in *out; returns its length or -errno. */
long sx_vfs_proc_list(SxProc *p, const char *guest, char **out);
/* lstat/stat result for a non-host path kind. */
void sx_vfs_fake_stat(SxProc *p, const SxPath *sp, StatLinux *st);

/* fd table */
void sx_fd_init(SxProc *p);
SxFd *sx_fd_get(SxProc *p, int fd);
/* Is it an O_PATH descriptor (which ioctl and the xattr calls refuse with EBADF)? */
int sx_fd_is_opath(SxFd *f);
/* Installs host_fd as the lowest free guest fd >= minfd; on failure closes host_fd. */
long sx_fd_install(SxProc *p, int host_fd, int cloexec, const char *guest_path, int minfd);
long sx_fd_close(SxProc *p, int fd);
long sx_fd_dup(SxProc *p, int fd, int minfd, int cloexec);
long sx_fd_dup_to(SxProc *p, int oldfd, int newfd, int cloexec);

#endif
