/* The guest file descriptor table: guest numbers map to host fds the shim owns, so a guest can
 * only reach files it opened itself, never nacre's own descriptors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/linux/sys.h"
#include "syscall-shim/vfs/vfs.h"

/* --max-files: may one more descriptor be opened? */
static int room_for_one(SxProc *p) {
  int open = 0;
  for (int i = 0; i < SX_MAX_FDS; i++) open += p->fds[i].used;
  return sx_limits_file_ok(open);
}

void sx_fd_init(SxProc *p) {
  memset(p->fds, 0, sizeof p->fds);
  /* Inherited descriptors have no path in the guest tree; /proc/self/fd/N for them reopens
   * the descriptor itself. */
  for (int i = 0; i < 3; i++) {
    long h = host_dup(i);
    if (h < 0) continue;
    char name[64];
    StatLinux st;
    if (host_fstat((int)h, &st) == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFIFO_LINUX)
      snprintf(name, sizeof name, "pipe:[%llu]", (unsigned long long)st.st_ino);
    else if (host_isatty((int)h))
      snprintf(name, sizeof name, "/dev/tty");
    else
      snprintf(name, sizeof name, "inherited:[%d]", i);
    long g = sx_fd_install(p, (int)h, 0, name, i);
    if (g >= 0) p->fds[g].walkable = 0;
  }
}

SxFd *sx_fd_get(SxProc *p, int fd) {
  if (fd < 0 || fd >= SX_MAX_FDS || !p->fds[fd].used) return NULL;
  return &p->fds[fd];
}

int sx_fd_is_opath(SxFd *f) {
  long fl = host_getfl(f->host_fd);
  return fl >= 0 && (fl & O_PATH_LINUX) == O_PATH_LINUX;
}

static void release(SxFd *f) {
  if (f->dir) host_closedir(f->dir);
  host_close(f->host_fd);
  free(f->path);
  memset(f, 0, sizeof *f);
}

long sx_fd_install(SxProc *p, int host_fd, int cloexec, const char *guest_path, int minfd) {
  if (minfd < 0) minfd = 0;
  if (!room_for_one(p)) {
    host_close(host_fd);
    return -EMFILE_LINUX;
  }
  for (int i = minfd, n = sx_limit_nofile(p); i < n; i++) {
    if (p->fds[i].used) continue;
    SxFd *f = &p->fds[i];
    memset(f, 0, sizeof *f);
    f->used = 1;
    f->host_fd = host_fd;
    f->cloexec = cloexec;
    f->path = strdup(guest_path ? guest_path : "");
    f->walkable = f->path && f->path[0] == '/';
    return i;
  }
  host_close(host_fd);
  return -EMFILE_LINUX;
}

long sx_fd_close(SxProc *p, int fd) {
  SxFd *f = sx_fd_get(p, fd);
  if (!f) return -EBADF_LINUX;
  release(f);
  return 0;
}

long sx_fd_dup(SxProc *p, int fd, int minfd, int cloexec) {
  SxFd *f = sx_fd_get(p, fd);
  if (!f) return -EBADF_LINUX;
  if (minfd < 0 || minfd >= sx_limit_nofile(p)) return -EINVAL_LINUX;
  long h = host_dup(f->host_fd);
  if (h < 0) return h;
  long g = sx_fd_install(p, (int)h, cloexec, f->path, minfd);
  if (g >= 0) {
    p->fds[g].walkable = f->walkable;
    p->fds[g].proc_dir = f->proc_dir;
    p->fds[g].signalfd = f->signalfd;
    p->fds[g].signalfd_mask = f->signalfd_mask;
  }
  return g;
}

long sx_fd_dup_to(SxProc *p, int oldfd, int newfd, int cloexec) {
  SxFd *f = sx_fd_get(p, oldfd);
  if (!f) return -EBADF_LINUX;
  if (newfd < 0 || newfd >= sx_limit_nofile(p)) return -EBADF_LINUX;
  if (newfd == oldfd) return newfd;
  if (!p->fds[newfd].used && !room_for_one(p)) return -EMFILE_LINUX;
  long h = host_dup(f->host_fd);
  if (h < 0) return h;
  char *path = strdup(f->path ? f->path : "");
  if (p->fds[newfd].used) release(&p->fds[newfd]);
  SxFd *n = &p->fds[newfd];
  n->used = 1;
  n->host_fd = (int)h;
  n->cloexec = cloexec;
  n->path = path;
  n->walkable = f->walkable;
  n->proc_dir = f->proc_dir;
  n->signalfd = f->signalfd;
  n->signalfd_mask = f->signalfd_mask;
  return newfd;
}
