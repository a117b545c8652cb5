/* The host kernel's own information files, for the guest's /proc: meminfo, loadavg, the
 * sys/kernel tunables... On Linux hosts they are read from the host's /proc; other hosts have
 * none (-ENOENT), and the guest sees those files missing rather than invented. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "syscall-shim/host/host.h"

long host_kernel_file_open(const char *name, int lflags) {
#if defined(__linux__)
  char path[256];
  if (strstr(name, "..") || snprintf(path, sizeof path, "/proc/%s", name) >= (int)sizeof path)
    return -ENOENT_LINUX;
  return host_open(path, lflags & ~(O_CREAT_LINUX | O_EXCL_LINUX), 0);
#else
  (void)name; (void)lflags;
  return -ENOENT_LINUX;
#endif
}

long host_kernel_file(const char *name, char *buf, size_t n) {
#if defined(__linux__)
  char path[256];
  if (strstr(name, "..") || snprintf(path, sizeof path, "/proc/%s", name) >= (int)sizeof path)
    return -ENOENT_LINUX;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return host_err();
  size_t done = 0;
  while (done < n) {
    ssize_t r = read(fd, buf + done, n - done);
    if (r < 0) { long e = host_err(); close(fd); return e; }
    if (r == 0) break;
    done += (size_t)r;
  }
  close(fd);
  return (long)done;
#else
  (void)name; (void)buf; (void)n;
  return -ENOENT_LINUX;
#endif
}
