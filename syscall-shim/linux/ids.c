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

/* Capabilities: _LINUX_CAPABILITY_VERSION_1 has one data triple, versions 2 and 3 two. An
 * unknown version is EINVAL with the preferred version written back, as the kernel does. */
#define CAP_V1 0x19980330u
#define CAP_V2 0x20071026u
#define CAP_V3 0x20080522u

static int cap_words(uint32_t v) { return v == CAP_V1 ? 3 : (v == CAP_V2 || v == CAP_V3) ? 6 : 0; }

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
  long r = host_capget(&hdr[0], (int32_t)hdr[1], data);
  if (r < 0) return r;
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
  return host_capset(hdr[0], 0, data);
}
