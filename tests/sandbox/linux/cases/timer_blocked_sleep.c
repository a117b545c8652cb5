/* Against --timeout from inside a blocking call: every signal ignored and blocked, then a
 * long sleep and a read that never returns (stdin is held open by the harness). */
// musl: yes
// flags: --timeout=500ms
// status: 5
// stderr: nacre: time limit exceeded (500ms)
// stdin-held: yes
#include <signal.h>
#include <unistd.h>

int main(void) {
  sigset_t all;
  sigfillset(&all);
  for (int s = 1; s < 65; s++) signal(s, SIG_IGN);
  sigprocmask(SIG_BLOCK, &all, 0);
  if (fork() == 0) sleep(1000);
  char c;
  return (int)read(0, &c, 1);
}
