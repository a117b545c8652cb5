/* Signals that arrive from another process (a forked child), so they come through the host:
 * held while blocked and delivered on unblock, woken out of sigsuspend, and interrupting or
 * restarting a blocking read. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got;
static void on_usr1(int sig) { got += sig; }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t block, old, none;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigemptyset(&none);

  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t c = fork();
  if (c == 0) { kill(getppid(), SIGUSR1); _exit(0); }
  waitpid(c, NULL, 0);
  sigset_t pend;
  sigpending(&pend);
  printf("held while blocked: got %d pending %d\n", got, sigismember(&pend, SIGUSR1));
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("after unblock: got %d\n", got);

  got = 0;
  sigprocmask(SIG_BLOCK, &block, &old);
  c = fork();
  if (c == 0) { kill(getppid(), SIGUSR1); _exit(0); }
  int r = sigsuspend(&none);
  printf("sigsuspend %d errno %s got %d\n", r, strerror(errno), got);
  sigprocmask(SIG_SETMASK, &old, NULL);
  waitpid(c, NULL, 0);

  /* A read that blocks until the child has signalled and exited (closing the pipe): either
   * interrupted (no SA_RESTART) or restarted to end-of-file (SA_RESTART). */
  for (int restart = 0; restart < 2; restart++) {
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
    got = 0;
    int p[2];
    pipe(p);
    c = fork();
    if (c == 0) {
      close(p[0]);
      kill(getppid(), SIGUSR1);
      usleep(100000);
      _exit(0);
    }
    close(p[1]);
    char b[8];
    ssize_t n = read(p[0], b, sizeof b);
    int e = errno;
    waitpid(c, NULL, 0);
    /* Without SA_RESTART the signal may land before the read starts, so EOF is fine too. */
    const char *how = n == 0 ? (restart ? "eof" : "interrupted-or-eof")
                    : n < 0 && e == EINTR && !restart ? "interrupted-or-eof" : "other";
    printf("read restart=%d: got %d, read %s\n", restart, got, how);
    close(p[0]);
  }
  return 0;
}
