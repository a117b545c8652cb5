/* Fuel: a pure loop ends at the budget. */
// flags: --fuel=5000000
// status: 4
// stderr: nacre: fuel limit exceeded (5000000)
int main(void) {
  volatile unsigned long x = 0;
  for (;;) x++;
}
