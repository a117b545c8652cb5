/* A child reads its parent's /proc/<pid>/stat and status (LTP wait401 waits there for its
 * parent to sleep): the pid, the state while the parent waits for it, and the Name line. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pid_t pp = getppid();
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pp);
    /* The parent is in waitpid, or about to be: wait until it sleeps, as LTP does. */
    char state = 0;
    int spid = 0;
    for (int tries = 0; tries < 10000 && state != 'S'; tries++) {
      FILE *f = fopen(path, "r");
      if (!f) break;
      if (fgets(line, sizeof line, f)) {
        char *close = strrchr(line, ')');
        sscanf(line, "%d", &spid);
        state = close ? close[2] : 0;
      }
      fclose(f);
      if (state != 'S') usleep(1000);
    }
    printf("parent's stat: pid matches %d, sleeping %d\n", spid == pp, state == 'S');
    snprintf(path, sizeof path, "/proc/%d/status", (int)pp);
    FILE *f = fopen(path, "r");
    int named = 0;
    while (f && fgets(line, sizeof line, f)) named |= strncmp(line, "Name:", 5) == 0;
    if (f) fclose(f);
    printf("parent's status: readable %d, has Name %d\n", f != NULL, named);
    fflush(stdout);
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  printf("child exit %d\n", WEXITSTATUS(st));
  return 0;
}
