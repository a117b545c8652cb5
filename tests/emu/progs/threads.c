/* POSIX threads: create/join with results, mutex, condition variable, rwlock, barrier,
 * semaphores, thread-local storage, detached threads, 64+ threads, pthread_kill with a
 * handler, cancellation, a process-directed signal taken by the one thread that does not
 * block it, and fork from a threaded process (the child has only the caller). Output is
 * deterministic: every line is printed after joins, by the main thread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;

static void *add(void *arg) {
  long n = (long)arg;
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&mu);
    counter++;
    pthread_mutex_unlock(&mu);
  }
  return (void *)(n * 2);
}

static __thread int tls = 5;
static void *tls_worker(void *arg) {
  tls += (int)(long)arg;
  return (void *)(long)tls;
}

/* producer/consumer over a one-slot buffer */
static int slot, full, done;
static void *producer(void *arg) {
  (void)arg;
  for (int i = 1; i <= 200; i++) {
    pthread_mutex_lock(&mu);
    while (full) pthread_cond_wait(&cv, &mu);
    slot = i;
    full = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
  }
  pthread_mutex_lock(&mu);
  done = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int shared_value;
static void *rw_worker(void *arg) {
  long id = (long)arg, seen = 0;
  for (int i = 0; i < 200; i++) {
    if (i % 10 == (int)id) {
      pthread_rwlock_wrlock(&rw);
      shared_value++;
      pthread_rwlock_unlock(&rw);
    } else {
      pthread_rwlock_rdlock(&rw);
      seen += shared_value >= 0;
      pthread_rwlock_unlock(&rw);
    }
  }
  return (void *)seen;
}

static pthread_barrier_t bar;
static int arrived[8];
static int after_barrier_ok = 1;
static void *bar_worker(void *arg) {
  long id = (long)arg;
  __atomic_store_n(&arrived[id], 1, __ATOMIC_SEQ_CST);
  pthread_barrier_wait(&bar);
  for (int i = 0; i < 8; i++)
    if (!__atomic_load_n(&arrived[i], __ATOMIC_SEQ_CST)) __atomic_store_n(&after_barrier_ok, 0, __ATOMIC_SEQ_CST);
  return NULL;
}

static sem_t sem_items, sem_done;
static void *sem_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) sem_wait(&sem_items);
  sem_post(&sem_done);
  return NULL;
}

static volatile sig_atomic_t got_usr1;
static volatile pid_t handler_tid;
static void on_usr1(int sig) {
  (void)sig;
  got_usr1++;
  handler_tid = (pid_t)syscall(SYS_gettid);
}

static pid_t waiter_tid;
static void *sig_waiter(void *arg) {
  (void)arg;
  waiter_tid = (pid_t)syscall(SYS_gettid);
  pthread_mutex_lock(&mu);
  while (!got_usr1) {
    pthread_mutex_unlock(&mu);
    usleep(1000);
    pthread_mutex_lock(&mu);
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *cancel_me(void *arg) {
  (void)arg;
  for (;;) {
    pthread_testcancel();
    usleep(1000);
  }
  return NULL;
}

static void *block_in_cond(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  for (;;) pthread_cond_wait(&cv, &mu); /* cancellation point */
  return NULL;
}

static int detached_ran;
static void *detached(void *arg) {
  (void)arg;
  __atomic_add_fetch(&detached_ran, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

static void *many(void *arg) { return (void *)((long)arg * 3); }

static void *sleeper(void *arg) {
  (void)arg;
  pause();
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  /* create/join and a contended mutex */
  pthread_t th[8];
  for (long i = 0; i < 4; i++) pthread_create(&th[i], NULL, add, (void *)(1000 * (i + 1)));
  long sum = 0;
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(th[i], &r);
    sum += (long)r;
  }
  printf("mutex: counter=%ld sum=%ld\n", counter, sum);

  /* thread-local storage */
  void *r1, *r2;
  pthread_create(&th[0], NULL, tls_worker, (void *)10);
  pthread_create(&th[1], NULL, tls_worker, (void *)20);
  pthread_join(th[0], &r1);
  pthread_join(th[1], &r2);
  printf("tls: main=%d t1=%ld t2=%ld\n", tls, (long)r1, (long)r2);

  /* condition variable */
  pthread_create(&th[0], NULL, producer, NULL);
  long total = 0;
  pthread_mutex_lock(&mu);
  for (;;) {
    while (!full && !done) pthread_cond_wait(&cv, &mu);
    if (full) {
      total += slot;
      full = 0;
      pthread_cond_broadcast(&cv);
    } else if (done) {
      break;
    }
  }
  pthread_mutex_unlock(&mu);
  pthread_join(th[0], NULL);
  printf("condvar: total=%ld\n", total);

  /* rwlock */
  long seen = 0;
  for (long i = 0; i < 8; i++) pthread_create(&th[i], NULL, rw_worker, (void *)i);
  for (int i = 0; i < 8; i++) {
    void *r;
    pthread_join(th[i], &r);
    seen += (long)r;
  }
  printf("rwlock: writes=%d reads=%ld\n", shared_value, seen);

  /* barrier */
  pthread_barrier_init(&bar, NULL, 8);
  for (long i = 0; i < 8; i++) pthread_create(&th[i], NULL, bar_worker, (void *)i);
  for (int i = 0; i < 8; i++) pthread_join(th[i], NULL);
  pthread_barrier_destroy(&bar);
  printf("barrier: ok=%d\n", after_barrier_ok);

  /* semaphores */
  sem_init(&sem_items, 0, 0);
  sem_init(&sem_done, 0, 0);
  for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, sem_worker, NULL);
  for (int i = 0; i < 100; i++) sem_post(&sem_items);
  sem_wait(&sem_done);
  sem_wait(&sem_done);
  for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
  int v;
  sem_getvalue(&sem_items, &v);
  printf("semaphore: left=%d\n", v);

  /* pthread_kill runs the handler on the target thread */
  signal(SIGUSR1, on_usr1);
  pthread_create(&th[0], NULL, sig_waiter, NULL);
  while (!__atomic_load_n(&waiter_tid, __ATOMIC_SEQ_CST)) usleep(1000);
  pthread_kill(th[0], SIGUSR1);
  pthread_join(th[0], NULL);
  printf("pthread_kill: handled=%d on_target=%d\n", (int)got_usr1, handler_tid == waiter_tid);

  /* a process-directed signal goes to the thread that does not block it */
  got_usr1 = 0;
  handler_tid = 0;
  waiter_tid = 0;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_create(&th[0], NULL, sig_waiter, NULL); /* inherits the mask... */
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);        /* ...which main drops: only main takes it */
  while (!__atomic_load_n(&waiter_tid, __ATOMIC_SEQ_CST)) usleep(1000);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);                          /* pending: everyone blocks it */
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);         /* delivered to main now */
  pthread_join(th[0], NULL);
  printf("kill: handled=%d on_main=%d\n", (int)got_usr1, handler_tid == (pid_t)syscall(SYS_gettid));

  /* cancellation: at pthread_testcancel and inside pthread_cond_wait */
  void *res;
  pthread_create(&th[0], NULL, cancel_me, NULL);
  pthread_cancel(th[0]);
  pthread_join(th[0], &res);
  printf("cancel: testcancel=%d\n", res == PTHREAD_CANCELED);
  pthread_create(&th[0], NULL, block_in_cond, NULL);
  usleep(10000);
  pthread_cancel(th[0]);
  pthread_join(th[0], &res);
  pthread_mutex_unlock(&mu); /* the cleanup of cond_wait left it locked by the canceled thread */
  printf("cancel: condwait=%d\n", res == PTHREAD_CANCELED);

  /* detached threads */
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < 4; i++) {
    pthread_t d;
    pthread_create(&d, &at, detached, NULL);
  }
  while (__atomic_load_n(&detached_ran, __ATOMIC_SEQ_CST) < 4) usleep(1000);
  printf("detached: ran=%d\n", detached_ran);

  /* 100 threads at once */
  enum { N = 100 };
  pthread_t big[N];
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_JOINABLE);
  pthread_attr_setstacksize(&at, 64 * 1024);
  int created = 0;
  for (long i = 0; i < N; i++) created += pthread_create(&big[i], &at, many, (void *)i) == 0;
  long msum = 0;
  for (int i = 0; i < N; i++) {
    void *r;
    pthread_join(big[i], &r);
    msum += (long)r;
  }
  printf("many: created=%d sum=%ld\n", created, msum);

  /* fork with another thread alive: the child has one thread and working locks */
  pthread_create(&th[0], NULL, sleeper, NULL);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_mutex_lock(&mu);
    counter = 1;
    pthread_mutex_unlock(&mu);
    pthread_create(&th[1], NULL, many, (void *)7);
    void *r;
    pthread_join(th[1], &r);
    printf("fork child: thread result=%ld\n", (long)r);
    fflush(stdout);
    _exit(3);
  }
  int st;
  waitpid(pid, &st, 0);
  printf("fork parent: child status=%d\n", WEXITSTATUS(st));
  pthread_cancel(th[0]);
  pthread_join(th[0], NULL);

  /* exit from main while a thread still runs: the process ends with everything */
  pthread_create(&th[0], NULL, sleeper, NULL);
  printf("done\n");
  return 0;
}
