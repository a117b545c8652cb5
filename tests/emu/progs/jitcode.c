/* Code written and then executed, as JIT compilers do it: rewriting functions in RWX memory,
 * W^X by mprotect, a memfd mapped twice (written through one view, run through the other),
 * code read() from a file, an instruction that rewrites the next one, many functions on many
 * pages, and one thread rewriting code that another thread runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn)(void);

/* mov eax, imm32; ret */
static void emit_const(uint8_t *p, int v) {
  p[0] = 0xb8;
  memcpy(p + 1, &v, 4);
  p[5] = 0xc3;
}

static void rwx_rewrite(void) {
  uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long sum = 0;
  for (int k = 0; k < 2000; k++) {
    emit_const(p, k);
    sum += ((fn)p)();
  }
  printf("rwx rewrite: %ld\n", sum);
  munmap(p, 4096);
}

static void wx_toggle(void) {
  uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long sum = 0;
  for (int k = 0; k < 300; k++) {
    mprotect(p, 8192, PROT_READ | PROT_WRITE);
    emit_const(p + (k & 1) * 4096, k * 3);
    mprotect(p, 8192, PROT_READ | PROT_EXEC);
    sum += ((fn)(p + (k & 1) * 4096))();
  }
  printf("w^x toggle: %ld\n", sum);
  munmap(p, 8192);
}

static void dual_map(void) {
  int fd = memfd_create("jit", 0);
  if (fd < 0 || ftruncate(fd, 4096) < 0) { perror("memfd"); return; }
  uint8_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  uint8_t *x = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  long sum = 0;
  for (int k = 0; k < 500; k++) {
    emit_const(w + 64 * (k % 3), k);
    sum += ((fn)(x + 64 * (k % 3)))();
  }
  printf("dual map: %ld\n", sum);
  munmap(w, 4096);
  munmap(x, 4096);
  close(fd);
}

static void read_code(void) {
  char path[] = "/tmp/jitcode.XXXXXX";
  int fd = mkstemp(path);
  uint8_t code[6];
  uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long sum = 0;
  for (int k = 1; k <= 50; k++) {
    emit_const(code, k * 100);
    pwrite(fd, code, 6, 0);
    pread(fd, p, 6, 0);
    sum += ((fn)p)();
  }
  printf("read code: %ld\n", sum);
  unlink(path);
  close(fd);
  munmap(p, 4096);
}

static void self_modify(void) {
  static const uint8_t prog[] = {
      0x48, 0x8d, 0x0d, 0x04, 0x00, 0x00, 0x00, /* lea rcx, [rip + 4] (the mov below) */
      0xc6, 0x41, 0x01, 0x2a,                   /* mov byte [rcx + 1], 42 */
      0xb8, 0x07, 0x00, 0x00, 0x00,             /* mov eax, 7 (its immediate becomes 42) */
      0xc3,                                     /* ret */
  };
  uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int r[3];
  for (int k = 0; k < 3; k++) {
    memcpy(p, prog, sizeof prog);
    r[k] = ((fn)p)();
  }
  printf("self modify: %d %d %d\n", r[0], r[1], r[2]);
  munmap(p, 4096);
}

static void many_pages(void) {
  enum { PAGES = 256 };
  uint8_t *p = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long sum = 0;
  for (int round = 0; round < 4; round++) {
    for (int k = 0; k < PAGES; k++) emit_const(p + k * 4096 + (round * 16), k + round * 1000);
    for (int rep = 0; rep < 3; rep++)
      for (int k = 0; k < PAGES; k++) sum += ((fn)(p + k * 4096 + (round * 16)))();
    emit_const(p + 7 * 4096 + round * 16, -5); /* one page changes, the others stay */
    for (int k = 0; k < PAGES; k++) sum += ((fn)(p + k * 4096 + (round * 16)))();
  }
  printf("many pages: %ld\n", sum);
  munmap(p, PAGES * 4096);
}

static uint8_t *shared_code;
static int seq, done_seq;
static long thread_sum;

static void serialize(void) {
  unsigned a = 0, b, c = 0, d;
  __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
}

static void *runner(void *arg) {
  (void)arg;
  for (int k = 1; k <= 200; k++) {
    while (__atomic_load_n(&seq, __ATOMIC_ACQUIRE) != k) sched_yield();
    serialize();
    thread_sum += ((fn)shared_code)();
    __atomic_store_n(&done_seq, k, __ATOMIC_RELEASE);
  }
  return NULL;
}

static void cross_thread(void) {
  shared_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  pthread_t t;
  pthread_create(&t, NULL, runner, NULL);
  for (int k = 1; k <= 200; k++) {
    emit_const(shared_code, k * 7);
    __atomic_store_n(&seq, k, __ATOMIC_RELEASE);
    while (__atomic_load_n(&done_seq, __ATOMIC_ACQUIRE) != k) sched_yield();
  }
  pthread_join(t, NULL);
  printf("cross thread: %ld\n", thread_sum);
}

int main(void) {
  rwx_rewrite();
  wx_toggle();
  dual_map();
  read_code();
  self_modify();
  many_pages();
  cross_thread();
  return 0;
}
