/* statfs/fstatfs and extended attributes: the fields that do not change between two runs,
 * and the errno of each xattr call (the file system decides whether user xattrs work). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>

static void fs(const char *what, int r, struct statfs *s) {
  if (r < 0) { printf("%s: errno %d\n", what, errno); return; }
  printf("%s: type %#lx bsize %ld namelen %ld\n", what, (long)s->f_type, (long)s->f_bsize,
         (long)s->f_namelen);
}

int main(void) {
  struct statfs s;
  fs("statfs /", statfs("/", &s), &s);
  fs("statfs /proc", statfs("/proc", &s), &s);
  fs("statfs /proc/self", statfs("/proc/self", &s), &s);
  fs("statfs missing", statfs("/no/such/dir", &s), &s);
  int fd = open("f.txt", O_CREAT | O_RDWR, 0644);
  fs("fstatfs file", fstatfs(fd, &s), &s);
  fs("fstatfs bad fd", fstatfs(99, &s), &s);
  char buf[256];
  long r = setxattr("f.txt", "user.nacre", "value", 5, 0);
  printf("setxattr %ld errno %d\n", r, r < 0 ? errno : 0);
  r = getxattr("f.txt", "user.nacre", buf, sizeof buf);
  printf("getxattr %ld %.*s errno %d\n", r, r > 0 ? (int)r : 0, buf, r < 0 ? errno : 0);
  r = getxattr("f.txt", "user.nacre", NULL, 0);
  printf("getxattr size %ld\n", r);
  r = fgetxattr(fd, "user.nacre", buf, 2);
  printf("fgetxattr small %ld errno %d\n", r, r < 0 ? errno : 0);
  r = listxattr("f.txt", buf, sizeof buf);
  printf("listxattr %ld errno %d\n", r, r < 0 ? errno : 0);
  r = setxattr("f.txt", "user.nacre", "v", 1, XATTR_CREATE);
  printf("setxattr create-existing %ld errno %d\n", r, r < 0 ? errno : 0);
  r = fremovexattr(fd, "user.nacre");
  printf("fremovexattr %ld errno %d\n", r, r < 0 ? errno : 0);
  r = lgetxattr("f.txt", "user.nacre", buf, sizeof buf);
  printf("lgetxattr removed %ld errno %d\n", r, r < 0 ? errno : 0);
  r = getxattr("f.txt", "", buf, sizeof buf);
  printf("getxattr empty name %ld errno %d\n", r, r < 0 ? errno : 0);
  r = getxattr("/no/such", "user.x", buf, sizeof buf);
  printf("getxattr missing %ld errno %d\n", r, r < 0 ? errno : 0);
  r = getxattr("/proc/self/exe", "user.x", buf, sizeof buf);
  printf("getxattr proc %ld errno %d\n", r, r < 0 ? errno : 0);
  r = getxattr("f.txt", "user.x", (char *)8, 10);
  printf("getxattr no attr, bad buffer %ld errno %d\n", r, r < 0 ? errno : 0);
  close(fd);
  unlink("f.txt");
  return 0;
}
