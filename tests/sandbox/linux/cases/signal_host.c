/* Under --sandbox a guest can signal only its own processes: kill, tgkill and pidfd_open of
 * a host process (the harness's `sleep`, pid in argv[2]) are EPERM, and group and broadcast
 * kills reach only the guest. The sleep must survive; the guest's own child must not. */
// flags: --sandbox
// host-victim: yes
// status: 0
// stdout: kill host: EPERM
// stdout: tgkill host: EPERM
// stdout: pidfd_open host: EPERM
// stdout: child killed by group kill
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  pid_t victim = (pid_t)atoi(argv[2]);
  int r = kill(victim, SIGKILL);
  printf("kill host: %s\n", r == 0 ? "delivered" : errno == EPERM ? "EPERM" : "other error");
  r = (int)syscall(SYS_tgkill, victim, victim, SIGKILL);
  printf("tgkill host: %s\n", r == 0 ? "delivered" : errno == EPERM ? "EPERM" : "other error");
  r = (int)syscall(SYS_pidfd_open, victim, 0);
  printf("pidfd_open host: %s\n", r >= 0 ? "opened" : errno == EPERM ? "EPERM" : "other error");
  signal(SIGTERM, SIG_IGN);
  pid_t c = fork();
  if (c == 0) { signal(SIGTERM, SIG_DFL); for (;;) pause(); }
  usleep(100000);
  kill(-1, SIGTERM);  /* broadcast: only the guest's processes */
  kill(0, SIGTERM);                      /* the group: the host's `sleep` may share it */
  int st;
  if (waitpid(c, &st, 0) == c && WIFSIGNALED(st)) puts("child killed by group kill");
  fflush(stdout);
  return 0;
}
