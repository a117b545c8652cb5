/* mremap of MAP_SHARED mappings keeps them shared: moved anonymous shared memory is still the
 * memory a forked child writes, a file mapping grown in place or moved still writes the file,
 * and old_size 0 maps the same pages a second time. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void child_writes(char *q, size_t off2) {
  pid_t c = fork();
  if (c == 0) {
    q[0] = 'b';
    q[off2] = 'c';
    _exit(0);
  }
  waitpid(c, NULL, 0);
}

int main(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  p[0] = 'a';
  char *t = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *f = mremap(p, 8192, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, t);
  printf("fixed: %d kept: %c\n", f == t, f[0]);
  child_writes(f, 4096);
  printf("after child: %c %c\n", f[0], f[4096]);
  char *sh = mremap(f, 8192, 4096, 0);
  printf("shrunk in place: %d\n", sh == f);
  /* old_size 0: a second view of the same pages. */
  char *d = mremap(f, 0, 4096, MREMAP_MAYMOVE);
  d[1] = 'z';
  printf("duplicate: %d sees %c\n", d != f && d != MAP_FAILED, f[1]);
  child_writes(d, 2);
  printf("after child: %c %c\n", f[0], f[2]);
  char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("private duplicate: %s\n", mremap(priv, 0, 4096, MREMAP_MAYMOVE) == MAP_FAILED ? "refused" : "allowed");
  /* A file mapping grown while the next page is taken moves, and still writes the file. */
  int fd = memfd_create("remap", 0);
  ftruncate(fd, 3 * 4096);
  char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  mmap(m + 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  char *m2 = mremap(m, 4096, 2 * 4096, MREMAP_MAYMOVE);
  printf("file moved: %d\n", m2 != m && m2 != MAP_FAILED);
  memcpy(m2 + 4096, "file!", 5);
  child_writes(m2, 4097);
  char buf[8] = {0};
  pread(fd, buf, 5, 4096);
  printf("file: %s\n", buf);
  /* Grown in place when the next pages are free. */
  char *g = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(g, 3 * 4096);
  char *s = mmap(g, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
  char *s2 = mremap(s, 4096, 3 * 4096, 0);
  printf("in place: %d\n", s2 == s);
  if (s2 != MAP_FAILED) {
    child_writes(s2, 8192);
    pread(fd, buf, 1, 8192);
    printf("after child: %c %c file %c\n", s2[0], s2[8192], buf[0]);
  }
  printf("not mapped: %s\n", mremap((char *)g + 100 * 4096, 4096, 8192, MREMAP_MAYMOVE) == MAP_FAILED ? "EFAULT" : "ok");
  return 0;
}
