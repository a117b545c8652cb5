/* A memory bomb: allocate and touch 1 MB at a time. The guest ends at --max-memory, and the
 * nacre process's peak resident memory stays within the bound the harness checks. */
// musl: yes
// flags: --max-memory=64M
// status: 3
// stderr: nacre: memory limit exceeded (64M)
// peak: 64
#include <stdlib.h>
#include <string.h>

int main(void) {
  for (;;) {
    char *p = malloc(1 << 20);
    if (!p) return 1;
    memset(p, 1, 1 << 20);
  }
}
