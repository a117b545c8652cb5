/* Linux x86-64 constants and structure layouts as the guest sees them, written out by hand so
 * nothing here depends on the host's headers. Structures use fixed-width fields and are checked
 * against the kernel's sizes; the shim assumes a little-endian host (as x86-64 itself is). */
#ifndef SX_LINUX_ABI_H
#define SX_LINUX_ABI_H

#include <stdint.h>

#include "syscall-shim/linux/errno.h"

/* open(2) flags */
#define O_ACCMODE_LINUX   03
#define O_RDONLY_LINUX    00
#define O_WRONLY_LINUX    01
#define O_RDWR_LINUX      02
#define O_CREAT_LINUX     0100
#define O_EXCL_LINUX      0200
#define O_NOCTTY_LINUX    0400
#define O_TRUNC_LINUX     01000
#define O_APPEND_LINUX    02000
#define O_NONBLOCK_LINUX  04000
#define O_DSYNC_LINUX     010000
#define O_ASYNC_LINUX     020000
#define O_DIRECT_LINUX    040000
#define O_LARGEFILE_LINUX 0100000
#define O_DIRECTORY_LINUX 0200000
#define O_NOFOLLOW_LINUX  0400000
#define O_NOATIME_LINUX   01000000
#define O_CLOEXEC_LINUX   02000000
#define O_SYNC_LINUX      04010000
#define O_PATH_LINUX      010000000
#define O_TMPFILE_LINUX   020200000

/* *at() */
#define AT_FDCWD_LINUX            (-100)
#define AT_SYMLINK_NOFOLLOW_LINUX 0x100
#define AT_REMOVEDIR_LINUX        0x200
#define AT_SYMLINK_FOLLOW_LINUX   0x400
#define AT_NO_AUTOMOUNT_LINUX     0x800
#define AT_EMPTY_PATH_LINUX       0x1000
#define AT_EACCESS_LINUX          0x200
#define RENAME_NOREPLACE_LINUX    1
#define RENAME_EXCHANGE_LINUX     2

/* fcntl */
#define F_DUPFD_LINUX 0
#define F_GETFD_LINUX 1
#define F_SETFD_LINUX 2
#define F_GETFL_LINUX 3
#define F_SETFL_LINUX 4
#define F_GETLK_LINUX 5
#define F_SETLK_LINUX 6
#define F_SETLKW_LINUX 7
#define F_DUPFD_CLOEXEC_LINUX 1030
#define FD_CLOEXEC_LINUX 1

/* file modes */
#define S_IFMT_LINUX   0170000
#define S_IFSOCK_LINUX 0140000
#define S_IFLNK_LINUX  0120000
#define S_IFREG_LINUX  0100000
#define S_IFBLK_LINUX  0060000
#define S_IFDIR_LINUX  0040000
#define S_IFCHR_LINUX  0020000
#define S_IFIFO_LINUX  0010000

#define DT_UNKNOWN_LINUX 0
#define DT_FIFO_LINUX 1
#define DT_CHR_LINUX 2
#define DT_DIR_LINUX 4
#define DT_BLK_LINUX 6
#define DT_REG_LINUX 8
#define DT_LNK_LINUX 10
#define DT_SOCK_LINUX 12

#define SEEK_SET_LINUX 0
#define SEEK_CUR_LINUX 1
#define SEEK_END_LINUX 2

#define F_OK_LINUX 0
#define X_OK_LINUX 1
#define W_OK_LINUX 2
#define R_OK_LINUX 4

#define UTIME_NOW_LINUX  ((1l << 30) - 1l)
#define UTIME_OMIT_LINUX ((1l << 30) - 2l)

/* mmap */
#define PROT_NONE_LINUX  0
#define PROT_READ_LINUX  1
#define PROT_WRITE_LINUX 2
#define PROT_EXEC_LINUX  4
#define MAP_SHARED_LINUX    0x01
#define MAP_PRIVATE_LINUX   0x02
#define MAP_SHARED_VALIDATE_LINUX 0x03
#define MAP_TYPE_LINUX      0x0f
#define MAP_FIXED_LINUX     0x10
#define MAP_ANONYMOUS_LINUX 0x20
#define MAP_GROWSDOWN_LINUX 0x100
#define MAP_LOCKED_LINUX    0x2000
#define MAP_NORESERVE_LINUX 0x4000
#define MAP_POPULATE_LINUX  0x8000
#define MAP_STACK_LINUX     0x20000
#define MAP_FIXED_NOREPLACE_LINUX 0x100000
#define MS_ASYNC_LINUX      1
#define MS_INVALIDATE_LINUX 2
#define MS_SYNC_LINUX       4
#define MREMAP_MAYMOVE_LINUX 1
#define MREMAP_FIXED_LINUX   2

/* arch_prctl */
#define ARCH_SET_GS_LINUX 0x1001
#define ARCH_SET_FS_LINUX 0x1002
#define ARCH_GET_FS_LINUX 0x1003
#define ARCH_GET_GS_LINUX 0x1004

/* ioctl: terminals (the tty_ioctl(4) requests) and descriptors */
#define TCGETS_LINUX      0x5401
#define TCSETS_LINUX      0x5402
#define TCSETSW_LINUX     0x5403
#define TCSETSF_LINUX     0x5404
#define TCSBRK_LINUX      0x5409
#define TCXONC_LINUX      0x540a
#define TCFLSH_LINUX      0x540b
#define TIOCEXCL_LINUX    0x540c
#define TIOCNXCL_LINUX    0x540d
#define TIOCSCTTY_LINUX   0x540e
#define TIOCGPGRP_LINUX   0x540f
#define TIOCSPGRP_LINUX   0x5410
#define TIOCOUTQ_LINUX    0x5411
#define TIOCSTI_LINUX     0x5412
#define TIOCGWINSZ_LINUX  0x5413
#define TIOCSWINSZ_LINUX  0x5414
#define FIONREAD_LINUX    0x541b
#define TIOCPKT_LINUX     0x5420
#define FIONBIO_LINUX     0x5421
#define TIOCNOTTY_LINUX   0x5422
#define TIOCGETD_LINUX    0x5424
#define TCSBRKP_LINUX     0x5425
#define TIOCSBRK_LINUX    0x5427
#define TIOCCBRK_LINUX    0x5428
#define TIOCGSID_LINUX    0x5429
#define TIOCGPTN_LINUX    0x80045430u
#define TIOCSPTLCK_LINUX  0x40045431u
#define TIOCGPKT_LINUX    0x80045438u
#define TIOCGPTLCK_LINUX  0x80045439u
#define TIOCGEXCL_LINUX   0x80045440u
#define FIONCLEX_LINUX    0x5450
#define FIOCLEX_LINUX     0x5451

/* termios c_iflag, c_oflag, c_cflag and c_lflag bits, and c_cc indexes */
#define IGNBRK_LINUX  0000001
#define BRKINT_LINUX  0000002
#define IGNPAR_LINUX  0000004
#define PARMRK_LINUX  0000010
#define INPCK_LINUX   0000020
#define ISTRIP_LINUX  0000040
#define INLCR_LINUX   0000100
#define IGNCR_LINUX   0000200
#define ICRNL_LINUX   0000400
#define IUCLC_LINUX   0001000
#define IXON_LINUX    0002000
#define IXANY_LINUX   0004000
#define IXOFF_LINUX   0010000
#define IMAXBEL_LINUX 0020000
#define IUTF8_LINUX   0040000
#define OPOST_LINUX   0000001
#define OLCUC_LINUX   0000002
#define ONLCR_LINUX   0000004
#define OCRNL_LINUX   0000010
#define ONOCR_LINUX   0000020
#define ONLRET_LINUX  0000040
#define OFILL_LINUX   0000100
#define OFDEL_LINUX   0000200
#define NL1_LINUX     0000400
#define CR1_LINUX     0001000
#define CR2_LINUX     0002000
#define CR3_LINUX     0003000
#define CRDLY_LINUX   0003000
#define TAB1_LINUX    0004000
#define TAB2_LINUX    0010000
#define TAB3_LINUX    0014000
#define TABDLY_LINUX  0014000
#define BS1_LINUX     0020000
#define VT1_LINUX     0040000
#define FF1_LINUX     0100000
#define CBAUD_LINUX   0010017
#define CSIZE_LINUX   0000060
#define CS5_LINUX     0000000
#define CS6_LINUX     0000020
#define CS7_LINUX     0000040
#define CS8_LINUX     0000060
#define CSTOPB_LINUX  0000100
#define CREAD_LINUX   0000200
#define PARENB_LINUX  0000400
#define PARODD_LINUX  0001000
#define HUPCL_LINUX   0002000
#define CLOCAL_LINUX  0004000
#define CMSPAR_LINUX  010000000000u
#define CRTSCTS_LINUX 020000000000u
#define B38400_LINUX  0000017
#define ISIG_LINUX    0000001
#define ICANON_LINUX  0000002
#define XCASE_LINUX   0000004
#define ECHO_LINUX    0000010
#define ECHOE_LINUX   0000020
#define ECHOK_LINUX   0000040
#define ECHONL_LINUX  0000100
#define NOFLSH_LINUX  0000200
#define TOSTOP_LINUX  0000400
#define ECHOCTL_LINUX 0001000
#define ECHOPRT_LINUX 0002000
#define ECHOKE_LINUX  0004000
#define FLUSHO_LINUX  0010000
#define PENDIN_LINUX  0040000
#define IEXTEN_LINUX  0100000
#define EXTPROC_LINUX 0200000
#define VINTR_LINUX 0
#define VQUIT_LINUX 1
#define VERASE_LINUX 2
#define VKILL_LINUX 3
#define VEOF_LINUX 4
#define VTIME_LINUX 5
#define VMIN_LINUX 6
#define VSWTC_LINUX 7
#define VSTART_LINUX 8
#define VSTOP_LINUX 9
#define VSUSP_LINUX 10
#define VEOL_LINUX 11
#define VREPRINT_LINUX 12
#define VDISCARD_LINUX 13
#define VWERASE_LINUX 14
#define VLNEXT_LINUX 15
#define VEOL2_LINUX 16
#define NCCS_LINUX 19

/* poll */
#define POLLIN_LINUX   0x001
#define POLLPRI_LINUX  0x002
#define POLLOUT_LINUX  0x004
#define POLLERR_LINUX  0x008
#define POLLHUP_LINUX  0x010
#define POLLNVAL_LINUX 0x020

/* clocks */
#define CLOCK_REALTIME_LINUX 0
#define CLOCK_MONOTONIC_LINUX 1
#define CLOCK_PROCESS_CPUTIME_ID_LINUX 2
#define CLOCK_THREAD_CPUTIME_ID_LINUX 3
#define CLOCK_MONOTONIC_RAW_LINUX 4
#define CLOCK_REALTIME_COARSE_LINUX 5
#define CLOCK_MONOTONIC_COARSE_LINUX 6
#define CLOCK_BOOTTIME_LINUX 7
#define TIMER_ABSTIME_LINUX 1

/* rlimits */
#define RLIMIT_CPU_LINUX 0
#define RLIMIT_FSIZE_LINUX 1
#define RLIMIT_DATA_LINUX 2
#define RLIMIT_STACK_LINUX 3
#define RLIMIT_CORE_LINUX 4
#define RLIMIT_RSS_LINUX 5
#define RLIMIT_NPROC_LINUX 6
#define RLIMIT_NOFILE_LINUX 7
#define RLIMIT_MEMLOCK_LINUX 8
#define RLIMIT_AS_LINUX 9
#define RLIMIT_NLIMITS_LINUX 16
#define RLIM_INFINITY_LINUX (~0ull)

#define RUSAGE_SELF_LINUX 0
#define RUSAGE_CHILDREN_LINUX (-1)
#define RUSAGE_THREAD_LINUX 1

/* signals */
#define SIGHUP_LINUX 1
#define SIGINT_LINUX 2
#define SIGQUIT_LINUX 3
#define SIGILL_LINUX 4
#define SIGTRAP_LINUX 5
#define SIGABRT_LINUX 6
#define SIGBUS_LINUX 7
#define SIGFPE_LINUX 8
#define SIGKILL_LINUX 9
#define SIGUSR1_LINUX 10
#define SIGSEGV_LINUX 11
#define SIGUSR2_LINUX 12
#define SIGPIPE_LINUX 13
#define SIGALRM_LINUX 14
#define SIGTERM_LINUX 15
#define SIGSTKFLT_LINUX 16
#define SIGCHLD_LINUX 17
#define SIGCONT_LINUX 18
#define SIGSTOP_LINUX 19
#define SIGTSTP_LINUX 20
#define SIGTTIN_LINUX 21
#define SIGTTOU_LINUX 22
#define SIGURG_LINUX 23
#define SIGXCPU_LINUX 24
#define SIGXFSZ_LINUX 25
#define SIGVTALRM_LINUX 26
#define SIGPROF_LINUX 27
#define SIGWINCH_LINUX 28
#define SIGIO_LINUX 29
#define SIGPWR_LINUX 30
#define SIGSYS_LINUX 31
#define SIGRTMIN_LINUX 32
#define NSIG_LINUX 64

#define SIG_DFL_LINUX 0
#define SIG_IGN_LINUX 1
#define SIG_BLOCK_LINUX 0
#define SIG_UNBLOCK_LINUX 1
#define SIG_SETMASK_LINUX 2

#define SA_NOCLDSTOP_LINUX 0x00000001u
#define SA_NOCLDWAIT_LINUX 0x00000002u
#define SA_SIGINFO_LINUX   0x00000004u
#define SA_RESTORER_LINUX  0x04000000u
#define SA_ONSTACK_LINUX   0x08000000u
#define SA_RESTART_LINUX   0x10000000u
#define SA_NODEFER_LINUX   0x40000000u
#define SA_RESETHAND_LINUX 0x80000000u

#define SS_ONSTACK_LINUX 1
#define SS_DISABLE_LINUX 2
#define MINSIGSTKSZ_LINUX 2048

#define SI_USER_LINUX   0
#define SI_KERNEL_LINUX 0x80
#define SI_QUEUE_LINUX  (-1)
#define SI_MESGQ_LINUX  (-3)
#define SI_TKILL_LINUX  (-6)
#define SEGV_MAPERR_LINUX 1
#define SEGV_ACCERR_LINUX 2
#define BUS_ADRERR_LINUX 2
#define FPE_INTDIV_LINUX 1
#define ILL_ILLOPN_LINUX 2
#define TRAP_BRKPT_LINUX 1

/* auxv */
#define AT_NULL_LINUX 0
#define AT_PHDR_LINUX 3
#define AT_PHENT_LINUX 4
#define AT_PHNUM_LINUX 5
#define AT_PAGESZ_LINUX 6
#define AT_BASE_LINUX 7
#define AT_FLAGS_LINUX 8
#define AT_ENTRY_LINUX 9
#define AT_UID_LINUX 11
#define AT_EUID_LINUX 12
#define AT_GID_LINUX 13
#define AT_EGID_LINUX 14
#define AT_PLATFORM_LINUX 15
#define AT_HWCAP_LINUX 16
#define AT_CLKTCK_LINUX 17
#define AT_SECURE_LINUX 23
#define AT_RANDOM_LINUX 25
#define AT_HWCAP2_LINUX 26
#define AT_EXECFN_LINUX 31

/* statx */
#define STATX_BASIC_STATS_LINUX 0x7ffu
#define STATX_BTIME_LINUX 0x800u

#define GRND_NONBLOCK_LINUX 1
#define GRND_RANDOM_LINUX 2

#define FUTEX_WAIT_LINUX 0
#define FUTEX_WAKE_LINUX 1
#define FUTEX_REQUEUE_LINUX 3
#define FUTEX_CMP_REQUEUE_LINUX 4
#define FUTEX_WAKE_OP_LINUX 5
#define FUTEX_LOCK_PI_LINUX 6
#define FUTEX_UNLOCK_PI_LINUX 7
#define FUTEX_TRYLOCK_PI_LINUX 8
#define FUTEX_WAIT_BITSET_LINUX 9
#define FUTEX_WAKE_BITSET_LINUX 10
#define FUTEX_WAIT_REQUEUE_PI_LINUX 11
#define FUTEX_CMP_REQUEUE_PI_LINUX 12
#define FUTEX_LOCK_PI2_LINUX 13
#define FUTEX_CMD_MASK_LINUX 0x7f

typedef struct { int64_t tv_sec, tv_nsec; } TimespecLinux;
typedef struct { int64_t tv_sec, tv_usec; } TimevalLinux;
typedef struct { TimevalLinux it_interval, it_value; } ItimervalLinux;
#define ITIMER_REAL_LINUX 0
#define ITIMER_VIRTUAL_LINUX 1
#define ITIMER_PROF_LINUX 2

typedef struct {
  uint64_t st_dev, st_ino, st_nlink;
  uint32_t st_mode, st_uid, st_gid, pad0;
  uint64_t st_rdev;
  int64_t st_size, st_blksize, st_blocks;
  TimespecLinux st_atim, st_mtim, st_ctim;
  int64_t unused[3];
} StatLinux;

typedef struct { int64_t tv_sec; uint32_t tv_nsec; int32_t reserved; } StatxTimestampLinux;
typedef struct {
  uint32_t stx_mask, stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink, stx_uid, stx_gid;
  uint16_t stx_mode, spare0;
  uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
  StatxTimestampLinux stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t spare2[14];
} StatxLinux;

typedef struct {
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line, c_cc[NCCS_LINUX];
} TermiosLinux;

typedef struct { uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel; } WinsizeLinux;

typedef struct {
  char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
} UtsnameLinux;

typedef struct {
  int64_t uptime;
  uint64_t loads[3];
  uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  uint16_t procs, pad;
  uint32_t pad2;
  uint64_t totalhigh, freehigh;
  uint32_t mem_unit;
  uint32_t pad3;
} SysinfoLinux;

typedef struct {
  TimevalLinux ru_utime, ru_stime;
  int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
      ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
} RusageLinux;

typedef struct { int64_t tms_utime, tms_stime, tms_cutime, tms_cstime; } TmsLinux;
typedef struct { uint64_t rlim_cur, rlim_max; } RlimitLinux;
/* Sockets (x86-64 values). */
#define AF_UNSPEC_LINUX 0
#define AF_UNIX_LINUX 1
#define AF_INET_LINUX 2
#define AF_INET6_LINUX 10
#define SOCK_STREAM_LINUX 1
#define SOCK_DGRAM_LINUX 2
#define SOCK_RAW_LINUX 3
#define SOCK_RDM_LINUX 4
#define SOCK_SEQPACKET_LINUX 5
#define SOCK_TYPE_MASK_LINUX 0xf
#define SOCK_NONBLOCK_LINUX 04000
#define SOCK_CLOEXEC_LINUX 02000000
#define SOL_SOCKET_LINUX 1
#define SO_PEERCRED_LINUX 17
#define IPPROTO_IP_LINUX 0
#define IPPROTO_TCP_LINUX 6
#define IPPROTO_UDP_LINUX 17
#define IPPROTO_IPV6_LINUX 41
#define MSG_OOB_LINUX 1
#define MSG_PEEK_LINUX 2
#define MSG_DONTROUTE_LINUX 4
#define MSG_CTRUNC_LINUX 8
#define MSG_TRUNC_LINUX 0x20
#define MSG_DONTWAIT_LINUX 0x40
#define MSG_EOR_LINUX 0x80
#define MSG_WAITALL_LINUX 0x100
#define MSG_NOSIGNAL_LINUX 0x4000
#define MSG_CMSG_CLOEXEC_LINUX 0x40000000
#define SCM_RIGHTS_LINUX 1
#define SCM_CREDENTIALS_LINUX 2
/* struct msghdr and struct cmsghdr on x86-64. */
typedef struct {
  uint64_t name;
  uint32_t namelen, pad0;
  uint64_t iov, iovlen, control, controllen;
  int32_t flags, pad1;
} MsghdrLinux;
typedef struct { uint64_t len; int32_t level, type; } CmsghdrLinux;
typedef struct { int32_t pid; uint32_t uid, gid; } UcredLinux;
/* Largest sockaddr the shim handles (sockaddr_storage). */
#define SOCKADDR_MAX_LINUX 128
/* epoll, eventfd, timerfd, inotify. struct epoll_event is packed on x86-64 (12 bytes). */
typedef struct __attribute__((packed)) { uint32_t events; uint64_t data; } EpollEventLinux;
typedef struct { TimespecLinux it_interval, it_value; } ItimerspecLinux;
#define EPOLL_CTL_ADD_LINUX 1
#define EPOLL_CTL_DEL_LINUX 2
#define EPOLL_CTL_MOD_LINUX 3
#define EPOLL_CLOEXEC_LINUX 02000000
#define EFD_SEMAPHORE_LINUX 1
#define TFD_TIMER_ABSTIME_LINUX 1
#define TFD_TIMER_CANCEL_ON_SET_LINUX 2
/* Locks, special files, memfd. struct flock on x86-64. */
typedef struct { int16_t l_type, l_whence; int32_t pad0; int64_t l_start, l_len; int32_t l_pid, pad1; } FlockLinux;
#define F_OFD_GETLK_LINUX 36
#define F_OFD_SETLK_LINUX 37
#define F_OFD_SETLKW_LINUX 38
#define F_RDLCK_LINUX 0
#define F_WRLCK_LINUX 1
#define F_UNLCK_LINUX 2
#define LOCK_SH_LINUX 1
#define LOCK_EX_LINUX 2
#define LOCK_NB_LINUX 4
#define LOCK_UN_LINUX 8
#define MFD_CLOEXEC_LINUX 1
#define MFD_ALLOW_SEALING_LINUX 2
/* System V IPC (x86-64 layouts: struct ipc64_perm, msqid64_ds, semid64_ds, sembuf). */
typedef struct {
  int32_t key;
  uint32_t uid, gid, cuid, cgid, mode;
  uint16_t seq, pad0;
  uint64_t unused1, unused2;
} IpcPermLinux;
typedef struct {
  IpcPermLinux perm;
  int64_t stime, rtime, ctime;
  uint64_t cbytes, qnum, qbytes;
  int32_t lspid, lrpid;
  uint64_t unused4, unused5;
} MsqidDsLinux;
typedef struct {
  IpcPermLinux perm;
  int64_t otime;
  uint64_t unused1;
  int64_t ctime;
  uint64_t unused2, nsems, unused3, unused4;
} SemidDsLinux;
typedef struct { uint16_t num; int16_t op, flg; } SembufLinux;
#define IPC_CREAT_LINUX 01000
#define IPC_EXCL_LINUX 02000
#define IPC_NOWAIT_LINUX 04000
#define IPC_RMID_LINUX 0
#define IPC_SET_LINUX 1
#define IPC_STAT_LINUX 2
#define IPC_INFO_LINUX 3
#define MSG_NOERROR_LINUX 010000
#define MSG_EXCEPT_LINUX 020000
#define SEM_UNDO_LINUX 0x1000
/* struct statfs on x86-64 (120 bytes). */
typedef struct {
  int64_t f_type, f_bsize;
  uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
  int32_t f_fsid[2];
  int64_t f_namelen, f_frsize, f_flags, f_spare[4];
} StatfsLinux;
#define PROC_SUPER_MAGIC_LINUX 0x9fa0
#define XATTR_CREATE_LINUX 1
#define XATTR_REPLACE_LINUX 2
typedef struct { int32_t fd; int16_t events, revents; } PollfdLinux;
typedef struct { uint64_t iov_base, iov_len; } IovecLinux;

/* The kernel's struct sigaction on x86-64 (not glibc's). */
typedef struct { uint64_t handler, flags, restorer, mask; } SigactionLinux;
typedef struct { uint64_t ss_sp; int32_t ss_flags, pad; uint64_t ss_size; } StackLinux;

typedef struct {
  int32_t si_signo, si_errno, si_code, pad;
  union {
    struct { int32_t pid; uint32_t uid; } kill;
    struct { uint64_t addr; } fault;
    uint8_t raw[112];
  } u;
} SiginfoLinux;

/* struct sigcontext: the general registers in the order the kernel saves them. */
enum {
  REG_R8_LINUX, REG_R9_LINUX, REG_R10_LINUX, REG_R11_LINUX, REG_R12_LINUX, REG_R13_LINUX,
  REG_R14_LINUX, REG_R15_LINUX, REG_RDI_LINUX, REG_RSI_LINUX, REG_RBP_LINUX, REG_RBX_LINUX,
  REG_RDX_LINUX, REG_RAX_LINUX, REG_RCX_LINUX, REG_RSP_LINUX, REG_RIP_LINUX, REG_EFL_LINUX,
  REG_CSGSFS_LINUX, REG_ERR_LINUX, REG_TRAPNO_LINUX, REG_OLDMASK_LINUX, REG_CR2_LINUX,
  NGREG_LINUX
};
typedef struct {
  uint64_t gregs[NGREG_LINUX];
  uint64_t fpstate;          /* guest address of the 512-byte fxsave image */
  uint64_t reserved1[8];
} McontextLinux;

typedef struct {
  uint64_t uc_flags, uc_link;
  StackLinux uc_stack;
  McontextLinux uc_mcontext;
  uint64_t uc_sigmask;
} UcontextLinux;

/* What the kernel pushes for an SA_SIGINFO-style handler; rsp points at pretcode on entry. */
typedef struct {
  uint64_t pretcode;
  UcontextLinux uc;
  SiginfoLinux info;
} RtSigframeLinux;

typedef struct {
  uint16_t cwd, swd, twd, fop;
  uint64_t rip, rdp;
  uint32_t mxcsr, mxcsr_mask;
  uint8_t st[8][16];
  uint8_t xmm[16][16];
  uint8_t reserved[96];
} FxsaveLinux;

_Static_assert(sizeof(StatLinux) == 144, "struct stat is 144 bytes on x86-64");
_Static_assert(sizeof(StatxLinux) == 256, "struct statx is 256 bytes");
_Static_assert(sizeof(TermiosLinux) == 36, "kernel termios is 36 bytes");
_Static_assert(sizeof(UtsnameLinux) == 390, "utsname is 6 x 65 bytes");
_Static_assert(sizeof(SysinfoLinux) == 112, "sysinfo is 112 bytes on x86-64");
_Static_assert(sizeof(RusageLinux) == 144, "rusage is 144 bytes");
_Static_assert(sizeof(SiginfoLinux) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(McontextLinux) == 256, "sigcontext is 256 bytes");
_Static_assert(sizeof(UcontextLinux) == 304, "kernel ucontext is 304 bytes");
_Static_assert(sizeof(RtSigframeLinux) == 440, "rt_sigframe is 440 bytes");
_Static_assert(sizeof(FxsaveLinux) == 512, "fxsave image is 512 bytes");

#endif
