/* The policy's decision and its path logic, with no Lua in it: whether a grant covers an
 * access, and paths resolved, checked and opened in one step (an openat walk with O_NOFOLLOW
 * per component that expands symbolic links itself), so that what is checked is what is
 * opened. Scripts reach it through runtime/sandbox.c, the syscall shim directly. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "runtime/policy.h"

/* Symbolic links one walk expands at most (the kernel's own bound, MAXSYMLINKS). */
#define MAX_LINKS 40

/* ------------------------------------------------------------------------------------------
 * Grants.
 */
static int under(const char *path, const char *root) {
  size_t n = strlen(root);
  if (strcmp(root, "/") == 0) return 1;
  return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int path_granted(const RtGrants *g, const char *resolved) {
  int i;
  if (g->all) return 1;
  for (i = 0; i < g->n; i++)
    if (under(resolved, g->item[i])) return 1;
  return 0;
}

static int name_granted(const RtGrants *g, const char *name) {
  int i;
  if (g->all) return 1;
  for (i = 0; name && i < g->n; i++)
    if (strcmp(g->item[i], name) == 0) return 1;
  return 0;
}

/* HOST[:PORT] grants: a grant without a port allows every port of that host. */
static int net_granted(const RtGrants *g, const char *hostport) {
  int i;
  if (g->all) return 1;
  for (i = 0; hostport && i < g->n; i++) {
    const char *grant = g->item[i];
    size_t n = strlen(grant);
    if (strcmp(grant, hostport) == 0) return 1;
    if (!strchr(grant, ':') && strncmp(hostport, grant, n) == 0 && hostport[n] == ':') return 1;
  }
  return 0;
}

static int deny(char *msg, size_t msglen, const char *what, const char *flag) {
  if (msg && msglen) snprintf(msg, msglen, "%s: permission denied by the sandbox (grant with %s)", what, flag);
  return EACCES;
}

/* What a path access needs: bit 1 read, bit 2 write. */
enum { NEED_READ = 1, NEED_WRITE = 2 };

static int needs_of_flags(int flags) {
  int acc = flags & O_ACCMODE, need = 0;
  if (flags & O_PATH) return NEED_READ; /* a descriptor that can be read through (fstat, *at) */
  if (acc != O_WRONLY) need |= NEED_READ;
  if (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))) need |= NEED_WRITE;
  return need;
}

/* Whether the canonical path is covered for every access in need; otherwise writes the denial
 * (naming the first flag missing, and the path as the program gave it) and returns 0. */
static int covered(const RtSandbox *sb, int need, const char *canonical, const char *given,
                   char *msg, size_t msglen) {
  if ((need & NEED_READ) && !path_granted(&sb->read, canonical)) {
    deny(msg, msglen, given, "--allow-read");
    return 0;
  }
  if ((need & NEED_WRITE) && !path_granted(&sb->write, canonical)) {
    deny(msg, msglen, given, "--allow-write");
    return 0;
  }
  return 1;
}

/* Whether the sandbox decides nothing for this need: the plain host call is then made. */
static int unconfined(const RtSandbox *sb, int need) {
  if (sb == NULL || !sb->sandboxed) return 1;
  return (!(need & NEED_READ) || sb->read.all) && (!(need & NEED_WRITE) || sb->write.all);
}

/* ------------------------------------------------------------------------------------------
 * The walk. It holds a descriptor of the directory reached so far and that directory's
 * canonical path; each component is opened relative to the descriptor with O_NOFOLLOW, and a
 * symbolic link met on the way is read and its target spliced into what remains, so no name
 * is ever resolved by the kernel past what was checked.
 */
typedef struct Walk {
  int dir;                 /* descriptor (O_PATH) of the directory reached */
  char canon[PATH_MAX];    /* its canonical path ("" for the root) */
  size_t len;
  char rest[PATH_MAX];     /* the components still to walk */
  int links;               /* symbolic links expanded so far */
} Walk;

/* Sets the walk back to the root directory. */
static int walk_root(Walk *w) {
  int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  if (w->dir >= 0) close(w->dir);
  w->dir = fd;
  w->len = 0;
  w->canon[0] = '\0';
  return 0;
}

/* Puts text (a path) in front of what remains to walk; an absolute one restarts at the root. */
static int walk_prepend(Walk *w, const char *text, size_t n) {
  size_t rest = strlen(w->rest), sep = rest > 0;
  if (n + sep + rest >= sizeof w->rest) return -ENAMETOOLONG;
  memmove(w->rest + n + sep, w->rest, rest + 1);
  memcpy(w->rest, text, n);
  if (sep) w->rest[n] = '/';
  if (text[0] == '/') return walk_root(w);
  return 0;
}

static int walk_begin(Walk *w, const char *path) {
  size_t n = strlen(path);
  int r;
  w->dir = -1;
  w->links = 0;
  w->rest[0] = '\0';
  if (n == 0) return -ENOENT;
  if ((r = walk_root(w)) != 0) return r;
  if (n >= sizeof w->rest) return -ENAMETOOLONG;
  if (path[0] != '/') { /* relative: the working directory is canonical, walk it first */
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) return -errno;
    if ((r = walk_prepend(w, path, n)) != 0) return r;
    return walk_prepend(w, cwd, strlen(cwd));
  }
  return walk_prepend(w, path, n);
}

static void walk_end(Walk *w) {
  if (w->dir >= 0) close(w->dir);
  w->dir = -1;
}

/* Takes the next component off rest into name (NUL-terminated); returns its length, 0 when
 * none is left. *last tells whether it is the final one, *slash whether a '/' followed it. */
static size_t walk_next(Walk *w, char *name, int *last, int *slash) {
  char *p = w->rest, *end;
  size_t n;
  while (*p == '/') p++;
  end = p;
  while (*end && *end != '/') end++;
  n = (size_t)(end - p);
  memcpy(name, p, n);
  name[n] = '\0';
  *slash = *end == '/';
  while (*end == '/') end++;
  *last = *end == '\0';
  memmove(w->rest, end, strlen(end) + 1);
  return n;
}

/* ".." : the canonical parent, reached again from the root one component at a time, each
 * opened with O_NOFOLLOW (a directory replaced by a link since fails the walk). */
static int walk_up(Walk *w) {
  char up[PATH_MAX], *p, *slash;
  int r;
  if (w->len == 0) return 0; /* the root is its own parent */
  slash = strrchr(w->canon, '/');
  *slash = '\0';
  memcpy(up, w->canon, (size_t)(slash - w->canon) + 1);
  if ((r = walk_root(w)) != 0) return r;
  for (p = up; *p == '/';) {
    char *next = strchr(p + 1, '/');
    size_t n = next ? (size_t)(next - p - 1) : strlen(p + 1);
    char name[NAME_MAX + 1];
    int fd;
    memcpy(name, p + 1, n);
    name[n] = '\0';
    fd = openat(w->dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -errno;
    close(w->dir);
    w->dir = fd;
    memcpy(w->canon + w->len, p, n + 1);
    w->len += n + 1;
    w->canon[w->len] = '\0';
    if (!next) break;
    p = next;
  }
  return 0;
}

/* Reads the link `name` in the walk's directory and splices its target in front of rest. */
static int walk_link(Walk *w, int fd, const char *name) {
  char target[PATH_MAX];
  ssize_t n = fd >= 0 ? readlinkat(fd, "", target, sizeof target)
                      : readlinkat(w->dir, name, target, sizeof target);
  if (n < 0) return -errno;
  if ((size_t)n >= sizeof target) return -ENAMETOOLONG;
  if (++w->links > MAX_LINKS) return -ELOOP;
  if (n == 0) return -ENOENT;
  return walk_prepend(w, target, (size_t)n);
}

/* The canonical path of name in the walk's directory, into out. */
static int walk_path(const Walk *w, const char *name, char *out, size_t outlen) {
  int n = snprintf(out, outlen, "%s/%s", w->canon, name);
  if (n < 0 || (size_t)n >= outlen) return -ENAMETOOLONG;
  if (w->len == 0 && *name == '\0') strcpy(out, "/");
  return 0;
}

/* Descends one directory: the component name, already opened as fd. */
static int walk_enter(Walk *w, int fd, const char *name) {
  size_t n = strlen(name);
  if (w->len + 1 + n >= sizeof w->canon) {
    close(fd);
    return -ENAMETOOLONG;
  }
  close(w->dir);
  w->dir = fd;
  w->canon[w->len++] = '/';
  memcpy(w->canon + w->len, name, n + 1);
  w->len += n;
  return 0;
}

/* Walks every component but the last, expanding links; leaves the last in name. Components
 * "." and ".." at the end are walked too, leaving name ".". Returns 0, or -errno with the
 * canonical path of the component that failed in failed. */
static int walk_to_last(Walk *w, char *name, int *slash, char *failed, size_t failedlen) {
  for (;;) {
    int last, fd, r;
    struct stat st;
    size_t n = walk_next(w, name, &last, slash);
    if (n == 0) { /* the path named the directory reached ("/", "a/.") */
      strcpy(name, ".");
      return 0;
    }
    if (n > NAME_MAX) r = -ENAMETOOLONG;
    else if (strcmp(name, ".") == 0) r = 0;
    else if (strcmp(name, "..") == 0) r = walk_up(w);
    else if (last) return 0;
    else if ((fd = openat(w->dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0) r = -errno;
    else if (fstat(fd, &st) != 0) {
      r = -errno;
      close(fd);
    } else if (S_ISLNK(st.st_mode)) {
      r = walk_link(w, fd, name);
      close(fd);
    } else if (!S_ISDIR(st.st_mode)) {
      r = -ENOTDIR;
      close(fd);
    } else {
      r = walk_enter(w, fd, name);
    }
    if (r != 0) { /* ".." failing: the tree changed under the walk, nothing to report on */
      if (strcmp(name, "..") == 0 || walk_path(w, name, failed, failedlen) != 0) failed[0] = '\0';
      return r;
    }
    if (last && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)) {
      strcpy(name, ".");
      return 0;
    }
  }
}

/* A failure of the walk or of the host call on the canonical path `failed`: the host's error
 * when that path is one the program may see, the denial otherwise (nothing outside the grants
 * is revealed, not even whether it exists). */
static int failure(const RtSandbox *sb, int need, int err, const char *failed, const char *given,
                   char *msg, size_t msglen) {
  if (failed[0] != '\0' && covered(sb, need, failed, given, msg, msglen)) {
    if (msg && msglen) msg[0] = '\0';
    return err;
  }
  return -EACCES;
}

/* ------------------------------------------------------------------------------------------
 * The fast path. When no component is a symbolic link, the canonical path is the lexical one
 * (made absolute, "." dropped, ".." taking off what precedes it); openat2 with
 * RESOLVE_NO_SYMLINKS opens exactly then, in one call, and fails with ELOOP otherwise. So the
 * lexical path is checked, then opened that way; any failure falls back to the walk, which
 * also words the errors (nothing outside the grants is revealed). Hosts without openat2
 * (before Linux 5.6, or a seccomp filter) always walk.
 */
static int no_openat2;

/* path made absolute and normalised lexically into out; 0, or -1 when it cannot take the
 * fast path (too long, a trailing '/', or ending in "." or ".."). */
static int lexical(const char *path, char *out, size_t outlen) {
  char abs[PATH_MAX];
  const char *p;
  size_t len = 0, n = strlen(path);
  if (n == 0 || path[n - 1] == '/') return -1;
  if (path[0] == '/') {
    if (n >= sizeof abs) return -1;
    memcpy(abs, path, n + 1);
  } else {
    if (getcwd(abs, sizeof abs) == NULL) return -1;
    if (snprintf(abs + strlen(abs), sizeof abs - strlen(abs), "/%s", path) >= (int)(sizeof abs - strlen(abs)))
      return -1;
  }
  for (p = abs; *p;) {
    const char *end;
    while (*p == '/') p++;
    end = p;
    while (*end && *end != '/') end++;
    n = (size_t)(end - p);
    if (n == 1 && p[0] == '.') {
      if (*end == '\0') return -1;
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      if (*end == '\0') return -1;
      while (len > 0 && out[--len] != '/') {}
    } else if (n > 0) {
      if (len + 1 + n >= outlen) return -1;
      out[len++] = '/';
      memcpy(out + len, p, n);
      len += n;
    }
    p = end;
  }
  if (len == 0) return -1;
  out[len] = '\0';
  return 0;
}

/* openat2 with RESOLVE_NO_SYMLINKS: a descriptor, or -errno. */
static int open_nolinks(const char *path, int flags, mode_t mode) {
  struct open_how how;
  long fd;
  if (no_openat2) return -ENOSYS;
  memset(&how, 0, sizeof how);
  how.flags = (unsigned)flags;
  how.mode = (flags & (O_CREAT | __O_TMPFILE)) ? mode : 0;
  how.resolve = RESOLVE_NO_SYMLINKS;
  fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
  if (fd >= 0) return (int)fd;
  if (errno == ENOSYS || errno == EPERM || errno == E2BIG) no_openat2 = 1;
  return -errno;
}

/* open(2) under the sandbox: need is what the final object must be granted for. */
static int open_walk(const RtSandbox *sb, const char *path, int flags, mode_t mode, int need,
                     char *msg, size_t msglen) {
  Walk w;
  char name[NAME_MAX + 2], canonical[PATH_MAX], failed[PATH_MAX] = "";
  int r, slash;
  if ((r = walk_begin(&w, path)) != 0) goto fail;
  for (;;) {
    int fd;
    if ((r = walk_to_last(&w, name, &slash, failed, sizeof failed)) != 0) goto fail;
    if ((r = walk_path(&w, strcmp(name, ".") == 0 ? "" : name, canonical, sizeof canonical)) != 0)
      goto fail;
    if (!covered(sb, need, canonical, path, msg, msglen)) {
      struct stat st; /* a link outside may point in: judged by its target */
      if (!(flags & O_NOFOLLOW) && fstatat(w.dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        if ((r = walk_link(&w, -1, name)) != 0) goto fail;
        continue;
      }
      r = -EACCES;
      goto done;
    }
    fd = openat(w.dir, name, flags | O_NOFOLLOW | (slash ? O_DIRECTORY : 0), mode);
    if (fd >= 0 && (flags & O_PATH) && !(flags & O_NOFOLLOW)) {
      struct stat st; /* O_PATH | O_NOFOLLOW opens a final link itself: follow it here */
      if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
        close(fd);
        fd = -1;
        errno = ELOOP;
      }
    }
    if (fd >= 0) {
      walk_end(&w);
      if (msg && msglen) msg[0] = '\0';
      return fd;
    }
    r = -errno;
    /* O_NOFOLLOW on a final link fails it with ELOOP (ENOTDIR with O_DIRECTORY): a link the
     * caller did not ask to stop at is expanded and the walk goes on from its target */
    if ((r == -ELOOP || r == -ENOTDIR) && !(flags & O_NOFOLLOW)) {
      struct stat st;
      if (fstatat(w.dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
        if ((r = walk_link(&w, -1, name)) != 0) goto fail;
        continue;
      }
    }
    strcpy(failed, canonical);
    goto fail;
  }
fail:
  r = failure(sb, need, r, failed, path, msg, msglen);
done:
  walk_end(&w);
  return r;
}

int rt_path_confined(const RtSandbox *sb, int flags) {
  return !unconfined(sb, needs_of_flags(flags));
}

int rt_path_open(const RtSandbox *sb, const char *path, int flags, mode_t mode, char *msg,
                 size_t msglen) {
  int need = needs_of_flags(flags), fd;
  char canonical[PATH_MAX];
  if (msg && msglen) msg[0] = '\0';
  if (!unconfined(sb, need)) {
    if (lexical(path, canonical, sizeof canonical) == 0 &&
        covered(sb, need, canonical, path, NULL, 0) &&
        (fd = open_nolinks(path, flags, mode)) >= 0)
      return fd;
    return open_walk(sb, path, flags, mode, need, msg, msglen);
  }
  fd = open(path, flags, mode);
  return fd >= 0 ? fd : -errno;
}

/* The directory holding the entry path names, walked, and the entry's name; the entry itself
 * is not followed. need: what the entry must be granted for. Returns 0 with the walk's
 * descriptor in w, or -errno (message written). */
static int walk_entry(const RtSandbox *sb, int need, Walk *w, const char *path, char *name,
                      int *slash, char *msg, size_t msglen) {
  char canonical[PATH_MAX], failed[PATH_MAX] = "";
  int r;
  if (lexical(path, canonical, sizeof canonical) == 0 &&
      covered(sb, need, canonical, path, NULL, 0)) {
    /* the fast path: the path's own directory part, opened with no link in it */
    const char *base = strrchr(path, '/');
    char dir[PATH_MAX];
    size_t dn = base ? (size_t)(base - path) : 1;
    if (base == NULL) memcpy(dir, ".", 2);
    else memcpy(dir, path, dn ? dn : 1);
    dir[dn ? dn : 1] = '\0';
    base = base ? base + 1 : path;
    if (strlen(base) <= NAME_MAX) {
      strcpy(name, base);
      w->dir = open_nolinks(dir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
      if (w->dir >= 0) {
        *slash = 0;
        return 0;
      }
    }
  }
  if ((r = walk_begin(w, path)) == 0 && (r = walk_to_last(w, name, slash, failed, sizeof failed)) == 0) {
    if (strcmp(name, ".") == 0) { /* "dir/." or "dir/..": no entry of its own to act on */
      r = walk_path(w, "", failed, sizeof failed);
      r = r ? r : -EINVAL;
    } else if ((r = walk_path(w, name, canonical, sizeof canonical)) == 0) {
      if (!covered(sb, need, canonical, path, msg, msglen)) return -EACCES;
      return 0;
    }
  }
  return failure(sb, need, r, failed, path, msg, msglen);
}

static int remove_at(int dir, const char *name, int slash, int kind) {
  struct stat st;
  if (slash || kind == RT_REMOVE_ANY) {
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return -errno;
    if (slash && !S_ISDIR(st.st_mode)) return -ENOTDIR;
    if (kind == RT_REMOVE_ANY) kind = S_ISDIR(st.st_mode) ? RT_REMOVE_DIR : RT_REMOVE_FILE;
  }
  if (unlinkat(dir, name, kind == RT_REMOVE_DIR ? AT_REMOVEDIR : 0) != 0) return -errno;
  return 0;
}

int rt_path_remove(const RtSandbox *sb, const char *path, int kind, char *msg, size_t msglen) {
  Walk w;
  char name[NAME_MAX + 2];
  int r, slash;
  if (msg && msglen) msg[0] = '\0';
  if (unconfined(sb, NEED_WRITE)) {
    r = kind == RT_REMOVE_DIR ? rmdir(path) : kind == RT_REMOVE_FILE ? unlink(path) : remove(path);
    return r == 0 ? 0 : -errno;
  }
  r = walk_entry(sb, NEED_WRITE, &w, path, name, &slash, msg, msglen);
  if (r == 0) r = remove_at(w.dir, name, slash, kind);
  walk_end(&w);
  return r;
}

/* An operation on two entries (rename, link): from needs need_from, to needs writing. */
static int two_entries(const RtSandbox *sb, int need_from, const char *from, const char *to,
                       int link, char *msg, size_t msglen) {
  Walk a, b;
  char na[NAME_MAX + 2], nb[NAME_MAX + 2];
  int r, slash;
  b.dir = -1;
  r = walk_entry(sb, need_from, &a, from, na, &slash, msg, msglen);
  if (r == 0) r = walk_entry(sb, NEED_WRITE, &b, to, nb, &slash, msg, msglen);
  if (r == 0 && (link ? linkat(a.dir, na, b.dir, nb, 0) : renameat(a.dir, na, b.dir, nb)) != 0)
    r = -errno;
  walk_end(&a);
  walk_end(&b);
  return r;
}

int rt_path_rename(const RtSandbox *sb, const char *from, const char *to, char *msg,
                   size_t msglen) {
  if (msg && msglen) msg[0] = '\0';
  if (unconfined(sb, NEED_WRITE)) return rename(from, to) == 0 ? 0 : -errno;
  return two_entries(sb, NEED_WRITE, from, to, 0, msg, msglen);
}

int rt_path_link(const RtSandbox *sb, const char *from, const char *to, char *msg,
                 size_t msglen) {
  if (msg && msglen) msg[0] = '\0';
  if (unconfined(sb, NEED_READ | NEED_WRITE)) return link(from, to) == 0 ? 0 : -errno;
  return two_entries(sb, NEED_READ, from, to, 1, msg, msglen);
}

/* A new entry at path: mkdir when target is NULL, else a symbolic link holding target. */
static int new_entry(const RtSandbox *sb, const char *path, const char *target, mode_t mode,
                     char *msg, size_t msglen) {
  Walk w;
  char name[NAME_MAX + 2];
  int r, slash;
  if (msg && msglen) msg[0] = '\0';
  if (unconfined(sb, NEED_WRITE))
    return (target ? symlink(target, path) : mkdir(path, mode)) == 0 ? 0 : -errno;
  r = walk_entry(sb, NEED_WRITE, &w, path, name, &slash, msg, msglen);
  if (r == 0 && (target ? symlinkat(target, w.dir, name) : mkdirat(w.dir, name, mode)) != 0)
    r = -errno;
  walk_end(&w);
  return r;
}

int rt_path_mkdir(const RtSandbox *sb, const char *path, mode_t mode, char *msg, size_t msglen) {
  return new_entry(sb, path, NULL, mode, msg, msglen);
}

int rt_path_symlink(const RtSandbox *sb, const char *target, const char *path, char *msg,
                    size_t msglen) {
  return new_entry(sb, path, target, 0, msg, msglen);
}

int rt_path_mkstemp(const RtSandbox *sb, const char *dir, const char *prefix, char *name,
                    size_t namelen, char *msg, size_t msglen) {
  static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  int dfd, tries, r = -EEXIST;
  unsigned long seed = (unsigned long)getpid() * 2654435761u ^ (unsigned long)(uintptr_t)&seed;
  if (dir == NULL) {
    dir = getenv("TMPDIR");
    if (dir == NULL || *dir == '\0') dir = "/tmp";
  }
  if (msg && msglen) msg[0] = '\0';
  if (unconfined(sb, NEED_WRITE)) {
    if ((dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) return -errno;
  } else if ((dfd = open_walk(sb, dir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, NEED_WRITE, msg,
                              msglen)) < 0) {
    return dfd;
  }
  for (tries = 0; tries < 100; tries++) {
    char file[NAME_MAX + 1];
    int i, n = snprintf(file, sizeof file, "%.200sXXXXXX", prefix), fd;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    seed ^= (unsigned long)ts.tv_nsec;
    for (i = n - 6; i < n; i++) {
      seed = seed * 6364136223846793005ul + 1442695040888963407ul;
      file[i] = letters[(seed >> 33) % (sizeof letters - 1)];
    }
    if (snprintf(name, namelen, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", file) >=
        (int)namelen) {
      r = -ENAMETOOLONG;
      break;
    }
    fd = openat(dfd, file, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      close(dfd);
      return fd;
    }
    r = -errno;
    if (r != -EEXIST) break;
  }
  close(dfd);
  return r;
}

int rt_path_resolve(const char *path, char *out, size_t outlen) {
  Walk w;
  char name[NAME_MAX + 2], failed[PATH_MAX];
  int r, slash;
  if ((r = walk_begin(&w, path)) != 0) goto done;
  for (;;) {
    struct stat st;
    if ((r = walk_to_last(&w, name, &slash, failed, sizeof failed)) != 0) break;
    if (strcmp(name, ".") == 0) {
      r = walk_path(&w, "", out, outlen);
      break;
    }
    if (fstatat(w.dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
      if ((r = walk_link(&w, -1, name)) != 0) break;
      continue;
    }
    r = walk_path(&w, name, out, outlen); /* an existing object, or a missing last name */
    break;
  }
done:
  walk_end(&w);
  return r;
}

/* The entry path names: its directory resolved, the last component as it stands. */
static int resolve_entry(const char *path, char *out, size_t outlen) {
  Walk w;
  char name[NAME_MAX + 2], failed[PATH_MAX];
  int r, slash;
  if ((r = walk_begin(&w, path)) == 0 && (r = walk_to_last(&w, name, &slash, failed, sizeof failed)) == 0)
    r = walk_path(&w, strcmp(name, ".") == 0 ? "" : name, out, outlen);
  walk_end(&w);
  return r;
}

/* ------------------------------------------------------------------------------------------
 * The decision.
 */
int rt_policy_decide(const RtSandbox *sb, RtAccess what, const char *arg, char *msg, size_t msglen) {
  char resolved[PATH_MAX];
  if (sb == NULL || !sb->sandboxed) return 0;
  switch (what) {
    case RT_READ:
    case RT_WRITE:
    case RT_WRITE_ENTRY: {
      const RtGrants *g = what == RT_READ ? &sb->read : &sb->write;
      const char *flag = what == RT_READ ? "--allow-read" : "--allow-write";
      if (g->all) return 0;
      if (arg == NULL) { /* an anonymous temporary file: needs the temporary directory */
        const char *tmp = getenv("TMPDIR");
        arg = tmp && *tmp ? tmp : "/tmp";
        if (rt_path_resolve(arg, resolved, sizeof resolved) != 0 || !path_granted(g, resolved))
          return deny(msg, msglen, "temporary file", flag);
        return 0;
      }
      if ((what == RT_WRITE_ENTRY ? resolve_entry(arg, resolved, sizeof resolved)
                                  : rt_path_resolve(arg, resolved, sizeof resolved)) != 0 ||
          !path_granted(g, resolved))
        return deny(msg, msglen, arg, flag);
      return 0;
    }
    case RT_RUN:
      return sb->allow_run ? 0 : deny(msg, msglen, arg ? arg : "command", "--allow-run");
    case RT_ENV:
      return name_granted(&sb->env, arg) ? 0 : deny(msg, msglen, arg ? arg : "environment", "--allow-env");
    case RT_NET:
      return net_granted(&sb->net, arg) ? 0 : deny(msg, msglen, arg ? arg : "network", "--allow-net");
    case RT_FFI:
      return sb->allow_ffi ? 0 : deny(msg, msglen, arg ? arg : "native code", "--allow-ffi");
  }
  return deny(msg, msglen, arg ? arg : "?", "--sandbox grants");
}
