/* --max-memory is the total over all guest processes: children that each stay under the
 * limit breach it together. */
// flags: --max-memory=64M
// status: 3
// stderr: nacre: memory limit exceeded (64M)
// peak-total: 64
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 16; i++) {
    if (fork() == 0) {
      char *p = malloc(12 << 20);
      if (!p) return 1;
      memset(p, 1, 12 << 20);
      pause();
    }
  }
  for (;;) wait(0);
}
