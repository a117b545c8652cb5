/* Signals sent to self: raise, kill, handlers with and without SA_SIGINFO, masks and pending
 * sets, SA_RESETHAND, SA_NODEFER, an alternate stack, setjmp/longjmp, and returning from a
 * handler through rt_sigreturn with registers intact. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int count, depth, maxdepth, calls, last_code, pid_ok;
static char altstack[65536];
static volatile int on_alt;

static void plain(int sig) { count += sig; }

static void info(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  last_code = si->si_code;
  pid_ok = si->si_pid == getpid();
  count += sig * 100;
}

static void nested(int sig) {
  /* With SA_NODEFER the raise nests at once; without, it waits until the handler returns. */
  calls++;
  depth++;
  if (depth > maxdepth) maxdepth = depth;
  if (calls < 3) raise(sig);
  depth--;
}

static void on_stack(int sig) {
  char here;
  (void)sig;
  on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}

static jmp_buf jb;

static int deep(int n) {
  if (n == 0) longjmp(jb, 7);
  return deep(n - 1) + 1;
}

int main(void) {
  signal(SIGUSR1, plain);
  raise(SIGUSR1);
  printf("raise count %d\n", count);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = info;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  kill(getpid(), SIGUSR2);
  printf("kill count %d code %d pid_ok %d\n", count, last_code, pid_ok);
  raise(SIGUSR2);
  printf("raise code %d\n", last_code);

  sigset_t set, old, pend;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, &old);
  count = 0;
  raise(SIGUSR1);
  sigpending(&pend);
  printf("blocked count %d pending %d\n", count, sigismember(&pend, SIGUSR1));
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("unblocked count %d\n", count);

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = plain;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGHUP, &sa, NULL);
  count = 0;
  raise(SIGHUP);
  struct sigaction cur;
  sigaction(SIGHUP, NULL, &cur);
  printf("resethand count %d now default %d\n", count, cur.sa_handler == SIG_DFL);

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = nested;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGALRM, &sa, NULL);
  raise(SIGALRM);
  printf("nodefer maxdepth %d\n", maxdepth);
  maxdepth = depth = calls = 0;
  sa.sa_flags = 0;
  sigaction(SIGALRM, &sa, NULL);
  raise(SIGALRM);
  printf("deferred maxdepth %d\n", maxdepth);

  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stack;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGWINCH, &sa, NULL);
  raise(SIGWINCH);
  printf("handler on altstack %d\n", on_alt);

  signal(SIGURG, SIG_IGN);
  raise(SIGURG);
  printf("ignored ok\n");

  int r = setjmp(jb);
  if (r == 0) deep(50);
  printf("longjmp returned %d\n", r);

  /* Many deliveries interleaved with computation check registers survive handlers. */
  signal(SIGUSR1, plain);
  long acc = 0;
  count = 0;
  for (int i = 0; i < 200; i++) {
    acc = acc * 31 + i;
    if (i % 7 == 0) raise(SIGUSR1);
  }
  printf("acc %ld count %d\n", acc, count);
  return 0;
}
