/* Threads taking the same OFD lock with F_OFD_SETLKW (each on its own open file description),
 * appending a record while they hold it: a thread waiting for the lock must not stop the one
 * that holds it from releasing it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { THREADS = 6, ROUNDS = 300, REC = 64 };
static char path[64];

static void *worker(void *arg) {
  long id = (long)arg;
  int fd = open(path, O_RDWR);
  char rec[REC];
  memset(rec, 'a' + (int)id, sizeof rec);
  struct flock l = {.l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
  for (int i = 0; i < ROUNDS; i++) {
    l.l_type = F_WRLCK;
    if (fcntl(fd, F_OFD_SETLKW, &l) < 0) { perror("lock"); exit(1); }
    lseek(fd, 0, SEEK_END);
    write(fd, rec, sizeof rec);
    l.l_type = F_UNLCK;
    fcntl(fd, F_OFD_SETLKW, &l);
    sched_yield();
  }
  close(fd);
  return NULL;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/ofdlocks.%d", (int)getpid());
  int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
  int count[THREADS] = {0}, torn = 0;
  char rec[REC];
  while (read(fd, rec, sizeof rec) == (ssize_t)sizeof rec) {
    int id = rec[0] - 'a';
    for (int k = 1; k < REC; k++) torn += rec[k] != rec[0];
    if (id >= 0 && id < THREADS) count[id]++;
  }
  printf("records:");
  for (int i = 0; i < THREADS; i++) printf(" %d", count[i]);
  printf(" torn %d\n", torn);
  unlink(path);
  return 0;
}
