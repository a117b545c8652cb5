/* System administration calls a guest may not make: mounts, swap, reboot, host and domain
 * names, the clock, accounting, namespaces. Each answers EPERM, what an unprivileged process
 * gets natively, because the guest shares the host's namespaces and has no system of its own
 * to administer (nacre guest, the full-system mode, is where such calls would get one). */
#include "syscall-shim/linux/sys.h"

/* Every one of them: the rows of syscalls.h name this one handler. */
long sx_sys_eperm(SxProc *p, const uint64_t *a) {
  (void)p;
  (void)a;
  return -EPERM_LINUX;
}
