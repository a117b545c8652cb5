/* Signals another process sends with kill(): SIGPIPE and the fault signals (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, SIGTRAP) as well as ordinary ones reach a handler, are dropped when ignored
 * and kill with that signal by default (LTP kill12, pause01). Also kill's errors for a pid
 * that does not exist and for INT_MIN (LTP kill03). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_sig(int s) { got = s; }

/* mode 0: handler, 1: ignored, 2: default. */
static void try(int sig, int mode) {
  int ready[2], hold[2];
  pipe(ready);
  pipe(hold);
  pid_t pid = fork();
  if (pid == 0) {
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none); /* no core file, so no core bit either */
    close(ready[0]);
    close(hold[1]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = mode == 0 ? on_sig : mode == 1 ? SIG_IGN : SIG_DFL;
    sigaction(sig, &sa, NULL);
    write(ready[1], "r", 1);
    char c;
    long n = read(hold[0], &c, 1);   /* EINTR, or 0 once the parent closes: either way */
    _exit(got == sig ? 10 : n == 0 ? 20 : 30);
  }
  close(ready[1]);
  close(hold[0]);
  char c;
  read(ready[0], &c, 1);
  kill(pid, sig);   /* pending before the close below lets the child's read end */
  close(hold[1]);
  int st;
  waitpid(pid, &st, 0);
  static const char *modes[] = {"handler", "ignored", "default"};
  if (WIFEXITED(st))
    printf("%-8s %-7s: %s\n", strsignal(sig), modes[mode],
           WEXITSTATUS(st) == 10 ? "caught" : WEXITSTATUS(st) == 20 ? "survived" : "confused");
  else
    printf("%-8s %-7s: killed by %s\n", strsignal(sig), modes[mode], strsignal(WTERMSIG(st)));
  close(ready[0]);
}

int main(void) {
  int sigs[] = {SIGHUP, SIGTERM, SIGUSR1, SIGPIPE, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    for (int mode = 0; mode < 3; mode++) {
      fflush(stdout);
      try(sigs[i], mode);
    }
  fflush(stdout);
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, NULL, 0);
  int r = kill(gone, 0);
  printf("kill(reaped pid): %d %s\n", r, r < 0 ? strerror(errno) : "");
  r = kill(INT_MIN, SIGKILL);
  printf("kill(INT_MIN): %d %s\n", r, r < 0 ? strerror(errno) : "");
  return 0;
}
