/* More than 64 children alive at once: each waits for the parent to close a pipe, then exits
 * with its index; the parent signals a few, then reaps them all and sums the statuses. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

enum { N = 150 };

int main(void) {
  int p[2];
  pipe(p);
  pid_t kids[N];
  int forked = 0;
  for (int i = 0; i < N; i++) {
    pid_t c = fork();
    if (c < 0) { perror("fork"); break; }
    if (c == 0) {
      close(p[1]);
      char b;
      read(p[0], &b, 1);
      _exit(i % 100);
    }
    kids[forked++] = c;
  }
  close(p[0]);
  int killed = 0;
  for (int i = 100; i < forked; i += 10) killed += kill(kids[i], SIGTERM) == 0;
  close(p[1]);
  long sum = 0;
  int reaped = 0, bysig = 0;
  for (int i = 0; i < forked; i++) {
    int st;
    if (waitpid(kids[i], &st, 0) != kids[i]) continue;
    reaped++;
    if (WIFEXITED(st)) sum += WEXITSTATUS(st);
    else if (WIFSIGNALED(st)) bysig++;
  }
  printf("forked %d killed %d reaped %d by signal %d sum %ld\n", forked, killed, reaped, bysig, sum);
  return 0;
}
