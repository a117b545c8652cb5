/* The policy below both layers, with no Lua in it: the grants and limits of a sandbox, the
 * allow/deny decision, paths resolved and opened in one step, and the meters (memory, fuel,
 * output, processes). Scripts reach it through runtime/sandbox.h; the syscall shim calls it
 * directly. A denial is an errno plus a message naming the flag that would grant it. */
#ifndef NACRE_POLICY_H
#define NACRE_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum RtAccess {
  RT_READ,   /* open or list a path for reading */
  RT_WRITE,  /* create or modify a path (a final symbolic link is followed, as open does) */
  RT_WRITE_ENTRY, /* remove or rename the directory entry itself (the link, not its target) */
  RT_RUN,    /* start a process (os.execute, io.popen) */
  RT_ENV,    /* read an environment variable */
  RT_NET,    /* connect or listen */
  RT_FFI     /* load native code or call foreign functions */
} RtAccess;

/* A list of grants. all == 1 means the flag was given without a list (grant everything). */
typedef struct RtGrants {
  int all;
  int n;
  char **item;       /* paths are stored resolved (absolute, no symlinks) */
} RtGrants;

typedef struct RtSandbox {
  int sandboxed;       /* --sandbox or any --allow-*: deny whatever is not granted */
  RtGrants read, write, net, env;
  int allow_run, allow_ffi;
  /* Limits; 0 means unlimited. They apply with or without --sandbox. */
  size_t max_memory;   /* bytes: the collected heap (a guest: its pages over all its processes) */
  int64_t fuel;        /* VM back-edges and calls, plus units charged by long C functions */
  int64_t timeout_ms;  /* wall clock */
  size_t max_output;   /* bytes written to stdout and stderr together */
  long max_files;      /* files the script may hold open at once */
  long max_procs;      /* processes (and guest threads) alive at once besides nacre itself */
  /* The text each limit was given as, for the breach message ("16M", "2s"). */
  char memory_text[32], fuel_text[32], timeout_text[32], output_text[32], procs_text[32];
  int result_fd;       /* sandbox.run child: where the outcome record goes (-1: none) */
} RtSandbox;

/* Exit statuses (documented in docs/sandbox.md and `nacre --help`). */
enum {
  RT_EXIT_USAGE = 1,   /* as lua(1): bad command line, or the script raised an error */
  RT_EXIT_MEMORY = 3,
  RT_EXIT_FUEL = 4,
  RT_EXIT_TIME = 5,
  RT_EXIT_OUTPUT = 6,
};

typedef enum { RT_LIMIT_MEMORY, RT_LIMIT_FUEL, RT_LIMIT_TIME, RT_LIMIT_OUTPUT } RtLimit;

/* errno value a denial carries (EACCES). */
#define RT_POLICY_ERRNO 13
/* Room for a denial message (a path plus the sentence around it). */
#define RT_POLICY_MSGMAX 4200

/* The process's sandbox, filled from the command line by runtime/main.c. */
extern RtSandbox rt_sandbox;

/* ---- flags (runtime/policy.c) ---- */
void rt_sandbox_init(RtSandbox *sb);
/* Parses one command-line argument. Returns 1 if it was a sandbox flag (applied to sb), 0 if it
 * is not one, -1 if it is one with a malformed value (message in err, naming the flag). */
int rt_sandbox_flag(RtSandbox *sb, const char *arg, char *err, size_t errlen);
/* Removes the sandbox flags that stand before the first non-option argument of argv (and right
 * after a subcommand verb), applying them to sb. Returns 0, or -1 with a message in err. */
int rt_sandbox_take_flags(RtSandbox *sb, int *argc, char **argv, char *err, size_t errlen);
/* A size as the limit flags take it ("64K", "16M", "1G", bytes): 0, or -1 if malformed. */
int rt_policy_size(const char *s, size_t *out);

/* ---- the decision (runtime/policy.c) ---- */
/* 0 when `what` on `arg` (a path, command, variable name or HOST:PORT as the program gave it;
 * may be NULL) is allowed by sb (NULL: no sandbox), else EACCES with a message naming the
 * flag that would grant it written to msg. A path is resolved here (symbolic links followed)
 * and the answer is only as good as the moment: to act on a path, use the calls below, which
 * resolve, check and open in one step. */
int rt_policy_decide(const RtSandbox *sb, RtAccess what, const char *arg, char *msg, size_t msglen);

/* ---- paths resolved and opened in one step (runtime/policy_path.c) ---- */
/* Each walks path component by component from "/" (or the working directory) with openat and
 * O_NOFOLLOW, expanding symbolic links itself (40 at most), so the object acted on is the one
 * whose canonical path was checked against the grants; no name is looked up twice. Without a
 * sandbox, or when the flag concerned was given without a list, they are the plain calls.
 * Return >= 0 (a descriptor, or 0) on success; -errno on failure, with msg holding the
 * denial (naming the flag) when the policy refused, and msg[0] == '\0' when the host did. A
 * failure on a path outside every grant is reported as the denial, so nothing can be learnt
 * of what lies outside. */
/* open(2): flags and mode as for open (O_NOFOLLOW: a final link fails with ELOOP, as open
 * does; give O_CLOEXEC when wanted). Reading needs
 * --allow-read, and writing, creating or truncating --allow-write, on the final object. */
int rt_path_open(const RtSandbox *sb, const char *path, int flags, mode_t mode, char *msg,
                 size_t msglen);
/* Whether rt_path_open with these flags walks (a sandbox with a grant list for the access)
 * rather than making the plain call. */
int rt_path_confined(const RtSandbox *sb, int flags);
/* Removes the entry itself (a final symbolic link is not followed); needs --allow-write on the
 * entry. kind: RT_REMOVE_ANY a file or an empty directory (remove(3)), RT_REMOVE_FILE not a
 * directory (unlink(2)), RT_REMOVE_DIR an empty directory only (rmdir(2)). */
int rt_path_remove(const RtSandbox *sb, const char *path, int kind, char *msg, size_t msglen);
#define RT_REMOVE_ANY 0
#define RT_REMOVE_FILE 1
#define RT_REMOVE_DIR 2
/* rename(2) of the entry from to the entry to; needs --allow-write on both entries. */
int rt_path_rename(const RtSandbox *sb, const char *from, const char *to, char *msg,
                   size_t msglen);
/* link(2): a new entry to for the file the entry from names (not followed); needs
 * --allow-read on from and --allow-write on to. */
int rt_path_link(const RtSandbox *sb, const char *from, const char *to, char *msg,
                 size_t msglen);
/* mkdir(2) and symlink(2) of a new entry path; need --allow-write on it. A link's target is
 * not judged here: it is when the link is followed. */
int rt_path_mkdir(const RtSandbox *sb, const char *path, mode_t mode, char *msg, size_t msglen);
int rt_path_symlink(const RtSandbox *sb, const char *target, const char *path, char *msg,
                    size_t msglen);
/* chmod, chown or utimes of the object path names (follow = 1), or of the entry itself
 * (follow = 0: lchown, lutimes; a mode is always the object's); needs --allow-write on it. */
typedef struct RtAttr {
  int what;            /* RT_ATTR_... */
  mode_t mode;
  uid_t uid;
  gid_t gid;
  double atime, mtime; /* seconds */
} RtAttr;
enum { RT_ATTR_MODE, RT_ATTR_OWNER, RT_ATTR_TIMES };
int rt_path_setattr(const RtSandbox *sb, const char *path, int follow, const RtAttr *a,
                    char *msg, size_t msglen);
/* mkstemp(3) in the directory dir (NULL: $TMPDIR or /tmp): creates a new file named
 * dir/prefixXXXXXX there and returns its descriptor, its path written to name (namelen bytes;
 * PATH_MAX is enough). Needs --allow-write on the directory. */
int rt_path_mkstemp(const RtSandbox *sb, const char *dir, const char *prefix, char *name,
                    size_t namelen, char *msg, size_t msglen);
/* The canonical absolute form of path (every symbolic link expanded, a missing last component
 * kept as given), as the grants are stored and compared: 0, or -errno. */
int rt_path_resolve(const char *path, char *out, size_t outlen);

/* ---- meters (runtime/limits.c); all may be called from any thread ---- */
/* Starts the process-wide limits of sb. Called once, before any state or guest exists. */
void rt_limits_start(RtSandbox *sb);
/* Ends the process for a breached limit: flushes, kills every process this one started,
 * prints "nacre: <kind> limit exceeded (<limit>)" and exits with the limit's status. */
void rt_limits_breach(RtLimit which) __attribute__((noreturn));
/* Meters n bytes about to be written to fd (1 or 2) without stdio; past --max-output writes
 * the part still allowed and ends the process. Other descriptors are not metered. */
void rt_limits_output(int fd, const char *buf, size_t n);
/* A process (or guest thread) is about to start: 0, or -1 when --max-procs are already alive
 * (the caller fails the start with EAGAIN, as fork does at RLIMIT_NPROC). Every 0 is paired
 * with one rt_limits_proc_end when it has ended (or failed to start). */
int rt_limits_proc_begin(void);
void rt_limits_proc_end(void);
int rt_limits_timed_out(void);
/* Makes this process adopt its orphaned descendants (PR_SET_CHILD_SUBREAPER), so that
 * rt_limits_end_descendants also reaches processes that left the script's process group. */
void rt_limits_adopt_descendants(void);
/* Kills and reaps every process this one started (and, when adopting, their descendants).
 * Async-signal-safe; a breach calls it before the process exits. */
void rt_limits_end_descendants(void);
/* An error status nothing caught is about to end the run: if it is a memory error the limit
 * caused (LUA_ERRMEM, 4), ends the process as a memory breach instead. */
void rt_limits_uncaught(int status);
/* write(2) until done, retrying on EINTR; async-signal-safe. */
void rt_write_all(int fd, const char *s, size_t n);
/* The process's memory limit in bytes (0: none). */
size_t rt_policy_memory_limit(void);
/* Registers (running = 1) or forgets the process group of a run in progress: a breach that
 * ends this process kills the group first. */
void rt_policy_track_group(int pgid, int running);

#endif
