/* Locked memory (LTP mmap14, getrusage03): mlock, munlock and MAP_LOCKED lock pages for real,
 * so VmLck in /proc/self/status counts them; VmHWM, VmRSS and VmSwap are there too; mlock of
 * unmapped memory is ENOMEM. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static long status_kb(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  size_t n = strlen(key);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0 && line[n] == ':') sscanf(line + n + 1, "%ld", &v);
  if (f) fclose(f);
  return v;
}

int main(void) {
  long base = status_kb("VmLck");
  printf("VmHWM, VmRSS, VmSwap present: %d %d %d\n", status_kb("VmHWM") >= 0,
         status_kb("VmRSS") >= 0, status_kb("VmSwap") >= 0);
  char *a = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mlock 2 pages: %s\n", mlock(a, 2 * 4096) ? strerror(errno) : "ok");
  printf("  VmLck +%ld kB\n", status_kb("VmLck") - base);
  char *b = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
  printf("MAP_LOCKED 4 pages: %s\n", b == MAP_FAILED ? strerror(errno) : "ok");
  printf("  VmLck +%ld kB\n", status_kb("VmLck") - base);
  printf("munlock 1 page: %s\n", munlock(a, 4096) ? strerror(errno) : "ok");
  printf("  VmLck +%ld kB\n", status_kb("VmLck") - base);
  munmap(b, 4 * 4096);
  printf("after munmap of the locked mapping: VmLck +%ld kB\n", status_kb("VmLck") - base);
  munmap(a, 8 * 4096);
  printf("mlock of unmapped memory: %s\n", mlock(a, 4096) ? strerror(errno) : "ok");
  return 0;
}
