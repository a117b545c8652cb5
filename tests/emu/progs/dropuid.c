/* Permission checks after root drops its ids, as LTP's access02, fchdir03 and mkdir04 make
 * them: a child that setuid()s to nobody can still fork and run programs; chdir, fchdir and
 * exec check the effective ids (access() the real ones, faccessat AT_EACCESS the effective);
 * mkdir under a directory one may not search is EACCES. Run as root (else it says so). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY 65534

static const char *err(int r) { return r < 0 ? strerror(errno) : "ok"; }

static int status_of(pid_t pid) {
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void) {
  if (getuid() != 0) {
    printf("not root: nothing to drop\n");
    return 0;
  }
  char dir[] = "/tmp/nacre-dropuid.XXXXXX";
  if (!mkdtemp(dir)) return 1;
  chmod(dir, 0755);
  chdir(dir);
  mkdir("closed", 0400);
  mkdir("private", 0700);
  int fd = open("prog.sh", O_WRONLY | O_CREAT, 0700);
  write(fd, "#!/bin/sh\nexit 3\n", 17);
  close(fd);
  fflush(stdout);

  pid_t pid = fork();
  if (pid == 0) { /* the real and effective ids both become nobody */
    printf("setuid: %s\n", err(setuid(NOBODY)));
    fflush(stdout);
    pid_t g = fork();
    if (g == 0) _exit(7);
    printf("fork after setuid: %s, grandchild exit %d\n", g < 0 ? strerror(errno) : "ok", status_of(g));
    printf("mkdir private/sub: %s\n", err(mkdir("private/sub", 0755)));
    printf("chdir closed: %s\n", err(chdir("closed")));
    fflush(stdout);
    _exit(0);
  }
  printf("child exit %d\n", status_of(pid));

  pid = fork();
  if (pid == 0) { /* only the effective ids: access() still answers for root */
    int dfd = open("closed", O_RDONLY | O_DIRECTORY);
    printf("seteuid: %s\n", err(seteuid(NOBODY)));
    printf("fchdir closed: %s\n", err(fchdir(dfd)));
    printf("access(closed, X_OK): %s\n", err(access("closed", X_OK)));
    printf("faccessat(closed, X_OK, AT_EACCESS): %s\n",
           err(faccessat(AT_FDCWD, "closed", X_OK, AT_EACCESS)));
    printf("faccessat(bad flags): %s\n", err(faccessat(AT_FDCWD, "closed", X_OK, 0x8000)));
    fflush(stdout);
    pid_t g = fork();
    if (g == 0) {
      execl("./prog.sh", "prog.sh", (char *)NULL);
      _exit(errno == EACCES ? 13 : 1);
    }
    printf("exec a root-only program: exit %d\n", status_of(g));
    fflush(stdout);
    _exit(0);
  }
  printf("child exit %d\n", status_of(pid));
  unlink("prog.sh");
  rmdir("closed");
  rmdir("private");
  chdir("/");
  rmdir(dir);
  return 0;
}
