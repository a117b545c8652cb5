/* Stress: 8 threads hammer one mutex and one condition variable (a counter each thread
 * advances only on its turn, round robin), plus a shared total under the mutex. Run many
 * times by tests/emu/run: it must never deadlock, crash or lose an update. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 8, ROUNDS = 150 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cv = PTHREAD_COND_INITIALIZER;
static int turn;
static long total;

static void *worker(void *arg) {
  long id = (long)arg;
  for (int r = 0; r < ROUNDS; r++) {
    pthread_mutex_lock(&mu);
    while (turn % THREADS != id) pthread_cond_wait(&turn_cv, &mu);
    turn++;
    total += id;
    pthread_cond_broadcast(&turn_cv);
    pthread_mutex_unlock(&mu);
    /* and some uncoordinated contention */
    pthread_mutex_lock(&mu);
    total += 1;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t th[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
  printf("turns=%d total=%ld\n", turn, total);
  return 0;
}
