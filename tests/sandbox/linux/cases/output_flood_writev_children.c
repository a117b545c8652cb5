/* Output flood with writev, from forked children, through a dup of stdout, a reopening of
 * /proc/self/fd/1 and stderr: all of it counts against one limit. */
// flags: --max-output=100K
// status: 6
// stderr-has: nacre: output limit exceeded (100K)
// out-err-bytes: 102400
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  char buf[700];
  memset(buf, 'y', sizeof buf);
  struct iovec v[2] = {{buf, 300}, {buf, 400}};
  for (int i = 0; i < 4; i++) {
    if (fork() == 0) {
      int fd = i == 0 ? dup(1) : i == 1 ? open("/proc/self/fd/1", O_WRONLY) : i == 2 ? 2 : 1;
      for (;;) writev(fd, v, 2);
    }
  }
  for (;;) wait(0);
}
