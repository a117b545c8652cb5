/* --max-files=5: five descriptors besides stdin, stdout and stderr, then EMFILE; closing one
 * makes room again. */
// flags: --max-files=5
// status: 0
// stdout: opened 5, then EMFILE
// stdout: reopened after close
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  int n = 0, fd = -1, last = -1;
  while ((fd = open("/dev/null", O_RDONLY)) >= 0) last = fd, n++;
  printf("opened %d, then %s\n", n, errno == EMFILE ? "EMFILE" : "another error");
  close(last);
  if (dup(0) >= 0) puts("reopened after close");
  return 0;
}
