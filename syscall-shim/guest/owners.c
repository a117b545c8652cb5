/* File ownership in nacre guest: an open-addressing table of (device, inode) -> (uid, gid) in
 * MAP_SHARED memory, so every process of the guest sees each other's chowns, under a
 * shared mutex (sx_shared_lock). Entries are never removed: an inode number the host reuses
 * after a delete inherits the remembered owner (docs/guest.md). */
#include "syscall-shim/guest/owners.h"
#include "syscall-shim/guest/pidns.h"

typedef struct {
  uint64_t dev, ino;
  uint32_t uid, gid;
  int used;
} Entry;

typedef struct {
  pthread_mutex_t mu;
  Entry e[SX_OWNERS_MAX];
} Table;

static Table *tab;
static uint32_t my_uid, my_gid;

long sx_owners_create(void) {
  Table *t = host_shared_alloc(sizeof *t);
  if (!t) return -ENOMEM_LINUX;
  sx_shared_mutex_init(&t->mu);
  my_uid = host_geteuid();
  my_gid = host_getegid();
  tab = t;
  return 0;
}

static void lock(void) { sx_shared_lock(&tab->mu); }

/* The slot for (dev, ino): its entry, or the free slot it would take; NULL when full. */
static Entry *slot(uint64_t dev, uint64_t ino) {
  uint64_t h = (dev * 0x9e3779b97f4a7c15ull) ^ (ino * 0xc2b2ae3d27d4eb4full);
  for (uint32_t i = 0; i < SX_OWNERS_MAX; i++) {
    Entry *e = &tab->e[(h + i) % SX_OWNERS_MAX];
    if (!e->used || (e->dev == dev && e->ino == ino)) return e;
  }
  return NULL;
}

static void seen(const StatLinux *st, uint32_t *uid, uint32_t *gid) {
  *uid = st->st_uid == my_uid ? 0 : st->st_uid;
  *gid = st->st_gid == my_gid ? 0 : st->st_gid;
  Entry *e = slot(st->st_dev, st->st_ino);
  if (e && e->used) {
    *uid = e->uid;
    *gid = e->gid;
  }
}

void sx_owners_apply(StatLinux *st) {
  if (!tab) return;
  lock();
  seen(st, &st->st_uid, &st->st_gid);
  pthread_mutex_unlock(&tab->mu);
}

long sx_owners_chown(SxProc *p, const StatLinux *st, uint32_t uid, uint32_t gid) {
  if (!tab) return -EPERM_LINUX;
  lock();
  uint32_t cu, cg;
  seen(st, &cu, &cg);
  if (uid == 0xffffffffu) uid = cu;
  if (gid == 0xffffffffu) gid = cg;
  long r = 0;
  /* Linux: CAP_CHOWN (euid 0 here) may give a file away. A file's owner may also move it to
   * a group of its own, which is refused here (EPERM): package tools chown as root. */
  if (p->cred.uid[1] != 0 && (uid != cu || gid != cg)) r = -EPERM_LINUX;
  else if (uid != cu || gid != cg) {
    Entry *e = slot(st->st_dev, st->st_ino);
    if (!e) r = -ENOSPC_LINUX;
    else *e = (Entry){st->st_dev, st->st_ino, uid, gid, 1};
  }
  pthread_mutex_unlock(&tab->mu);
  return r;
}
