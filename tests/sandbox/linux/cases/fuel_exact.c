/* Fuel counts instructions: a program that needs far less than the budget finishes. */
// flags: --fuel=50000000
// status: 0
// stdout: done
#include <stdio.h>
int main(void) {
  volatile unsigned long x = 0;
  for (int i = 0; i < 1000000; i++) x++;
  puts("done");
  return 0;
}
