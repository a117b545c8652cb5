/* Default signal actions end the process with the signal's status, exactly as natively:
 * the mode argument picks the signal. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  printf("dying by %s\n", m);
  fflush(stdout);
  if (!strcmp(m, "segv")) { volatile int *p = (int *)16; return *p; }
  if (!strcmp(m, "abort")) abort();
  if (!strcmp(m, "term")) raise(SIGTERM);
  if (!strcmp(m, "kill")) kill(getpid(), SIGKILL);
  if (!strcmp(m, "fpe")) { volatile int z = 0; return 5 / z; }
  if (!strcmp(m, "usr1")) raise(SIGUSR1);
  if (!strcmp(m, "pipe")) {
    int p[2];
    pipe(p);
    close(p[0]);
    write(p[1], "x", 1);
  }
  if (!strcmp(m, "exit")) exit(77);
  printf("survived\n");
  return 1;
}
