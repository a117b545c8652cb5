/* The host-side attacker of the path race test: exchanges a directory inside the grant with a
 * symbolic link pointing outside it (renameat2 RENAME_EXCHANGE, so the name always exists), as
 * fast as it can, until killed; it ends itself after 120 s in any case.
 * usage: swap PATH-A PATH-B */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(int argc, char **argv) {
  if (argc != 3) {
    fputs("usage: swap PATH-A PATH-B\n", stderr);
    return 2;
  }
  alarm(120);
  for (;;) {
    if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) != 0) {
      perror("swap: renameat2");
      return 1;
    }
  }
}
