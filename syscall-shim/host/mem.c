/* Host memory for guest address spaces: one PROT_NONE reservation per guest process, guest
 * mappings placed inside it with MAP_FIXED (so they replace reserved pages atomically and
 * never land anywhere else), and the SIGSEGV/SIGBUS handler that turns a host fault inside a
 * guest access into a guest signal. The host never gets execute permission: nacre
 * interprets guest code, it never jumps to it. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif
#include <unistd.h>

#include "syscall-shim/host/host.h"

static int host_prot(int lprot) {
  /* x86 pages are readable whenever they are writable or executable. */
  if (lprot & 2) return PROT_READ | PROT_WRITE;
  if (lprot & 5) return PROT_READ;
  return PROT_NONE;
}

void *host_mem_reserve(uint64_t *size, uint64_t min) {
  for (uint64_t s = *size; s >= min && s; s >>= 1) {
    void *p = mmap(NULL, (size_t)s, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) {
      *size = s;
      return p;
    }
  }
  return NULL;
}

void host_mem_release(void *base, uint64_t size) { munmap(base, (size_t)size); }

long host_mem_map(void *at, uint64_t len, int lprot, int shared, int fd, int64_t off) {
  int flags = MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE) | (fd < 0 ? MAP_ANONYMOUS : 0);
  void *p = mmap(at, (size_t)len, host_prot(lprot), flags, fd, (off_t)off);
  if (p == MAP_FAILED) return host_err();
  return 0;
}

long host_mem_unmap(void *at, uint64_t len) {
  /* Reserved again, not unmapped: the hole must never be handed to anyone else. */
  void *p = mmap(at, (size_t)len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  return p == MAP_FAILED ? host_err() : 0;
}

long host_mem_remap(void *old, uint64_t oldlen, void *dst, uint64_t newlen) {
  if (dst == old) { /* growing in place: the reserved pages after it make way */
    munmap((char *)old + oldlen, (size_t)(newlen - oldlen));
    if (mremap(old, (size_t)oldlen, (size_t)newlen, 0) != MAP_FAILED) return 0;
    long e = host_err();
    host_mem_unmap((char *)old + oldlen, newlen - oldlen);
    return e;
  }
  if (mremap(old, (size_t)oldlen, (size_t)newlen, MREMAP_MAYMOVE | MREMAP_FIXED, dst) == MAP_FAILED)
    return host_err();
  return oldlen ? host_mem_unmap(old, oldlen) : 0;
}

long host_mem_protect(void *at, uint64_t len, int lprot) {
  return mprotect(at, (size_t)len, host_prot(lprot)) < 0 ? host_err() : 0;
}

long host_mem_discard(void *at, uint64_t len) {
  return madvise(at, (size_t)len, MADV_DONTNEED) < 0 ? host_err() : 0;
}

long host_mem_lock(void *at, uint64_t len, int lock, int onfault) {
#if defined(__linux__)
  /* The system calls themselves: sanitizer runtimes make the libc wrappers do nothing. */
  long r = !lock ? syscall(SYS_munlock, at, (size_t)len)
           : onfault ? syscall(SYS_mlock2, at, (size_t)len, 1 /* MLOCK_ONFAULT */)
                     : syscall(SYS_mlock, at, (size_t)len);
  return r < 0 ? host_err() : 0;
#else
  (void)onfault;
  if (!lock) return munlock(at, (size_t)len) < 0 ? host_err() : 0;
  return mlock(at, (size_t)len) < 0 ? host_err() : 0;
#endif
}

long host_mem_sync(void *at, uint64_t len, int lflags) {
  int f = (lflags & 1 ? MS_ASYNC : 0) | (lflags & 2 ? MS_INVALIDATE : 0) | (lflags & 4 ? MS_SYNC : 0);
  return msync(at, (size_t)len, f) < 0 ? host_err() : 0;
}

uint64_t host_page_size(void) { return (uint64_t)sysconf(_SC_PAGESIZE); }

static void (*fault_fn)(uintptr_t addr, int lsig, int lcode);
static struct sigaction old_segv, old_bus;

static int (*sent_fn)(int sig, void *siginfo, void *ucontext);

void host_fault_pass_sent(int (*fn)(int sig, void *siginfo, void *ucontext)) { sent_fn = fn; }

static void on_fault(int sig, siginfo_t *si, void *uc) {
  if (sent_fn && sent_fn(sig, si, uc)) return;   /* sent by a process, for the guest */
  int lsig = sig == SIGBUS ? SIGBUS_LINUX : SIGSEGV_LINUX;
  int lcode = sig == SIGBUS ? BUS_ADRERR_LINUX : (si->si_code == SEGV_ACCERR ? SEGV_ACCERR_LINUX
                                                                             : SEGV_MAPERR_LINUX);
  if (fault_fn) fault_fn((uintptr_t)si->si_addr, lsig, lcode); /* jumps away if it is a guest's */
  /* Not a guest access: whoever handled the signal before us (a sanitizer, a test harness)
   * gets it; with nobody, the fault ends nacre as an unhandled one would, so bugs are seen. */
  const struct sigaction *old = sig == SIGBUS ? &old_bus : &old_segv;
  if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
    old->sa_sigaction(sig, si, uc);
    return;
  }
  if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
    old->sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);
}

void host_fault_init(void (*fn)(uintptr_t addr, int lsig, int lcode)) {
  fault_fn = fn;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  /* NODEFER: the handler leaves by longjmp, which must not leave the signal blocked.
   * ONSTACK: an alternate stack, where a thread has one, survives a broken stack pointer. */
  sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &old_segv);
  sigaction(SIGBUS, &sa, &old_bus);
}
