/* Sockets on loopback: AF_UNIX stream/datagram/seqpacket pairs, path and abstract names,
 * SCM_RIGHTS and SCM_CREDENTIALS, TCP and UDP over IPv4 and IPv6, options, shutdown, and
 * the errors of misuse. Ports are chosen by the kernel and never printed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(what, expr) do { long r_ = (long)(expr); printf("%s: %ld%s%s\n", what, r_ < 0 ? -1L : r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

static void pairs(int type, const char *name) {
  int sv[2];
  if (socketpair(AF_UNIX, type, 0, sv) < 0) { printf("%s socketpair: %s\n", name, strerror(errno)); return; }
  char buf[64];
  write(sv[0], "hello", 5);
  write(sv[0], "world!", 6);
  long n = read(sv[1], buf, 3);
  printf("%s read(3) %ld %.*s\n", name, n, (int)(n > 0 ? n : 0), buf);
  n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
  printf("%s next %ld %.*s\n", name, n, (int)(n > 0 ? n : 0), buf);
  int v;
  socklen_t l = sizeof v;
  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &l);
  printf("%s SO_TYPE %d len %d\n", name, v, (int)l);
  shutdown(sv[0], SHUT_WR);
  n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
  printf("%s after shutdown %ld\n", name, n);
  close(sv[0]);
  close(sv[1]);
}

static void rights(void) {
  int sv[2], pp[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  pipe(pp);
  char c = 'x', buf[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {&c, 1};
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = buf;
  m.msg_controllen = sizeof buf;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &pp[1], sizeof(int));
  CHECK("sendmsg SCM_RIGHTS", sendmsg(sv[0], &m, 0));
  close(pp[1]);
  char rbuf[CMSG_SPACE(sizeof(int))];
  struct msghdr r = {0};
  char rc = 0;
  struct iovec riov = {&rc, 1};
  r.msg_iov = &riov;
  r.msg_iovlen = 1;
  r.msg_control = rbuf;
  r.msg_controllen = sizeof rbuf;
  CHECK("recvmsg", recvmsg(sv[1], &r, MSG_CMSG_CLOEXEC));
  struct cmsghdr *rc_ = CMSG_FIRSTHDR(&r);
  int got = -1;
  if (rc_ && rc_->cmsg_type == SCM_RIGHTS) memcpy(&got, CMSG_DATA(rc_), sizeof got);
  printf("received fd %d byte %c controllen %d cloexec %d\n", got, rc, (int)r.msg_controllen,
         got >= 0 ? fcntl(got, F_GETFD) : -1);
  write(got, "via passed fd", 13);
  close(got);
  char out[32];
  long n = read(pp[0], out, sizeof out);
  printf("pipe got %.*s\n", (int)(n > 0 ? n : 0), out);
  close(pp[0]);
  /* credentials */
  int on = 1;
  setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
  struct ucred cr;
  socklen_t cl = sizeof cr;
  getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &cl);
  printf("SO_PEERCRED pid is mine %d uid %d\n", cr.pid == getpid(), (int)cr.uid);
  write(sv[0], "c", 1);
  char cbuf[CMSG_SPACE(sizeof(struct ucred))];
  r.msg_control = cbuf;
  r.msg_controllen = sizeof cbuf;
  recvmsg(sv[1], &r, 0);
  cm = CMSG_FIRSTHDR(&r);
  if (cm && cm->cmsg_type == SCM_CREDENTIALS) {
    memcpy(&cr, CMSG_DATA(cm), sizeof cr);
    printf("SCM_CREDENTIALS pid is mine %d uid %d gid %d\n", cr.pid == getpid(), (int)cr.uid, (int)cr.gid);
  } else {
    printf("no credentials\n");
  }
  close(sv[0]);
  close(sv[1]);
}

/* Server in the parent, client in a child; addr is bound already. */
static void serve(int ls, const struct sockaddr *addr, socklen_t alen, const char *name) {
  CHECK("listen", listen(ls, 4));
  pid_t pid = fork();
  if (pid == 0) {
    int c = socket(addr->sa_family, SOCK_STREAM, 0);
    if (connect(c, addr, alen) < 0) { printf("%s connect: %s\n", name, strerror(errno)); _exit(1); }
    send(c, "ping", 4, 0);
    char b[16];
    long n = recv(c, b, sizeof b, MSG_WAITALL);
    printf("%s client got %.*s\n", name, (int)(n > 0 ? n : 0), b);
    _exit(0);
  }
  struct sockaddr_storage peer;
  socklen_t pl = sizeof peer;
  int s = accept4(ls, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
  printf("%s accept ok %d family %d cloexec %d\n", name, s >= 0, peer.ss_family, fcntl(s, F_GETFD));
  char b[16];
  long n = recv(s, b, 4, MSG_WAITALL);
  printf("%s server got %.*s\n", name, (int)(n > 0 ? n : 0), b);
  send(s, "pong", 4, MSG_NOSIGNAL);
  close(s);
  int st;
  waitpid(pid, &st, 0);
  fflush(stdout);
  printf("%s child status %d\n", name, WEXITSTATUS(st));
  close(ls);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pairs(SOCK_STREAM, "stream");
  pairs(SOCK_DGRAM, "dgram");
  pairs(SOCK_SEQPACKET, "seqpacket");
  rights();

  /* AF_UNIX with a path (relative to the cwd) */
  struct sockaddr_un un = {0};
  un.sun_family = AF_UNIX;
  strcpy(un.sun_path, "test.sock");
  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK("bind unix path", bind(ls, (struct sockaddr *)&un, sizeof un));
  CHECK("bind again", bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&un, sizeof un));
  struct sockaddr_un got;
  socklen_t gl = sizeof got;
  getsockname(ls, (struct sockaddr *)&got, &gl);
  /* (nacre reports the absolute guest path of a relative bind: only the name is compared) */
  printf("getsockname %s\n", strrchr(got.sun_path, '/') ? strrchr(got.sun_path, '/') + 1 : got.sun_path);
  serve(ls, (struct sockaddr *)&un, sizeof un, "unix");
  unlink("test.sock");

  /* abstract name */
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  snprintf(un.sun_path + 1, sizeof un.sun_path - 1, "nacre-test-%d", (int)getpid());
  socklen_t ul = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(un.sun_path + 1);
  ls = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK("bind abstract", bind(ls, (struct sockaddr *)&un, ul));
  serve(ls, (struct sockaddr *)&un, ul, "abstract");

  /* TCP over IPv4 */
  struct sockaddr_in in = {0};
  in.sin_family = AF_INET;
  in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  CHECK("SO_REUSEADDR", setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
  CHECK("bind 127.0.0.1:0", bind(ls, (struct sockaddr *)&in, sizeof in));
  socklen_t il = sizeof in;
  getsockname(ls, (struct sockaddr *)&in, &il);
  printf("tcp bound %s port nonzero %d len %d\n", inet_ntoa(in.sin_addr), in.sin_port != 0, (int)il);
  int v;
  socklen_t vl = sizeof v;
  getsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &v, &vl);
  printf("SO_REUSEADDR reads %d\n", v != 0);
  serve(ls, (struct sockaddr *)&in, sizeof in, "tcp4");
  CHECK("connect refused", connect(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)&in, sizeof in));

  int t = socket(AF_INET, SOCK_STREAM, 0);
  CHECK("TCP_NODELAY", setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
  vl = sizeof v;
  getsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
  printf("TCP_NODELAY reads %d\n", v != 0);
  struct linger lg = {1, 5};
  CHECK("SO_LINGER", setsockopt(t, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
  vl = sizeof lg;
  getsockopt(t, SOL_SOCKET, SO_LINGER, &lg, &vl);
  printf("SO_LINGER %d %d\n", lg.l_onoff, lg.l_linger);
  struct timeval tv = {2, 500000};
  CHECK("SO_RCVTIMEO", setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  vl = sizeof tv;
  getsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, &vl);
  printf("SO_RCVTIMEO %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
  CHECK("unknown option", setsockopt(t, SOL_SOCKET, 9999, &on, sizeof on));
  CHECK("send unconnected", send(t, "x", 1, MSG_NOSIGNAL));
  CHECK("getpeername unconnected", getpeername(t, (struct sockaddr *)&in, &il));
  close(t);

  /* UDP */
  int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in ua = {0};
  ua.sin_family = AF_INET;
  ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(u1, (struct sockaddr *)&ua, sizeof ua);
  socklen_t ual = sizeof ua;
  getsockname(u1, (struct sockaddr *)&ua, &ual);
  CHECK("sendto udp", sendto(u2, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof ua));
  struct pollfd pf = {u1, POLLIN, 0};
  CHECK("poll udp", poll(&pf, 1, 5000));
  char b[32];
  struct sockaddr_in from;
  socklen_t fl = sizeof from;
  long n = recvfrom(u1, b, sizeof b, 0, (struct sockaddr *)&from, &fl);
  printf("recvfrom %ld %.*s from %s len %d\n", n, (int)(n > 0 ? n : 0), b, inet_ntoa(from.sin_addr), (int)fl);
  CHECK("recv would block", recv(u1, b, sizeof b, MSG_DONTWAIT));
  close(u1);
  close(u2);

  /* TCP over IPv6, when the host has ::1 */
  int s6 = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 in6 = {0};
  in6.sin6_family = AF_INET6;
  in6.sin6_addr = in6addr_loopback;
  if (s6 >= 0 && bind(s6, (struct sockaddr *)&in6, sizeof in6) == 0) {
    socklen_t l6 = sizeof in6;
    getsockname(s6, (struct sockaddr *)&in6, &l6);
    char a6[64];
    inet_ntop(AF_INET6, &in6.sin6_addr, a6, sizeof a6);
    printf("tcp6 bound %s len %d\n", a6, (int)l6);
    serve(s6, (struct sockaddr *)&in6, sizeof in6, "tcp6");
  } else {
    printf("no ipv6 loopback\n");
  }
  CHECK("socket bad type", socket(AF_INET, 77, 0));
  CHECK("bind bad fd", bind(99, (struct sockaddr *)&ua, sizeof ua));
  CHECK("listen on non-socket", listen(0, 1));
  return 0;
}
