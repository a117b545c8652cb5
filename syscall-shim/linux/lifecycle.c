/* Process lifecycle syscalls: clone of a thread (syscall-shim/guest/thread.c), fork, vfork
 * and fork-like clone (a host fork of the whole nacre process, so the host copies guest
 * memory and shares its MAP_SHARED pages), execve, and wait4. */
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/exec.h"
#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

#define CLONE_VM_LINUX 0x100u
#define CLONE_FS_LINUX 0x200u
#define CLONE_FILES_LINUX 0x400u
#define CLONE_SIGHAND_LINUX 0x800u
#define CLONE_VFORK_LINUX 0x4000u
#define CLONE_THREAD_LINUX 0x10000u
#define CLONE_SETTLS_LINUX 0x80000u
#define CLONE_PARENT_SETTID_LINUX 0x100000u
#define CLONE_CHILD_CLEARTID_LINUX 0x200000u
#define CLONE_CHILD_SETTID_LINUX 0x1000000u
/* Namespaces, pidfds, ptrace and friends: all refused. */
#define CLONE_UNSUPPORTED_LINUX 0xfe023000u
/* What pthread_create passes (musl adds the obsolete CLONE_DETACHED, 0x400000, ignored). */
#define CLONE_AS_THREAD (CLONE_VM_LINUX | CLONE_FS_LINUX | CLONE_FILES_LINUX | \
                         CLONE_SIGHAND_LINUX | CLONE_THREAD_LINUX)

typedef struct { SxProc *p; long slot; } ForkArg; /* slot: sx_limits_fork_reserve's */
/* The guest pid reserved for the child being forked (nacre guest; 0 otherwise). Only the
 * thread holding the run lock forks, so one variable serves. */
static int fork_pid;

/* The child's thread table, fresh identity and empty pending sets, set before host signals
 * reach it; then its place among the guest's processes. */
static void reset_child(void *arg) {
  ForkArg *fa = arg;
  SxProc *p = fa->p;
  SxThread *t = sx_self();
  sx_thread_after_fork(p, t);
  p->guest_parent = p->pid;
  int host = (int)host_getpid();
  if (fork_pid) sx_pidns_bind(fork_pid, host);
  p->pid = t->tid = fork_pid ? fork_pid : host;
  p->nchildren = 0;
  p->sig.pending = 0;
  p->sig.host_pending = 0;
  t->sig.pending = 0;
  sx_limits_fork_child(fa->slot, p);
}

static long do_fork(SxProc *p, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                    uint64_t tls) {
  if (flags & CLONE_UNSUPPORTED_LINUX) return -EINVAL_LINUX;
  /* Linux's own consistency rules: a thread shares handlers, shared handlers share memory. */
  if ((flags & CLONE_THREAD_LINUX) && !(flags & CLONE_SIGHAND_LINUX)) return -EINVAL_LINUX;
  if ((flags & CLONE_SIGHAND_LINUX) && !(flags & CLONE_VM_LINUX)) return -EINVAL_LINUX;
  if ((flags & CLONE_AS_THREAD) == CLONE_AS_THREAD && !(flags & CLONE_VFORK_LINUX))
    return sx_thread_clone(sx_self(), flags, newsp, ptid, ctid, tls);
  /* Partial sharing (a process sharing files or memory but not a thread group) has no
   * host counterpart here. */
  if (flags & (CLONE_THREAD_LINUX | CLONE_SIGHAND_LINUX | CLONE_FILES_LINUX | CLONE_FS_LINUX))
    return -ENOSYS_LINUX;
  /* CLONE_VM without CLONE_VFORK is a thread; with it (posix_spawn) the child only runs until
   * execve or _exit, so a copy of the memory behaves the same. */
  if ((flags & CLONE_VM_LINUX) && !(flags & CLONE_VFORK_LINUX)) return -ENOSYS_LINUX;
  if (p->nchildren == p->children_cap) { /* room first: a child must never go unrecorded */
    int cap = p->children_cap ? p->children_cap * 2 : 64;
    int *c = realloc(p->children, (size_t)cap * sizeof *c);
    if (!c) return -EAGAIN_LINUX;
    p->children = c;
    p->children_cap = cap;
  }
  ForkArg fa = {p, sx_limits_fork_reserve()};   /* EAGAIN past --max-procs */
  if (fa.slot < 0) return fa.slot;
  fork_pid = sx_pidns_reserve(0);
  if (fork_pid < 0) {
    sx_limits_fork_parent(fa.slot, -1);
    return fork_pid;
  }
  /* Nothing else runs meanwhile (we hold the run lock), but a thread inside a blocking call
   * may hold the memory table's lock: take it so the child's copy is consistent. */
  sx_mem_fork_begin(p->mem);
  long pid = host_fork(reset_child, &fa);
  sx_mem_fork_end(p->mem);
  if (pid != 0) sx_limits_fork_parent(fa.slot, pid);
  if (pid < 0) {
    sx_pidns_release(fork_pid);
    return pid;
  }
  if (pid > 0 && fork_pid) {
    sx_pidns_bind(fork_pid, (int)pid);
    pid = fork_pid;
  }
  p->forked = 1;
  if (pid == 0) {
    SxThread *t = sx_self();
    sx_guest_note_cmd(p);
    if (newsp) t->cpu.r[SX_RSP] = newsp;
    if (flags & CLONE_SETTLS_LINUX) t->cpu.fs_base = tls;
    int32_t me = p->pid;
    if (flags & CLONE_CHILD_SETTID_LINUX) sx_put(p, ctid, &me, 4);
    if (flags & CLONE_PARENT_SETTID_LINUX) sx_put(p, ptid, &me, 4);
    if (flags & CLONE_CHILD_CLEARTID_LINUX) t->clear_child_tid = ctid;
    return 0;
  }
  p->children[p->nchildren++] = (int)pid;
  int32_t child = (int32_t)pid;
  if (flags & CLONE_PARENT_SETTID_LINUX) sx_put(p, ptid, &child, 4);
  return pid;
}

long sx_sys_fork(SxProc *p, const uint64_t *a) { (void)a; return do_fork(p, 17, 0, 0, 0, 0); }
long sx_sys_vfork(SxProc *p, const uint64_t *a) {
  (void)a;
  return do_fork(p, CLONE_VM_LINUX | CLONE_VFORK_LINUX | 17, 0, 0, 0, 0);
}
long sx_sys_clone(SxProc *p, const uint64_t *a) {
  /* x86-64 argument order: flags, newsp, parent_tid, child_tid, tls */
  return do_fork(p, a[0], a[1], a[2], a[3], a[4]);
}

/* clone3: clone's arguments in a struct (struct clone_args, 64 bytes in its first version;
 * larger versions must be zero past the fields known here). CLONE_PIDFD, set_tid, cgroups and
 * the flags above bit 31 are EINVAL (unsupported); everything else is clone. */
long sx_sys_clone3(SxProc *p, const uint64_t *a) {
  enum { FLAGS, PIDFD, CHILD_TID, PARENT_TID, EXIT_SIGNAL, STACK, STACK_SIZE, TLS, SET_TID,
         SET_TID_SIZE, CGROUP, NARGS };
  uint64_t args[NARGS] = {0}, size = a[1];
  if (size < 64) return -EINVAL_LINUX;
  if (size > 4096) return -E2BIG_LINUX;
  if (sx_get(p, a[0], args, size < sizeof args ? size : sizeof args) < 0) return -EFAULT_LINUX;
  for (uint64_t off = sizeof args; off < size; off++) {
    uint8_t b;
    if (sx_get(p, a[0] + off, &b, 1) < 0) return -EFAULT_LINUX;
    if (b) return -E2BIG_LINUX;
  }
  uint64_t flags = args[FLAGS], sig = args[EXIT_SIGNAL];
  if ((flags >> 32) || (flags & 0xff) || sig > NSIG_LINUX || args[SET_TID] ||
      args[SET_TID_SIZE] || args[CGROUP])
    return -EINVAL_LINUX;
  if ((flags & CLONE_THREAD_LINUX) && sig) return -EINVAL_LINUX;
  if (!args[STACK] != !args[STACK_SIZE]) return -EINVAL_LINUX;
  uint64_t sp = args[STACK] ? args[STACK] + args[STACK_SIZE] : 0;
  return do_fork(p, flags | sig, sp, args[PARENT_TID], args[CHILD_TID], args[TLS]);
}

static void forget_child(SxProc *p, int pid) {
  for (int i = 0; i < p->nchildren; i++)
    if (p->children[i] == pid) {
      p->children[i] = p->children[--p->nchildren];
      return;
    }
}

/* A wait's pid argument in host terms: a guest pid, or a guest process group as -pgid. A
 * pid unknown to the guest's namespace matches no child (INT_MAX is no host pid). */
static int to_host(int pid) {
  if (pid == -1 || pid == 0 || !sx_pidns_on()) return pid;
  int h = sx_pidns_host(pid < 0 ? -pid : pid);
  if (!h) h = 0x7fffffff;
  return pid < 0 ? -h : h;
}

/* The host reaped child `host`: forget it, free its guest pid, return that pid. */
static int reaped(SxProc *p, int host) {
  int pid = sx_pidns_guest(host);
  forget_child(p, pid);
  sx_pidns_release(pid);
  return pid;
}

long sx_sys_wait4(SxProc *p, const uint64_t *a) {
  int pid = ARG_INT(0), options = ARG_INT(2), status = 0;
  if (options & ~(1 | 2 | 8 | 0x20000000 | 0x40000000 | (int)0x80000000u)) return -EINVAL_LINUX;
  long r = host_waitpid(to_host(pid), &status, options);
  if (r <= 0) return r;
  if ((status & 0x7f) != 0x7f && status != 0xffff) { /* ended, not stopped or continued */
    sx_limits_reaped((int)r);
    r = reaped(p, (int)r);
  } else {
    r = sx_pidns_guest((int)r);
  }
  int32_t st = status;
  if (a[1] && sx_put(p, a[1], &st, 4) < 0) return -EFAULT_LINUX;
  if (a[3]) {
    RusageLinux ru;
    if (host_getrusage(RUSAGE_CHILDREN_LINUX, &ru) < 0) memset(&ru, 0, sizeof ru);
    if (sx_put(p, a[3], &ru, sizeof ru) < 0) return -EFAULT_LINUX;
  }
  return r;
}

/* waitid: the child's state in a SIGCHLD siginfo (CLD_* code, pid, uid, status). */
long sx_sys_waitid(SxProc *p, const uint64_t *a) {
  int type = ARG_INT(0), options = ARG_INT(3);
  if (options & ~(1 | 2 | 4 | 8 | 0x01000000 | 0x20000000 | 0x40000000 | (int)0x80000000u))
    return -EINVAL_LINUX;
  if (!(options & (2 | 4 | 8))) return -EINVAL_LINUX;
  HostChildInfo ci;
  int id = ARG_INT(1);
  if ((type == 1 || type == 2) && id > 0) id = to_host(id);
  long r = host_waitid(type, id, options, &ci);
  if (r < 0) return r;
  if (ci.pid > 0 && !(options & 0x01000000) && (ci.code == 1 || ci.code == 2 || ci.code == 3)) {
    sx_limits_reaped(ci.pid);
    ci.pid = reaped(p, ci.pid);
  } else {
    ci.pid = sx_pidns_guest(ci.pid);
  }
  if (a[2]) {
    SiginfoLinux si;
    memset(&si, 0, sizeof si);
    if (ci.pid > 0) {
      si.si_signo = SIGCHLD_LINUX;
      si.si_code = ci.code;
      int32_t f[3] = {ci.pid, (int32_t)ci.uid, ci.status};
      memcpy(si.u.raw, f, sizeof f);
    }
    if (sx_put(p, a[2], &si, sizeof si) < 0) return -EFAULT_LINUX;
  }
  if (a[4]) {
    RusageLinux ru;
    if (host_getrusage(RUSAGE_CHILDREN_LINUX, &ru) < 0) memset(&ru, 0, sizeof ru);
    if (sx_put(p, a[4], &ru, sizeof ru) < 0) return -EFAULT_LINUX;
  }
  return 0;
}

/* Reads a NULL-terminated guest array of strings; Linux's limits: MAX_ARG_STRLEN per string
 * and (here) 2 MiB in all. Returns the count, or -errno. */
#define MAX_ARG_STRLEN (32u * 4096u)
#define MAX_ARG_TOTAL (2u << 20)
static long read_strings(SxProc *p, uint64_t arr, char ***out, size_t *total) {
  size_t cap = 16, n = 0;
  char **v = calloc(cap, sizeof *v);
  if (!v) return -ENOMEM_LINUX;
  char *tmp = malloc(MAX_ARG_STRLEN);
  if (!tmp) { free(v); return -ENOMEM_LINUX; }
  long err = 0;
  for (; arr; n++) {
    uint64_t ptr;
    if (sx_get(p, arr + n * 8, &ptr, 8) < 0) { err = -EFAULT_LINUX; break; }
    if (!ptr) break;
    long len = sx_mem_read_str(p->mem, ptr, tmp, MAX_ARG_STRLEN);
    if (len < 0) { err = len == -ENAMETOOLONG_LINUX ? -E2BIG_LINUX : len; break; }
    *total += (size_t)len + 1 + 8;
    if (*total > MAX_ARG_TOTAL) { err = -E2BIG_LINUX; break; }
    if (n + 2 > cap) {
      char **nv = realloc(v, (cap *= 2) * sizeof *v);
      if (!nv) { err = -ENOMEM_LINUX; break; }
      v = nv;
    }
    v[n] = strdup(tmp);
    if (!v[n]) { err = -ENOMEM_LINUX; break; }
  }
  free(tmp);
  v[n] = NULL;
  *out = v;
  return err < 0 ? err : (long)n;
}

static void free_strings(char **v) {
  if (!v) return;
  for (char **s = v; *s; s++) free(*s);
  free(v);
}

long sx_sys_execve(SxProc *p, const uint64_t *a) {
  char path[SX_PATH_MAX], why[256];
  char **argv = NULL, **envp = NULL;
  size_t total = 0;
  long r = sx_get_path(p, a[0], path);
  if (r < 0) return r;
  long argc = read_strings(p, a[1], &argv, &total);
  if (argc < 0) { free_strings(argv); return argc; }
  r = read_strings(p, a[2], &envp, &total);
  if (r < 0) goto done;
  SxPath sp;
  r = sx_vfs_resolve(p, AT_FDCWD_LINUX, path, SX_WALK_FOLLOW, &sp);
  if (r == 0 && !sp.exists) r = -ENOENT_LINUX;
  if (r == 0 && sp.kind != SX_PATH_HOST) r = -EACCES_LINUX;
  if (r == 0) r = sx_fs_granted(&sp, RT_READ);
  if (r < 0) goto done;
  r = sx_exec(p, &sp, path, (int)argc, argv, envp, why, sizeof why);
  if (r < 0) goto done;
  /* The new image: close-on-exec descriptors go, caught signals revert to default
   * (ignored ones stay ignored), the alternate stack is dropped. */
  for (int fd = 0; fd < SX_MAX_FDS; fd++)
    if (p->fds[fd].used && p->fds[fd].cloexec) sx_fd_close(p, fd);
  for (int s = 1; s <= NSIG_LINUX; s++) {
    if (p->sig.act[s].handler > SIG_IGN_LINUX) {
      memset(&p->sig.act[s], 0, sizeof p->sig.act[s]);
      sx_signal_sync_host(p, s);
    }
  }
  sx_guest_note_handlers(p);
  SxThread *t = sx_self();
  memset(&t->sig.altstack, 0, sizeof t->sig.altstack);
  t->sig.altstack.ss_flags = SS_DISABLE_LINUX;
  t->clear_child_tid = 0;
  t->robust_list = 0;
  t->no_result = 1;
done:
  free_strings(argv);
  free_strings(envp);
  return r;
}
