/* A thread bomb under --max-procs=8: pthread_create fails with EAGAIN after 7 threads. */
// musl: yes
// flags: --max-procs=8
// status: 0
// stdout: threads 7, then EAGAIN
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *idle(void *a) { (void)a; for (;;) pause(); }

int main(void) {
  int n = 0, e;
  pthread_t t;
  while ((e = pthread_create(&t, 0, idle, 0)) == 0) n++;
  printf("threads %d, then %s\n", n, e == EAGAIN ? "EAGAIN" : "another error");
  fflush(stdout);
  _exit(0);
}
