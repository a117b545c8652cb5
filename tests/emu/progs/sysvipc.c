/* System V message queues and semaphores between a parent and a child: private and keyed
 * objects, typed receive, IPC_NOWAIT, IPC_STAT/IPC_SET, semaphore values, timeouts. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK(what, expr) do { long r_ = (long)(expr); printf("%s: %ld%s%s\n", what, r_ < 0 ? -1L : r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); } while (0)

struct msg { long type; char text[32]; };
union semun { int val; struct semid_ds *buf; unsigned short *array; };

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  printf("msgget ok %d\n", q >= 0);
  pid_t c = fork();
  if (c == 0) {
    struct msg m = {2, "second type"};
    msgsnd(q, &m, strlen(m.text) + 1, 0);
    m.type = 1;
    strcpy(m.text, "first type");
    msgsnd(q, &m, strlen(m.text) + 1, 0);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  struct msqid_ds ds;
  CHECK("IPC_STAT", msgctl(q, IPC_STAT, &ds));
  printf("qnum %lu mode %o lspid is child %d\n", (unsigned long)ds.msg_qnum, ds.msg_perm.mode & 0777, ds.msg_lspid == c);
  struct msg r;
  CHECK("msgrcv type 1", msgrcv(q, &r, sizeof r.text, 1, 0));
  printf("got type %ld %s\n", r.type, r.text);
  CHECK("msgrcv any", msgrcv(q, &r, sizeof r.text, 0, 0));
  printf("got type %ld %s\n", r.type, r.text);
  CHECK("msgrcv empty nowait", msgrcv(q, &r, sizeof r.text, 0, IPC_NOWAIT));
  struct msg big = {3, "0123456789abcdef"};
  msgsnd(q, &big, 17, 0);
  CHECK("msgrcv too small", msgrcv(q, &r, 4, 0, IPC_NOWAIT));
  CHECK("msgrcv MSG_NOERROR", msgrcv(q, &r, 4, 0, IPC_NOWAIT | MSG_NOERROR));
  CHECK("msgsnd bad type", msgsnd(q, &(struct msg){0, "x"}, 2, 0));
  ds.msg_perm.mode = 0640;
  CHECK("IPC_SET", msgctl(q, IPC_SET, &ds));
  msgctl(q, IPC_STAT, &ds);
  printf("mode now %o\n", ds.msg_perm.mode & 0777);
  CHECK("IPC_RMID", msgctl(q, IPC_RMID, NULL));
  CHECK("msgsnd removed", msgsnd(q, &big, 4, 0));

  int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  printf("semget ok %d\n", s >= 0);
  union semun u = {.val = 1};
  CHECK("SETVAL", semctl(s, 0, SETVAL, u));
  unsigned short all[2];
  u.array = all;
  CHECK("GETALL", semctl(s, 0, GETALL, u));
  printf("values %u %u\n", all[0], all[1]);
  c = fork();
  if (c == 0) {
    struct sembuf down = {1, -1, 0};
    semop(s, &down, 1);   /* waits for the parent's up */
    _exit(5);
  }
  struct sembuf up = {1, 1, 0};
  CHECK("semop up", semop(s, &up, 1));
  int st;
  waitpid(c, &st, 0);
  printf("child status %d\n", WEXITSTATUS(st));
  CHECK("GETVAL 1", semctl(s, 1, GETVAL));
  CHECK("GETPID is the child", semctl(s, 1, GETPID) == c);
  struct sembuf nowait = {1, -1, IPC_NOWAIT};
  CHECK("semop would block", semop(s, &nowait, 1));
  struct timespec ts = {0, 20000000};
  struct sembuf wait1 = {1, -1, 0};
  CHECK("semtimedop timeout", semtimedop(s, &wait1, 1, &ts));
  all[0] = 7; all[1] = 9;
  CHECK("SETALL", semctl(s, 0, SETALL, u));
  CHECK("GETVAL 0", semctl(s, 0, GETVAL));
  struct semid_ds sd;
  u.buf = &sd;
  CHECK("sem IPC_STAT", semctl(s, 0, IPC_STAT, u));
  printf("nsems %lu\n", (unsigned long)sd.sem_nsems);
  CHECK("semop bad num", semop(s, &(struct sembuf){5, 1, 0}, 1));
  CHECK("sem IPC_RMID", semctl(s, 0, IPC_RMID));
  CHECK("semget keyed excl", semget(0x4e414352 + getpid(), 1, IPC_CREAT | IPC_EXCL | 0600) >= 0);
  int k = semget(0x4e414352 + getpid(), 1, 0);
  CHECK("semget keyed again", k >= 0);
  CHECK("semget keyed excl again", semget(0x4e414352 + getpid(), 1, IPC_CREAT | IPC_EXCL | 0600));
  semctl(k, 0, IPC_RMID);
  return 0;
}
