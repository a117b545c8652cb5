/* Every clock id's resolution and whether it can be read (COARSE clocks tick in jiffies,
 * CLOCK_TAI and the alarm clocks exist), and the CPU-time interval timers ITIMER_VIRTUAL and
 * ITIMER_PROF: what getitimer reads back, and their signals arriving while the program spins. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t ticks;
static void on_tick(int sig) { (void)sig; ticks++; }

static void cpu_timer(int which, int sig, const char *name) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_tick;
  sigaction(sig, &sa, NULL);
  struct itimerval v = {{0, 20000}, {0, 20000}}, got;
  printf("%s: setitimer %d", name, setitimer(which, &v, NULL));
  getitimer(which, &got);
  struct timespec res;
  clock_getres(CLOCK_MONOTONIC_COARSE, &res);
  long jiffy = (res.tv_nsec + 999) / 1000;
  printf(", interval %ld.%06ld, value within a jiffy of it %d", (long)got.it_interval.tv_sec,
         (long)got.it_interval.tv_usec, got.it_value.tv_sec == 0 && got.it_value.tv_usec <= 20000 + jiffy);
  ticks = 0;
  volatile unsigned long spin = 0;
  while (ticks < 3) spin++;
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(which, &off, NULL);
  getitimer(which, &got);
  printf(", signals %d, off %ld\n", (int)ticks, (long)(got.it_value.tv_sec + got.it_value.tv_usec));
}

int main(void) {
  static const char *names[] = {"REALTIME", "MONOTONIC", "PROCESS_CPUTIME_ID", "THREAD_CPUTIME_ID",
                                "MONOTONIC_RAW", "REALTIME_COARSE", "MONOTONIC_COARSE", "BOOTTIME",
                                "REALTIME_ALARM", "BOOTTIME_ALARM", "SGI_CYCLE", "TAI", "12"};
  for (int id = 0; id <= 12; id++) {
    struct timespec res = {0, 0}, now = {0, 0};
    int r = clock_getres(id, &res);
    int e = r < 0 ? errno : 0;
    int g = clock_gettime(id, &now);
    printf("clock %-18s getres %s %ld.%09ld, gettime %s\n", names[id], r < 0 ? strerror(e) : "ok",
           (long)res.tv_sec, res.tv_nsec, g < 0 ? strerror(errno) : "ok");
  }
  struct timespec mono, boot;
  clock_gettime(CLOCK_MONOTONIC, &mono);
  clock_gettime(CLOCK_BOOTTIME, &boot);
  printf("boottime >= monotonic: %d\n", boot.tv_sec > mono.tv_sec ||
         (boot.tv_sec == mono.tv_sec && boot.tv_nsec >= mono.tv_nsec));
  struct itimerval bad = {{0, 0}, {0, 0}};
  printf("getitimer(3): %d %s\n", getitimer(3, &bad), strerror(errno));
  cpu_timer(ITIMER_VIRTUAL, SIGVTALRM, "ITIMER_VIRTUAL");
  cpu_timer(ITIMER_PROF, SIGPROF, "ITIMER_PROF");
  return 0;
}
