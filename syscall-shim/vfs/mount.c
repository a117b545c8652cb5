/* The guest's mount table. "/" is the host directory given by --root (or the host's /); on
 * top of it sit the shim's procfs at /proc, a few host device nodes passed through by name,
 * and the /dev/std* links; a full-system guest adds its binds (host directories at guest
 * paths: --bind, /dev/shm, /dev/pts, a private /tmp). Mount points need not exist under the
 * root: their parents are directories implicitly, so a bare tree still has /dev/null. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/vfs/vfs.h"

static const SxMount MOUNTS[] = {
  {"/proc", SX_MNT_PROC, "", 0},
  {"/dev/null", SX_MNT_DEVNODE, "/dev/null", 0},
  {"/dev/zero", SX_MNT_DEVNODE, "/dev/zero", 0},
  {"/dev/full", SX_MNT_DEVNODE, "/dev/full", 0},
  {"/dev/random", SX_MNT_DEVNODE, "/dev/random", 0},
  {"/dev/urandom", SX_MNT_DEVNODE, "/dev/urandom", 0},
  {"/dev/tty", SX_MNT_DEVNODE, "/dev/tty", 0},
  {"/dev/stdin", SX_MNT_LINK, "/proc/self/fd/0", 0},
  {"/dev/stdout", SX_MNT_LINK, "/proc/self/fd/1", 0},
  {"/dev/stderr", SX_MNT_LINK, "/proc/self/fd/2", 0},
  {"/dev/fd", SX_MNT_LINK, "/proc/self/fd", 0},
};

#define NFIXED (sizeof MOUNTS / sizeof MOUNTS[0])

/* Mounts added at start (sx_vfs_mount_add), never removed: a guest cannot mount. */
#define MAX_ADDED 64
static SxMount added[MAX_ADDED];
static size_t nadded;

static const SxMount *mount_n(size_t i) { return i < nadded ? &added[i] : &MOUNTS[i - nadded]; }

long sx_vfs_mount_add(const char *guest, SxMountKind kind, const char *target, int ro) {
  if (nadded == MAX_ADDED) return -ENOSPC_LINUX;
  if (guest[0] != '/' || strlen(guest) >= SX_PATH_MAX || strlen(target) >= SX_PATH_MAX)
    return -EINVAL_LINUX;
  for (size_t i = 0; i < nadded; i++)
    if (strcmp(added[i].guest, guest) == 0) return -EBUSY_LINUX;
  char *g = strdup(guest), *t = strdup(target);
  if (!g || !t) { free(g); free(t); return -ENOMEM_LINUX; }
  added[nadded++] = (SxMount){g, kind, t, ro};
  return 0;
}

const SxMount *sx_vfs_mount_at(const char *guest) {
  for (size_t i = 0; i < nadded + NFIXED; i++)
    if (strcmp(mount_n(i)->guest, guest) == 0) return mount_n(i);
  return NULL;
}

int sx_vfs_mount_below(const char *dir) {
  size_t n = strlen(dir);
  for (size_t i = 0; i < nadded + NFIXED; i++)
    if (strncmp(mount_n(i)->guest, dir, n) == 0 && mount_n(i)->guest[n] == '/') return 1;
  return 0;
}

void sx_vfs_mount_children(const char *dir, void (*add)(void *ctx, char type, const char *name),
                           void *ctx) {
  size_t n = strcmp(dir, "/") == 0 ? 0 : strlen(dir);
  for (size_t i = 0; i < nadded + NFIXED; i++) {
    const char *g = mount_n(i)->guest;
    if (strncmp(g, dir, n) != 0 || g[n] != '/') continue;
    const char *child = g + n + 1;
    size_t cl = strcspn(child, "/");
    int dup = 0;
    for (size_t j = 0; j < i && !dup; j++) {
      const char *h = mount_n(j)->guest;
      dup = strncmp(h, dir, n) == 0 && h[n] == '/' && strncmp(h + n + 1, child, cl) == 0 &&
            (h[n + 1 + cl] == '/' || h[n + 1 + cl] == 0);
    }
    if (dup) continue;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)cl, child);
    SxMountKind k = mount_n(i)->kind;
    add(ctx, child[cl] ? 'd' : k == SX_MNT_DEVNODE ? 'c' : k == SX_MNT_LINK ? 'l' : 'd', name);
  }
}

/* The bind whose guest path is the longest prefix of canonical path `guest`, or NULL. */
static const SxMount *bind_of(const char *guest) {
  const SxMount *best = NULL;
  size_t bl = 0;
  for (size_t i = 0; i < nadded; i++) {
    const SxMount *m = &added[i];
    size_t n = strlen(m->guest);
    if (m->kind == SX_MNT_BIND && n > bl && strncmp(m->guest, guest, n) == 0 &&
        (guest[n] == '/' || guest[n] == 0)) {
      best = m;
      bl = n;
    }
  }
  return best;
}

void sx_vfs_host_path(SxProc *p, const char *guest, char *host, size_t n) {
  const SxMount *m = bind_of(guest);
  if (m) snprintf(host, n, "%s%s", m->target, guest + strlen(m->guest));
  else snprintf(host, n, "%s%s", p->root, guest[0] ? guest : "/");
}

int sx_vfs_read_only(const char *guest) {
  const SxMount *m = bind_of(guest);
  return m && m->ro;
}

int sx_vfs_host_inside(SxProc *p, const char *host, char *guest) {
  const char *best = NULL, *gbase = "";
  size_t bl = 0;
  for (size_t i = 0; i <= nadded; i++) {
    const char *base = i < nadded ? added[i].target : p->root;
    if (i < nadded && added[i].kind != SX_MNT_BIND) continue;
    size_t n = strlen(base);
    if (strncmp(host, base, n) != 0 || (host[n] != '/' && host[n] != 0)) continue;
    if (!best || n > bl) {
      best = base;
      bl = n;
      gbase = i < nadded ? added[i].guest : "";
    }
  }
  if (!best) return 0;
  if (guest) {
    const char *rest = host + bl;
    snprintf(guest, SX_PATH_MAX, "%s%s", gbase, *rest || *gbase ? rest : "/");
  }
  return 1;
}
