/* A shared mapping is charged once, however many processes inherit it; private writable
 * memory (the 8 MB stack above all) is charged again in each child, which may write it.
 * 24 MB shared and seven processes fit 96M only if the shared part counts once. */
// flags: --max-memory=96M
// status: 0
// stdout: ok
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  char *s = mmap(0, 24 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED) return 1;
  for (int i = 0; i < 6; i++)
    if (fork() == 0) {
      memset(s + i * (4 << 20), i, 4 << 20);
      _exit(0);
    }
  int st, ok = 1;
  for (int i = 0; i < 6; i++)
    if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) ok = 0;
  puts(ok ? "ok" : "child failed");
  return 0;
}
