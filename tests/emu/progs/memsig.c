/* mmap, mprotect, munmap, mremap, file mappings, and faults caught by a SIGSEGV handler
 * (checking si_addr and si_code) that recovers with siglongjmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  fault_addr = si->si_addr;
  fault_code = si->si_code;
  siglongjmp(env, sig);
}

static void try_write(const char *what, volatile char *p) {
  fault_addr = 0;
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    *p = 1;
    printf("%s: no fault\n", what);
  } else {
    printf("%s: signal %d addr_ok %d code %d\n", what, sig, fault_addr == (void *)p, fault_code);
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  long pg = sysconf(_SC_PAGESIZE);
  printf("pagesize %ld\n", pg);
  char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap ok %d zero %d\n", m != MAP_FAILED, m[100] == 0 && m[4 * pg - 1] == 0);
  memset(m, 'x', 4 * pg);
  try_write("rw", m + 10);
  printf("mprotect %d\n", mprotect(m + pg, pg, PROT_READ));
  try_write("readonly", m + pg + 5);
  printf("still readable %c\n", m[pg + 5]);
  printf("munmap %d\n", munmap(m + 2 * pg, pg));
  try_write("unmapped", m + 2 * pg + 7);
  try_write("null", (char *)0);
  char *g = mremap(m, pg, 8 * pg, MREMAP_MAYMOVE);
  printf("mremap ok %d kept %c\n", g != MAP_FAILED, g[0]);
  char *fixed = mmap(g, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  printf("fixed_noreplace %d %s\n", fixed == MAP_FAILED, strerror(errno));
  char *f2 = mmap(g, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  printf("fixed replaces %d zero %d\n", f2 == g, g[0] == 0);

  int fd = open("memsig.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
  for (int i = 0; i < 3000; i++) dprintf(fd, "%04d\n", i);
  char *fm = mmap(NULL, 15000, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("file map %.9s|%.4s\n", fm, fm + 14995);
  char *off = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, pg);
  printf("offset map %.5s\n", off);
  try_write("file readonly", fm);
  printf("bad offset %d\n", mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 3) == MAP_FAILED);
  close(fd);
  unlink("memsig.tmp");
  signal(SIGSEGV, SIG_DFL);   /* a stray fault after this point must not loop */
  char *big = malloc(300000);   /* brk or mmap, whichever the C library prefers */
  memset(big, 'z', 300000);
  printf("malloc %c\n", big[299999]);
  free(big);
  return 0;
}
