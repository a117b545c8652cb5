/* Another process of a full-system guest, read from its own host process for its /proc/<pid>
 * entries (syscall-shim/guest/peer.c). */
#ifndef SX_PEER_H
#define SX_PEER_H

#include "syscall-shim/guest/mem.h"
#include "syscall-shim/guest/proc.h"

typedef struct {
  SxProc *p;       /* a copy; p->mem is &mem, its other pointers are the other process's */
  SxMem mem;       /* a copy, with a copy of its region table */
  uint64_t base;   /* host address of the other process's guest address 0 */
  int host;        /* its host pid */
} SxPeer;

/* Takes a snapshot of guest process pid (not the caller): 0, -ESRCH when it is gone, or
 * -EACCES when the host forbids reading it. sx_peer_close frees it. */
long sx_peer_open(int pid, SxPeer *pe);
void sx_peer_close(SxPeer *pe);
/* The guest path of its descriptor fd into buf (n bytes with the NUL): its length, or
 * -ENOENT when fd is not open. */
long sx_peer_fd_path(const SxPeer *pe, int fd, char *buf, size_t n);
/* Copies its guest memory [addr, addr+n): the bytes copied or a negative errno. */
long sx_peer_guest(const SxPeer *pe, uint64_t addr, void *buf, size_t n);

#endif
