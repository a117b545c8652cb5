/* Files, directories and symlinks: create, write, read back, seek, stat, rename, link,
 * symlink, readlink, unlink, rmdir, directory listing, dup/pipe/fcntl, and the errno of
 * common failures. Works in the current directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) { printf("opendir %s: %s\n", dir, strerror(errno)); return; }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf("%s:", dir);
  for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
  printf("\n");
}

#define CHECK(expr) do { if ((expr) < 0) printf("%s: %s\n", #expr, strerror(errno)); } while (0)

int main(void) {
  CHECK(mkdir("t", 0755));
  CHECK(mkdir("t/sub", 0700));
  int fd = open("t/a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd);
  const char *msg = "hello, file\nsecond line\n";
  printf("write %zd\n", write(fd, msg, strlen(msg)));
  struct iovec iov[2] = {{"abc", 3}, {"defg\n", 5}};
  printf("writev %zd\n", writev(fd, iov, 2));
  printf("pwrite %zd\n", pwrite(fd, "HELLO", 5, 0));
  close(fd);

  char buf[256] = {0};
  fd = open("t/a.txt", O_RDONLY);
  printf("read %zd\n", read(fd, buf, sizeof buf - 1));
  printf("[%s]\n", buf);
  printf("lseek %ld\n", (long)lseek(fd, 7, SEEK_SET));
  memset(buf, 0, sizeof buf);
  printf("read %zd [%s]\n", read(fd, buf, 4), buf);
  printf("lseek end %ld\n", (long)lseek(fd, 0, SEEK_END));
  memset(buf, 0, sizeof buf);
  printf("pread %zd [%s]\n", pread(fd, buf, 6, 13), buf);
  int fl = fcntl(fd, F_GETFL);
  printf("accmode %d\n", fl & O_ACCMODE);
  printf("cloexec %d\n", fcntl(fd, F_GETFD));
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  printf("cloexec %d\n", fcntl(fd, F_GETFD));
  int fd2 = dup(fd);
  printf("dup cloexec %d\n", fcntl(fd2, F_GETFD));
  printf("dup offset %ld\n", (long)lseek(fd2, 0, SEEK_CUR));
  close(fd2);
  close(fd);

  struct stat st;
  CHECK(stat("t/a.txt", &st));
  printf("size %ld mode %o nlink %ld reg %d\n", (long)st.st_size, st.st_mode & 0777,
         (long)st.st_nlink, S_ISREG(st.st_mode));
  CHECK(chmod("t/a.txt", 0600));
  CHECK(stat("t/a.txt", &st));
  printf("mode %o\n", st.st_mode & 0777);
  CHECK(truncate("t/a.txt", 5));
  CHECK(stat("t/a.txt", &st));
  printf("truncated %ld\n", (long)st.st_size);

  CHECK(link("t/a.txt", "t/hard"));
  CHECK(stat("t/a.txt", &st));
  printf("nlink %ld\n", (long)st.st_nlink);
  CHECK(symlink("a.txt", "t/soft"));
  CHECK(symlink("sub/../a.txt", "t/soft2"));
  CHECK(symlink("nowhere", "t/dangling"));
  ssize_t n = readlink("t/soft", buf, sizeof buf);
  printf("readlink %zd %.*s\n", n, (int)n, buf);
  CHECK(lstat("t/soft", &st));
  printf("lstat link %d\n", S_ISLNK(st.st_mode));
  CHECK(stat("t/soft2", &st));
  printf("stat through link size %ld\n", (long)st.st_size);
  printf("stat dangling %d %s\n", stat("t/dangling", &st), strerror(errno));
  printf("lstat dangling %d\n", lstat("t/dangling", &st));
  CHECK(rename("t/hard", "t/sub/moved"));
  list("t");
  list("t/sub");

  printf("open missing %d %s\n", open("t/missing", O_RDONLY), strerror(errno));
  printf("mkdir exists %d %s\n", mkdir("t/sub", 0755), strerror(errno));
  printf("rmdir nonempty %d %s\n", rmdir("t/sub"), strerror(errno));
  printf("open notdir %d %s\n", open("t/a.txt/x", O_RDONLY), strerror(errno));
  printf("excl %d %s\n", open("t/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), strerror(errno));
  printf("unlink dir %d %s\n", unlink("t/sub"), strerror(errno));
  printf("access %d %d\n", access("t/a.txt", R_OK | W_OK), access("t/nope", F_OK));
  printf("badfd %zd %s\n", write(99, "x", 1), strerror(errno));

  char cwd[4096];
  CHECK(chdir("t/sub"));
  if (getcwd(cwd, sizeof cwd)) {
    const char *tail = strrchr(cwd, '/');
    printf("cwd tail %s\n", tail ? tail : cwd);
  }
  CHECK(chdir("../.."));

  int p[2];
  CHECK(pipe(p));
  printf("pipe write %zd\n", write(p[1], "through a pipe", 14));
  memset(buf, 0, sizeof buf);
  printf("pipe read %zd [%s]\n", read(p[0], buf, sizeof buf), buf);
  close(p[1]);
  printf("pipe eof %zd\n", read(p[0], buf, sizeof buf));
  close(p[0]);
  CHECK(dup2(1, 7));
  write(7, "via fd 7\n", 9);
  fflush(stdout);
  close(7);

  CHECK(unlink("t/sub/moved"));
  CHECK(unlink("t/soft"));
  CHECK(unlink("t/soft2"));
  CHECK(unlink("t/dangling"));
  CHECK(unlink("t/a.txt"));
  CHECK(rmdir("t/sub"));
  CHECK(rmdir("t"));
  printf("cleaned %d\n", access("t", F_OK));
  return 0;
}
