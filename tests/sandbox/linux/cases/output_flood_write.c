/* Output flood with write(2): exactly --max-output bytes reach stdout, then the breach. */
// musl: yes
// flags: --max-output=64K
// status: 6
// stderr: nacre: output limit exceeded (64K)
// stdout-bytes: 65536
#include <string.h>
#include <unistd.h>

int main(void) {
  char buf[1000];
  memset(buf, 'x', sizeof buf);
  for (;;) write(1, buf, sizeof buf);
}
