/* `nacre linux [--root DIR] [--strace] [--] PROGRAM [ARGS...]`: finds and loads the program,
 * then runs its first thread (syscall-shim/guest/thread.c) until the guest exits. Exit status
 * and death-by-signal pass through unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/proc.h"
#include "syscall-shim/guest/exec.h"
#include "syscall-shim/guest/limits.h"
#include "syscall-shim/vfs/vfs.h"

extern char **environ;

static SxProc *current;

SxProc *sx_current(void) { return current; }

long sx_get_path(SxProc *p, uint64_t addr, char *buf) {
  long r = sx_mem_read_str(p->mem, addr, buf, SX_PATH_MAX);
  return r < 0 ? r : 0;
}

/* The environment the guest starts with: under --sandbox only the variables --allow-env
 * grants (an array of pointers into environ; the strings are not copied). */
static char **guest_environment(void) {
  size_t n = 0, k = 0;
  while (environ[n]) n++;
  char **env = calloc(n + 1, sizeof *env);
  if (!env) return NULL;
  for (size_t i = 0; i < n; i++) {
    char name[256], msg[8];
    const char *eq = strchr(environ[i], '=');
    size_t len = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
    if (len >= sizeof name) continue;
    memcpy(name, environ[i], len);
    name[len] = 0;
    if (rt_policy_decide(&rt_sandbox, RT_ENV, name, msg, sizeof msg) == 0) env[k++] = environ[i];
  }
  return env;
}

static void usage(FILE *f) {
  fputs("usage: nacre linux [--root DIR] [--strace] [--] PROGRAM [ARGS...]\n"
        "  --root DIR   make DIR the guest's / (the guest cannot reach files outside it)\n"
        "  --strace     print every system call to stderr (also NACRE_TRACE=1)\n",
        f);
}

static const char *err_text(long e) {
  const char *t = sx_errno_text((int)-e);
  return t ? t : "error";
}

/* Finds PROGRAM like a shell: a name with a slash is a path, otherwise PATH is searched
 * inside the guest's file system. Returns 0 and fills sp, or a negative errno. */
static long find_program(SxProc *p, const char *prog, SxPath *sp) {
  if (strchr(prog, '/')) return sx_vfs_resolve(p, AT_FDCWD_LINUX, prog, SX_WALK_FOLLOW, sp);
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  long last = -ENOENT_LINUX;
  while (*path) {
    const char *colon = strchr(path, ':');
    size_t n = colon ? (size_t)(colon - path) : strlen(path);
    char cand[SX_PATH_MAX];
    if (n + 1 + strlen(prog) + 1 < sizeof cand) {
      snprintf(cand, sizeof cand, "%.*s/%s", (int)n, n ? path : ".", prog);
      long r = sx_vfs_resolve(p, AT_FDCWD_LINUX, cand, SX_WALK_FOLLOW, sp);
      if (r == 0 && sp->exists && sp->kind == SX_PATH_HOST) {
        StatLinux st;
        if (host_stat(sp->host, &st, 0) == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFREG_LINUX)
          return 0;
      }
      if (r < 0 && r != -ENOENT_LINUX && r != -ENOTDIR_LINUX) last = r;
    }
    path += n;
    if (*path == ':') path++;
  }
  return last;
}

int sx_main(int argc, char **argv) {
  const char *root = NULL;
  int strace = 0, i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) { i++; break; }
    if (strcmp(a, "--strace") == 0) { strace = 1; continue; }
    if (strcmp(a, "--root") == 0) {
      if (i + 1 >= argc) {
        fputs("nacre linux: option '--root' needs a directory\n", stderr);
        usage(stderr);
        return 2;
      }
      root = argv[++i];
      continue;
    }
    if (strncmp(a, "--root=", 7) == 0) { root = a + 7; continue; }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { usage(stdout); return 0; }
    if (a[0] == '-' && a[1]) {
      fprintf(stderr, "nacre linux: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
    break;
  }
  if (i >= argc) {
    fputs("nacre linux: missing PROGRAM\n", stderr);
    usage(stderr);
    return 2;
  }
  const char *trace_env = getenv("NACRE_TRACE");
  if (trace_env && *trace_env && strcmp(trace_env, "0") != 0) strace = 1;
  const char *prog = argv[i];

  SxProc *p = calloc(1, sizeof *p);
  SxThread *t = calloc(1, sizeof *t);
  if (!p || !t) { fputs("nacre linux: out of memory\n", stderr); return 1; }
  current = p;
  sx_thread_init(p, t);
  long lr = sx_limits_start();
  if (lr < 0) {
    fprintf(stderr, "nacre linux: cannot set up the sandbox: %s\n", err_text(lr));
    return 1;
  }
  p->strace = strace;
  p->pid = t->tid = (int)host_getpid();
  long r = sx_vfs_init(p, root);
  if (r < 0) {
    fprintf(stderr, "nacre linux: --root %s: %s\n", root ? root : "/", err_text(r));
    return 2;
  }

  SxPath sp;
  r = find_program(p, prog, &sp);
  if (r == 0 && !sp.exists) r = -ENOENT_LINUX;
  if (r == 0 && sp.kind != SX_PATH_HOST) r = -EACCES_LINUX;
  if (r < 0) {
    fprintf(stderr, "nacre linux: %s: %s\n", prog, err_text(r));
    return r == -ENOENT_LINUX || r == -ENOTDIR_LINUX ? 127 : 126;
  }
  StatLinux st;
  r = host_stat(sp.host, &st, 0);
  if (r == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFDIR_LINUX) r = -EISDIR_LINUX;
  if (r < 0) {
    fprintf(stderr, "nacre linux: %s: %s\n", prog, err_text(r));
    return 126;
  }
  char why[256];
  char **env = guest_environment();
  if (!env) { fputs("nacre linux: out of memory\n", stderr); return 1; }
  r = sx_exec(p, &sp, prog, argc - i, argv + i, env, why, sizeof why);
  free(env);
  if (r < 0) {
    fprintf(stderr, "nacre linux: %s: %s\n", prog, why);
    return r == -ENOENT_LINUX ? 127 : 126;
  }
  long old = host_umask(022);
  host_umask((int)old);
  p->umask = (uint32_t)old;
  sx_fd_init(p);
  sx_signal_init(p);
  return sx_thread_run_main(t);
}
