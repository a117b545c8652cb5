/* Time: only deterministic facts are printed (fixed timestamps, ordering, sanity ranges). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  time_t now = time(NULL);
  printf("time sane %d\n", now > 1600000000);
  struct timespec a, b, r;
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec req = {0, 2000000};
  printf("nanosleep %d\n", nanosleep(&req, NULL));
  clock_gettime(CLOCK_MONOTONIC, &b);
  long diff = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
  printf("monotonic advanced %d\n", diff >= 2000000);
  printf("getres %d\n", clock_getres(CLOCK_REALTIME, &r) == 0 && r.tv_sec == 0);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday sane %d\n", tv.tv_sec >= now && tv.tv_usec < 1000000);
  time_t fixed = 1234567890;
  struct tm tm;
  gmtime_r(&fixed, &tm);
  char buf[128];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tm);
  printf("gmtime %s\n", buf);
  tm.tm_isdst = 0;
  setenv("TZ", "UTC0", 1);
  tzset();
  printf("mktime %ld\n", (long)mktime(&tm));
  struct tms t;
  printf("times ok %d\n", times(&t) != (clock_t)-1);
  printf("clock ok %d\n", clock() >= 0);
  printf("sysconf clk_tck %ld\n", sysconf(_SC_CLK_TCK));
  return 0;
}
