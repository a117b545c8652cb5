/* Shared and file-backed memory: MAP_SHARED anonymous and file mappings seen across fork and
 * through the file, MAP_PRIVATE copy-on-write, SIGBUS past the end of a mapped file (with
 * si_addr), madvise(MADV_DONTNEED) on private file pages, and absurd brk/mmap sizes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  fault_addr = (uintptr_t)si->si_addr;
  fault_code = si->si_code;
  siglongjmp(env, sig);
}

static void child_writes(volatile int *shared, volatile int *priv) {
  pid_t pid = fork();
  if (pid == 0) {
    shared[0] = 1234;
    shared[1] = getpid() > 0;
    priv[0] = 99;
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);

  /* anonymous shared memory survives into the parent; private memory does not */
  int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  child_writes(sh, pr);
  printf("anon shared after fork: %d %d, private: %d\n", sh[0], sh[1], pr[0]);

  /* a shared file mapping writes through to the file, and a child's writes too */
  char path[] = "shmem-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) { perror("mkstemp"); return 1; }
  unlink(path);
  if (ftruncate(fd, 8192) < 0) { perror("ftruncate"); return 1; }
  char *f = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  strcpy(f, "hello file");
  pid_t pid = fork();
  if (pid == 0) {
    strcpy(f + 4096, "from the child");
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  char buf[32] = {0};
  pread(fd, buf, 10, 0);
  printf("file via read: %s\n", buf);
  pread(fd, buf, 14, 4096);
  printf("child via read: %s\n", buf);
  pwrite(fd, "WRITTEN", 7, 100);
  printf("write via mapping: %.7s\n", f + 100);
  msync(f, 8192, MS_SYNC);

  /* a private file mapping is copy-on-write, and DONTNEED brings the file's bytes back */
  char *pv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  pv[0] = 'J';
  pread(fd, buf, 5, 0);
  printf("private copy: %.5s, file: %.5s\n", pv, buf);
  madvise(pv, 4096, MADV_DONTNEED);
  printf("after DONTNEED: %.5s\n", pv);

  /* past the end of the file: the partial page reads zeros, whole pages beyond are SIGBUS */
  if (ftruncate(fd, 100) < 0) { perror("ftruncate"); return 1; }
  char *small = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
  printf("tail of the last page: %d\n", small[4000]);
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    volatile char c = small[4096 + 17];
    (void)c;
    printf("no fault past end of file\n");
  } else {
    printf("past end of file: signal %d, code %d, at offset %ld\n", sig, fault_code,
           (long)(fault_addr - (uintptr_t)small));
  }
  close(fd);

  /* absurd sizes: the host's answer to the guest is the kernel's answer to a native run */
  void *cur = sbrk(0);
  void *want = (char *)cur + (1ull << 40);
  int grew = brk(want) == 0;
  printf("brk +1 TiB: %s\n", grew ? "granted" : "refused");
  errno = 0;
  void *big = mmap(NULL, 1ull << 46, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap 64 TiB read-write: %s\n", big == MAP_FAILED ? strerror(errno) : "granted");
  void *lazy = mmap(NULL, 1ull << 36, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  printf("mmap 64 GiB PROT_NONE: %s\n", lazy == MAP_FAILED ? "refused" : "granted");
  if (lazy != MAP_FAILED) {
    char *q = lazy;
    mprotect(q + (1ull << 35), 4096, PROT_READ | PROT_WRITE);
    q[(1ull << 35) + 5] = 7;
    printf("a page in the middle: %d\n", q[(1ull << 35) + 5]);
  }
  return 0;
}
