/* Identity syscalls: process groups and sessions, and the set*id/get*id family. Under nacre
 * linux guest pids are host pids and the guest's credentials are nacre's, so these act on
 * the host process and the host kernel decides, as it would for the program run natively;
 * nacre guest translates pids through its namespace and keeps credentials of its own. */
#include <string.h>

#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

/* Process groups and sessions are the host's; in nacre guest their ids are translated (a
 * group or session led from outside the guest reads as 0, as across a pid namespace). */
static long to_guest(long r) { return r < 0 ? r : sx_pidns_guest((int)r); }
static int to_host(int pid) {
  if (pid <= 0 || !sx_pidns_on()) return pid;
  int h = sx_pidns_host(pid);
  return h ? h : 0x7fffffff;   /* no such process: the host answers ESRCH */
}

long sx_sys_getpgrp(SxProc *p, const uint64_t *a) { (void)p; (void)a; return to_guest(host_getpgid(0)); }
long sx_sys_getpgid(SxProc *p, const uint64_t *a) {
  (void)p;
  return to_guest(host_getpgid(to_host(ARG_INT(0))));
}
long sx_sys_getsid(SxProc *p, const uint64_t *a) {
  (void)p;
  return to_guest(host_getsid(to_host(ARG_INT(0))));
}
long sx_sys_setsid(SxProc *p, const uint64_t *a) { (void)p; (void)a; return to_guest(host_setsid()); }

long sx_sys_setpgid(SxProc *p, const uint64_t *a) {
  (void)p;
  if (ARG_INT(1) < 0) return -EINVAL_LINUX;
  return host_setpgid(to_host(ARG_INT(0)), to_host(ARG_INT(1)));
}

/* ---- credentials. Outside nacre guest they are the host's and the host decides. In nacre
 * guest they are virtual (SxCreds): the guest starts as root, and Linux's rules for each
 * call apply, with euid 0 standing for CAP_SETUID / CAP_SETGID. */

#define KEEP 0xffffffffu

/* One of the ids the caller already has: what an unprivileged change may pick. */
static int holds(const uint32_t *ids, uint32_t v) { return v == ids[0] || v == ids[1] || v == ids[2]; }

static long set_res(SxProc *p, int gid, uint32_t r, uint32_t e, uint32_t s) {
  if (!sx_pidns_on()) return host_setresid(gid, r, e, s);
  uint32_t *ids = gid ? p->cred.gid : p->cred.uid;
  int priv = p->cred.uid[1] == 0;
  if (!priv && ((r != KEEP && !holds(ids, r)) || (e != KEEP && !holds(ids, e)) ||
                (s != KEEP && !holds(ids, s))))
    return -EPERM_LINUX;
  if (r != KEEP) ids[0] = r;
  if (e != KEEP) ids[1] = e;
  if (s != KEEP) ids[2] = s;
  ids[3] = ids[1];
  return 0;
}

static long set_id(SxProc *p, int gid, uint32_t v) {
  if (!sx_pidns_on()) return host_setid(gid, v);
  if (v == KEEP) return -EINVAL_LINUX;
  uint32_t *ids = gid ? p->cred.gid : p->cred.uid;
  if (p->cred.uid[1] == 0) return set_res(p, gid, v, v, v);
  if (v != ids[0] && v != ids[2]) return -EPERM_LINUX;
  return set_res(p, gid, KEEP, v, KEEP);
}

/* setreuid: an unprivileged real id may become the effective one; the saved id follows the
 * new effective id when the real id is set or the effective id differs from the old real. */
static long set_re(SxProc *p, int gid, uint32_t r, uint32_t e) {
  if (!sx_pidns_on()) return host_setreid(gid, r, e);
  uint32_t *ids = gid ? p->cred.gid : p->cred.uid;
  if (p->cred.uid[1] != 0 && ((r != KEEP && r != ids[0] && r != ids[1]) ||
                              (e != KEEP && !holds(ids, e))))
    return -EPERM_LINUX;
  uint32_t s = (r != KEEP || (e != KEEP && e != ids[0])) ? (e != KEEP ? e : ids[1]) : KEEP;
  return set_res(p, gid, r, e, s);
}

long sx_sys_setuid(SxProc *p, const uint64_t *a) { return set_id(p, 0, ARG_UINT(0)); }
long sx_sys_setgid(SxProc *p, const uint64_t *a) { return set_id(p, 1, ARG_UINT(0)); }
long sx_sys_setreuid(SxProc *p, const uint64_t *a) { return set_re(p, 0, ARG_UINT(0), ARG_UINT(1)); }
long sx_sys_setregid(SxProc *p, const uint64_t *a) { return set_re(p, 1, ARG_UINT(0), ARG_UINT(1)); }
long sx_sys_setresuid(SxProc *p, const uint64_t *a) {
  return set_res(p, 0, ARG_UINT(0), ARG_UINT(1), ARG_UINT(2));
}
long sx_sys_setresgid(SxProc *p, const uint64_t *a) {
  return set_res(p, 1, ARG_UINT(0), ARG_UINT(1), ARG_UINT(2));
}

/* setfsuid/setfsgid return the previous fs id whether or not the change was allowed. */
static long set_fs(SxProc *p, int gid, uint32_t v) {
  if (!sx_pidns_on()) return host_setfsid(gid, v);
  uint32_t *ids = gid ? p->cred.gid : p->cred.uid;
  uint32_t old = ids[3];
  if (v != KEEP && (p->cred.uid[1] == 0 || holds(ids, v) || v == ids[3])) ids[3] = v;
  return old;
}
long sx_sys_setfsuid(SxProc *p, const uint64_t *a) { return set_fs(p, 0, ARG_UINT(0)); }
long sx_sys_setfsgid(SxProc *p, const uint64_t *a) { return set_fs(p, 1, ARG_UINT(0)); }

static long put_ids(SxProc *p, const uint64_t *a, int gid) {
  uint32_t v[3];
  if (sx_pidns_on()) memcpy(v, gid ? p->cred.gid : p->cred.uid, sizeof v);
  else {
    long r = host_getresid(gid, v);
    if (r < 0) return r;
  }
  for (int i = 0; i < 3; i++)
    if (sx_put(p, a[i], &v[i], 4) < 0) return -EFAULT_LINUX;
  return 0;
}
long sx_sys_getresuid(SxProc *p, const uint64_t *a) { return put_ids(p, a, 0); }
long sx_sys_getresgid(SxProc *p, const uint64_t *a) { return put_ids(p, a, 1); }

/* Linux's NGROUPS_MAX is 65536; the shim passes at most 256, which real programs stay under
 * (a full-system guest keeps SX_MAX_GROUPS). */
#define MAX_GROUPS 256

long sx_sys_getgroups(SxProc *p, const uint64_t *a) {
  int n = ARG_INT(0);
  if (n < 0) return -EINVAL_LINUX;
  uint32_t list[MAX_GROUPS];
  long r;
  if (sx_pidns_on()) {
    r = p->cred.ngroups;
    if (n && n < r) return -EINVAL_LINUX;
    memcpy(list, p->cred.groups, (size_t)r * 4);
  } else r = host_getgroups(n > MAX_GROUPS ? MAX_GROUPS : n, list);
  if (r <= 0 || n == 0) return r;
  return sx_put(p, a[1], list, (uint64_t)r * 4) < 0 ? -EFAULT_LINUX : r;
}

long sx_sys_setgroups(SxProc *p, const uint64_t *a) {
  int n = ARG_INT(0);
  if (n < 0 || n > 65536) return -EINVAL_LINUX;
  if (n > (sx_pidns_on() ? SX_MAX_GROUPS : MAX_GROUPS)) return -ENOMEM_LINUX;
  uint32_t list[MAX_GROUPS];
  if (n && sx_get(p, a[1], list, (uint64_t)n * 4) < 0) return -EFAULT_LINUX;
  if (!sx_pidns_on()) return host_setgroups(n, list);
  if (p->cred.uid[1] != 0) return -EPERM_LINUX;
  memcpy(p->cred.groups, list, (size_t)n * 4);
  p->cred.ngroups = n;
  return 0;
}

/* Capabilities: _LINUX_CAPABILITY_VERSION_1 has one data triple, versions 2 and 3 two. An
 * unknown version is EINVAL with the preferred version written back, as the kernel does. */
#define CAP_V1 0x19980330u
#define CAP_V2 0x20071026u
#define CAP_V3 0x20080522u

static int cap_words(uint32_t v) { return v == CAP_V1 ? 3 : (v == CAP_V2 || v == CAP_V3) ? 6 : 0; }

/* nacre guest does not model capabilities: euid 0 has all of them (effective and permitted,
 * CAP_LAST_CAP 40), anyone else none, and capset may only restate that. */
static void guest_caps(SxProc *p, uint32_t data[6]) {
  memset(data, 0, 6 * sizeof data[0]);
  if (p->cred.uid[1] == 0) data[0] = data[1] = 0xffffffffu, data[3] = data[4] = 0x1ff;
}

long sx_sys_capget(SxProc *p, const uint64_t *a) {
  uint32_t hdr[2];
  if (sx_get(p, a[0], hdr, sizeof hdr) < 0) return -EFAULT_LINUX;
  int words = cap_words(hdr[0]);
  if (!words) {
    hdr[0] = CAP_V3;
    return sx_put(p, a[0], hdr, 4) < 0 ? -EFAULT_LINUX : (a[1] ? -EINVAL_LINUX : 0);
  }
  if ((int32_t)hdr[1] < 0) return -EINVAL_LINUX;
  if (!a[1]) return 0;
  uint32_t data[6] = {0};
  if (sx_pidns_on()) guest_caps(p, data);
  else {
    long r = host_capget(&hdr[0], (int32_t)hdr[1], data);
    if (r < 0) return r;
  }
  return sx_put(p, a[1], data, (uint64_t)words * 4) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_capset(SxProc *p, const uint64_t *a) {
  uint32_t hdr[2];
  if (sx_get(p, a[0], hdr, sizeof hdr) < 0) return -EFAULT_LINUX;
  int words = cap_words(hdr[0]);
  if (!words) {
    hdr[0] = CAP_V3;
    return sx_put(p, a[0], hdr, 4) < 0 ? -EFAULT_LINUX : -EINVAL_LINUX;
  }
  if (hdr[1] != 0 && (int32_t)hdr[1] != p->pid) return -EPERM_LINUX;
  uint32_t data[6] = {0};
  if (sx_get(p, a[1], data, (uint64_t)words * 4) < 0) return -EFAULT_LINUX;
  if (sx_pidns_on()) {
    uint32_t have[6] = {0};
    guest_caps(p, have);
    return memcmp(data, have, (size_t)words * 4) == 0 ? 0 : -EPERM_LINUX;
  }
  return host_capset(hdr[0], 0, data);
}
