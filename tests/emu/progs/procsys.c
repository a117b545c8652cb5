/* /proc/sys files (LTP fcntl33, inotify05, inotify06, splice06): read, checked with
 * access(W_OK) and opened for writing like any sysctl (the value written back is the one
 * read, so nothing changes). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerror(errno) : "ok"; }

int main(void) {
  const char *files[] = {"/proc/sys/fs/pipe-max-size", "/proc/sys/fs/inotify/max_queued_events",
                         "/proc/sys/fs/pipe-user-pages-soft", "/proc/sys/fs/lease-break-time"};
  for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
    char v[64] = "";
    int fd = open(files[i], O_RDONLY);
    long n = fd >= 0 ? read(fd, v, sizeof v - 1) : -1;
    if (fd >= 0) close(fd);
    printf("%s: read %s, a number %d\n", files[i], err(n), n > 0 && v[0] >= '0' && v[0] <= '9');
    printf("  access W_OK: %s\n", err(access(files[i], W_OK)));
    fd = open(files[i], O_WRONLY);
    printf("  open for writing: %s\n", err(fd));
    if (fd >= 0 && n > 0) {
      printf("  write the same value back: %s\n", err(write(fd, v, (size_t)n)));
      close(fd);
    }
  }
  return 0;
}
