/* Integer division by zero raises SIGFPE with si_code FPE_INTDIV; the handler reports and
 * exits, since returning would re-run the faulting instruction. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_fpe(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  printf("caught %d code %d\n", sig, si->si_code);
  fflush(stdout);
  _exit(3);
}

int main(int argc, char **argv) {
  (void)argv;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fpe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, NULL);
  volatile int zero = argc - 1;
  printf("before\n");
  fflush(stdout);
  volatile int q = 10 / zero;
  printf("not reached %d\n", q);
  return 0;
}
