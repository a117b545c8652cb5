/* System administration calls a guest may not make: mounts, swap, reboot, host and domain
 * names, the clock, accounting, namespaces. Each answers EPERM, what an unprivileged process
 * gets natively, because the guest shares the host's namespaces and has no system of its own
 * to administer (nacre guest, the full-system mode, is where such calls would get one). */
#include "syscall-shim/linux/sys.h"

static long refused(SxProc *p, const uint64_t *a) { (void)p; (void)a; return -EPERM_LINUX; }

long sx_sys_mount(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_umount2(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_pivot_root(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_swapon(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_swapoff(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_reboot(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_sethostname(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_setdomainname(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_acct(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_unshare(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_setns(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_settimeofday(SxProc *p, const uint64_t *a) { return refused(p, a); }
long sx_sys_clock_settime(SxProc *p, const uint64_t *a) { return refused(p, a); }
