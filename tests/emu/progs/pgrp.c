/* Process groups, sessions and credentials: a kill of a group reaches every member (the
 * program's own children included), setsid in a child, the set*id family as the host allows. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_usr1(int s) { (void)s; got++; }

static void report(const char *what, pid_t pid) {
  int st;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) printf("%s: killed by %d\n", what, WTERMSIG(st));
  else printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("getpgrp == getpgid(0): %d\n", getpgrp() == getpgid(0));
  printf("getsid(0) == getsid(getpid()): %d\n", getsid(0) == getsid(getpid()));
  int r0 = getpgid(999999);
  printf("getpgid(bad): %d %s\n", r0, strerror(errno));
  /* A group of our own, so kill(0) stays among us (the test harness shares our group). */
  printf("setpgid(0,0): %d\n", setpgid(0, 0));
  printf("leader: %d\n", getpgrp() == getpid());
  r0 = setsid();
  printf("setsid as leader: %d %s\n", r0, strerror(errno));

  signal(SIGUSR1, on_usr1);
  int pfd[2];
  pipe(pfd);
  pid_t kid = fork();
  if (kid == 0) {   /* same group: kill(0) in the parent must reach it */
    char c;
    close(pfd[1]);
    /* Bounded: a lost signal fails the check instead of leaving this child behind. */
    for (int i = 0; i < 3000 && !got; i++) usleep(10000);
    if (!got) _exit(9);
    read(pfd[0], &c, 1);
    _exit(got == 1 ? 7 : 8);
  }
  close(pfd[0]);
  printf("kill(0, SIGUSR1): %d\n", kill(0, SIGUSR1));
  while (!got) pause();
  printf("parent got SIGUSR1 %d\n", (int)got);
  write(pfd[1], "x", 1);
  report("child in our group", kid);

  /* A child leading its own group with a grandchild; kill(-group) ends both. */
  int ready[2];
  pipe(ready);
  pid_t leader = fork();
  if (leader == 0) {
    setpgid(0, 0);
    pid_t g = fork();
    if (g == 0) { write(ready[1], "g", 1); for (;;) pause(); }
    write(ready[1], "l", 1);
    int st;
    waitpid(g, &st, 0);
    _exit(WIFSIGNALED(st) ? 100 + WTERMSIG(st) : 1);
  }
  setpgid(leader, leader);   /* as a shell does, so the group exists before we signal it */
  char b[2];
  read(ready[0], b, 1);
  read(ready[0], b + 1, 1);
  printf("getpgid(child) is the child: %d\n", getpgid(leader) == leader);
  printf("kill(-child, SIGTERM): %d\n", kill(-leader, SIGTERM));
  report("group leader", leader);
  r0 = kill(-999999, SIGTERM);
  printf("kill(-stranger): %d %s\n", r0, strerror(errno));

  pid_t s = fork();
  if (s == 0) {
    pid_t sid = setsid();
    _exit(sid == getpid() && getsid(0) == getpid() && getpgrp() == getpid() ? 0 : 1);
  }
  report("setsid in child", s);

  uid_t r, e, sv;
  getresuid(&r, &e, &sv);
  printf("getresuid matches getuid/geteuid: %d %d\n", r == getuid(), e == geteuid());
  printf("setuid(getuid()): %d\n", setuid(getuid()));
  printf("setresuid(-1,-1,-1): %d\n", setresuid(-1, -1, -1));
  printf("setfsuid(-1) is euid: %d\n", setfsuid(-1) == (int)geteuid());
  pid_t c = fork();
  if (c == 0) {
    int a = setgroups(0, NULL), b2 = setgid(65534), d = setuid(65534);
    printf("drop: setgroups %d setgid %d setuid %d uid %d\n", a, b2, d, (int)getuid());
    int back = setuid(0);
    printf("regain root: %d %s\n", back, back < 0 ? strerror(errno) : "");
    _exit(0);
  }
  report("credentials child", c);

  struct { unsigned version; int pid; } hdr = {0x20080522, 0};
  unsigned data[6] = {0};
  r0 = syscall(125 /* capget */, &hdr, data);
  printf("capget v3: %d effective %#x %#x permitted %#x\n", r0, data[0], data[3], data[1]);
  hdr.version = 0x1234;
  r0 = syscall(125, &hdr, data);
  printf("capget bad version: %d %s version now %#x\n", r0, strerror(errno), hdr.version);
  hdr.version = 0x20080522;
  r0 = syscall(126 /* capset */, &hdr, data);
  printf("capset same sets: %d\n", r0);

  /* pidfds: readable when the child exits; a signal through one */
  pid_t k = fork();
  if (k == 0) { for (;;) pause(); }
  int pidfd = syscall(434 /* pidfd_open */, k, 0);
  printf("pidfd_open: %d\n", pidfd >= 0);
  struct pollfd pp = {pidfd, POLLIN, 0};
  printf("poll before exit: %d\n", poll(&pp, 1, 0));
  printf("pidfd_send_signal: %ld\n", syscall(424 /* pidfd_send_signal */, pidfd, SIGKILL, NULL, 0));
  int pr = poll(&pp, 1, 5000);
  printf("poll after kill: %d revents %#x\n", pr, pp.revents);
  report("pidfd child", k);
  r0 = syscall(434, 0, 0);
  printf("pidfd_open(0): %d %s\n", r0, strerror(errno));
  return 0;
}
