/* clone3 as glibc and others call it: fork-like with an exit signal, CLONE_PARENT_SETTID,
 * the argument checks (size, a nonzero tail of a larger struct, a thread with an exit
 * signal, a stack without its size, a signal in the flags). Threads use it via pthreads. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* struct clone_args (its first version, 64 bytes; glibc and musl do not all export it). */
struct clone_args {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
static long c3(struct clone_args *ca, size_t size) { return syscall(SYS_clone3, ca, size); }
static void show(const char *what, long r) {
  if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
  else printf("%s: %ld\n", what, r);
}
int main(void) {
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.exit_signal = SIGCHLD;
  long pid = c3(&ca, sizeof ca);
  if (pid == 0) _exit(7);
  int st;
  waitpid(pid, &st, 0);
  printf("fork-like: exited %d\n", WEXITSTATUS(st));
  int ptid = 0;
  ca.flags = CLONE_PARENT_SETTID;
  ca.parent_tid = (uintptr_t)&ptid;
  pid = c3(&ca, sizeof ca);
  if (pid == 0) _exit(8);
  waitpid(pid, &st, 0);
  printf("parent settid matches: %d status %d\n", ptid == pid, WEXITSTATUS(st));
  memset(&ca, 0, sizeof ca);
  show("small size", c3(&ca, 32));
  char big[128];
  memset(big, 0, sizeof big);
  ((struct clone_args *)big)->exit_signal = SIGCHLD;
  big[100] = 1;
  show("nonzero tail", c3((struct clone_args *)big, sizeof big));
  ca.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
  ca.exit_signal = SIGCHLD;
  show("thread with exit signal", c3(&ca, sizeof ca));
  memset(&ca, 0, sizeof ca);
  ca.stack = 4096;
  show("stack without size", c3(&ca, sizeof ca));
  memset(&ca, 0, sizeof ca);
  ca.flags = CSIGNAL & SIGCHLD;
  show("signal in flags", c3(&ca, sizeof ca));
  return 0;
}
