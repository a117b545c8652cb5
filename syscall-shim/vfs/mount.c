/* The guest's mount table. "/" is the host directory given by --root (or the host's /); on
 * top of it sit the shim's procfs at /proc, a few host device nodes passed through by name,
 * and the /dev/std* links. Mount points need not exist under the root: their parents are
 * directories implicitly, so a bare --root tree still has /dev/null and /proc/self/exe. */
#include <string.h>

#include "syscall-shim/vfs/vfs.h"

static const SxMount MOUNTS[] = {
  {"/proc", SX_MNT_PROC, ""},
  {"/dev/null", SX_MNT_DEVNODE, "/dev/null"},
  {"/dev/zero", SX_MNT_DEVNODE, "/dev/zero"},
  {"/dev/full", SX_MNT_DEVNODE, "/dev/full"},
  {"/dev/random", SX_MNT_DEVNODE, "/dev/random"},
  {"/dev/urandom", SX_MNT_DEVNODE, "/dev/urandom"},
  {"/dev/tty", SX_MNT_DEVNODE, "/dev/tty"},
  {"/dev/stdin", SX_MNT_LINK, "/proc/self/fd/0"},
  {"/dev/stdout", SX_MNT_LINK, "/proc/self/fd/1"},
  {"/dev/stderr", SX_MNT_LINK, "/proc/self/fd/2"},
  {"/dev/fd", SX_MNT_LINK, "/proc/self/fd"},
};

const SxMount *sx_vfs_mount_at(const char *guest) {
  for (size_t i = 0; i < sizeof MOUNTS / sizeof MOUNTS[0]; i++)
    if (strcmp(MOUNTS[i].guest, guest) == 0) return &MOUNTS[i];
  return NULL;
}

int sx_vfs_mount_below(const char *dir) {
  size_t n = strlen(dir);
  for (size_t i = 0; i < sizeof MOUNTS / sizeof MOUNTS[0]; i++)
    if (strncmp(MOUNTS[i].guest, dir, n) == 0 && MOUNTS[i].guest[n] == '/') return 1;
  return 0;
}
