/* Process credentials and sessions for the shim: the guest's ids and capabilities are nacre's
 * own, so a set*id or capset call changes nacre's (the host decides what is allowed) and
 * reports what the host reports. The capability structs are the kernel's ABI on Linux hosts. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/fsuid.h>
#endif

#include "syscall-shim/host/host.h"

#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

long host_setsid(void) { RET(setsid()); }

long host_setresid(int gid, uint32_t r, uint32_t e, uint32_t s) {
#if defined(__linux__)
  if (gid) RET(setresgid((gid_t)r, (gid_t)e, (gid_t)s));
  RET(setresuid((uid_t)r, (uid_t)e, (uid_t)s));
#else
  if (s != 0xffffffffu && s != e) return -EPERM_LINUX;   /* no saved-id control here */
  if (gid) RET(setregid((gid_t)r, (gid_t)e));
  RET(setreuid((uid_t)r, (uid_t)e));
#endif
}

long host_setreid(int gid, uint32_t r, uint32_t e) {
  if (gid) RET(setregid((gid_t)r, (gid_t)e));
  RET(setreuid((uid_t)r, (uid_t)e));
}

long host_setid(int gid, uint32_t id) {
  if (gid) RET(setgid((gid_t)id));
  RET(setuid((uid_t)id));
}

long host_getresid(int gid, uint32_t out[3]) {
#if defined(__linux__)
  if (gid) {
    gid_t r, e, s;
    if (getresgid(&r, &e, &s) < 0) return host_err();
    out[0] = r; out[1] = e; out[2] = s;
  } else {
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) < 0) return host_err();
    out[0] = r; out[1] = e; out[2] = s;
  }
#else
  out[0] = gid ? (uint32_t)getgid() : (uint32_t)getuid();
  out[1] = out[2] = gid ? (uint32_t)getegid() : (uint32_t)geteuid();
#endif
  return 0;
}

long host_setfsid(int gid, uint32_t id) {
#if defined(__linux__)
  return gid ? setfsgid((gid_t)id) : setfsuid((uid_t)id);
#else
  (void)id;
  return gid ? (long)getegid() : (long)geteuid();
#endif
}

long host_setgroups(int n, const uint32_t *list) {
  gid_t buf[256];
  if (n < 0 || n > 256) return -EINVAL_LINUX;
  for (int i = 0; i < n; i++) buf[i] = (gid_t)list[i];
  RET(setgroups((size_t)n, buf));
}

long host_capget(uint32_t *version, int pid, uint32_t data[6]) {
#if defined(__linux__)
  struct { uint32_t version; int pid; } h = {*version, pid};
  long r = syscall(SYS_capget, &h, data);
  *version = h.version;
  return r < 0 ? host_err() : 0;
#else
  (void)version; (void)pid; (void)data;
  return -ENOSYS_LINUX;
#endif
}

long host_capset(uint32_t version, int pid, const uint32_t data[6]) {
#if defined(__linux__)
  struct { uint32_t version; int pid; } h = {version, pid};
  RET(syscall(SYS_capset, &h, data));
#else
  (void)version; (void)pid; (void)data;
  return -ENOSYS_LINUX;
#endif
}
