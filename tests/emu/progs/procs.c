/* Child processes: fork, exit statuses, death by signal, pipes between parent and child,
 * execve (of this same program), posix_spawn, kill of a child, wait with WNOHANG. */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void report(const char *what, int st) {
  if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) printf("%s: signal %d\n", what, WTERMSIG(st));
  else printf("%s: status %#x\n", what, st);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) {
    printf("exec'd child argc=%d arg=%s env=%s\n", argc, argv[2], getenv("PROCS_VAR"));
    return 9;
  }
  fflush(stdout);
  int st;
  pid_t me = getpid(), c = fork();
  if (c == 0) { _exit(getppid() == me ? 7 : 1); }
  printf("wait pid ok %d\n", waitpid(c, &st, 0) == c);
  report("fork", st);

  c = fork();
  if (c == 0) { raise(SIGTERM); _exit(0); }
  waitpid(c, &st, 0);
  report("raise", st);

  int p[2];
  pipe(p);
  c = fork();
  if (c == 0) {
    close(p[0]);
    const char msg[] = "message from the child";
    write(p[1], msg, sizeof msg);
    _exit(0);
  }
  close(p[1]);
  char buf[64] = {0};
  ssize_t n = read(p[0], buf, sizeof buf);
  printf("pipe got %zd [%s]\n", n, buf);
  close(p[0]);
  waitpid(c, &st, 0);
  report("pipe child", st);

  c = fork();
  if (c == 0) {
    setenv("PROCS_VAR", "inherited", 1);
    char *args[] = {argv[0], "child", "from-exec", NULL};
    execve("/proc/self/exe", args, environ);
    _exit(99);
  }
  waitpid(c, &st, 0);
  report("execve", st);

  c = fork();
  if (c == 0) {
    char *args[] = {"x", NULL};
    execve("/nonexistent/program", args, environ);
    _exit(42);
  }
  waitpid(c, &st, 0);
  report("failed execve", st);

  char *args[] = {argv[0], "child", "spawned", NULL};
  pid_t sp;
  int r = posix_spawn(&sp, "/proc/self/exe", NULL, NULL, args, environ);
  printf("posix_spawn %d\n", r);
  if (r == 0) {
    waitpid(sp, &st, 0);
    report("spawn", st);
  }

  c = fork();
  if (c == 0) { for (;;) pause(); }
  printf("nohang %d\n", waitpid(c, &st, WNOHANG));
  kill(c, SIGKILL);
  waitpid(c, &st, 0);
  report("killed", st);
  printf("no more children %d\n", waitpid(-1, &st, 0));
  return 0;
}
