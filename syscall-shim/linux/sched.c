/* Scheduling and memory-residency syscalls: priorities and policies (the host's, for guest
 * processes are host processes), personality,
 * the mlock family and mincore, and ptrace (refused). */
#include <string.h>

#include "syscall-shim/linux/sys.h"

/* Changes reach only the guest's own processes (itself and its children, or their groups),
 * as kill does: a guest must not renice or reschedule the rest of the host. */
static int own_process(SxProc *p, int pid) {
  if (pid == 0 || pid == p->pid) return 1;
  for (int i = 0; i < p->nchildren; i++)
    if (pid == p->children[i]) return 1;
  return 0;
}

static int own_group(SxProc *p, int pg) {
  if (pg == 0 || pg == host_getpgid(0)) return 1;
  for (int i = 0; i < p->nchildren; i++)
    if (host_getpgid(p->children[i]) == pg) return 1;
  return 0;
}

long sx_sys_getpriority(SxProc *p, const uint64_t *a) {
  (void)p;
  if (ARG_INT(0) < 0 || ARG_INT(0) > 2) return -EINVAL_LINUX;
  return host_getpriority(ARG_INT(0), ARG_INT(1));
}

long sx_sys_setpriority(SxProc *p, const uint64_t *a) {
  int which = ARG_INT(0), who = ARG_INT(1);
  if (which < 0 || which > 2) return -EINVAL_LINUX;
  if ((which == 0 && !own_process(p, who)) || (which == 1 && !own_group(p, who)) || which == 2)
    return -EPERM_LINUX;
  return host_setpriority(which, who, ARG_INT(2));
}

long sx_sys_sched_getscheduler(SxProc *p, const uint64_t *a) {
  (void)p;
  if (ARG_INT(0) < 0) return -EINVAL_LINUX;
  return host_sched_getscheduler(ARG_INT(0));
}

long sx_sys_sched_setscheduler(SxProc *p, const uint64_t *a) {
  int32_t prio;
  if (ARG_INT(0) < 0 || !a[2]) return -EINVAL_LINUX;
  if (!own_process(p, ARG_INT(0))) return -EPERM_LINUX;
  if (sx_get(p, a[2], &prio, 4) < 0) return -EFAULT_LINUX;
  return host_sched_setscheduler(ARG_INT(0), ARG_INT(1), prio);
}

long sx_sys_sched_getparam(SxProc *p, const uint64_t *a) {
  if (ARG_INT(0) < 0 || !a[1]) return -EINVAL_LINUX;
  long r = host_sched_getparam(ARG_INT(0));
  if (r < 0) return r;
  int32_t prio = (int32_t)r;
  return sx_put(p, a[1], &prio, 4) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_sched_setparam(SxProc *p, const uint64_t *a) {
  int32_t prio;
  if (ARG_INT(0) < 0 || !a[1]) return -EINVAL_LINUX;
  if (!own_process(p, ARG_INT(0))) return -EPERM_LINUX;
  if (sx_get(p, a[1], &prio, 4) < 0) return -EFAULT_LINUX;
  long pol = host_sched_getscheduler(ARG_INT(0));
  return pol < 0 ? pol : host_sched_setscheduler(ARG_INT(0), (int)pol, prio);
}

long sx_sys_sched_get_priority_max(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_sched_priority_bound(ARG_INT(0), 1);
}
long sx_sys_sched_get_priority_min(SxProc *p, const uint64_t *a) {
  (void)p;
  return host_sched_priority_bound(ARG_INT(0), 0);
}

long sx_sys_sched_rr_get_interval(SxProc *p, const uint64_t *a) {
  if (ARG_INT(0) < 0) return -EINVAL_LINUX;
  TimespecLinux ts;
  long r = host_sched_rr_interval(ARG_INT(0), &ts);
  if (r < 0) return r;
  return sx_put(p, a[1], &ts, sizeof ts) < 0 ? -EFAULT_LINUX : 0;
}

long sx_sys_personality(SxProc *p, const uint64_t *a) {
  uint32_t old = p->personality, want = ARG_UINT(0);
  if (want != 0xffffffffu) p->personality = want;
  return old;
}

/* The mlock family checks its arguments and the mapping as Linux does, then locks the guest's
 * pages, which are host pages of nacre, on the host (its RLIMIT_MEMLOCK, which setrlimit sets,
 * applies; /proc/self/status shows them in VmLck). mlockall stays the guest's own: the host's
 * would lock nacre's whole reservation. */
static long mapped(SxProc *p, uint64_t addr, uint64_t len) {
  uint64_t start = addr & ~SX_PAGE_MASK, end = (addr + len + SX_PAGE_MASK) & ~SX_PAGE_MASK;
  if (end < start || end > SX_ADDR_LIMIT) return -ENOMEM_LINUX;
  for (uint64_t pg = start; pg < end; pg += SX_PAGE_SIZE)
    if (sx_mem_prot_at(p->mem, pg) < 0) return -ENOMEM_LINUX;
  return 0;
}

long sx_mem_lock(SxProc *p, uint64_t addr, uint64_t len, int lock, int onfault) {
  uint64_t start = addr & ~SX_PAGE_MASK, end = (addr + len + SX_PAGE_MASK) & ~SX_PAGE_MASK;
  long r = mapped(p, addr, len);
  if (r < 0 || end == start) return r;
  return host_mem_lock(sx_mem_host(p->mem, start), end - start, lock, onfault);
}

long sx_sys_mlock(SxProc *p, const uint64_t *a) { return sx_mem_lock(p, a[0], a[1], 1, 0); }
long sx_sys_munlock(SxProc *p, const uint64_t *a) { return sx_mem_lock(p, a[0], a[1], 0, 0); }
long sx_sys_mlock2(SxProc *p, const uint64_t *a) {
  if (ARG_UINT(2) & ~1u) return -EINVAL_LINUX;   /* MLOCK_ONFAULT */
  return sx_mem_lock(p, a[0], a[1], 1, ARG_UINT(2) & 1);
}
long sx_sys_mlockall(SxProc *p, const uint64_t *a) {
  (void)p;
  unsigned f = ARG_UINT(0);   /* MCL_CURRENT 1, MCL_FUTURE 2, MCL_ONFAULT 4 */
  if (!f || (f & ~7u) || f == 4) return -EINVAL_LINUX;
  return 0;
}
long sx_sys_munlockall(SxProc *p, const uint64_t *a) { (void)p; (void)a; return 0; }

/* mincore: every mapped page counts as resident (the shim cannot see host residency). */
long sx_sys_mincore(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = a[1];
  if (addr & SX_PAGE_MASK) return -EINVAL_LINUX;
  uint64_t pages = (len + SX_PAGE_MASK) >> 12;
  long r = mapped(p, addr, len);
  if (r < 0) return r;
  uint8_t one[256];
  memset(one, 1, sizeof one);
  for (uint64_t done = 0; done < pages;) {
    uint64_t n = pages - done > sizeof one ? sizeof one : pages - done;
    if (sx_put(p, a[2] + done, one, n) < 0) return -EFAULT_LINUX;
    done += n;
  }
  return 0;
}

/* Tracing is not offered: the guest's registers live in the interpreter, not in a host
 * process another tracer could stop. Debuggers see "operation not permitted". */
long sx_sys_ptrace(SxProc *p, const uint64_t *a) { (void)p; (void)a; return -EPERM_LINUX; }
