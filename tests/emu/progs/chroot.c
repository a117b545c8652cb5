/* chroot into a directory the program builds: paths, the cwd and ".." stay inside it (as
 * root; otherwise both sides answer EPERM). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  mkdir("cr", 0755);
  mkdir("cr/etc", 0755);
  int fd = open("cr/etc/msg", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(fd, "inside the new root\n", 20);
  close(fd);
  close(open("outside.txt", O_CREAT | O_WRONLY, 0644));
  chdir("cr");
  int r = chroot(".");
  printf("chroot: %d %s\n", r, r ? strerror(errno) : "");
  if (r == 0) {
    char b[256];
    printf("cwd %s\n", getcwd(b, sizeof b));
    fd = open("/etc/msg", O_RDONLY);
    long n = read(fd, b, sizeof b);
    printf("read %.*s", (int)(n > 0 ? n : 0), b);
    printf("outside via ..: %d\n", access("/../../outside.txt", F_OK));
    chdir("/etc");
    printf("cwd %s\n", getcwd(b, sizeof b));
  }
  r = chroot("/nonexistent");
  printf("chroot missing: %d %s\n", r, strerror(errno));
  r = chroot("/etc/msg");
  printf("chroot file: %d %s\n", r, strerror(errno));
  return 0;
}
