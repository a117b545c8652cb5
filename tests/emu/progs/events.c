/* epoll (level and edge triggered, oneshot, the errors of epoll_ctl), eventfd (counter and
 * semaphore), timerfd (relative and periodic) and inotify, as an event loop uses them. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define CHECK(what, expr) do { long r_ = (long)(expr); printf("%s: %ld%s%s\n", what, r_ < 0 ? -1L : r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

static void wait_print(int ep, const char *what, int ms) {
  struct epoll_event ev[8];
  int n = epoll_wait(ep, ev, 8, ms);
  printf("%s: %d events", what, n);
  for (int i = 0; i < n; i++) printf(" [data %llu ev %#x]", (unsigned long long)ev[i].data.u64, ev[i].events);
  printf("\n");
}

int main(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  printf("epoll cloexec %d\n", fcntl(ep, F_GETFD));
  int pp[2];
  pipe(pp);
  struct epoll_event e = {EPOLLIN, {.u64 = 0x1122334455667788ull}};
  CHECK("ctl add pipe", epoll_ctl(ep, EPOLL_CTL_ADD, pp[0], &e));
  CHECK("ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, pp[0], &e));
  CHECK("ctl mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, pp[1], &e));
  CHECK("ctl self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e));
  CHECK("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &e));
  int reg = open("regular.txt", O_CREAT | O_RDWR, 0644);
  CHECK("ctl regular file", epoll_ctl(ep, EPOLL_CTL_ADD, reg, &e));
  close(reg);
  unlink("regular.txt");
  CHECK("wait bad max", epoll_wait(ep, &e, 0, 0));
  wait_print(ep, "empty", 0);
  write(pp[1], "ab", 2);
  wait_print(ep, "level 1", 0);
  wait_print(ep, "level 2 (still readable)", 0);
  e.events = EPOLLIN | EPOLLET;
  e.data.u64 = 7;
  CHECK("ctl mod ET", epoll_ctl(ep, EPOLL_CTL_MOD, pp[0], &e));
  wait_print(ep, "edge first", 0);
  wait_print(ep, "edge again", 0);
  write(pp[1], "c", 1);
  wait_print(ep, "edge after new data", 0);
  e.events = EPOLLIN | EPOLLONESHOT;
  e.data.u64 = 8;
  epoll_ctl(ep, EPOLL_CTL_MOD, pp[0], &e);
  wait_print(ep, "oneshot", 0);
  wait_print(ep, "oneshot disarmed", 0);
  CHECK("ctl del", epoll_ctl(ep, EPOLL_CTL_DEL, pp[0], NULL));

  int ev = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
  e.events = EPOLLIN;
  e.data.u64 = 42;
  epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e);
  wait_print(ep, "eventfd", 100);
  uint64_t v = 0;
  CHECK("eventfd read", read(ev, &v, 8));
  printf("eventfd value %llu\n", (unsigned long long)v);
  CHECK("eventfd read empty", read(ev, &v, 8));
  v = 5;
  write(ev, &v, 8);
  struct pollfd pf = {ev, POLLIN, 0};
  CHECK("poll eventfd", poll(&pf, 1, 0));
  close(ev);
  int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  read(sem, &v, 8);
  printf("semaphore read %llu\n", (unsigned long long)v);
  read(sem, &v, 8);
  CHECK("semaphore empty", read(sem, &v, 8));
  close(sem);
  CHECK("eventfd bad flags", eventfd(0, 0x4242));

  int tf = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  struct itimerspec its = {{0, 20000000}, {0, 30000000}}, cur;
  CHECK("timerfd_settime", timerfd_settime(tf, 0, &its, NULL));
  timerfd_gettime(tf, &cur);
  printf("timerfd interval %ld.%09ld value set %d\n", (long)cur.it_interval.tv_sec,
         cur.it_interval.tv_nsec, cur.it_value.tv_sec > 0 || cur.it_value.tv_nsec > 0);
  e.data.u64 = 9;
  epoll_ctl(ep, EPOLL_CTL_ADD, tf, &e);
  wait_print(ep, "timer fired", 5000);
  CHECK("timerfd read", read(tf, &v, 8));
  printf("expirations >= 1: %d\n", v >= 1);
  struct itimerspec off = {{0, 0}, {0, 0}};
  timerfd_settime(tf, 0, &off, &cur);
  printf("old interval %ld\n", cur.it_interval.tv_nsec);
  CHECK("timerfd bad clock", timerfd_create(12345, 0));
  close(tf);

  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  e.events = EPOLLIN | EPOLLRDHUP;
  e.data.u64 = 10;
  epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &e);
  close(sv[1]);
  wait_print(ep, "peer closed", 100);
  close(sv[0]);
  close(ep);

  int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  int wd = inotify_add_watch(in, ".", IN_CREATE | IN_DELETE);
  printf("watch %d\n", wd);
  close(open("watched.txt", O_CREAT | O_WRONLY, 0644));
  unlink("watched.txt");
  char buf[4096] __attribute__((aligned(8)));
  long n = read(in, buf, sizeof buf);
  for (char *q = buf; n > 0 && q < buf + n;) {
    struct inotify_event *ie = (struct inotify_event *)q;
    printf("inotify wd %d mask %#x name %s\n", ie->wd, ie->mask, ie->len ? ie->name : "");
    q += sizeof *ie + ie->len;
  }
  CHECK("inotify missing path", inotify_add_watch(in, "no/such/dir", IN_CREATE));
  CHECK("inotify_rm_watch", inotify_rm_watch(in, wd));
  close(in);
  return 0;
}
