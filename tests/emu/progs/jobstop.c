/* Stop signals at their default action: a child that raises SIGTSTP, SIGTTIN, SIGTTOU or
 * SIGSTOP itself (or gets SIGTSTP while asleep, or unblocks a pending one) stops, its parent's
 * waitpid(WUNTRACED) reports the signal, SIGCONT resumes it (WCONTINUED) and it finishes
 * what it was doing; an ignored SIGTSTP does nothing. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *name(int s) {
  return s == SIGTSTP ? "TSTP" : s == SIGTTIN ? "TTIN" : s == SIGTTOU ? "TTOU" : s == SIGSTOP ? "STOP" : "?";
}

/* Each child waits for a byte on this pipe before it exits, so the parent sees it continued
 * before it can have exited. */
static int go[2];
static void wait_go(void) {
  char b;
  close(go[1]);
  read(go[0], &b, 1);
}

static void report(const char *what, pid_t c) {
  int st;
  if (waitpid(c, &st, WUNTRACED) != c) { printf("%s: wait failed\n", what); return; }
  if (WIFSTOPPED(st)) printf("%s: stopped by %s\n", what, name(WSTOPSIG(st)));
  else if (WIFEXITED(st)) { printf("%s: exited %d without stopping\n", what, WEXITSTATUS(st)); return; }
  else { printf("%s: killed by %d\n", what, WTERMSIG(st)); return; }
  kill(c, SIGCONT);
  if (waitpid(c, &st, WCONTINUED) == c && WIFCONTINUED(st)) printf("%s: continued\n", what);
  write(go[1], "g", 1);
  if (waitpid(c, &st, 0) == c && WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pipe(go);
  int sigs[] = {SIGTSTP, SIGTTIN, SIGTTOU, SIGSTOP};
  for (int i = 0; i < 4; i++) {
    pid_t c = fork();
    if (c == 0) {
      setpgid(0, 0);   /* a group of its own whose parent is outside it: not orphaned */
      raise(sigs[i]);
      wait_go();
      _exit(10 + i);
    }
    char what[32];
    snprintf(what, sizeof what, "raise %s", name(sigs[i]));
    report(what, c);
  }
  int p[2];
  pipe(p);
  pid_t c = fork();
  if (c == 0) {   /* asleep when SIGTSTP comes: the sleep goes on after SIGCONT */
    setpgid(0, 0);
    close(p[0]);
    write(p[1], "r", 1);
    struct timespec ts = {0, 300000000};
    int r = nanosleep(&ts, NULL);
    wait_go();
    _exit(r == 0 ? 20 : 21);
  }
  char b;
  read(p[0], &b, 1);
  kill(c, SIGTSTP);
  report("tstp while asleep", c);
  c = fork();
  if (c == 0) {   /* pending while blocked, stops when unblocked */
    setpgid(0, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTSTP);
    sigprocmask(SIG_BLOCK, &s, NULL);
    raise(SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    wait_go();
    _exit(30);
  }
  report("unblocked tstp", c);
  c = fork();
  if (c == 0) {
    setpgid(0, 0);
    signal(SIGTSTP, SIG_IGN);
    raise(SIGTSTP);
    _exit(40);
  }
  report("ignored tstp", c);
  return 0;
}
