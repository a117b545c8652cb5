/* Without --allow-net, connect, bind and sendto are EACCES; with a grant for one address and
 * port (IPv4 or IPv6), that one is allowed (the connection is refused, nobody listens) and
 * others are not. */
// flags: --sandbox --allow-net=127.0.0.1:9,[::1]:9
// status: 0
// stdout: connect 127.0.0.1:80: EACCES
// stdout: connect 127.0.0.1:9: allowed
// stdout: sendto 10.1.2.3:53: EACCES
// stdout: bind 0.0.0.0:0: EACCES
// stdout: connect unix /tmp/x: EACCES
// stdout: connect [::1]:9: allowed
// stdout: connect [::1]:80: EACCES
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *how(int r) { return r == 0 || errno != EACCES ? "allowed" : "EACCES"; }

static struct sockaddr_in at(const char *ip, int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

int main(void) {
  struct sockaddr_in a = at("127.0.0.1", 80);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  printf("connect 127.0.0.1:80: %s\n", how(connect(s, (void *)&a, sizeof a)));
  close(s);
  s = socket(AF_INET, SOCK_STREAM, 0);
  a = at("127.0.0.1", 9);
  printf("connect 127.0.0.1:9: %s\n", how(connect(s, (void *)&a, sizeof a)));
  close(s);
  s = socket(AF_INET, SOCK_DGRAM, 0);
  a = at("10.1.2.3", 53);
  printf("sendto 10.1.2.3:53: %s\n", how((int)sendto(s, "x", 1, 0, (void *)&a, sizeof a) < 0 ? -1 : 0));
  a = at("0.0.0.0", 0);
  printf("bind 0.0.0.0:0: %s\n", how(bind(s, (void *)&a, sizeof a)));
  close(s);
  struct sockaddr_un u;
  memset(&u, 0, sizeof u);
  u.sun_family = AF_UNIX;
  strcpy(u.sun_path, "/tmp/x");
  s = socket(AF_UNIX, SOCK_STREAM, 0);
  printf("connect unix /tmp/x: %s\n", how(connect(s, (void *)&u, sizeof u)));
  close(s);
  for (int port = 9; port <= 80; port += 71) {
    struct sockaddr_in6 a6;
    memset(&a6, 0, sizeof a6);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons(port);
    a6.sin6_addr = in6addr_loopback;
    s = socket(AF_INET6, SOCK_STREAM, 0);
    printf("connect [::1]:%d: %s\n", port, how(connect(s, (void *)&a6, sizeof a6)));
    close(s);
  }
  return 0;
}
