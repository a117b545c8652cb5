/* Environment probing under --allow-env=NACRE_OK: the guest starts with only that variable. */
// flags: --allow-env=NACRE_OK --allow-read=/
// env: NACRE_OK=1 NACRE_SECRET=2
// status: 0
// stdout: NACRE_OK=1
// stdout: count 1
#include <stdio.h>
extern char **environ;
int main(void) {
  int n = 0;
  for (char **e = environ; *e; e++, n++) puts(*e);
  printf("count %d\n", n);
  return 0;
}
