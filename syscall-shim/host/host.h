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
/* open of one name in an open directory (name has no slash; the VFS checked the directory). */
long host_openat(int dfd, const char *name, int lflags, int mode);
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
/* access(2) by the real ids, or by the effective ones (AT_EACCESS: what open, chdir and
 * exec check) when `effective` is set. host_faccessat likewise. */
long host_access(const char *path, int lmode, int effective);
long host_dup(int fd);
long host_pipe(int fds[2]);
/* The host path an open fd refers to, when the host can tell (-ENOSYS otherwise). */
long host_fd_path(int fd, char *buf, size_t n);
long host_getfl(int fd);             /* Linux O_* status flags */
long host_setfl(int fd, int lflags); /* only O_APPEND and O_NONBLOCK change */
long host_set_cloexec(int fd);
/* Terminals (tty.c). */
int host_isatty(int fd);
long host_tcgets(int fd, TermiosLinux *t);
long host_tcsets(int fd, int action_ioctl, const TermiosLinux *t);
long host_winsize(int fd, WinsizeLinux *w);
long host_set_winsize(int fd, const WinsizeLinux *w);
long host_fionread(int fd, int *n);
long host_tcgetpgrp(int fd);
long host_tcsetpgrp(int fd, int pgrp);
long host_tcgetsid(int fd);
long host_tcflush(int fd, int lqueue);     /* TCFLSH's argument */
long host_tcflow(int fd, int laction);     /* TCXONC's argument */
long host_tcdrain_or_break(int fd, int brk);
/* Blocks SIGTTIN (bit 1) and SIGTTOU (bit 2) of `bits` on the calling thread and unblocks
 * the other of the two; returns the bits as they were. Around a system call of a guest that
 * blocks them, so the kernel's terminal checks answer as they would the guest (a background
 * read fails with EIO, a background tcsetpgrp goes through) instead of signalling nacre. */
int host_job_signals_block(int bits);
/* The other tty_ioctl(4) requests with an int argument (Linux request numbers): by value
 * (TIOCSCTTY), read (TIOCPKT, TIOCSPTLCK) or written (TIOCGPTN, TIOCOUTQ...), or none.
 * Returns the host's result, or -ENOTTY for any other request. */
long host_tty_ioctl(int fd, unsigned lreq, int *arg);
/* N when fd is the master (TIOCGPTN; *master 1) or a slave (*master 0) of pseudo-terminal
 * /dev/pts/N, else -1. */
int host_pty_index(int fd, int *master);
/* poll on host fds; events are Linux POLL* values; timeout in ms, -1 forever */
long host_poll(PollfdLinux *fds, int n, int timeout_ms);
/* Sockets (net.c). Addresses are Linux sockaddr bytes (AF_UNIX paths already host paths);
 * types and flags Linux values. Every host socket is close-on-exec for nacre itself. */
long host_socket(int domain, int ltype, int proto);
long host_socketpair(int domain, int ltype, int proto, int fds[2]);
long host_bind(int fd, const void *addr, uint32_t len);
long host_connect(int fd, const void *addr, uint32_t len);
long host_listen(int fd, int backlog);
/* addr/len may be NULL; lflags SOCK_NONBLOCK only (the guest's cloexec is the shim's). */
long host_accept(int fd, void *addr, uint32_t *len, int lflags);
long host_shutdown(int fd, int how);
/* The local (peer = 0) or remote address; *len in: room, out: the full length. */
long host_sockname(int fd, int peer, void *addr, uint32_t *len);
/* One message: data in one buffer, optional address, descriptors (host fds) and
 * credentials. recvmsg fills fds up to nfds (then sets nfds) and flags (MSG_TRUNC...). */
typedef struct {
  void *addr;
  uint32_t addrlen;
  void *buf;
  size_t len;
  int *fds;
  int nfds;
  int creds;              /* send: attach SCM_CREDENTIALS; recv: set when some arrived */
  UcredLinux cred;
  size_t ctl_room;        /* recv: guest control buffer size, to report MSG_CTRUNC */
  int flags;
} HostMsg;
long host_sendmsg(int fd, HostMsg *m, int lflags);
long host_recvmsg(int fd, HostMsg *m, int lflags);
/* Socket options the shim knows (SOL_SOCKET, IPPROTO_TCP/IP/IPV6 basics), translated by
 * name; values are Linux layouts (int, struct linger, struct timeval, struct ucred).
 * Unknown options are -ENOPROTOOPT. */
long host_setsockopt(int fd, int level, int name, const void *val, uint32_t len);
long host_getsockopt(int fd, int level, int name, void *val, uint32_t *len);
/* Event descriptors (event.c), all Linux values; hosts without them return -ENOSYS and the
 * guest falls back (to poll, to pipes) as it does on an old kernel. lflags take the
 * O_NONBLOCK bit (the guest's cloexec is the shim's). epoll events carry the guest's data. */
long host_epoll_create(void);
long host_epoll_ctl(int epfd, int op, int fd, const EpollEventLinux *ev);
long host_epoll_wait(int epfd, EpollEventLinux *evs, int max, int timeout_ms);
long host_eventfd(unsigned initval, int lflags);
long host_timerfd_create(int lclock, int lflags);
long host_timerfd_settime(int fd, int lflags, const ItimerspecLinux *neu, ItimerspecLinux *old);
long host_timerfd_gettime(int fd, ItimerspecLinux *cur);
long host_inotify_init(int lflags);
/* target: an O_PATH-style fd of the file to watch (see sx_fs_path_fd). */
long host_inotify_add_watch(int fd, int target, uint32_t mask);
long host_inotify_rm_watch(int fd, int wd);
/* pidfds: lsig is a Linux signal number, which is the kernel's own on a Linux host. */
long host_pidfd_open(int pid, int lflags);
long host_pidfd_send_signal(int fd, int lsig);
/* More file operations (fsmore.c). flock op and fcntl lock commands are Linux values;
 * lock structures are Linux layouts (l_pid reported by the host). */
long host_flock(int fd, int lop);
long host_fcntl_lock(int fd, int lcmd, FlockLinux *l);
/* F_SETPIPE_SZ/F_GETPIPE_SZ and F_SETLEASE/F_GETLEASE (Linux hosts; EINVAL elsewhere). */
long host_fcntl_int(int fd, int lcmd, int arg);
/* Is the file of read-only descriptor fd open for writing by any process (execve's ETXTBSY)?
 * 1 yes; 0 no, or the host cannot tell (not Linux, not the file's owner, leases disabled). */
int host_file_being_written(int fd);
/* F_SETOWN_EX (15) / F_GETOWN_EX (16): owner is struct f_owner_ex {type, pid}. */
long host_fcntl_owner(int fd, int lcmd, int32_t owner[2]);
/* mknod for FIFOs and sockets (regular files too); mode carries the S_IF* type. */
long host_mknodat(int dfd, const char *name, uint32_t mode);
long host_fallocate(int fd, int mode, int64_t off, int64_t len);
/* An anonymous memory file (memfd_create, or an unlinked temporary file elsewhere). */
long host_memfd(const char *name, int lflags);
long host_syncfs(int fd);
long host_sync_file_range(int fd, int64_t off, int64_t len, unsigned flags);
/* splice/tee between host fds (Linux hosts; -EINVAL elsewhere); offsets may be NULL. */
long host_splice(int in, int64_t *off_in, int out, int64_t *off_out, size_t len, unsigned flags);
long host_tee(int in, int out, size_t len, unsigned flags);
long host_getpriority(int which, int who);
/* Scheduling policy and priority of a host process (Linux SCHED_* values); other hosts report
 * SCHED_OTHER and refuse changes with -EPERM. */
long host_sched_getscheduler(int pid);
long host_sched_setscheduler(int pid, int policy, int prio);
long host_sched_getparam(int pid);
long host_sched_priority_bound(int policy, int max);
long host_sched_rr_interval(int pid, TimespecLinux *ts);
long host_setpriority(int which, int who, int prio);
/* System V message queues and semaphores (ipc.c), Linux flags and layouts. */
long host_msgget(int32_t key, int lflags);
long host_msgsnd(int id, int64_t type, const void *text, size_t n, int lflags);
long host_msgrcv(int id, int64_t *type, void *text, size_t n, int64_t want, int lflags);
long host_msgctl(int id, int lcmd, MsqidDsLinux *ds);
long host_semget(int32_t key, int nsems, int lflags);
/* timeout may be NULL (semop). */
long host_semop(int id, const SembufLinux *ops, size_t n, const TimespecLinux *timeout);
/* semctl: GETVAL/GETPID/GETNCNT/GETZCNT return the value; SETVAL takes val; GETALL/SETALL
 * use vals (nsems entries); IPC_STAT/IPC_SET use ds; IPC_RMID. */
long host_semctl(int id, int num, int lcmd, int val, uint16_t *vals, SemidDsLinux *ds);
/* File system statistics of the file system holding fd (any fd, also an O_PATH one). */
long host_fstatfs(int fd, StatfsLinux *st);
/* Extended attributes of the file open on fd (also O_PATH): op is one of HOST_XATTR_*; get
 * and list return the size (n == 0 asks for it), -EOPNOTSUPP where the host has none. */
enum { HOST_XATTR_GET, HOST_XATTR_SET, HOST_XATTR_LIST, HOST_XATTR_REMOVE };
long host_xattr(int fd, int op, const char *name, void *buf, size_t n, int lflags);
/* Reads the host kernel's information file /proc/<name> (a name the VFS allows: meminfo,
 * sys/kernel/pid_max...) into buf; returns its length, -ENOENT where the host has none. */
long host_kernel_file(const char *name, char *buf, size_t n);
/* Opens the host's /proc/NAME itself (Linux open flags; for writing a sysctl). */
long host_kernel_file_open(const char *name, int lflags);
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
long host_faccessat(int dfd, const char *name, int lmode, int effective);
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
/* The process's interval timers, lwhich ITIMER_REAL/VIRTUAL/PROF_LINUX (SIGALRM, SIGVTALRM,
 * SIGPROF on expiry; the CPU-time ones count the nacre process's time, which is the
 * guest's); old may be NULL. */
long host_setitimer(int lwhich, const ItimervalLinux *neu, ItimervalLinux *old);
long host_getitimer(int lwhich, ItimervalLinux *cur);

/* process */
long host_uname(UtsnameLinux *u);
long host_sysinfo(SysinfoLinux *s);
long host_getrusage(int who, RusageLinux *r);
long host_times(TmsLinux *t);
long host_getrlimit(int resource, RlimitLinux *r);
/* setrlimit on the nacre process (Linux resource numbers; EINVAL for one the host lacks). */
long host_setrlimit(int resource, const RlimitLinux *r);
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
/* Credentials (cred.c); gid selects the group ids. 0xffffffff leaves an id unchanged. */
long host_setid(int gid, uint32_t id);
long host_setresid(int gid, uint32_t r, uint32_t e, uint32_t s);
/* setreuid/setregid (gid set): the kernel's own rule for the saved id. */
long host_setreid(int gid, uint32_t r, uint32_t e);
long host_getresid(int gid, uint32_t out[3]);
/* setfsuid/setfsgid: returns the previous fs id. */
long host_setfsid(int gid, uint32_t id);
long host_setgroups(int n, const uint32_t *list);
long host_setsid(void);
/* capget/capset (Linux hosts): version in/out as the kernel's header; data is up to two
 * {effective, permitted, inheritable} triples. */
long host_capget(uint32_t *version, int pid, uint32_t data[6]);
long host_capset(uint32_t version, int pid, const uint32_t data[6]);
long host_umask(int mask);
long host_getcwd(char *buf, size_t n);
/* A fresh private directory under the host's temporary directory, its path in buf; and the
 * removal of a whole tree (nacre guest's /tmp and /dev/shm). */
long host_make_tempdir(const char *prefix, char *buf, size_t n);
long host_remove_tree(const char *path);

/* Child processes: a guest fork is a fork of the whole nacre process (the host copies the
 * guest's memory). Statuses come back in Linux's wait encoding. */
/* in_child (may be NULL) runs in the child with every host signal blocked, so a signal sent
 * to the new process right away is not lost while the child resets its pending state. */
long host_fork(void (*in_child)(void *), void *arg);
long host_waitpid(int pid, int *lstatus, int loptions);
long host_kill(int pid, int lsig);
/* prctl(2) with Linux option numbers and plain integer arguments (a pointer argument must be
 * a host pointer), for the options the shim passes through; EINVAL on other hosts. */
long host_prctl(int option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
/* Orphaned descendants are reparented to the calling process (Linux: PR_SET_CHILD_SUBREAPER;
 * -ENOSYS where the host has no such thing). */
long host_set_subreaper(void);
/* waitid: idtype 0 all, 1 pid, 2 pgid; Linux W* options. pid 0 when nothing was ready. */
typedef struct { int pid; uint32_t uid; int code, status; } HostChildInfo;
long host_waitid(int idtype, int id, int loptions, HostChildInfo *ci);

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
/* Moves (or grows in place when dst == old) a mapping with the host's mremap, so shared pages
 * stay shared; the old range is reserved again. oldlen 0 duplicates a shared mapping. */
long host_mem_remap(void *old, uint64_t oldlen, void *dst, uint64_t newlen);
long host_mem_protect(void *at, uint64_t len, int lprot);
/* MADV_DONTNEED: private pages read back as zero (or the file's contents) afterwards. */
long host_mem_discard(void *at, uint64_t len);
long host_mem_sync(void *at, uint64_t len, int lflags); /* Linux MS_* flags */
/* mlock (onfault: MLOCK_ONFAULT where the host has it) or munlock of host pages; the host's
 * RLIMIT_MEMLOCK applies. */
long host_mem_lock(void *at, uint64_t len, int lock, int onfault);
uint64_t host_page_size(void);
/* Installs the SIGSEGV/SIGBUS handler: `fn` gets the faulting host address and the Linux
 * signal and code; it leaves by longjmp when the fault belongs to a guest access, otherwise
 * it returns and the fault ends nacre as an unhandled one would. */
void host_fault_init(void (*fn)(uintptr_t addr, int lsig, int lcode));
/* A SIGSEGV or SIGBUS another process sent, not a fault, goes to `fn` first (1: taken). */
void host_fault_pass_sent(int (*fn)(int sig, void *siginfo, void *ucontext));

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
/* A wait that must not miss a signal: between begin and end, host signals stay pending on the
 * calling thread except inside host_poll and host_epoll_wait, which take them atomically with
 * the wait (ppoll/epoll_pwait), so a wake or signal sent after the caller's last check still
 * interrupts the wait. host_wait_sigset is for the host files: NULL outside a window. */
void host_wait_begin(void);
void host_wait_end(void);
const void *host_wait_sigset(void);
/* The calling thread takes no more host signals (it is ending): the host sends them to the
 * threads that can act on them. */
void host_thread_mute(void);
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

/* The siginfo the host gave the last caught instance of lsig (si_code, sender pid and uid,
 * child status, si_band/si_fd of SIGIO: host fds, which the caller translates); si_signo is
 * lsig. Read it after the handler ran. */
void host_signal_info(int lsig, SiginfoLinux *out);
void host_signal_default(int lsig);
void host_signal_ignore(int lsig);
/* Ignores SIGPIPE on the host so a broken pipe comes back as EPIPE for the shim to turn into
 * a guest SIGPIPE. */
void host_signal_init(void);
/* SIGPIPE and the fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) are caught for
 * good: instances another process sends (kill, sigqueue, tgkill) go to `fn` like any caught
 * signal; nacre's own broken-pipe SIGPIPEs are dropped and its own faults still end it. */
void host_signal_catch_sent(void (*fn)(int lsig));
/* Ends the nacre process the way signal `lsig` would end a native one (exit status and all),
 * without a core dump; falls back to exit(128+lsig). */
_Noreturn void host_die_by_signal(int lsig);
/* Copies n bytes at addr in host process pid's memory (process_vm_readv); returns the bytes
 * copied (fewer where the range runs into unmapped memory) or a negative errno (EPERM where
 * the host forbids it, as Yama's ptrace_scope does for a process that is not a descendant). */
long host_peek(int pid, uint64_t addr, void *buf, size_t n);
/* Stops the process with lsig (a stop signal) as its default action would, so the parent's
 * wait sees it stopped by lsig; returns once it is continued, or at once where the kernel
 * discards the signal (an orphaned process group). The host disposition is kept. */
void host_stop_by_signal(int lsig);

/* containment (host/contain.c): what keeps every process of a guest inside nacre */
/* Zeroed read-write memory every process forked afterwards shares; NULL on failure. */
void *host_shared_alloc(size_t size);
/* A pipe for nacre's own use, its ends numbered far above the standard descriptors. */
long host_private_pipe(int fds[2]);
/* Orphaned descendants are reparented to this process (PR_SET_CHILD_SUBREAPER), so none
 * leaves its tree, setsid or not. */
long host_adopt_orphans(void);
/* Up to max pids of root's descendants (children of all its threads, and theirs). */
int host_descendants(int root, int *pids, int max);
/* SIGKILLs and reaps every descendant of this process, round after round until none is left. */
void host_kill_descendants(void);
/* Is pid a descendant of ancestor (by the parent links the host reports)? */
int host_is_descendant(int pid, int ancestor);
/* A detached helper thread that no host signal reaches. */
long host_helper_thread(void *(*fn)(void *), void *arg);
long host_monotonic_ms(void);
/* Waits until fd is readable or timeout_ms (-1: forever) passed: 1, 0, or -errno. */
long host_wait_readable(int fd, long timeout_ms);
/* Ends this process at once with SIGKILL. */
_Noreturn void host_kill_self(void);

#endif
