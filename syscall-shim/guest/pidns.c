/* The pid namespace of a full-system guest: one table in memory shared by all its processes
 * (MAP_SHARED, made by PID 1 before anything forks), mapping guest pids and tids to host ones
 * under a process-shared robust mutex, so a process killed while holding it cannot wedge the
 * others. Guest ids count up from 1 as Linux's do and wrap below SX_PIDNS_MAX. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/host/host.h"

/* Linux's default pid_max: guest ids stay below it, as programs that size tables by it expect. */
#define SX_PIDNS_MAX 32768

typedef struct {
  int id;       /* guest pid or tid; 0: free */
  int host;     /* host pid or tid; 0 while reserved */
  int tgid;     /* the process's guest pid (== id for a process) */
  int reaped;   /* a reaped process: kept only to translate a group or session id */
  char comm[16];
  char cmdline[SX_PIDNS_CMDLINE];
  size_t cmdlen;
  uint64_t state;   /* host address of the process's SxProc (syscall-shim/guest/peer.c) */
} Slot;

typedef struct {
  pthread_mutex_t mu;
  int next;             /* the next guest id to try */
  int init_host;
  uint64_t init_caught;   /* bit (signo-1): PID 1 has a handler */
  char hostname[65];
  Slot slot[SX_PIDNS_SLOTS];
} Table;

static Table *tab;

void sx_shared_mutex_init(pthread_mutex_t *mu) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(mu, &a);
  pthread_mutexattr_destroy(&a);
}

void sx_shared_lock(pthread_mutex_t *mu) {
  if (pthread_mutex_lock(mu) == EOWNERDEAD) pthread_mutex_consistent(mu);
}

static void lock(void) { sx_shared_lock(&tab->mu); }
static void unlock(void) { pthread_mutex_unlock(&tab->mu); }

long sx_pidns_create(const char *hostname) {
  Table *t = host_shared_alloc(sizeof *t);
  if (!t) return -ENOMEM_LINUX;
  sx_shared_mutex_init(&t->mu);
  snprintf(t->hostname, sizeof t->hostname, "%s", hostname);
  t->next = 2;
  t->init_host = (int)host_getpid();
  t->slot[0] = (Slot){.id = 1, .host = t->init_host, .tgid = 1};
  tab = t;
  return 0;
}

int sx_pidns_on(void) { return tab != NULL; }
int sx_pidns_init_host(void) { return tab ? tab->init_host : 0; }

static Slot *find(int id) {
  for (int i = 0; i < SX_PIDNS_SLOTS; i++)
    if (tab->slot[i].id == id) return &tab->slot[i];
  return NULL;
}

/* A slot whose process has gone unnoticed (its parent ignored SIGCHLD, so nothing reaped it
 * through the shim): the host no longer knows the id. */
static int vanished(const Slot *s) {
  return s->host && !s->reaped && s->id == s->tgid && host_kill(s->host, 0) == -ESRCH_LINUX;
}

int sx_pidns_reserve(int tgid) {
  if (!tab) return 0;
  lock();
  Slot *free_slot = NULL, *reaped = NULL;
  for (int pass = 0; pass < 2 && !free_slot; pass++)
    for (int i = 0; i < SX_PIDNS_SLOTS && !free_slot; i++) {
      Slot *s = &tab->slot[i];
      if (!s->id) free_slot = s;
      else if (s->reaped && !reaped) reaped = s;
      else if (pass == 1 && vanished(s)) free_slot = s;
    }
  if (!free_slot) free_slot = reaped;
  if (!free_slot) { unlock(); return -EAGAIN_LINUX; }
  int id = tab->next;
  for (int tries = 0; tries < SX_PIDNS_MAX; tries++) {
    Slot *s = find(id);
    if (!s || s == free_slot) break;
    if (++id >= SX_PIDNS_MAX) id = 2;
  }
  tab->next = id + 1 >= SX_PIDNS_MAX ? 2 : id + 1;
  memset(free_slot, 0, sizeof *free_slot);
  free_slot->id = id;
  free_slot->tgid = tgid ? tgid : id;
  unlock();
  return id;
}

void sx_pidns_bind(int id, int host) {
  if (!tab) return;
  lock();
  /* A host id seen again belongs to the new holder: a stale reaped entry must not shadow it. */
  for (int i = 0; i < SX_PIDNS_SLOTS; i++)
    if (tab->slot[i].host == host && tab->slot[i].id != id && tab->slot[i].reaped)
      memset(&tab->slot[i], 0, sizeof tab->slot[i]);
  Slot *s = find(id);
  if (s) s->host = host;
  unlock();
}

void sx_pidns_release(int id) {
  if (!tab || id <= 0) return;
  lock();
  Slot *s = find(id);
  if (s && s->host && s->id == s->tgid) s->reaped = 1;
  else if (s) memset(s, 0, sizeof *s);
  unlock();
}

int sx_pidns_guest(int host) {
  if (!tab) return host;
  if (host <= 0) return host;
  lock();
  int id = 0;
  for (int i = 0; i < SX_PIDNS_SLOTS; i++)
    if (tab->slot[i].host == host && tab->slot[i].id) {
      id = tab->slot[i].id;
      if (!tab->slot[i].reaped) break;
    }
  unlock();
  return id;
}

int sx_pidns_host(int id) {
  if (!tab) return id;
  if (id <= 0) return 0;
  lock();
  Slot *s = find(id);
  int h = s ? s->host : 0;
  unlock();
  return h;
}

void sx_pidns_set_cmd(int pid, const char *comm, const char *cmdline, size_t len,
                      uint64_t state) {
  if (!tab) return;
  lock();
  Slot *s = find(pid);
  if (s) {
    s->state = state;
    snprintf(s->comm, sizeof s->comm, "%s", comm);
    if (len > sizeof s->cmdline) len = sizeof s->cmdline;
    memcpy(s->cmdline, cmdline, len);
    s->cmdlen = len;
  }
  unlock();
}

int sx_pidns_list(int *pids, int max) {
  if (!tab) return 0;
  int n = 0;
  lock();
  for (int i = 0; i < SX_PIDNS_SLOTS && n < max; i++) {
    const Slot *s = &tab->slot[i];
    if (s->id && s->id == s->tgid && s->host && !s->reaped && !vanished(s)) pids[n++] = s->id;
  }
  unlock();
  /* Insertion sort: the table is small and ps expects ascending order. */
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && pids[j - 1] > pids[j]; j--) {
      int x = pids[j];
      pids[j] = pids[j - 1];
      pids[j - 1] = x;
    }
  return n;
}

int sx_pidns_info(int pid, SxPidInfo *out) {
  if (!tab) return 0;
  lock();
  Slot *s = find(pid);
  int ok = s && s->id == s->tgid && s->host && !s->reaped;
  if (ok) {
    out->pid = s->id;
    out->host = s->host;
    memcpy(out->comm, s->comm, sizeof out->comm);
    memcpy(out->cmdline, s->cmdline, s->cmdlen);
    out->cmdlen = s->cmdlen;
    out->state = s->state;
  }
  unlock();
  return ok;
}

void sx_pidns_kill_others(int sig) {
  if (!tab) return;
  int self = (int)host_getpid(), hosts[SX_PIDNS_SLOTS], n = 0;
  lock();
  for (int i = 0; i < SX_PIDNS_SLOTS; i++) {
    const Slot *s = &tab->slot[i];
    if (s->id && s->id == s->tgid && s->host && !s->reaped && s->host != self)
      hosts[n++] = s->host;
  }
  unlock();
  for (int i = 0; i < n; i++) host_kill(hosts[i], sig);
}

void sx_pidns_set_init_caught(uint64_t mask) {
  if (tab) __atomic_store_n(&tab->init_caught, mask, __ATOMIC_SEQ_CST);
}

int sx_pidns_init_takes(int sig) {
  if (sig == SIGKILL_LINUX || sig == SIGSTOP_LINUX) return 0;
  return sig == 0 || ((__atomic_load_n(&tab->init_caught, __ATOMIC_SEQ_CST) >> (sig - 1)) & 1);
}

void sx_pidns_hostname(char *buf, size_t n) {
  lock();
  snprintf(buf, n, "%s", tab->hostname);
  unlock();
}

long sx_pidns_set_hostname(const char *name, size_t len) {
  if (len >= sizeof tab->hostname) return -EINVAL_LINUX;
  lock();
  memcpy(tab->hostname, name, len);
  tab->hostname[len] = 0;
  unlock();
  return 0;
}

/* nacre's own host user and group are the guest's root, as in file ownership (owners.c). */
int sx_pidns_cred_out(int32_t *pid, uint32_t *uid, uint32_t *gid) {
  if (!tab) return 0;
  int host = *pid > 0 ? sx_pidns_host(*pid) : *pid;
  if (*pid > 0 && !host) return -ESRCH_LINUX;
  *pid = host;
  if (*uid == 0) *uid = (uint32_t)host_geteuid();
  if (*gid == 0) *gid = (uint32_t)host_getegid();
  return 0;
}

void sx_pidns_cred_in(int32_t *pid, uint32_t *uid, uint32_t *gid) {
  if (!tab) return;
  *pid = *pid > 0 ? sx_pidns_guest(*pid) : *pid;
  if (*uid == (uint32_t)host_geteuid()) *uid = 0;
  if (*gid == (uint32_t)host_getegid()) *gid = 0;
}
