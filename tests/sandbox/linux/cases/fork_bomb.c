/* A fork bomb under --max-procs: every process forks forever; fork fails with EAGAIN at the
 * bound, and the timeout then ends the whole tree. */
// musl: yes
// flags: --max-procs=20 --timeout=1s
// status: 5
// stderr: nacre: time limit exceeded (1s)
#include <unistd.h>

int main(void) {
  for (;;) fork();
}
