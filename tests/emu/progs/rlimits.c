/* setrlimit takes effect (LTP truncate03, setrlimit06): RLIMIT_FSIZE makes writes and
 * truncate past it EFBIG, RLIMIT_NOFILE bounds new descriptors, RLIMIT_CPU sends SIGXCPU once
 * the CPU time is used, and getrlimit reads back what was set. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerror(errno) : "ok"; }
static volatile sig_atomic_t xcpu;
static void on_xcpu(int s) { (void)s; xcpu = 1; }

int main(void) {
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit fs = {4096, 4096}, got;
  printf("setrlimit FSIZE 4096: %s\n", err(setrlimit(RLIMIT_FSIZE, &fs)));
  getrlimit(RLIMIT_FSIZE, &got);
  printf("getrlimit FSIZE: %llu %llu\n", (unsigned long long)got.rlim_cur, (unsigned long long)got.rlim_max);
  int fd = open("big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char buf[8192];
  memset(buf, 'x', sizeof buf);
  printf("write 8192: %ld\n", (long)write(fd, buf, sizeof buf));
  printf("write more: %s\n", err(write(fd, buf, 1)));
  printf("ftruncate 10000: %s\n", err(ftruncate(fd, 10000)));
  printf("truncate 10000: %s\n", err(truncate("big", 10000)));
  close(fd);
  unlink("big");

  struct rlimit st = {1 << 20, RLIM_INFINITY};
  printf("setrlimit STACK 1 MiB: %s\n", err(setrlimit(RLIMIT_STACK, &st)));
  getrlimit(RLIMIT_STACK, &got);
  printf("getrlimit STACK: %llu\n", (unsigned long long)got.rlim_cur);

  struct rlimit nf = {10, 10};
  printf("setrlimit NOFILE 10: %s\n", err(setrlimit(RLIMIT_NOFILE, &nf)));
  int n = 0, last = -1;
  for (;;) {
    int f = open("/dev/null", O_RDONLY);
    if (f < 0) break;
    last = f;
    n++;
  }
  printf("opened %d more, the last fd %d, then: %s\n", n, last, strerror(errno));
  printf("dup2 to 20: %s\n", err(dup2(0, 20)));
  printf("fcntl F_DUPFD 12: %s\n", err(fcntl(0, F_DUPFD, 12)));
  nf.rlim_max = 20;
  printf("raise NOFILE max back (root only): %s\n", getuid() == 0 ? err(setrlimit(RLIMIT_NOFILE, &nf)) : "skipped");
  fflush(stdout);

  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGXCPU, on_xcpu);
    struct rlimit cpu = {1, 2};
    setrlimit(RLIMIT_CPU, &cpu);
    volatile unsigned long spin = 0;
    while (!xcpu) spin++;
    printf("SIGXCPU after a second of CPU time\n");
    fflush(stdout);
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child status %d\n", status);
  return 0;
}
