/* Scheduling priority and policy, personality, the mlock family, mincore and waitid. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(what, expr) do { long r_ = (long)(expr); printf("%s: %ld%s%s\n", what, r_ < 0 ? -1L : r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  errno = 0;
  printf("getpriority: %d\n", getpriority(PRIO_PROCESS, 0));
  CHECK("setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
  printf("getpriority after: %d\n", getpriority(PRIO_PROCESS, 0));
  CHECK("getpriority bad which", getpriority(7, 0));
  CHECK("sched_getscheduler", sched_getscheduler(0));
  struct sched_param sp;
  CHECK("sched_getparam", sched_getparam(0, &sp));
  printf("priority %d\n", sp.sched_priority);
  CHECK("sched_setscheduler OTHER", sched_setscheduler(0, SCHED_OTHER, &sp));
  sp.sched_priority = 5;
  CHECK("sched_setparam prio 5 under OTHER", sched_setparam(0, &sp));
  CHECK("max FIFO", sched_get_priority_max(SCHED_FIFO));
  CHECK("min FIFO", sched_get_priority_min(SCHED_FIFO));
  CHECK("max OTHER", sched_get_priority_max(SCHED_OTHER));
  CHECK("max bad", sched_get_priority_max(77));
  struct timespec ts;
  CHECK("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  CHECK("sched_setaffinity cpu0", sched_setaffinity(0, sizeof set, &set));
  CHECK("sched_setaffinity bad pid", sched_setaffinity(-5, sizeof set, &set));

  int old = personality(0xffffffff);
  printf("personality %#x\n", old);
  CHECK("personality ADDR_NO_RANDOMIZE", personality(ADDR_NO_RANDOMIZE));
  printf("personality now %#x\n", personality(0xffffffff));

  long pg = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(m, 1, 4 * pg);
  CHECK("mlock", mlock(m, 2 * pg));
  CHECK("munlock", munlock(m, 2 * pg));
  CHECK("mlockall 0", mlockall(0));
  CHECK("munlockall", munlockall());
  unsigned char vec[4];
  CHECK("mincore", mincore(m, 4 * pg, vec));
  printf("vec %d %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
  CHECK("mincore unaligned", mincore(m + 1, pg, vec));
  munmap(m + 2 * pg, 2 * pg);
  CHECK("mincore unmapped", mincore(m, 4 * pg, vec));
  CHECK("mlock unmapped", mlock(m + 2 * pg, pg));

  pid_t c = fork();
  if (c == 0) _exit(3);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  CHECK("waitid", waitid(P_PID, c, &si, WEXITED));
  printf("si_signo %d si_code %d si_status %d pid matches %d\n", si.si_signo, si.si_code, si.si_status, si.si_pid == c);
  c = fork();
  if (c == 0) { pause(); _exit(0); }
  memset(&si, 0, sizeof si);
  CHECK("waitid WNOHANG", waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
  printf("nothing ready: si_pid %d\n", si.si_pid);
  kill(c, SIGKILL);
  CHECK("waitid killed", waitid(P_PID, c, &si, WEXITED));
  printf("si_code %d si_status %d\n", si.si_code, si.si_status);
  CHECK("waitid no options", waitid(P_ALL, 0, &si, 0));
  CHECK("waitid no children", waitid(P_ALL, 0, &si, WEXITED));
  return 0;
}
