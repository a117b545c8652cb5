/* The guest file descriptor table: guest numbers map to host fds the shim owns, so a guest can
 * only reach files it opened itself, never nacre's own descriptors. */
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/vfs/vfs.h"

void sx_fd_init(SxProc *p) {
  memset(p->fds, 0, sizeof p->fds);
  static const char *names[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
  for (int i = 0; i < 3; i++) {
    long h = host_dup(i);
    if (h >= 0) sx_fd_install(p, (int)h, 0, names[i], i);
  }
}

SxFd *sx_fd_get(SxProc *p, int fd) {
  if (fd < 0 || fd >= SX_MAX_FDS || !p->fds[fd].used) return NULL;
  return &p->fds[fd];
}

static void release(SxFd *f) {
  if (f->dir) host_closedir(f->dir);
  host_close(f->host_fd);
  free(f->path);
  memset(f, 0, sizeof *f);
}

long sx_fd_install(SxProc *p, int host_fd, int cloexec, const char *guest_path, int minfd) {
  if (minfd < 0) minfd = 0;
  for (int i = minfd; i < SX_MAX_FDS; i++) {
    if (p->fds[i].used) continue;
    SxFd *f = &p->fds[i];
    memset(f, 0, sizeof *f);
    f->used = 1;
    f->host_fd = host_fd;
    f->cloexec = cloexec;
    f->path = strdup(guest_path ? guest_path : "");
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
  if (minfd < 0 || minfd >= SX_MAX_FDS) return -EINVAL_LINUX;
  long h = host_dup(f->host_fd);
  if (h < 0) return h;
  return sx_fd_install(p, (int)h, cloexec, f->path, minfd);
}

long sx_fd_dup_to(SxProc *p, int oldfd, int newfd, int cloexec) {
  SxFd *f = sx_fd_get(p, oldfd);
  if (!f) return -EBADF_LINUX;
  if (newfd < 0 || newfd >= SX_MAX_FDS) return -EBADF_LINUX;
  if (newfd == oldfd) return newfd;
  long h = host_dup(f->host_fd);
  if (h < 0) return h;
  char *path = strdup(f->path ? f->path : "");
  if (p->fds[newfd].used) release(&p->fds[newfd]);
  SxFd *n = &p->fds[newfd];
  n->used = 1;
  n->host_fd = (int)h;
  n->cloexec = cloexec;
  n->path = path;
  return newfd;
}
