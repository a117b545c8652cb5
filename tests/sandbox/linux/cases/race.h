/* Shared by the rename-race cases: argv[2] is the host directory the symlink points at.
 * Each side runs ROUNDS rounds or for SECONDS of wall-clock time, whichever ends first, so that
 * the race keeps its strength on a quiet machine and still ends on a heavily loaded one. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 100000
#define SECONDS 20

static int out_of_time(const struct timespec *start, int i) {
  struct timespec now;
  if (i % 256) return 0;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec - start->tv_sec >= SECONDS;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  mkdir("a", 0755);
  close(open("a/victim", O_WRONLY | O_CREAT, 0644));
  unlink("s");
  if (symlink(argv[2], "s")) return 3;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t c = fork();
  if (c == 0) {
    for (int i = 0; i < ROUNDS && !out_of_time(&start, i); i++) {
      rename("a", "t");
      rename("s", "a");
      rename("a", "s");
      rename("t", "a");
    }
    _exit(0);
  }
  for (int i = 0; i < ROUNDS && !out_of_time(&start, i); i++) {
    int fd = open("a/victim", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) close(fd);
  }
  waitpid(c, 0, 0);
  puts("done");
  return 0;
}
