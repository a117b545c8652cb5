/* Children that leave the session and process group (setsid, double fork) and ignore every
 * signal are still ended when nacre ends: the guest exits at once and leaves them running. */
// flags:
// status: 0
#include <signal.h>
#include <unistd.h>

int main(void) {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) {
      for (int s = 1; s < 65; s++) signal(s, SIG_IGN);
      for (;;) pause();
    }
    _exit(0);
  }
  if (fork() == 0) {
    setpgid(0, 0);
    for (;;) pause();
  }
  sleep(1);
  return 0;
}
