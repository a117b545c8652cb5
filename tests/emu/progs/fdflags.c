/* Descriptor and handler flags (LTP open02, open13, sigaction01): O_NOATIME reaches the host
 * (F_GETFL shows it; a non-owner gets EPERM), an O_PATH descriptor refuses ioctl, fgetxattr
 * and read with EBADF, and SA_RESETHAND resets only the handler, keeping SA_SIGINFO. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerror(errno) : "ok"; }
static volatile sig_atomic_t had_info;
static void on_usr1(int s, siginfo_t *si, void *uc) { (void)s; (void)uc; had_info = si != NULL; }

int main(void) {
  /* A directory others may search: the non-owner check below must meet only the file. */
  char dir[] = "/tmp/nacre-fdflags.XXXXXX";
  if (!mkdtemp(dir) || chmod(dir, 0755) || chdir(dir)) return 1;
  int fd = open("file", O_RDWR | O_CREAT | O_TRUNC | O_NOATIME, 0644);
  printf("open O_NOATIME: %s\n", err(fd));
  printf("F_GETFL has it: %d\n", (fcntl(fd, F_GETFL) & O_NOATIME) != 0);
  printf("F_SETFL without it: %s\n", err(fcntl(fd, F_SETFL, 0)));
  printf("F_GETFL has it: %d\n", (fcntl(fd, F_GETFL) & O_NOATIME) != 0);
  close(fd);
  if (getuid() == 0) {
    seteuid(65534);
    printf("O_NOATIME on someone else's file: %s\n", err(open("file", O_RDONLY | O_NOATIME)));
    seteuid(0);
  }

  int path = open("file", O_PATH);
  int n;
  char c;
  printf("O_PATH ioctl FIONREAD: %s\n", err(ioctl(path, FIONREAD, &n)));
  printf("O_PATH fgetxattr: %s\n", err(fgetxattr(path, "user.x", &c, 1)));
  printf("O_PATH read: %s\n", err(read(path, &c, 1)));
  int dup_fd = dup(path);
  printf("dup of O_PATH ioctl: %s\n", err(ioctl(dup_fd, FIONREAD, &n)));

  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  sigaction(SIGUSR1, NULL, &old);
  printf("after SA_RESETHAND: siginfo given %d, handler default %d, SA_SIGINFO kept %d\n",
         (int)had_info, old.sa_handler == SIG_DFL, (old.sa_flags & SA_SIGINFO) != 0);
  close(path);
  close(dup_fd);
  unlink("file");
  chdir("/");
  rmdir(dir);
  return 0;
}
