/* Robust futex lists at thread death, built by hand as glibc does: a held lock on the list,
 * the list's pending entry (list_op_pending: a lock the thread was taking when it died), a PI
 * entry (bit 0 of the pointer), and an entry another thread owns, which stays as it is. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

struct entry { struct entry *next; uint32_t word; };
struct head { struct entry *next; long offset; struct entry *pending; };

static struct entry held, pend, pi, other;

static void *dies(void *arg) {
  (void)arg;
  static __thread struct head h;
  uint32_t tid = (uint32_t)syscall(SYS_gettid);
  held.word = tid;
  pend.word = tid;
  pi.word = tid | 0x80000000u;  /* with waiters */
  other.word = 1;               /* someone else's */
  h.offset = offsetof(struct entry, word);
  /* list: head -> held -> pi (PI flag) -> other -> head; pending: pend */
  h.next = &held;
  held.next = (struct entry *)((uintptr_t)&pi | 1);
  pi.next = &other;
  other.next = (struct entry *)&h;
  h.pending = &pend;
  syscall(SYS_set_robust_list, &h, sizeof h);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, dies, NULL);
  pthread_join(t, NULL);
  printf("held %#x\npending %#x\npi %#x\nother %#x\n", held.word, pend.word, pi.word, other.word);
  return 0;
}
