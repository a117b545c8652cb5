/* Finite-timeout waits that a signal must not end: poll, select, ppoll, pselect and
 * epoll_wait keep waiting (and return 0 at the timeout) while another process keeps sending a
 * signal the caller ignores, leaves at its default "ignore" action, blocks, or leaves to
 * another thread; a signal it handles still ends them with EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 80

static volatile sig_atomic_t handled;
static void on_sig(int s) { handled = s; }

static void msleep(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* A child that sends sig to its parent every 3 ms until it is killed. */
static pid_t pester(int sig) {
  pid_t parent = getpid(), c = fork();
  if (c == 0) {
    for (;;) {
      kill(parent, sig);
      msleep(3);
    }
  }
  msleep(10);   /* the first signals arrive before the first wait */
  return c;
}

static void stop(pid_t c) {
  kill(c, SIGKILL);
  waitpid(c, NULL, 0);
}

static void show(const char *scenario, const char *call, long r) {
  if (r < 0) printf("%s %s: -1 %s\n", scenario, call, strerror(errno));
  else printf("%s %s: %ld\n", scenario, call, r);
}

/* Every wait form once, each on a pipe nobody writes. */
static void waits(const char *scenario) {
  int pfd[2];
  if (pipe(pfd) < 0) return;
  struct pollfd pf = {pfd[0], POLLIN, 0};
  show(scenario, "poll", poll(&pf, 1, WAIT_MS));
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(pfd[0], &rs);
  struct timeval tv = {0, WAIT_MS * 1000};
  show(scenario, "select", select(pfd[0] + 1, &rs, NULL, NULL, &tv));
  struct timespec ts = {0, WAIT_MS * 1000000L};
  show(scenario, "ppoll", ppoll(&pf, 1, &ts, NULL));
  FD_ZERO(&rs);
  FD_SET(pfd[0], &rs);
  show(scenario, "pselect", pselect(pfd[0] + 1, &rs, NULL, NULL, &ts, NULL));
  int ep = epoll_create1(0);
  struct epoll_event ev = {EPOLLIN, {0}}, out;
  epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev);
  show(scenario, "epoll_wait", epoll_wait(ep, &out, 1, WAIT_MS));
  show(scenario, "poll-none", poll(NULL, 0, WAIT_MS));
  close(ep);
  close(pfd[0]);
  close(pfd[1]);
}

static void scenario(const char *name, int sig) {
  pid_t c = pester(sig);
  waits(name);
  stop(c);
}

static void *take_usr2(void *arg) {
  (void)arg;
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  for (;;) pause();
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;

  /* Default action "ignore". */
  scenario("default-winch", SIGWINCH);
  scenario("default-chld", SIGCHLD);
  /* Ignored. */
  signal(SIGURG, SIG_IGN);
  scenario("ignored-urg", SIGURG);
  signal(SIGUSR1, SIG_IGN);
  scenario("ignored-usr1", SIGUSR1);
  /* Handled but blocked: it stays pending, then runs once unblocked. */
  sigaction(SIGWINCH, &sa, NULL);
  sigset_t s, old;
  sigemptyset(&s);
  sigaddset(&s, SIGWINCH);
  sigprocmask(SIG_BLOCK, &s, &old);
  scenario("blocked-winch", SIGWINCH);
  handled = 0;
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("blocked-winch handled after unblock: %d\n", handled == SIGWINCH);
  signal(SIGWINCH, SIG_DFL);
  /* SIGCHLD once taken with sigtimedwait (while blocked), then unblocked at its default. */
  sigemptyset(&s);
  sigaddset(&s, SIGCHLD);
  sigprocmask(SIG_BLOCK, &s, &old);
  struct timespec zero = {0, 0};
  siginfo_t si;
  printf("sigtimedwait: %d\n", sigtimedwait(&s, &si, &zero) < 0 ? errno == EAGAIN : -2);
  sigprocmask(SIG_SETMASK, &old, NULL);
  scenario("after-sigwait-chld", SIGCHLD);
  /* Handled by another thread: this one blocks it. */
  sigaction(SIGUSR2, &sa, NULL);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &s, NULL);
  pthread_t th;
  pthread_create(&th, NULL, take_usr2, NULL);
  handled = 0;
  scenario("other-thread-usr2", SIGUSR2);
  printf("other thread handled: %d\n", handled == SIGUSR2);
  /* A handled signal still ends the waits. */
  sigaction(SIGHUP, &sa, NULL);
  pid_t c = pester(SIGHUP);
  int pfd[2];
  pipe(pfd);
  struct pollfd pf = {pfd[0], POLLIN, 0};
  long r;
  while ((r = poll(&pf, 1, 10000)) == 0) {}
  show("handled-hup", "poll", r);
  struct timespec ts = {10, 0};
  while ((r = ppoll(&pf, 1, &ts, NULL)) == 0) {}
  show("handled-hup", "ppoll", r);
  stop(c);
  return 0;
}
