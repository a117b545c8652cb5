/* nacre guest's file ownership: the guest is root inside while its files belong to nacre's
 * user on the host, so chown is remembered instead of done (for the guest's lifetime, in
 * memory every guest process shares) and stat reports the remembered owner. */
#ifndef SX_OWNERS_H
#define SX_OWNERS_H

#include "syscall-shim/guest/proc.h"

/* Inodes whose owner a guest may change (a fixed table shared without an allocator). */
#define SX_OWNERS_MAX 65536

/* Creates the shared table (before the first guest process). Returns 0 or -ENOMEM. */
long sx_owners_create(void);
/* chown of the file st describes, by p (0xffffffff keeps an id): 0, -EPERM or -ENOSPC. */
long sx_owners_chown(SxProc *p, const StatLinux *st, uint32_t uid, uint32_t gid);
/* What the guest sees in a stat result: the remembered owner, else nacre's own user and group
 * as root's (0), others as they are. No-op outside nacre guest. */
void sx_owners_apply(StatLinux *st);

#endif
