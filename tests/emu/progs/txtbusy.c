/* ETXTBSY both ways: a file that a running process executes cannot be opened for writing or
 * truncated, and a file open for writing cannot be executed (LTP creat07, execve04). The
 * program copies itself to ./t.bin and runs that copy as the "wait" child. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void copy_self(const char *from) {
  int in = open(from, O_RDONLY), out = open("t.bin", O_WRONLY | O_CREAT | O_TRUNC, 0755);
  char buf[65536];
  ssize_t n;
  while ((n = read(in, buf, sizeof buf)) > 0) write(out, buf, (size_t)n);
  close(in);
  close(out);
}

static const char *err(int r) { return r < 0 ? strerror(errno) : "ok"; }

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "wait") == 0) { /* the running copy: ready, then wait */
    char c = 1;
    write(3, &c, 1);
    read(0, &c, 1);
    return 0;
  }
  copy_self(argv[0]);
  int ready[2], hold[2];
  pipe(ready);
  pipe(hold);
  pid_t pid = fork();
  if (pid == 0) {
    close(hold[1]);
    close(ready[0]);
    dup2(hold[0], 0);
    dup2(ready[1], 3);
    close(hold[0]);
    if (ready[1] != 3) close(ready[1]);
    execl("./t.bin", "t.bin", "wait", (char *)NULL);
    _exit(127);
  }
  close(ready[1]);
  close(hold[0]);
  char c;
  printf("child started: %d\n", (int)read(ready[0], &c, 1));
  int fd = open("t.bin", O_WRONLY);
  printf("open for writing while it runs: %s\n", err(fd));
  printf("open O_RDWR|O_TRUNC while it runs: %s\n", err(open("t.bin", O_RDWR | O_TRUNC)));
  printf("truncate while it runs: %s\n", err(truncate("t.bin", 0)));
  int rd = open("t.bin", O_RDONLY);
  printf("open for reading while it runs: %s\n", err(rd));
  close(rd);
  struct stat st;
  stat("t.bin", &st);
  printf("size kept: %d\n", st.st_size > 0);
  close(hold[1]);
  int status;
  waitpid(pid, &status, 0);
  printf("child exit: %d\n", WEXITSTATUS(status));

  fd = open("t.bin", O_WRONLY);
  printf("open for writing once it ended: %s\n", err(fd));
  pid = fork();
  if (pid == 0) {
    execl("./t.bin", "t.bin", "wait", (char *)NULL);
    _exit(errno == ETXTBSY ? 26 : 1);
  }
  waitpid(pid, &status, 0);
  printf("execve while open for writing: exit %d\n", WEXITSTATUS(status));
  close(fd);
  printf("execve once closed: %s\n", err(access("t.bin", X_OK)));
  return 0;
}
