/* Taking signals synchronously and waiting with a signal mask: sigtimedwait/sigwaitinfo
 * (pending, timeout, sent by another thread, interrupted by a handled signal), signalfd (read,
 * poll, epoll, a blocking read, mask updates, SIGCHLD and a signal from another process, the
 * errors), ppoll/pselect/epoll_pwait whose mask lets a pending signal in atomically, F_SETSIG
 * and the siginfo of signals from other processes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static void on_sig(int s) { handled = s; }

static void msleep(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void show(const char *what, long r) {
  if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
  else printf("%s: %ld\n", what, r);
}

static pthread_t main_thread;
static void *send_later(void *arg) {
  msleep(30);
  long how = (long)arg;
  if (how == 1) kill(getpid(), SIGUSR2);
  else if (how == 2) pthread_kill(main_thread, SIGUSR1);
  else if (how == 3) pthread_kill(main_thread, SIGUSR2);
  return NULL;
}

/* The sender is joined after each wait, so no thread with another mask is left to take the
 * signals of the next test. */
static pthread_t sender;
static void later(long how) { pthread_create(&sender, NULL, send_later, (void *)how); }
static void joined(void) { pthread_join(sender, NULL); }

static void sigtimedwait_tests(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigprocmask(SIG_BLOCK, &set, NULL);
  siginfo_t si;
  kill(getpid(), SIGUSR1);
  int r = sigwaitinfo(&set, &si);
  printf("sigwaitinfo: %d code %d pid ok %d\n", r, si.si_code, si.si_pid == getpid());
  struct timespec ts = {0, 50000000};
  show("sigtimedwait empty", sigtimedwait(&set, &si, &ts));
  struct timespec bad = {0, 1000000000};
  show("sigtimedwait bad timeout", sigtimedwait(&set, &si, &bad));
  later(1);
  int sig = 0;
  sigset_t only2;
  sigemptyset(&only2);
  sigaddset(&only2, SIGUSR2);
  r = sigwait(&only2, &sig);
  joined();
  printf("sigwait from thread: %d sig %d\n", r, sig);
  /* A handled, unblocked signal ends the wait with EINTR. */
  signal(SIGTERM, on_sig);
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigprocmask(SIG_UNBLOCK, &term, NULL);
  handled = 0;
  signal(SIGUSR1, on_sig);
  sigset_t w;
  sigemptyset(&w);
  sigaddset(&w, SIGUSR2);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &one, NULL);
  later(2);
  struct timespec longer = {5, 0};
  show("sigtimedwait interrupted", sigtimedwait(&w, &si, &longer));
  joined();
  printf("handler ran: %d\n", handled == SIGUSR1);
  sigprocmask(SIG_BLOCK, &one, NULL);
  signal(SIGUSR1, SIG_DFL);
}

static void signalfd_tests(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigprocmask(SIG_BLOCK, &set, NULL);
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  struct signalfd_siginfo ssi[4];
  show("signalfd", fd >= 0);
  show("read empty", read(fd, ssi, sizeof ssi));
  show("read short buffer", read(fd, ssi, 100));
  struct pollfd pf = {fd, POLLIN, 0};
  show("poll empty", poll(&pf, 1, 0));
  raise(SIGUSR2);
  kill(getpid(), SIGUSR1);
  show("poll pending", poll(&pf, 1, 0));
  long n = read(fd, ssi, sizeof ssi);
  printf("read two: %ld", n);
  for (long i = 0; i < n / (long)sizeof ssi[0]; i++)
    printf(" [sig %u code %d pid ok %d]", ssi[i].ssi_signo, ssi[i].ssi_code, ssi[i].ssi_pid == (unsigned)getpid());
  printf("\n");
  show("poll drained", poll(&pf, 1, 0));
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 77}, out[2];
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  show("epoll empty", epoll_wait(ep, out, 2, 0));
  later(3);
  n = epoll_wait(ep, out, 2, 5000);
  joined();
  printf("epoll wakes: %ld data %llu\n", n, n > 0 ? (unsigned long long)out[0].data.u64 : 0ull);
  show("read it", read(fd, ssi, sizeof ssi));
  printf("sig %u\n", ssi[0].ssi_signo);
  show("epoll after read", epoll_wait(ep, out, 2, 0));
  /* A new mask on the same descriptor: SIGUSR1 only. */
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, SIGUSR1);
  show("signalfd update", signalfd(fd, &one, 0) == fd);
  raise(SIGUSR2);
  show("read other signal", read(fd, ssi, sizeof ssi));
  sigset_t two;
  sigemptyset(&two);
  sigaddset(&two, SIGUSR2);
  siginfo_t si;
  show("still pending for sigwait", sigwaitinfo(&two, &si));
  /* A blocking descriptor: the read waits for a signal another thread sends. */
  int bfd = signalfd(-1, &set, 0);
  later(3);
  n = read(bfd, ssi, sizeof ssi);
  joined();
  printf("blocking read: %ld sig %u\n", n, ssi[0].ssi_signo);
  /* SIGCHLD, and a signal from another process. */
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigaddset(&chld, SIGTERM);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int cfd = signalfd(-1, &chld, 0);
  pid_t parent = getpid();
  pid_t c = fork();
  if (c == 0) {
    kill(parent, SIGTERM);
    _exit(3);
  }
  int got = 0;
  while (got != 3) {
    n = read(cfd, ssi, sizeof ssi[0]);
    if (n != sizeof ssi[0]) { printf("child read: %ld\n", n); break; }
    got |= ssi[0].ssi_signo == SIGCHLD ? 1 : ssi[0].ssi_signo == SIGTERM ? 2 : 4;
  }
  int st;
  waitpid(c, &st, 0);
  printf("SIGCHLD and SIGTERM read: %d, child status %d\n", got, WEXITSTATUS(st));
  show("bad size", signalfd(-1, &set, 4));
  show("bad flags", signalfd(-1, &set, 0x40));
  show("not a signalfd", signalfd(0, &set, 0));
  show("bad fd", signalfd(999, &set, 0));
  close(fd);
  close(bfd);
  close(cfd);
  close(ep);
}

static void masked_wait_tests(void) {
  signal(SIGUSR1, on_sig);
  sigset_t one, none;
  sigemptyset(&one);
  sigaddset(&one, SIGUSR1);
  sigemptyset(&none);
  sigprocmask(SIG_BLOCK, &one, NULL);
  int p[2];
  pipe(p);
  /* Pending before the call, let in by the call's mask: EINTR at once, handler run. */
  handled = 0;
  raise(SIGUSR1);
  struct pollfd pf = {p[0], POLLIN, 0};
  struct timespec ts = {5, 0};
  show("ppoll pending", ppoll(&pf, 1, &ts, &none));
  printf("handled %d\n", handled == SIGUSR1);
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("mask restored: %d\n", sigismember(&now, SIGUSR1));
  handled = 0;
  raise(SIGUSR1);
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  show("pselect pending", pselect(p[0] + 1, &r, NULL, NULL, &ts, &none));
  printf("handled %d\n", handled == SIGUSR1);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN}, out[1];
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  handled = 0;
  raise(SIGUSR1);
  show("epoll_pwait pending", epoll_pwait(ep, out, 1, 5000, &none));
  printf("handled %d\n", handled == SIGUSR1);
  /* Arriving during the wait. */
  handled = 0;
  later(2);
  show("epoll_pwait during", epoll_pwait(ep, out, 1, 5000, &none));
  joined();
  printf("handled %d\n", handled == SIGUSR1);
  handled = 0;
  later(2);
  show("ppoll during", ppoll(&pf, 1, &ts, &none));
  joined();
  printf("handled %d\n", handled == SIGUSR1);
  /* The mask blocks it: the wait times out and the signal stays pending. */
  handled = 0;
  raise(SIGUSR1);
  struct timespec short_ts = {0, 30000000};
  show("ppoll blocked", ppoll(&pf, 1, &short_ts, &one));
  printf("handled %d\n", handled);
  sigset_t pend;
  sigpending(&pend);
  printf("still pending: %d\n", sigismember(&pend, SIGUSR1));
  show("ppoll bad size", syscall(271, &pf, 1, &ts, &none, 4));
  sigprocmask(SIG_UNBLOCK, &one, NULL);
  printf("handled after unblock %d\n", handled == SIGUSR1);
  close(ep);
  close(p[0]);
  close(p[1]);
}

/* Signal-driven I/O: F_SETOWN/F_SETSIG/F_GETOWN_EX, and the signal a write then sends. */
static void sigio_tests(void) {
  int p[2];
  pipe(p);
  signal(SIGUSR1, on_sig);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &one, NULL);
  show("F_SETOWN", fcntl(p[0], F_SETOWN, getpid()));
  printf("F_GETOWN is us: %d\n", fcntl(p[0], F_GETOWN) == getpid());
  show("F_SETSIG", fcntl(p[0], F_SETSIG, SIGUSR1));
  show("F_GETSIG", fcntl(p[0], F_GETSIG));
  struct f_owner_ex ex = {F_OWNER_PID, getpid()}, got = {0, 0};
  show("F_SETOWN_EX", fcntl(p[0], F_SETOWN_EX, &ex));
  show("F_GETOWN_EX", fcntl(p[0], F_GETOWN_EX, &got));
  printf("owner type %d is us %d\n", got.type, got.pid == getpid());
  show("F_SETSIG bad", fcntl(p[0], F_SETSIG, 99));
  handled = 0;
  show("O_ASYNC", fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_ASYNC | O_NONBLOCK));
  write(p[1], "x", 1);
  for (int i = 0; i < 300 && !handled; i++) msleep(10);
  printf("SIGIO as SIGUSR1: %d\n", handled == SIGUSR1);
  close(p[0]);
  close(p[1]);
}

/* A signal whose action is to ignore it interrupts nothing, even once the shim catches it on
 * the host (it does since SIGCHLD went through a signalfd above). */
static void ignored_signal_tests(void) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_UNBLOCK, &chld, NULL);
  int p[2];
  pipe(p);
  pid_t quick = fork();
  if (quick == 0) _exit(0);
  pid_t slow = fork();
  if (slow == 0) {
    msleep(300);
    write(p[1], "y", 1);
    _exit(0);
  }
  close(p[1]);
  char b;
  show("read across SIGCHLD", read(p[0], &b, 1));
  pid_t quick2 = fork();
  if (quick2 == 0) _exit(0);
  struct timespec ts = {0, 300000000};
  show("nanosleep across SIGCHLD", nanosleep(&ts, NULL));
  struct pollfd pf = {p[0], POLLIN, 0};
  pid_t quick3 = fork();
  if (quick3 == 0) _exit(0);
  show("poll across SIGCHLD", poll(&pf, 1, 300));
  waitpid(quick, NULL, 0);
  waitpid(slow, NULL, 0);
  waitpid(quick2, NULL, 0);
  waitpid(quick3, NULL, 0);
  close(p[0]);
}

/* What another process's signals carry: the sender and code of a kill, a real-time signal,
 * and SIGCHLD's child, code and status. */
static void host_siginfo_tests(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGRTMIN + 2);
  sigaddset(&set, SIGCHLD);
  sigprocmask(SIG_BLOCK, &set, NULL);
  pid_t parent = getpid();
  pid_t c = fork();
  if (c == 0) {
    kill(parent, SIGUSR1);
    kill(parent, SIGRTMIN + 2);
    _exit(5);
  }
  /* They arrive in an order that depends on timing: reported in a fixed one. */
  char line[3][80] = {"", "", ""};
  int seen = 0;
  while (seen != 7) {
    siginfo_t si;
    int s = sigwaitinfo(&set, &si), k = s == SIGUSR1 ? 0 : s == SIGRTMIN + 2 ? 1 : s == SIGCHLD ? 2 : -1;
    if (k < 0) {
      printf("sigwaitinfo: %d\n", s);
      break;
    }
    snprintf(line[k], sizeof line[k], "sig %d from child %d code %d status %d", k, si.si_pid == c,
             si.si_code, k == 2 ? si.si_status : 0);
    seen |= 1 << k;
  }
  for (int k = 0; k < 3; k++) printf("%s\n", line[k]);
  waitpid(c, NULL, 0);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  main_thread = pthread_self();
  sigtimedwait_tests();
  signalfd_tests();
  masked_wait_tests();
  sigio_tests();
  ignored_signal_tests();
  host_siginfo_tests();
  return 0;
}
