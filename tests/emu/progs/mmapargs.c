/* mmap and msync argument checks in Linux's order (LTP mmap08, mmap20, msync03): a bad
 * descriptor is EBADF before any other argument is looked at, MAP_SHARED_VALIDATE is for
 * files only and refuses flags it does not know with EOPNOTSUPP, msync's flags are checked. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif

static void show(const char *what, void *r) {
  printf("%-44s %s\n", what, r == MAP_FAILED ? strerror(errno) : "ok");
  if (r != MAP_FAILED) munmap(r, 4096);
}

int main(void) {
  int fd = open("mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
  ftruncate(fd, 4096);
  int closed = dup(fd);
  close(closed);
  show("closed fd, length 0", mmap(NULL, 0, PROT_READ, MAP_SHARED, closed, 0));
  show("closed fd, bad type", mmap(NULL, 4096, PROT_READ, 0, closed, 0));
  show("VALIDATE, anonymous", mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0));
  show("VALIDATE, file", mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE, fd, 0));
  show("VALIDATE, file, MAP_POPULATE", mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_POPULATE, fd, 0));
  show("VALIDATE, file, flag 0x200", mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x200, fd, 0));
  show("VALIDATE, file, MAP_SYNC", mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x80000, fd, 0));
  show("SHARED, file, flag 0x200 (ignored)", mmap(NULL, 4096, PROT_READ, MAP_SHARED | 0x200, fd, 0));
  char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  m[0] = 'x';
  printf("msync MS_SYNC: %s\n", msync(m, 4096, MS_SYNC) ? strerror(errno) : "ok");
  printf("msync MS_ASYNC|MS_SYNC: %s\n", msync(m, 4096, MS_ASYNC | MS_SYNC) ? strerror(errno) : "ok");
  printf("msync flag 8: %s\n", msync(m, 4096, 8) ? strerror(errno) : "ok");
  printf("msync unaligned: %s\n", msync(m + 1, 4096, MS_SYNC) ? strerror(errno) : "ok");
  return 0;
}
