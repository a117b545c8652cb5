/* Hostile syscall arguments: calls every syscall number with junk arguments (bad pointers,
 * huge sizes, odd flags) and checks that nacre answers each with a result or an errno rather
 * than crashing. Runs under --root on a scratch directory, so junk paths stay inside it.
 * Calls that would end or wreck the process itself (exit, unmapping its own code, signals,
 * long sleeps, closing stdout), block (receives, waits on IPC, splices from pipes), reach the
 * network (connect, send to junk addresses) or remove host-wide objects (System V IPC) are
 * skipped. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
  state ^= state << 13; state ^= state >> 7; state ^= state << 17;
  return state;
}

/* Junk pointers point into this buffer, which ends at a PROT_NONE guard page, so an
 * oversized write stops there instead of trampling the C library's own data. */
static char *buf;
#define BUF_SIZE 8192

static uint64_t junk(void) {
  switch (rnd() % 12) {
  case 0: return 0;
  case 1: return 1;
  case 2: return (uint64_t)-1;
  case 3: return rnd() % 64;
  case 4: return (uint64_t)(uintptr_t)buf;                  /* valid, writable */
  case 5: return (uint64_t)(uintptr_t)buf + BUF_SIZE - 3; /* runs off the end */
  case 6: return 0x7fff00000000ull + (rnd() & 0xffff000);  /* likely unmapped */
  case 7: return 0xffff800000000000ull;                    /* kernel half */
  case 8: return rnd();
  case 9: return 1ull << (rnd() % 64);
  case 10: return (uint64_t)(uintptr_t)"/etc/../x/./y";
  default: return 4096;
  }
}

static int skipped(long nr) {
  switch (nr) {
  case SYS_exit: case SYS_exit_group: case SYS_rt_sigreturn: case SYS_kill: case SYS_tkill:
  case SYS_tgkill: case SYS_pause: case SYS_rt_sigsuspend: case SYS_nanosleep:
  case SYS_clock_nanosleep: case SYS_select: case SYS_pselect6: case SYS_poll: case SYS_ppoll:
  case SYS_munmap: case SYS_mmap: case SYS_mremap: case SYS_mprotect: case SYS_madvise:
  case SYS_brk: case SYS_arch_prctl: case SYS_rt_sigaction: case SYS_rt_sigprocmask:
  case SYS_sigaltstack: case SYS_close: case SYS_close_range: case SYS_dup2: case SYS_dup3:
  case SYS_read: case SYS_readv: case SYS_futex: case SYS_vfork: case SYS_fork: case SYS_clone:
  case SYS_clone3: case SYS_execve: case SYS_setsid: case SYS_setpgid: case SYS_prctl:
  case SYS_set_tid_address: case SYS_wait4: case SYS_waitid: case SYS_fcntl: case SYS_ioctl:
  case SYS_sendfile: case SYS_write: case SYS_writev: case SYS_pwrite64: case SYS_pwritev:
  case SYS_chdir: case SYS_fchdir: case SYS_umask: case SYS_setrlimit: case SYS_prlimit64:
  case SYS_rseq: case SYS_alarm: case SYS_setitimer: case SYS_ftruncate: case SYS_fallocate:
  case SYS_accept: case SYS_accept4: case SYS_connect: case SYS_recvfrom: case SYS_recvmsg:
  case SYS_recvmmsg: case SYS_sendto: case SYS_sendmsg: case SYS_sendmmsg: case SYS_splice:
  case SYS_tee: case SYS_vmsplice: case SYS_copy_file_range: case SYS_epoll_wait:
  case SYS_epoll_pwait: case SYS_epoll_pwait2: case SYS_msgget: case SYS_msgsnd: case SYS_msgrcv:
  case SYS_msgctl: case SYS_semget: case SYS_semop: case SYS_semtimedop: case SYS_semctl:
  case SYS_pidfd_open: case SYS_pidfd_send_signal: case SYS_flock:
    return 1;
  default: return 0;
  }
}

int main(void) {
  long calls = 0;
  buf = mmap(NULL, BUF_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED || mprotect(buf + BUF_SIZE, 4096, PROT_NONE) < 0) return 1;
  for (size_t i = 0; i < BUF_SIZE; i++) buf[i] = (char)rnd();
  for (int round = 0; round < 24; round++) {
    for (long nr = 0; nr < 450; nr++) {
      if (skipped(nr)) continue;
      for (size_t i = 0; i < 128; i++) buf[i] = (char)rnd();
      buf[rnd() % 64] = 0;
      syscall(nr, junk(), junk(), junk(), junk(), junk(), junk());
      calls++;
    }
  }
  /* Pointer-taking calls with pointers that fault: each must say EFAULT, not crash. */
  char *bad = (char *)0xffff800000000000ull;
  long r1 = syscall(SYS_uname, bad), r2 = syscall(SYS_clock_gettime, 0, bad);
  long r3 = syscall(SYS_getcwd, bad, 100), r4 = syscall(SYS_openat, -100, bad, 0);
  printf("survived %ld calls; efault %d %d %d %d\n", calls, r1 == -1, r2 == -1, r3 == -1, r4 == -1);
  return 0;
}
