/* nacre itself is killed with SIGKILL (the harness does it once the guest says "ready"): the
 * guest's other processes, which left its group, end with it. */
// flags:
// kill-top: yes
#include <stdio.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 3; i++)
    if (fork() == 0) {
      setsid();
      if (fork() == 0) for (;;) pause();
      for (;;) pause();
    }
  sleep(1);
  puts("ready");
  fflush(stdout);
  for (;;) pause();
}
