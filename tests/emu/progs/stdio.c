/* printf and scanf of integers, doubles and long doubles, and line-oriented stdio. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  printf("%d %i %u %x %X %o %ld %lld %hhd %hd\n", -42, 17, 3000000000u, 0xbeef, 0xbeef, 0755,
         -1234567890123L, 9223372036854775807LL, (char)200, (short)70000);
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n", 42, 42, 42, 42, 42, 7);
  printf("%" PRIu64 " %" PRId64 " %zu %p\n", UINT64_MAX, INT64_MIN, sizeof(long), (void *)0);
  printf("%f %.2f %e %.3E %g %g %g %a\n", 3.14159265358979, 2.5, 12345.678, 0.000123, 1e-10,
         123456789.0, 0.1, 1.0);
  printf("%.17g %.17g %.17g\n", 1.0 / 3.0, 2.0 / 3.0, 1e300 * 10);
  printf("%f %f %f\n", -0.0, 1.0 / 0.0, -1.0 / 0.0);
  long double x = 1.0L / 3.0L;
  printf("%Lf %.20Lg %Le\n", x, x, x * 1e100L);
  printf("%s|%10s|%-10s|%.3s|%c\n", "str", "right", "left", "truncate", 'c');
  char line[256];
  int i, total = 0;
  double d, dsum = 0;
  long double ld;
  if (scanf("%d %lf %Lf", &i, &d, &ld) == 3)
    printf("scanned %d %.10g %.15Lg\n", i, d, ld);
  while (scanf("%d", &i) == 1) total += i;
  printf("total %d\n", total);
  scanf("%*[^\n]");
  getchar();
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    if (sscanf(line, "%lf", &d) == 1) dsum += d;
    printf("line <%s>\n", line);
  }
  printf("dsum %.6f\n", dsum);
  char out[64];
  int n = snprintf(out, sizeof out, "%08.3f|%x", 3.14159, 255u);
  printf("snprintf %d %s\n", n, out);
  printf("strtod %.17g strtol %ld strtoul %lu\n", strtod("2.718281828459045", NULL),
         strtol("-0x7f", NULL, 16), strtoul("777", NULL, 8));
  return 0;
}
