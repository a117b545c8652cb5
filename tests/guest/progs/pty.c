/* Pseudo-terminals in a full-system guest: one made through /dev/ptmx works (its slave opens
 * by name, a line written to it reads back on the master, the terminal ioctls answer), while
 * another host terminal named on the command line cannot be opened. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) { perror("ptmx"); return 1; }
  const char *name = ptsname(m);
  int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
  printf("slave opens %d\n", s >= 0);
  if (s < 0) { perror(name ? name : "ptsname"); return 1; }
  struct winsize w = {33, 99, 0, 0};
  ioctl(m, TIOCSWINSZ, &w);
  memset(&w, 0, sizeof w);
  ioctl(s, TIOCGWINSZ, &w);
  printf("winsize %d %d isatty %d\n", w.ws_row, w.ws_col, isatty(s));
  struct termios t;
  tcgetattr(s, &t);
  t.c_oflag &= ~OPOST;
  tcsetattr(s, TCSANOW, &t);
  write(s, "through the pty\n", 16);
  char buf[64] = {0};
  ssize_t n = read(m, buf, sizeof buf - 1);
  printf("master read %zd: %s", n, buf);
  if (argc > 1) {
    int o = open(argv[1], O_RDWR | O_NOCTTY);
    printf("other terminal %s\n", o >= 0 ? "opened" : strerror(errno));
  }
  return 0;
}
