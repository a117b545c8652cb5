/* prctl options that are the kernel's own per-process or per-thread state (LTP prctl01, 02,
 * 08, 09): the parent-death signal (set, read back, and delivered when the parent ends),
 * dumpable, timer slack, no_new_privs, and the errors for bad arguments and options. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerror(errno) : "ok"; }

static int out = -1;
static void on_usr1(int s) {
  (void)s;
  write(out, "grandchild got SIGUSR1 when its parent ended\n", 45);
  _exit(0);
}

int main(void) {
  int sig = -1;
  printf("set pdeathsig: %s\n", err(prctl(PR_SET_PDEATHSIG, SIGUSR2)));
  prctl(PR_GET_PDEATHSIG, &sig);
  printf("get pdeathsig: %d\n", sig);
  printf("set pdeathsig 99: %s\n", err(prctl(PR_SET_PDEATHSIG, 99)));
  prctl(PR_SET_PDEATHSIG, 0);
  printf("get dumpable: %d\n", prctl(PR_GET_DUMPABLE));
  printf("set dumpable 2: %s\n", err(prctl(PR_SET_DUMPABLE, 2)));
  printf("set timerslack 200000: %s\n", err(prctl(PR_SET_TIMERSLACK, 200000)));
  printf("get timerslack: %d\n", prctl(PR_GET_TIMERSLACK));
  printf("get no_new_privs: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
  printf("set no_new_privs with extra args: %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0)));
  printf("set no_new_privs: %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)));
  printf("get no_new_privs: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
  printf("option 999: %s\n", err(prctl(999, 0, 0, 0, 0)));
  fflush(stdout);

  int report[2], ready[2];
  pipe(report);
  pipe(ready);
  pid_t a = fork();
  if (a == 0) {
    pid_t b = fork();
    if (b == 0) {
      out = report[1];
      signal(SIGUSR1, on_usr1);
      prctl(PR_SET_PDEATHSIG, SIGUSR1);
      write(ready[1], "r", 1);
      for (;;) pause();
    }
    char c;
    read(ready[0], &c, 1);
    _exit(0);
  }
  close(report[1]);
  close(ready[1]);
  waitpid(a, NULL, 0);
  char buf[128];
  long n = read(report[0], buf, sizeof buf);
  printf("%.*s", n > 0 ? (int)n : 0, buf);
  return 0;
}
