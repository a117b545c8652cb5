/* --max-procs counts processes and threads: with 10, the first process can fork 9 children,
 * and the 10th fork fails with EAGAIN. */
// flags: --max-procs=10
// status: 0
// stdout: forked 9, then EAGAIN
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  int n = 0;
  pid_t kids[64];
  for (;;) {
    pid_t p = fork();
    if (p == 0) { pause(); _exit(0); }
    if (p < 0) break;
    kids[n++] = p;
  }
  int e = errno;
  for (int i = 0; i < n; i++) kill(kids[i], SIGKILL);
  for (int i = 0; i < n; i++) waitpid(kids[i], 0, 0);
  printf("forked %d, then %s\n", n, e == EAGAIN ? "EAGAIN" : "another error");
  /* once reaped, the slots are free again */
  pid_t p = fork();
  if (p == 0) _exit(0);
  return p > 0 && waitpid(p, 0, 0) == p ? 0 : 1;
}
