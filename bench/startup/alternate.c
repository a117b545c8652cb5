/* Times commands that take about a millisecond by running them in alternation (A B C, then
 * C B A, ...), so a load change on a shared machine hits every command alike; hyperfine runs
 * one command's runs after the other's. Spawns each directly (no shell), stdout to /dev/null.
 * Usage: alternate RUNS CMD1 [ARGS] -- CMD2 [ARGS] [-- ...]
 * Prints one line per command: its path, then the median, 10th percentile and minimum
 * wall-clock time of a run (spawn to reaped), in milliseconds. 20 rounds of warm-up first. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

#define MAXCMDS 8
#define WARMUP 20

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  char **cmds[MAXCMDS];
  int ncmds = 0, runs, i = 2;
  posix_spawn_file_actions_t fa;
  double *times;
  if (argc < 3 || (runs = atoi(argv[1])) < 1) {
    fprintf(stderr, "usage: alternate RUNS CMD [ARGS] [-- CMD [ARGS]]...\n");
    return 2;
  }
  while (i < argc) {
    if (ncmds == MAXCMDS) {
      fprintf(stderr, "alternate: at most %d commands\n", MAXCMDS);
      return 2;
    }
    cmds[ncmds++] = &argv[i];
    while (i < argc && strcmp(argv[i], "--") != 0) i++;
    if (i < argc) argv[i++] = NULL;
  }
  times = malloc(sizeof *times * (size_t)runs * (size_t)ncmds);
  if (times == NULL) return 2;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  for (int r = -WARMUP; r < runs; r++) {
    for (int k = 0; k < ncmds; k++) {
      int c = (r & 1) ? ncmds - 1 - k : k, status;
      pid_t pid;
      double t0 = now_ms();
      if (posix_spawn(&pid, cmds[c][0], &fa, NULL, cmds[c], environ) != 0) {
        perror(cmds[c][0]);
        return 1;
      }
      if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "alternate: %s failed\n", cmds[c][0]);
        return 1;
      }
      if (r >= 0) times[(size_t)c * (size_t)runs + (size_t)r] = now_ms() - t0;
    }
  }
  for (int c = 0; c < ncmds; c++) {
    double *t = times + (size_t)c * (size_t)runs;
    qsort(t, (size_t)runs, sizeof *t, cmp);
    printf("%s %.4f %.4f %.4f\n", cmds[c][0], t[runs / 2], t[runs / 10], t[0]);
  }
  return 0;
}
