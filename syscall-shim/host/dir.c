/* Host directory reading for getdents64: a DIR stream over a private duplicate of the guest's
 * host fd, with entry types translated to Linux DT_* values; and temporary directory trees. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscall-shim/host/host.h"

struct HostDir { DIR *d; };

HostDir *host_opendir(int fd) {
  int dfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (dfd < 0) return NULL;
  /* The duplicate shares the file offset; start from the beginning like a fresh open. */
  lseek(dfd, 0, SEEK_SET);
  DIR *d = fdopendir(dfd);
  if (!d) { close(dfd); return NULL; }
  HostDir *h = malloc(sizeof *h);
  if (!h) { closedir(d); return NULL; }
  h->d = d;
  return h;
}

static int type_linux(unsigned char t) {
  switch (t) {
#ifdef DT_FIFO
  case DT_FIFO: return DT_FIFO_LINUX;
  case DT_CHR: return DT_CHR_LINUX;
  case DT_DIR: return DT_DIR_LINUX;
  case DT_BLK: return DT_BLK_LINUX;
  case DT_REG: return DT_REG_LINUX;
  case DT_LNK: return DT_LNK_LINUX;
  case DT_SOCK: return DT_SOCK_LINUX;
#endif
  default: return DT_UNKNOWN_LINUX;
  }
}

int host_readdir(HostDir *h, HostDirent *e) {
  errno = 0;
  struct dirent *d = readdir(h->d);
  if (!d) return errno ? (int)host_err() : 0;
  e->ino = (uint64_t)d->d_ino;
#ifdef DT_FIFO
  e->type = type_linux(d->d_type);
#else
  e->type = DT_UNKNOWN_LINUX;
#endif
  size_t n = strlen(d->d_name);
  if (n > 255) n = 255;
  memcpy(e->name, d->d_name, n);
  e->name[n] = 0;
  return 1;
}

void host_rewinddir(HostDir *h) { rewinddir(h->d); }

void host_closedir(HostDir *h) {
  if (!h) return;
  closedir(h->d);
  free(h);
}

long host_make_tempdir(const char *prefix, char *buf, size_t n) {
  const char *t = getenv("TMPDIR");
  if (!t || !*t) t = "/tmp";
  if ((size_t)snprintf(buf, n, "%s/%s-XXXXXX", t, prefix) >= n) return -ENAMETOOLONG_LINUX;
  return mkdtemp(buf) ? 0 : host_err();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f) {
  (void)st; (void)flag; (void)f;
  remove(path);
  return 0;
}

long host_remove_tree(const char *path) {
  return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) < 0 ? host_err() : 0;
}
