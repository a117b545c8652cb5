/* Another process of a full-system guest, seen from this one: a snapshot of its SxProc (fd
 * table, cwd, executable, argv and environment bounds) and of its memory map, copied out of
 * its host process (host_peek), for the /proc/<pid> entries Linux derives from a process's
 * own state (fd, fdinfo, cwd, exe, maps, cmdline, environ). The copy is not locked against
 * the other process: like a read of Linux's /proc, it is a moment's picture, and every
 * length and index taken from it is bounded before use. */
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/peer.h"
#include "syscall-shim/guest/pidns.h"

/* Regions copied at most (a guest with more shows its first ones). */
#define MAX_REGIONS 65536

static long peek_all(int host, uint64_t addr, void *buf, size_t n) {
  long r = host_peek(host, addr, buf, n);
  if (r < 0) return r;
  return (size_t)r == n ? 0 : -EFAULT_LINUX;
}

long sx_peer_open(int pid, SxPeer *pe) {
  memset(pe, 0, sizeof *pe);
  SxPidInfo info;
  if (!sx_pidns_info(pid, &info) || !info.state) return -ESRCH_LINUX;
  pe->host = info.host;
  pe->p = malloc(sizeof *pe->p);
  if (!pe->p) return -ENOMEM_LINUX;
  long r = peek_all(pe->host, info.state, pe->p, sizeof *pe->p);
  if (r == 0) r = peek_all(pe->host, (uint64_t)(uintptr_t)pe->p->mem, &pe->mem, sizeof pe->mem);
  if (r == 0) {
    pe->base = (uint64_t)(uintptr_t)pe->mem.base;
    size_t n = pe->mem.n < MAX_REGIONS ? pe->mem.n : MAX_REGIONS;
    SxRegion *regions = malloc((n ? n : 1) * sizeof *regions);
    if (!regions) r = -ENOMEM_LINUX;
    else if (n) r = peek_all(pe->host, (uint64_t)(uintptr_t)pe->mem.r, regions, n * sizeof *regions);
    /* The local copy is what sx_mem_next_region walks: unlocked, with the copied table. */
    pe->mem.r = regions;
    pe->mem.n = pe->mem.cap = n;
    pe->mem.lock = 0;
    pe->mem.code_ver = NULL;
    pe->p->mem = &pe->mem;
  }
  /* Strings held by pointer are the other process's: only sx_peer_string reads them. */
  pe->p->threads = pe->p->main_thread = NULL;
  pe->p->children = NULL;
  pe->p->cwd[sizeof pe->p->cwd - 1] = 0;
  pe->p->exe_guest[sizeof pe->p->exe_guest - 1] = 0;
  pe->p->comm[sizeof pe->p->comm - 1] = 0;
  if (r < 0) {
    sx_peer_close(pe);
    return r == -EFAULT_LINUX ? -ESRCH_LINUX : r == -EPERM_LINUX ? -EACCES_LINUX : r;
  }
  return 0;
}

void sx_peer_close(SxPeer *pe) {
  if (pe->p && pe->p->mem == &pe->mem) free(pe->mem.r);
  free(pe->p);
  pe->p = NULL;
}

long sx_peer_fd_path(const SxPeer *pe, int fd, char *buf, size_t n) {
  if (fd < 0 || fd >= SX_MAX_FDS || !pe->p->fds[fd].used || !n) return -ENOENT_LINUX;
  uint64_t at = (uint64_t)(uintptr_t)pe->p->fds[fd].path;
  size_t len = 0;
  while (len < n - 1) {   /* page by page: a string may end just before an unmapped page */
    size_t chunk = 4096 - (size_t)((at + len) & 4095);
    if (chunk > n - 1 - len) chunk = n - 1 - len;
    long r = host_peek(pe->host, at + len, buf + len, chunk);
    if (r <= 0) return r < 0 ? r : -ESRCH_LINUX;
    void *nul = memchr(buf + len, 0, (size_t)r);
    if (nul) return (long)((char *)nul - buf);
    len += (size_t)r;
  }
  buf[len] = 0;
  return (long)len;
}

long sx_peer_guest(const SxPeer *pe, uint64_t addr, void *buf, size_t n) {
  if (addr >= pe->mem.limit || n > pe->mem.limit - addr) return -EFAULT_LINUX;
  return host_peek(pe->host, pe->base + addr, buf, n);
}
