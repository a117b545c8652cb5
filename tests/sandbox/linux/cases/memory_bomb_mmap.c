/* Memory bomb through mmap, mprotect and brk: reserving PROT_NONE costs nothing, making it
 * writable is charged, like Linux's commit accounting. */
// flags: --max-memory=48M
// status: 3
// stderr: nacre: memory limit exceeded (48M)
// peak: 48
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  char *big = mmap(0, 1ul << 34, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (big == MAP_FAILED) return 1;
  for (size_t off = 0;; off += 1 << 20) {
    if (mprotect(big + off, 1 << 20, PROT_READ | PROT_WRITE)) return 2;
    memset(big + off, 1, 1 << 20);
    if (off == 16 << 20) {
      for (;;) {
        char *b = sbrk(1 << 20);
        if (b == (void *)-1) return 3;
        memset(b, 1, 1 << 20);
      }
    }
  }
}
