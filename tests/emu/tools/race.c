/* Races the path walk from inside the guest: a forked child keeps swapping directory "d"
 * between a real directory and a symlink to a host directory, while the parent keeps opening
 * d/secret.txt, chmod-ing it and unlinking d/victim. The shim must never reach the host's
 * files (the test checks secret.txt's mode and victim's existence afterwards). argv[1]: the
 * host directory holding secret.txt and victim (outside the guest root). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  mkdir("dd", 0755);
  int fd = open("dd/secret.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  write(fd, "inside\n", 7);
  close(fd);
  symlink(argv[1], "ll");
  rename("dd", "d");
  pid_t c = fork();
  if (c == 0) {
    for (;;) {
      rename("d", "dd");
      rename("ll", "d");
      rename("d", "ll");
      rename("dd", "d");
    }
  }
  int leaks = 0, opened = 0;
  char buf[64];
  /* 4000 rounds, and more until one open has succeeded: on a loaded host the renaming child
   * can sit in a state without the directory for all of the first 4000. */
  for (int i = 0; i < 4000 || (opened == 0 && i < 400000); i++) {
    chmod("d/secret.txt", 0600);
    unlink("d/victim");
    fd = open("d/secret.txt", O_RDONLY);
    if (fd < 0) continue;
    opened++;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n > 0) {
      buf[n] = 0;
      if (strstr(buf, "SECRET")) leaks++;
    }
  }
  kill(c, SIGKILL);
  waitpid(c, NULL, 0);
  printf("opened %d leaks %d\n", opened > 0, leaks);
  return 0;
}
