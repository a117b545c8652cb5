/* The host interface: the only functions in the shim that call the host OS. Everything passed
 * in or out uses Linux guest values (flags, errno, struct layouts); the implementations in this
 * folder translate to and from the host's, so porting the shim means reimplementing this file.
 * Functions return >= 0 on success or a negative Linux errno. */
#ifndef SX_HOST_H
#define SX_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "syscall-shim/linux/abi.h"

int host_errno_linux(int host_errno);
/* -(Linux errno) of the host's current errno. */
long host_err(void);

/* files: paths are host paths already resolved by the VFS */
long host_open(const char *path, int lflags, int mode);
long host_close(int fd);
long host_read(int fd, void *buf, size_t n);
long host_write(int fd, const void *buf, size_t n);
long host_pread(int fd, void *buf, size_t n, int64_t off);
long host_pwrite(int fd, const void *buf, size_t n, int64_t off);
long host_lseek(int fd, int64_t off, int lwhence);
long host_fstat(int fd, StatLinux *st);
long host_stat(const char *path, StatLinux *st, int follow);
long host_readlink(const char *path, char *buf, size_t n);
long host_chmod(const char *path, int mode);
long host_fchmod(int fd, int mode);
long host_chown(const char *path, uint32_t uid, uint32_t gid, int follow);
long host_fchown(int fd, uint32_t uid, uint32_t gid);
/* ts[2] may be NULL (both now); UTIME_NOW/UTIME_OMIT are Linux values. fd >= 0 selects fd. */
long host_utimens(int fd, const char *path, const TimespecLinux *ts, int follow);
long host_ftruncate(int fd, int64_t len);
long host_fsync(int fd, int data_only);
long host_access(const char *path, int lmode);
long host_dup(int fd);
long host_pipe(int fds[2]);
/* The host path an open fd refers to, when the host can tell (-ENOSYS otherwise). */
long host_fd_path(int fd, char *buf, size_t n);
long host_getfl(int fd);             /* Linux O_* status flags */
long host_setfl(int fd, int lflags); /* only O_APPEND and O_NONBLOCK change */
long host_set_cloexec(int fd);
int host_isatty(int fd);
long host_tcgets(int fd, TermiosLinux *t);
long host_tcsets(int fd, int action_ioctl, const TermiosLinux *t);
long host_winsize(int fd, WinsizeLinux *w);
long host_fionread(int fd, int *n);
/* poll on host fds; events are Linux POLL* values; timeout in ms, -1 forever */
long host_poll(PollfdLinux *fds, int n, int timeout_ms);
/* A temporary file already unlinked, holding `len` bytes of data (for synthetic /proc files). */
long host_memfile(const void *data, size_t len);

/* The same relative to a directory fd (fileat.c); `name` is one component and a symlink there
 * is never followed. utimens takes fd = dfd and path = name with follow = 0. */
long host_open_dir(const char *path);
long host_openat_path(int dfd, const char *name, int *fd);
long host_fstatat(int dfd, const char *name, StatLinux *st);
long host_readlinkat(int dfd, const char *name, char *buf, size_t n);
long host_mkdirat(int dfd, const char *name, int mode);
long host_unlinkat(int dfd, const char *name, int rmdir);
long host_renameat(int odfd, const char *o, int ndfd, const char *n, int lflags);
long host_symlinkat(const char *target, int dfd, const char *name);
long host_linkat(int odfd, const char *o, int ndfd, const char *n);
long host_fchmodat(int dfd, const char *name, int mode);
long host_fchownat(int dfd, const char *name, uint32_t uid, uint32_t gid);
long host_faccessat(int dfd, const char *name, int lmode);
long host_truncateat(int dfd, const char *name, int64_t len);
long host_utimensat(int dfd, const char *name, const TimespecLinux *ts);

/* directories */
typedef struct HostDir HostDir;
typedef struct { uint64_t ino; int type; char name[256]; } HostDirent;
HostDir *host_opendir(int fd);        /* takes its own duplicate of fd */
int host_readdir(HostDir *d, HostDirent *e); /* 1 entry, 0 end, <0 error */
void host_rewinddir(HostDir *d);
void host_closedir(HostDir *d);

/* time and randomness */
long host_clock_gettime(int lclock, TimespecLinux *ts);
long host_clock_getres(int lclock, TimespecLinux *ts);
long host_nanosleep(const TimespecLinux *req, TimespecLinux *rem);
long host_random(void *buf, size_t n);
/* The real-time interval timer (SIGALRM on expiry); old may be NULL. */
long host_setitimer_real(const ItimervalLinux *neu, ItimervalLinux *old);
long host_getitimer_real(ItimervalLinux *cur);

/* process */
long host_uname(UtsnameLinux *u);
long host_sysinfo(SysinfoLinux *s);
long host_getrusage(int who, RusageLinux *r);
long host_times(TmsLinux *t);
long host_getrlimit(int resource, RlimitLinux *r);
long host_getpid(void);
long host_getppid(void);
long host_getpgid(int pid);
long host_getsid(int pid);
long host_setpgid(int pid, int pgid);
uint32_t host_getuid(void);
uint32_t host_geteuid(void);
uint32_t host_getgid(void);
uint32_t host_getegid(void);
long host_getgroups(int n, uint32_t *list);
long host_umask(int mask);
long host_getcwd(char *buf, size_t n);

/* Child processes: a guest fork is a fork of the whole nacre process (the host copies the
 * guest's memory). Statuses come back in Linux's wait encoding. */
long host_fork(void);
long host_waitpid(int pid, int *lstatus, int loptions);
long host_kill(int pid, int lsig);

/* Guest memory (mem.c). A guest address space is one reservation of host address space
 * (PROT_NONE, costing nothing) in which guest mappings are placed with MAP_FIXED. Protections
 * are Linux PROT_* bits; the host never gets PROT_EXEC. */
/* Reserves *size bytes, halving down to min until the host agrees; stores the size got. */
void *host_mem_reserve(uint64_t *size, uint64_t min);
void host_mem_release(void *base, uint64_t size);
/* Maps fresh memory at `at` (anonymous when fd < 0), replacing whatever was there. */
long host_mem_map(void *at, uint64_t len, int lprot, int shared, int fd, int64_t off);
/* Returns the range to the reservation (PROT_NONE, no backing). */
long host_mem_unmap(void *at, uint64_t len);
long host_mem_protect(void *at, uint64_t len, int lprot);
/* MADV_DONTNEED: private pages read back as zero (or the file's contents) afterwards. */
long host_mem_discard(void *at, uint64_t len);
long host_mem_sync(void *at, uint64_t len, int lflags); /* Linux MS_* flags */
uint64_t host_page_size(void);
/* Installs the SIGSEGV/SIGBUS handler: `fn` gets the faulting host address and the Linux
 * signal and code; it leaves by longjmp when the fault belongs to a guest access, otherwise
 * it returns and the fault ends nacre as an unhandled one would. */
void host_fault_init(void (*fn)(uintptr_t addr, int lsig, int lcode));

/* Threads (thread.c). A guest thread runs on its own host thread. */
typedef struct { unsigned char opaque[16]; } HostThread;
void host_thread_init(void);
/* Starts fn(arg) on a detached host thread, which must record itself in *t with
 * host_thread_self before anyone uses t. */
long host_thread_create(HostThread *t, void *(*fn)(void *), void *arg);
void host_yield(void);
void host_thread_self(HostThread *t);
/* Makes a blocking host call of thread t return EINTR (a host signal with an empty handler). */
void host_thread_wake(const HostThread *t);
_Noreturn void host_thread_exit(void);
/* Ends the whole process at once, every thread with it (exit_group). */
_Noreturn void host_exit(int status);
long host_gettid(void);
long host_ncpus(void);
/* futex(2) on a host address with a Linux op (the op numbers are the kernel ABI); ts may be
 * NULL. host_futex_val2 passes val2 where the operation (REQUEUE, WAKE_OP) expects it. */
long host_futex(uint32_t *uaddr, int op, uint32_t val, const TimespecLinux *ts, uint32_t *uaddr2,
                uint32_t val3);
long host_futex_val2(uint32_t *uaddr, int op, uint32_t val, uint32_t val2, uint32_t *uaddr2,
                     uint32_t val3);

/* signals: the host delivers guest-visible signals through `fn`, called with a Linux signo
 * from a host signal handler (so `fn` must be async-signal-safe). */
void host_signal_catch(int lsig, void (*fn)(int lsig));
void host_signal_default(int lsig);
void host_signal_ignore(int lsig);
/* Ignores SIGPIPE on the host so a broken pipe comes back as EPIPE for the shim to turn into
 * a guest SIGPIPE. */
void host_signal_init(void);
/* Ends the nacre process the way signal `lsig` would end a native one (exit status and all),
 * without a core dump; falls back to exit(128+lsig). */
_Noreturn void host_die_by_signal(int lsig);

#endif
