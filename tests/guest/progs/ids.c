/* Pids a full-system guest must see as its own (nacre guest): the sender of a signal (kill,
 * SIGCHLD's child), the owner set by F_SETOWN and F_SETOWN_EX (and SIGIO reaching it), the
 * credentials of an AF_UNIX peer (SCM_CREDENTIALS given and filled in by the kernel,
 * SO_PEERCRED). Prints one "name 1" line per check that holds (0 when it does not), as
 * Linux would in a pid namespace. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t usr1_pid, chld_pid;
static volatile int chld_code, sigio;

static void on_sig(int s, siginfo_t *si, void *uc) {
  (void)uc;
  if (s == SIGUSR1) usr1_pid = si->si_pid;
  if (s == SIGCHLD) { chld_pid = si->si_pid; chld_code = si->si_code; }
  if (s == SIGIO) sigio = 1;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGCHLD, &sa, NULL);
  sigaction(SIGIO, &sa, NULL);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t me = getpid(), c = fork();
  if (c == 0) {
    kill(me, SIGUSR1);
    _exit(0);
  }
  int st;
  waitpid(c, &st, 0);
  sigprocmask(SIG_SETMASK, &old, NULL);   /* both run here */
  printf("kill-si_pid %d\n", usr1_pid == c);
  printf("sigchld-si_pid %d %d\n", chld_pid == c, chld_code == CLD_EXITED);

  int p[2];
  pipe(p);
  fcntl(p[0], F_SETOWN, me);
  printf("f_getown-pid %d\n", fcntl(p[0], F_GETOWN) == me);
  fcntl(p[0], F_SETOWN, -getpgrp());
  printf("f_getown-pgrp %d\n", fcntl(p[0], F_GETOWN) == -getpgrp());
  struct f_owner_ex ex = {F_OWNER_PID, me};
  fcntl(p[0], F_SETOWN_EX, &ex);
  memset(&ex, 0, sizeof ex);
  fcntl(p[0], F_GETOWN_EX, &ex);
  printf("f_getown_ex %d\n", ex.type == F_OWNER_PID && ex.pid == me);
  fcntl(p[0], F_SETOWN, me);
  fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK);
  write(p[1], "x", 1);
  for (int i = 0; i < 200 && !sigio; i++) usleep(10000);
  printf("sigio-to-owner %d\n", sigio);

  int sv[2], on = 1;
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  struct ucred peer;
  socklen_t len = sizeof peer;
  getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &peer, &len);
  printf("so_peercred %d %d\n", peer.pid == me, peer.uid == getuid());
  setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
  struct ucred mine = {me, getuid(), getgid()};
  char cbuf[CMSG_SPACE(sizeof mine)];
  memset(cbuf, 0, sizeof cbuf);
  char byte = 'x';
  struct iovec io = {&byte, 1};
  struct msghdr m = {0};
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof cbuf;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_CREDENTIALS;
  cm->cmsg_len = CMSG_LEN(sizeof mine);
  memcpy(CMSG_DATA(cm), &mine, sizeof mine);
  printf("scm_credentials-send %d\n", sendmsg(sv[0], &m, 0) == 1);
  memset(cbuf, 0, sizeof cbuf);
  m.msg_controllen = sizeof cbuf;
  struct ucred got = {0, 1, 1};
  if (recvmsg(sv[1], &m, 0) == 1 && (cm = CMSG_FIRSTHDR(&m)) && cm->cmsg_type == SCM_CREDENTIALS)
    memcpy(&got, CMSG_DATA(cm), sizeof got);
  printf("scm_credentials-recv %d %d %d\n", got.pid == me, got.uid == getuid(), got.gid == getgid());
  m.msg_control = NULL;   /* now the kernel fills them in */
  m.msg_controllen = 0;
  sendmsg(sv[0], &m, 0);
  memset(cbuf, 0, sizeof cbuf);
  m.msg_control = cbuf;
  m.msg_controllen = sizeof cbuf;
  got.pid = 0;
  if (recvmsg(sv[1], &m, 0) == 1 && (cm = CMSG_FIRSTHDR(&m)) && cm->cmsg_type == SCM_CREDENTIALS)
    memcpy(&got, CMSG_DATA(cm), sizeof got);
  printf("scm_credentials-auto %d %d\n", got.pid == me, got.uid == getuid());
  return 0;
}
