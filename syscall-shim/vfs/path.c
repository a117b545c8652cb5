/* Path resolution inside the guest root. The walk is done here, one component at a time with
 * lstat, so symlinks (absolute ones restart at the guest root) and ".." (clamped at the guest
 * root) can never name a host file outside the root. /proc and a few /dev nodes are virtual. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/vfs/vfs.h"

long sx_vfs_init(SxProc *p, const char *root) {
  p->root[0] = 0;
  if (root && strcmp(root, "/") != 0) {
    char *abs = realpath(root, NULL);
    if (!abs) return host_err();
    StatLinux st;
    long r = host_stat(abs, &st, 1);
    if (r < 0 || (st.st_mode & S_IFMT_LINUX) != S_IFDIR_LINUX) {
      free(abs);
      return r < 0 ? r : -ENOTDIR_LINUX;
    }
    if (strlen(abs) >= sizeof p->root) { free(abs); return -ENAMETOOLONG_LINUX; }
    strcpy(p->root, strcmp(abs, "/") == 0 ? "" : abs);
    free(abs);
  }
  if (p->root[0]) {
    strcpy(p->cwd, "/");
  } else {
    long r = host_getcwd(p->cwd, sizeof p->cwd);
    if (r < 0) strcpy(p->cwd, "/");
  }
  return 0;
}

int sx_vfs_guest_of_host(SxProc *p, const char *host, char *guest) {
  return sx_vfs_host_inside(p, host, guest);
}

/* Does p hold a descriptor on pseudo-terminal n already, its master (made through
 * /dev/ptmx) or a slave (the terminal it was started on)? */
static int holds_pty(SxProc *p, int n) {
  for (int i = 0; i < SX_MAX_FDS; i++) {
    int master;
    if (p->fds[i].used && host_pty_index(p->fds[i].host_fd, &master) == n) return 1;
  }
  return 0;
}

long sx_vfs_check_fd(SxProc *p, int host_fd) {
  if (sx_pidns_on()) {
    /* A full-system guest's tree is mounted nodev: its device nodes are the shim's own
     * (mount.c), never host devices a root file system happens to hold (/dev/console). The
     * exception is a pty slave under the host's /dev/pts that the process holds already
     * (openpty opens the slave of the master it just made): never another host terminal. */
    StatLinux st;
    uint32_t type = host_fstat(host_fd, &st) == 0 ? st.st_mode & S_IFMT_LINUX : 0;
    int master, n = type == S_IFCHR_LINUX ? host_pty_index(host_fd, &master) : -1;
    if ((type == S_IFCHR_LINUX || type == S_IFBLK_LINUX) && (n < 0 || master || !holds_pty(p, n)))
      return -EACCES_LINUX;
  }
  if (!p->root[0]) return 0;
  char actual[2 * SX_PATH_MAX];
  long r = host_fd_path(host_fd, actual, sizeof actual);
  if (r == -ENOSYS_LINUX) return 0;   /* the host cannot tell; the walk's check stands alone */
  if (r < 0) return -EACCES_LINUX;
  return sx_vfs_host_inside(p, actual, NULL) ? 0 : -EACCES_LINUX;
}

typedef struct {
  char rest[2 * SX_PATH_MAX + 2];
  size_t pos;
} Rest;

/* Next component into comp (empty string when done); sets *last. */
static long next_comp(Rest *r, char *comp, int *last) {
  while (r->rest[r->pos] == '/') r->pos++;
  size_t start = r->pos;
  while (r->rest[r->pos] && r->rest[r->pos] != '/') r->pos++;
  size_t n = r->pos - start;
  if (n > 255) return -ENAMETOOLONG_LINUX;
  memcpy(comp, r->rest + start, n);
  comp[n] = 0;
  size_t q = r->pos;
  while (r->rest[q] == '/') q++;
  *last = r->rest[q] == 0;
  return (long)n;
}

/* Replaces the consumed part with a symlink target: rest = target + "/" + unread rest. */
static long push_link(Rest *r, const char *target) {
  char tmp[sizeof r->rest];
  size_t tl = strlen(target), ul = strlen(r->rest + r->pos);
  if (tl + 1 + ul + 1 > sizeof tmp) return -ENAMETOOLONG_LINUX;
  memcpy(tmp, target, tl);
  tmp[tl] = '/';
  memcpy(tmp + tl + 1, r->rest + r->pos, ul + 1);
  memcpy(r->rest, tmp, tl + 1 + ul + 1);
  r->pos = 0;
  return 0;
}

static void pop(char *cur) {
  char *s = strrchr(cur, '/');
  if (s) *s = 0;
}

static long append(char *cur, const char *comp) {
  size_t a = strlen(cur), b = strlen(comp);
  if (a + 1 + b + 1 > SX_PATH_MAX) return -ENAMETOOLONG_LINUX;
  cur[a] = '/';
  memcpy(cur + a + 1, comp, b + 1);
  return 0;
}

static void finish(SxProc *p, SxPath *out, const char *cur) {
  snprintf(out->guest, sizeof out->guest, "%s", cur[0] ? cur : "/");
  if (out->kind == SX_PATH_HOST)
    sx_vfs_host_path(p, cur, out->host, sizeof out->host);
}

long sx_vfs_resolve(SxProc *p, int dirfd, const char *path, int flags, SxPath *out) {
  Rest r;
  char cur[SX_PATH_MAX], comp[256];
  int links = 0, missing = 0, follow_last = (flags & SX_WALK_FOLLOW) != 0;
  memset(out, 0, sizeof *out);
  out->kind = SX_PATH_HOST;
  size_t plen = strlen(path);
  if (plen == 0) return -ENOENT_LINUX;
  if (plen >= SX_PATH_MAX) return -ENAMETOOLONG_LINUX;
  if (path[plen - 1] == '/') { follow_last = 1; out->is_dir_hint = 1; }
  memcpy(r.rest, path, plen + 1);
  r.pos = 0;
  cur[0] = 0;
  if (path[0] != '/') {
    const char *base = p->cwd;
    if (dirfd != AT_FDCWD_LINUX) {
      SxFd *f = sx_fd_get(p, dirfd);
      if (!f) return -EBADF_LINUX;
      if (!f->proc_dir) {
        StatLinux st;
        long e = host_fstat(f->host_fd, &st);
        if (e < 0) return e;
        if ((st.st_mode & S_IFMT_LINUX) != S_IFDIR_LINUX) return -ENOTDIR_LINUX;
      }
      base = f->path;
    }
    snprintf(cur, sizeof cur, "%s", strcmp(base, "/") == 0 ? "" : base);
    if (strncmp(cur, "/proc", 5) == 0 && (cur[5] == 0 || cur[5] == '/'))
      out->kind = SX_PATH_PROC_DIR;   /* a cwd or dirfd inside /proc */
  }
  for (;;) {
    int last;
    long n = next_comp(&r, comp, &last);
    if (n < 0) return n;
    if (n == 0) break;
    if (strcmp(comp, ".") == 0) continue;
    if (strcmp(comp, "..") == 0) {
      pop(cur);
      if (strncmp(cur, "/proc", 5) != 0) out->kind = SX_PATH_HOST;

      else if (out->kind == SX_PATH_PROC_FILE || out->kind == SX_PATH_PROC_LINK) return -ENOTDIR_LINUX;
      continue;
    }
    int follow = !last || follow_last;
    /* Virtual /proc: never consults the host, whatever the root is. */
    if (strncmp(cur, "/proc", 5) == 0 && (cur[5] == 0 || cur[5] == '/') &&
        out->kind != SX_PATH_HOST) {
      const char *target;
      long e = sx_vfs_proc_step(p, cur, comp, last, follow, out, &target);
      if (e < 0) return e;
      if (target) {
        if (++links > SX_MAX_LINKS) return -ELOOP_LINUX;
        e = push_link(&r, target);
        if (e < 0) return e;
        cur[0] = 0;
        out->kind = SX_PATH_HOST;
      }
      continue;
    }
    if (out->kind != SX_PATH_HOST) return -ENOTDIR_LINUX;
    char next[SX_PATH_MAX];
    strcpy(next, cur);
    if (append(next, comp) < 0) return -ENAMETOOLONG_LINUX;
    const SxMount *m = sx_vfs_mount_at(next);
    if (m && m->kind == SX_MNT_PROC) {
      strcpy(cur, next);
      out->kind = SX_PATH_PROC_DIR;
      continue;
    }
    if (m && m->kind == SX_MNT_DEVNODE) {
      if (!last) return -ENOTDIR_LINUX;
      strcpy(cur, next);
      out->kind = SX_PATH_DEV;
      snprintf(out->host, sizeof out->host, "%s", m->target);
      continue;
    }
    if (m && m->kind == SX_MNT_LINK) {
      if (!follow) {
        strcpy(cur, next);
        out->kind = SX_PATH_PROC_LINK;
        snprintf(out->link, sizeof out->link, "%s", m->target);
        continue;
      }
      if (++links > SX_MAX_LINKS) return -ELOOP_LINUX;
      long e = push_link(&r, m->target);
      if (e < 0) return e;
      cur[0] = 0;
      continue;
    }
    long e = append(cur, comp);
    if (e < 0) return e;
    char host[2 * SX_PATH_MAX];
    sx_vfs_host_path(p, cur, host, sizeof host);
    StatLinux st;
    e = host_stat(host, &st, 0);
    if (e == -ENOENT_LINUX && sx_vfs_mount_below(cur)) {
      /* An implicit directory: it holds mounts but is absent from the root tree. */
      if (last) out->kind = SX_PATH_PROC_DIR;
      continue;
    }
    if (e < 0) {
      if (e == -ENOENT_LINUX && last) { missing = 1; break; }
      return e;
    }
    uint32_t type = st.st_mode & S_IFMT_LINUX;
    if (type == S_IFLNK_LINUX && follow) {
      if (++links > SX_MAX_LINKS) return -ELOOP_LINUX;
      char target[SX_PATH_MAX];
      long len = host_readlink(host, target, sizeof target - 1);
      if (len < 0) return len;
      target[len] = 0;
      pop(cur);
      if (target[0] == '/') cur[0] = 0;
      e = push_link(&r, target);
      if (e < 0) return e;
      continue;
    }
    if (!last && type != S_IFDIR_LINUX) return -ENOTDIR_LINUX;
    if (last) {
      out->exists = 1;
      if (out->is_dir_hint && type != S_IFDIR_LINUX) return -ENOTDIR_LINUX;
    }
  }
  if (!missing && out->kind == SX_PATH_HOST && cur[0] && sx_vfs_mount_below(cur)) {
    /* Ended on a directory only mounts imply (a bind's parent, a bare /dev), reached through
     * "..", "." or a trailing slash. */
    char host[2 * SX_PATH_MAX];
    StatLinux st;
    sx_vfs_host_path(p, cur, host, sizeof host);
    if (host_stat(host, &st, 0) == -ENOENT_LINUX) out->kind = SX_PATH_PROC_DIR;
  }
  /* Everything walked so far exists (".." only ever returns to directories already seen). */
  out->exists = !missing;
  finish(p, out, cur);
  return 0;
}
