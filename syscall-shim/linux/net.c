/* Network syscalls. Sockets are not provided yet: socket() fails cleanly with EAFNOSUPPORT
 * for the address families programs probe (so they fall back), ENOSYS rows cover the rest. */
#include "syscall-shim/linux/sys.h"

long sx_sys_socket(SxProc *p, const uint64_t *a) {
  (void)p; (void)a;
  return -EAFNOSUPPORT_LINUX;
}
