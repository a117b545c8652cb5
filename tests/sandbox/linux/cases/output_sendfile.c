/* sendfile and splice into stdout are metered too. */
// flags: --max-output=10000
// status: 6
// stderr: nacre: output limit exceeded (10000)
// stdout-bytes: 10000
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

int main(void) {
  int fd = open("/dev/zero", O_RDONLY);
  if (fd < 0) return 1;
  for (;;) {
    int p[2];
    if (pipe(p)) return 2;
    if (write(p[1], "abcdefgh", 8) != 8) return 3;
    close(p[1]);
    splice(p[0], 0, 1, 0, 8, 0);
    close(p[0]);
    sendfile(1, fd, 0, 3000);
  }
}
