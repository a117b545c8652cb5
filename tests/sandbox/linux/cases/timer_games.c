/* Against --timeout: ignore every signal, clear the interval timers and alarm, block every
 * signal, keep a forked child doing the same, and spin. Both must end at the deadline. */
// musl: yes
// flags: --timeout=1s
// status: 5
// stderr: nacre: time limit exceeded (1s)
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

static void games(void) {
  struct itimerval zero = {{0, 0}, {0, 0}};
  sigset_t all;
  sigfillset(&all);
  for (int s = 1; s < 65; s++) signal(s, SIG_IGN);
  sigprocmask(SIG_BLOCK, &all, 0);
  for (;;) {
    setitimer(ITIMER_REAL, &zero, 0);
    alarm(0);
  }
}

int main(void) {
  if (fork() == 0) games();
  games();
}
