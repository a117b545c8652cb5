/* Socket calls' errors and flags as the kernel reports them (LTP socket01, socketpair01,
 * getsockname01, getpeername01, getsockopt01, recv01, recvfrom01, recvmsg01): socket types
 * and protocols, address buffers and lengths, unknown option levels and names, MSG_ERRQUEUE
 * and MSG_MORE, on a TCP connection over loopback. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *what, long r) {
  printf("%-40s %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(void) {
  show("socket(INET, 75)", socket(AF_INET, 75, 0));
  show("socket(INET, STREAM, UDP)", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
  show("socket(INET, DGRAM, TCP)", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
  int raw = socket(AF_INET, SOCK_RAW, 0);
  show("socket(INET, RAW, 0)", raw);
  int fds[2];
  show("socketpair(INET, STREAM)", socketpair(AF_INET, SOCK_STREAM, 0, fds));
  show("socketpair(UNIX, STREAM, bad pointer)", socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)8));

  int srv = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t al = sizeof a;
  bind(srv, (struct sockaddr *)&a, sizeof a);
  listen(srv, 1);
  getsockname(srv, (struct sockaddr *)&a, &al);
  int cli = socket(AF_INET, SOCK_STREAM, 0);
  connect(cli, (struct sockaddr *)&a, sizeof a);
  int con = accept(srv, NULL, NULL);
  printf("accept without an address: %s\n", con >= 0 ? "ok" : strerror(errno));

  struct sockaddr_in got;
  socklen_t len = sizeof got, bad = (socklen_t)-1, zero = 0;
  show("getsockname(NULL address)", getsockname(cli, NULL, &len));
  show("getsockname(NULL length)", getsockname(cli, (struct sockaddr *)&got, NULL));
  show("getsockname(length pointer 1)", getsockname(cli, (struct sockaddr *)&got, (socklen_t *)1));
  show("getsockname(length -1)", getsockname(cli, (struct sockaddr *)&got, &bad));
  show("getsockname(NULL address, length 0)", getsockname(cli, NULL, &zero));
  printf("  length written back: %u\n", (unsigned)zero);
  show("getpeername(bad address)", getpeername(cli, (struct sockaddr *)8, &len));

  int v = 0;
  socklen_t vl = sizeof v;
  show("getsockopt(level 500)", getsockopt(cli, 500, SO_OOBINLINE, &v, &vl));
  show("getsockopt(UDP level on TCP)", getsockopt(cli, IPPROTO_UDP, SO_OOBINLINE, &v, &vl));
  show("getsockopt(IP, -1)", getsockopt(cli, IPPROTO_IP, -1, &v, &vl));
  show("getsockopt(TCP, -1)", getsockopt(cli, IPPROTO_TCP, -1, &v, &vl));

  char buf[16];
  show("recv(MSG_ERRQUEUE), queue empty", recv(con, buf, sizeof buf, MSG_ERRQUEUE));
  show("send(MSG_MORE)", send(cli, "ab", 2, MSG_MORE));
  show("send", send(cli, "cd", 2, 0));
  show("recvfrom(length -1)", recvfrom(con, buf, 1, 0, (struct sockaddr *)&got, &bad));
  show("recvfrom(NULL address)", recvfrom(con, buf, 1, 0, NULL, &bad));
  len = sizeof got;
  show("recvfrom(connected stream)", recvfrom(con, buf, sizeof buf, 0, (struct sockaddr *)&got, &len));
  printf("  length written back: %u\n", (unsigned)len);
  return 0;
}
