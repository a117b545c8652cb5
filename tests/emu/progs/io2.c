/* The older and batched I/O calls: getdents (the original record layout), preadv2/pwritev2
 * (raw syscalls: musl has no wrappers), vmsplice, readahead, futimesat, sendmmsg/recvmmsg. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define CHECK(what, expr) do { long r_ = (long)(expr); printf("%s: %ld%s%s\n", what, r_ < 0 ? -1L : r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  mkdir("d", 0755);
  for (int i = 0; i < 5; i++) {
    char n[16];
    snprintf(n, sizeof n, "d/file%d", i);
    close(open(n, O_CREAT | O_WRONLY, 0644));
  }
  mkdir("d/sub", 0755);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  char buf[4096] __attribute__((aligned(8)));
  char *names[16];
  int cnt = 0;
  long n;
  while ((n = syscall(SYS_getdents, dfd, buf, 64)) > 0) {   /* small buffer: several calls */
    for (long off = 0; off < n;) {
      unsigned short rl;
      memcpy(&rl, buf + off + 16, 2);
      char type = buf[off + rl - 1];
      char *name = buf + off + 18;
      if (strcmp(name, ".") && strcmp(name, "..") && cnt < 16) {
        names[cnt] = malloc(64);
        snprintf(names[cnt++], 64, "%s:%s", name, type == 4 ? "dir" : type == 8 ? "reg" : "other");
      }
      off += rl;
    }
  }
  qsort(names, cnt, sizeof *names, cmp);
  printf("getdents:");
  for (int i = 0; i < cnt; i++) printf(" %s", names[i]);
  printf("\n");
  CHECK("getdents tiny buffer", syscall(SYS_getdents, dfd, buf, 8));
  CHECK("getdents on file", syscall(SYS_getdents, 1, buf, sizeof buf));
  close(dfd);

  int fd = open("v.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  struct iovec w[2] = {{"hello ", 6}, {"vectors", 7}};
  CHECK("pwritev2 at 0", syscall(SYS_pwritev2, fd, w, 2, 0L, 0L, 0));
  CHECK("pwritev2 current pos", syscall(SYS_pwritev2, fd, w, 1, -1L, 0L, 0));
  char a[8] = {0}, b[16] = {0};
  struct iovec r[2] = {{a, 5}, {b, 8}};
  CHECK("preadv2", syscall(SYS_preadv2, fd, r, 2, 1L, 0L, 0));
  printf("read <%s> <%s>\n", a, b);
  CHECK("preadv2 bad flags", syscall(SYS_preadv2, fd, r, 2, 0L, 0L, 0x1000));
  CHECK("readahead", readahead(fd, 0, 4096));
  int pp[2];
  pipe(pp);
  CHECK("readahead pipe", readahead(pp[0], 0, 10));
  struct iovec vi = {"vmspliced", 9};
  CHECK("vmsplice", vmsplice(pp[1], &vi, 1, 0));
  n = read(pp[0], buf, sizeof buf);
  printf("pipe <%.*s>\n", (int)n, buf);
  CHECK("vmsplice regular file", vmsplice(fd, &vi, 1, 0));
  struct timeval tv[2] = {{1000000000, 0}, {1200000000, 500000}};
  CHECK("futimesat", syscall(SYS_futimesat, AT_FDCWD, "v.txt", tv));
  struct stat st;
  stat("v.txt", &st);
  printf("mtime %ld.%09ld atime %ld\n", (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long)st.st_atim.tv_sec);
  close(fd);

  int sv[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  struct mmsghdr m[3];
  struct iovec iv[3] = {{"one", 3}, {"three", 5}, {"sixsix", 6}};
  memset(m, 0, sizeof m);
  for (int i = 0; i < 3; i++) { m[i].msg_hdr.msg_iov = &iv[i]; m[i].msg_hdr.msg_iovlen = 1; }
  CHECK("sendmmsg", sendmmsg(sv[0], m, 3, 0));
  printf("lens %u %u %u\n", m[0].msg_len, m[1].msg_len, m[2].msg_len);
  char rb[3][16];
  struct iovec ri[3] = {{rb[0], 16}, {rb[1], 16}, {rb[2], 16}};
  memset(m, 0, sizeof m);
  for (int i = 0; i < 3; i++) { m[i].msg_hdr.msg_iov = &ri[i]; m[i].msg_hdr.msg_iovlen = 1; }
  CHECK("recvmmsg WAITFORONE", recvmmsg(sv[1], m, 3, MSG_WAITFORONE, NULL));
  printf("got %.*s %.*s %.*s\n", (int)m[0].msg_len, rb[0], (int)m[1].msg_len, rb[1], (int)m[2].msg_len, rb[2]);
  CHECK("recvmmsg empty nonblocking", recvmmsg(sv[1], m, 3, MSG_DONTWAIT, NULL));
  CHECK("sendmmsg bad fd", sendmmsg(99, m, 1, 0));
  return 0;
}
