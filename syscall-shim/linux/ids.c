/* Identity syscalls: process groups and sessions, and the set*id/get*id family. Guest pids
 * are host pids and the guest's credentials are nacre's, so these act on the host process
 * and the host kernel decides, as it would for the program run natively. */
#include "syscall-shim/linux/sys.h"

long sx_sys_getpgrp(SxProc *p, const uint64_t *a) { (void)p; (void)a; return host_getpgid(0); }
long sx_sys_getpgid(SxProc *p, const uint64_t *a) { (void)p; return host_getpgid(ARG_INT(0)); }
long sx_sys_getsid(SxProc *p, const uint64_t *a) { (void)p; return host_getsid(ARG_INT(0)); }
long sx_sys_setsid(SxProc *p, const uint64_t *a) { (void)p; (void)a; return host_setsid(); }

long sx_sys_setpgid(SxProc *p, const uint64_t *a) {
  (void)p;
  if (ARG_INT(1) < 0) return -EINVAL_LINUX;
  return host_setpgid(ARG_INT(0), ARG_INT(1));
}

long sx_sys_setuid(SxProc *p, const uint64_t *a) { (void)p; return host_setid(0, ARG_UINT(0)); }
long sx_sys_setgid(SxProc *p, const uint64_t *a) { (void)p; return host_setid(1, ARG_UINT(0)); }
long sx_sys_setreuid(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_setresid(0, ARG_UINT(0), ARG_UINT(1), 0xffffffffu);
}
long sx_sys_setregid(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_setresid(1, ARG_UINT(0), ARG_UINT(1), 0xffffffffu);
}
long sx_sys_setresuid(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_setresid(0, ARG_UINT(0), ARG_UINT(1), ARG_UINT(2));
}
long sx_sys_setresgid(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_setresid(1, ARG_UINT(0), ARG_UINT(1), ARG_UINT(2));
}
long sx_sys_setfsuid(SxProc *p, const uint64_t *a) { (void)p; return host_setfsid(0, ARG_UINT(0)); }
long sx_sys_setfsgid(SxProc *p, const uint64_t *a) { (void)p; return host_setfsid(1, ARG_UINT(0)); }

static long put_ids(SxProc *p, const uint64_t *a, int gid) {
  uint32_t v[3];
  long r = host_getresid(gid, v);
  if (r < 0) return r;
  for (int i = 0; i < 3; i++)
    if (sx_put(p, a[i], &v[i], 4) < 0) return -EFAULT_LINUX;
  return 0;
}
long sx_sys_getresuid(SxProc *p, const uint64_t *a) { return put_ids(p, a, 0); }
long sx_sys_getresgid(SxProc *p, const uint64_t *a) { return put_ids(p, a, 1); }

/* Linux's NGROUPS_MAX is 65536; the shim passes at most 256, which real programs stay under. */
#define MAX_GROUPS 256

long sx_sys_getgroups(SxProc *p, const uint64_t *a) {
  int n = ARG_INT(0);
  if (n < 0) return -EINVAL_LINUX;
  uint32_t list[MAX_GROUPS];
  long r = host_getgroups(n > MAX_GROUPS ? MAX_GROUPS : n, list);
  if (r <= 0 || n == 0) return r;
  return sx_put(p, a[1], list, (uint64_t)r * 4) < 0 ? -EFAULT_LINUX : r;
}

long sx_sys_setgroups(SxProc *p, const uint64_t *a) {
  int n = ARG_INT(0);
  if (n < 0 || n > 65536) return -EINVAL_LINUX;
  if (n > MAX_GROUPS) return -ENOMEM_LINUX;
  uint32_t list[MAX_GROUPS];
  if (n && sx_get(p, a[1], list, (uint64_t)n * 4) < 0) return -EFAULT_LINUX;
  return host_setgroups(n, list);
}
