/* Locks between processes (flock, fcntl record and OFD locks), FIFOs, fallocate, memfd,
 * copy_file_range, splice, tee, syncfs and sync_file_range. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(what, expr) do { long r_ = (long)(expr); printf("%s: %ld%s%s\n", what, r_ < 0 ? -1L : r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

static int child_status(pid_t pid) { int st; waitpid(pid, &st, 0); return WEXITSTATUS(st); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int fd = open("locked.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "0123456789", 10);
  CHECK("flock EX", flock(fd, LOCK_EX));
  pid_t c = fork();
  if (c == 0) {
    int f2 = open("locked.txt", O_RDWR);
    int r = flock(f2, LOCK_EX | LOCK_NB);
    _exit(r < 0 && errno == EWOULDBLOCK ? 1 : 2);
  }
  printf("child flock while held: %d (1 = EWOULDBLOCK)\n", child_status(c));
  CHECK("flock UN", flock(fd, LOCK_UN));
  CHECK("flock bad op", flock(fd, 77));

  struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 3};
  CHECK("F_SETLK write 2..4", fcntl(fd, F_SETLK, &l));
  c = fork();
  if (c == 0) {
    int f2 = open("locked.txt", O_RDWR);
    struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    fcntl(f2, F_GETLK, &q);
    int conflict = q.l_type == F_WRLCK && q.l_start == 2 && q.l_len == 3 && q.l_pid == getppid();
    struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 3, .l_len = 1};
    int r = fcntl(f2, F_SETLK, &w);
    struct flock ok = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 6, .l_len = 2};
    int r2 = fcntl(f2, F_SETLK, &ok);
    _exit(conflict * 100 + (r < 0 && (errno == EAGAIN || errno == EACCES)) * 10 + (r2 == 0));
  }
  printf("child sees lock (GETLK, SETLK conflict, disjoint ok): %d\n", child_status(c));
  struct flock o = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
  CHECK("F_OFD_SETLK", fcntl(fd, F_OFD_SETLK, &o));
  o.l_pid = 1;
  CHECK("F_OFD_SETLK with pid", fcntl(fd, F_OFD_SETLK, &o));
  l.l_type = 9;
  CHECK("F_SETLK bad type", fcntl(fd, F_SETLK, &l));

  CHECK("fallocate", fallocate(fd, 0, 0, 100000));
  struct stat st;
  fstat(fd, &st);
  printf("size after fallocate %lld\n", (long long)st.st_size);
  CHECK("fallocate bad len", fallocate(fd, 0, 0, 0));
  CHECK("syncfs", syncfs(fd));
  CHECK("sync_file_range", sync_file_range(fd, 0, 10, SYNC_FILE_RANGE_WRITE));

  CHECK("mkfifo", mkfifo("fifo", 0640));
  stat("fifo", &st);
  printf("fifo is fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
  CHECK("mkfifo again", mkfifo("fifo", 0640));
  CHECK("mknod regular", mknod("plain", S_IFREG | 0600, 0));
  CHECK("mknod bad type", mknod("weird", 0170000 | 0600, 0));
  int rf = open("fifo", O_RDONLY | O_NONBLOCK), wf = open("fifo", O_WRONLY | O_NONBLOCK);
  write(wf, "through fifo", 12);
  char buf[64];
  long n = read(rf, buf, sizeof buf);
  printf("fifo read %.*s\n", (int)(n > 0 ? n : 0), buf);
  close(rf); close(wf);
  unlink("fifo"); unlink("plain");

  int m = memfd_create("nacre-memfd", MFD_CLOEXEC);
  write(m, "memory file", 11);
  char link[128], path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", m);
  n = readlink(path, link, sizeof link - 1);
  printf("memfd link %.*s cloexec %d\n", (int)(n > 0 ? n : 0), link, fcntl(m, F_GETFD));
  n = pread(m, buf, sizeof buf, 0);
  printf("memfd read %.*s\n", (int)(n > 0 ? n : 0), buf);
  CHECK("memfd bad flags", memfd_create("x", 0x100));

  int out = open("copy.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  off_t in_off = 2;
  CHECK("copy_file_range", copy_file_range(fd, &in_off, out, NULL, 5, 0));
  printf("in_off now %lld\n", (long long)in_off);
  n = pread(out, buf, sizeof buf, 0);
  printf("copied %.*s\n", (int)(n > 0 ? n : 0), buf);
  CHECK("copy_file_range flags", copy_file_range(fd, NULL, out, NULL, 5, 1));

  int p1[2], p2[2];
  pipe(p1); pipe(p2);
  write(p1[1], "spliced!", 8);
  CHECK("tee", tee(p1[0], p2[1], 8, 0));
  off_t off = 0;
  CHECK("splice pipe->file", splice(p1[0], NULL, out, &off, 8, 0));
  printf("splice off %lld\n", (long long)off);
  n = read(p2[0], buf, sizeof buf);
  printf("tee copy %.*s\n", (int)(n > 0 ? n : 0), buf);
  n = pread(out, buf, sizeof buf, 0);
  printf("file now %.*s\n", (int)(n > 0 ? n : 0), buf);
  CHECK("splice file->file", splice(fd, NULL, out, NULL, 4, 0));
  unlink("locked.txt"); unlink("copy.txt");
  return 0;
}
