/* Reads and writes outside --allow-read / --allow-write are EACCES; inside they work. */
// flags: --sandbox --allow-read=$DIR/data --allow-write=$DIR/data/out
// args: $DIR
// status: 0
// stdout: read data/in.txt: ok
// stdout: read outside/secret.txt: EACCES
// stdout: write data/out/new: ok
// stdout: write data/x: EACCES
// stdout: write outside/new: EACCES
// stdout: unlink outside/secret.txt: EACCES
// stdout: rename out->outside: EACCES
// stdout: mkdir outside/d: EACCES
// stdout: chmod outside/secret.txt: EACCES
// stdout: truncate outside/secret.txt: EACCES
// stdout: read through link out/l: EACCES
// stdout: exec outside: EACCES
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;
static char buf[3][4096];

static const char *at(int i, const char *rel) {
  snprintf(buf[i], sizeof buf[i], "%s/%s", dir, rel);
  return buf[i];
}

static void report(const char *what, int r) {
  printf("%s: %s\n", what, r >= 0 ? "ok" : errno == EACCES ? "EACCES" : "other error");
}

static int open_close(const char *p, int flags) {
  int fd = open(p, flags, 0644);
  if (fd >= 0) close(fd);
  return fd;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  dir = argv[2];
  report("read data/in.txt", open_close(at(0, "data/in.txt"), O_RDONLY));
  report("read outside/secret.txt", open_close(at(0, "outside/secret.txt"), O_RDONLY));
  report("write data/out/new", open_close(at(0, "data/out/new"), O_WRONLY | O_CREAT));
  report("write data/x", open_close(at(0, "data/x"), O_WRONLY | O_CREAT));
  report("write outside/new", open_close(at(0, "outside/new"), O_WRONLY | O_CREAT));
  report("unlink outside/secret.txt", unlink(at(0, "outside/secret.txt")));
  report("rename out->outside", rename(at(0, "data/out/new"), at(1, "outside/moved")));
  report("mkdir outside/d", mkdir(at(0, "outside/d"), 0755));
  report("chmod outside/secret.txt", chmod(at(0, "outside/secret.txt"), 0777));
  report("truncate outside/secret.txt", truncate(at(0, "outside/secret.txt"), 0));
  symlink(at(0, "outside/secret.txt"), at(1, "data/out/l"));
  report("read through link out/l", open_close(at(0, "data/out/l"), O_RDONLY));
  char *args[] = {"x", 0};
  execv(at(0, "outside/prog"), args);
  report("exec outside", -1);
  return 0;
}
