/* Fuel is one pool for the whole guest: eight forked children each spin; together they
 * exhaust it and every one of them ends with the breach. */
// flags: --fuel=20000000
// status: 4
// stderr: nacre: fuel limit exceeded (20000000)
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 8; i++)
    if (fork() == 0) {
      volatile unsigned long x = 0;
      for (;;) x++;
    }
  for (;;) wait(0);
}
