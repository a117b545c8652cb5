/* setreuid and setregid set the saved id by the kernel's rule (LTP setreuid02, setreuid05,
 * setregid03): it follows the new effective id when the real id is given or the effective id
 * differs from the real one. Each case runs in a child started as root. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int r) {
  uid_t u[3];
  gid_t g[3];
  getresuid(&u[0], &u[1], &u[2]);
  getresgid(&g[0], &g[1], &g[2]);
  printf("%-34s %2d  uid %u %u %u  gid %u %u %u\n", what, r, u[0], u[1], u[2], g[0], g[1], g[2]);
}

int main(void) {
  if (getuid() != 0) {
    printf("not root: nothing to change\n");
    return 0;
  }
  fflush(stdout);
  if (fork() == 0) {
    show("setreuid(-1, 65534)", setreuid(-1, 65534));
    show("setreuid(-1, 0)", setreuid(-1, 0));
    show("setreuid(65534, -1)", setreuid(65534, -1));
    show("setreuid(-1, 0) unprivileged", setreuid(-1, 0));
    fflush(stdout);
    _exit(0);
  }
  wait(NULL);
  if (fork() == 0) {
    show("setregid(-1, 2)", setregid(-1, 2));
    show("setregid(3, -1)", setregid(3, -1));
    show("setregid(-1, 0)", setregid(-1, 0));
    show("setreuid(1, 1)", setreuid(1, 1));
    show("setregid(-1, 0) unprivileged", setregid(-1, 0));
    fflush(stdout);
    _exit(0);
  }
  wait(NULL);
  return 0;
}
