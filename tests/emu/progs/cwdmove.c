/* A process renames its own working directory, or a directory above it, or one it holds open
 * (LTP inotify02): the working directory and the descriptor follow the directory, so relative
 * names and *at calls keep working and getcwd names the new place. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerror(errno) : "ok"; }

static void where(const char *start) {
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) return;
  size_t n = strlen(start);
  printf("  getcwd: %s\n", strncmp(cwd, start, n) == 0 ? cwd + n : cwd);
}

int main(void) {
  char start[4096];
  getcwd(start, sizeof start);
  mkdir("a", 0755);
  mkdir("a/b", 0755);
  int held = open("a/b", O_RDONLY | O_DIRECTORY);
  chdir("a/b");
  char from[4200], to[4200];
  snprintf(from, sizeof from, "%s/a/b", start);
  snprintf(to, sizeof to, "%s/a/c", start);
  printf("rename own cwd: %s\n", err(rename(from, to)));
  where(start);
  printf("  create a file by a relative name: %s\n", err(close(open("f", O_CREAT | O_WRONLY, 0644))));
  printf("  it is in the new place: %s\n", err(access(to, F_OK) == 0 ? access("../c/f", F_OK) : -1));
  printf("  openat through the held descriptor: %s\n", err(close(openat(held, "f", O_RDONLY))));
  snprintf(from, sizeof from, "%s/a", start);
  snprintf(to, sizeof to, "%s/z", start);
  printf("rename the directory above: %s\n", err(rename(from, to)));
  where(start);
  printf("  stat . by a relative name: %s\n", err(access("f", F_OK)));
  printf("  fstatat through the held descriptor: %s\n", err(faccessat(held, "f", F_OK, 0)));
  chdir(start);
  unlink("z/c/f");
  rmdir("z/c");
  rmdir("z");
  return 0;
}
