/* Floating point: an n-body step loop and a little numeric integration with libm calls. */
#include <math.h>
#include <stdio.h>

int main(void) {
  enum { B = 5 };
  double x[B], y[B], z[B], vx[B], vy[B], vz[B], m[B];
  for (int i = 0; i < B; i++) {
    x[i] = i * 1.1; y[i] = i * 0.7 - 1; z[i] = 0.3 * i;
    vx[i] = 0.01 * i; vy[i] = -0.02 * i; vz[i] = 0.005; m[i] = 1.0 + i;
  }
  for (int step = 0; step < 300000; step++) {
    for (int i = 0; i < B; i++)
      for (int j = i + 1; j < B; j++) {
        double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
        double d2 = dx * dx + dy * dy + dz * dz + 0.01, mag = 0.001 / (d2 * sqrt(d2));
        vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
        vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
      }
    for (int i = 0; i < B; i++) { x[i] += 0.001 * vx[i]; y[i] += 0.001 * vy[i]; z[i] += 0.001 * vz[i]; }
  }
  double s = 0;
  for (int i = 1; i < 1000000; i++) s += sin(i * 1e-3) * exp(-i * 1e-6) / i;
  printf("%.9f %.9f %.9f\n", x[0], y[1], s);
  return 0;
}
