/* Declarations shared by the syscall handlers (fs, mm, proc, signal, time, misc, net): one
 * prototype per row of the syscall table, plus small helpers for guest arguments. */
#ifndef SX_LINUX_SYS_H
#define SX_LINUX_SYS_H

#include "syscall-shim/guest/proc.h"
#include "syscall-shim/linux/syscalls.h"
#include "syscall-shim/vfs/vfs.h"

typedef long SxSyscallFn(SxProc *p, const uint64_t *a);

#define SX_DECLARE(nr, name, args, h) SxSyscallFn sx_sys_##h;
SX_SYSCALLS(SX_DECLARE)
#undef SX_DECLARE

/* Guest arguments: ints are the low 32 bits of the register, as the kernel reads them. */
#define ARG_INT(i) ((int)(int32_t)a[i])
#define ARG_UINT(i) ((uint32_t)a[i])

/* fs.c helpers used by other areas */
long sx_fs_readv(SxProc *p, int fd, uint64_t iov, int cnt, int64_t off, int write);
/* fs_path.c: an O_PATH-style host fd for a resolved host path or device (for statfs, xattrs:
 * calls that name a file but must not reopen it by name); -ENOENT for virtual /proc paths. */
long sx_fs_path_fd(SxProc *p, const SxPath *sp);
/* fs_path.c: under --sandbox, 0 when --allow-read/--allow-write grant `need` (an RtAccess:
 * RT_READ, RT_WRITE, RT_WRITE_ENTRY) on a resolved path, else -EACCES. */
long sx_fs_granted(const SxPath *sp, int need);
/* proc.c: the resource limit the guest sees (getrlimit, /proc/self/limits), and the number
 * of descriptors it may have (RLIMIT_NOFILE's soft limit, at most SX_MAX_FDS). */
long sx_limit_get(SxProc *p, int res, RlimitLinux *r);
int sx_limit_nofile(SxProc *p);
/* sched.c: mlock (lock 1) or munlock of guest pages [addr, addr + len) on the host. */
long sx_mem_lock(SxProc *p, uint64_t addr, uint64_t len, int lock, int onfault);
/* fs_io.c: a write of len bytes to f (off < 0: at its position), metered by --max-output when
 * f is the guest's stdout or stderr (the allowed part is written, then the guest ends). */
long sx_fs_write(SxFd *f, const void *buf, uint64_t len, int64_t off);
/* For splice and tee, whose byte count is known only afterwards: the length to ask for (up to
 * len, what --max-output still allows); ends the guest when nothing is. Follow the call with
 * sx_limits_output_done(f, cap, cap, result). */
long sx_fs_capped(SxFd *f, uint64_t len);
/* sigwait.c: the signal mask argument of ppoll, pselect6 and epoll_pwait(2): 1 with *mask
 * read, 0 when addr is NULL, or a negative errno (a size other than 8 is EINVAL). Then
 * sx_wait_masked runs wait(p, arg, ms) between sx_signal_wait_begin and _end with that mask
 * (or none), for ms milliseconds (-1 forever); a host signal that interrupts it for nothing
 * the thread acts on does not end it: it is called again with the time that is left. */
long sx_wait_mask(SxProc *p, uint64_t addr, uint64_t size, uint64_t *mask);
long sx_wait_masked(SxProc *p, const uint64_t *mask, int ms,
                    long (*wait)(SxProc *p, const void *arg, int ms), const void *arg);
/* tty.c: the terminal requests of ioctl(2) on f (ENOTTY for any other request). */
long sx_tty_ioctl(SxProc *p, SxFd *f, unsigned req, uint64_t arg);
/* For SIGPIPE: a write that failed with EPIPE raises SIGPIPE like the kernel does. */
long sx_fs_epipe(SxProc *p, long r);

#endif
