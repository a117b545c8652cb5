/* `nacre guest ROOTFS [--bind HOST:GUEST[:ro]]... [--hostname NAME] [--strace] [-- CMD ...]`:
 * a full-system guest. Sets up what a container runtime would (a pid namespace whose PID 1 is
 * this process, a /dev with ptmx, pts and shm, a writable /tmp, the binds, a host name, root
 * credentials) and runs CMD, /sbin/init or /bin/sh as PID 1. docs/guest.md has the design. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/exec.h"
#include "syscall-shim/guest/owners.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/vfs/vfs.h"

#define MAX_BINDS 32

/* Host directories this guest made for itself, removed when PID 1 ends. */
static char tmp_dirs[2][SX_PATH_MAX];

static void usage(FILE *f) {
  fputs("usage: nacre guest ROOTFS [--bind HOST:GUEST[:ro]]... [--hostname NAME] [--strace]\n"
        "                   [-- CMD [ARGS...]]\n"
        "  boots the root file system ROOTFS as a guest: its own pids (CMD is PID 1; without\n"
        "  CMD /sbin/init, else /bin/sh), /proc, /dev, /tmp, host name, and root inside\n"
        "  --bind HOST:GUEST[:ro]  show host directory HOST at GUEST (:ro: read-only, EROFS)\n"
        "  --hostname NAME         the guest's host name (default: ROOTFS/etc/hostname)\n"
        "  --strace                print every system call to stderr\n",
        f);
}

static int bad(const char *fmt, const char *arg) {
  fputs("nacre guest: ", stderr);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  usage(stderr);
  return 2;
}

static const char *err_text(long e) {
  const char *t = sx_errno_text((int)-e);
  return t ? t : "error";
}

/* Only in the process that made them: every guest process returns through sx_guest_main. */
static int made_here;

static void remove_tmp_dirs(void) {
  if (host_getpid() != made_here) return;
  for (int i = 0; i < 2; i++)
    if (tmp_dirs[i][0]) {
      host_remove_tree(tmp_dirs[i]);
      tmp_dirs[i][0] = 0;
    }
}

void sx_guest_exiting(SxProc *p) {
  if (!sx_pidns_on() || p->pid != 1 || host_getpid() != sx_pidns_init_host()) return;
  /* As when a pid namespace's init ends: every other process of it is killed. */
  sx_pidns_kill_others(SIGKILL_LINUX);
  remove_tmp_dirs();
}

void sx_guest_note_cmd(SxProc *p) {
  if (!sx_pidns_on()) return;
  char buf[SX_PIDNS_CMDLINE];
  uint64_t n = p->arg_end - p->arg_start;
  if (n > sizeof buf) n = sizeof buf;
  if (sx_get(p, p->arg_start, buf, n) < 0) n = 0;
  sx_pidns_set_cmd(p->pid, p->comm, buf, (size_t)n, (uint64_t)(uintptr_t)p);
}

int sx_guest_ppid(SxProc *p) {
  return sx_pidns_on() && p->pid == 1 ? 0 : sx_pidns_guest((int)host_getppid());
}

void sx_guest_note_handlers(SxProc *p) {
  if (!sx_pidns_on() || p->pid != 1) return;
  uint64_t caught = 0;
  for (int s = 1; s <= NSIG_LINUX; s++)
    if (p->sig.act[s].handler > SIG_IGN_LINUX) caught |= 1ull << (s - 1);
  sx_pidns_set_init_caught(caught);
}

/* A canonical guest path: absolute, no ".", "..", or empty components. */
static int canonical(const char *g) {
  if (g[0] != '/' || strlen(g) >= SX_PATH_MAX) return 0;
  if (strcmp(g, "/") == 0) return 0;   /* the root itself is ROOTFS */
  for (const char *c = g; *c; ) {
    c++;
    size_t n = strcspn(c, "/");
    if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) return 0;
    c += n;
  }
  return 1;
}

static long is_dir(const char *host) {
  StatLinux st;
  long r = host_stat(host, &st, 1);
  if (r < 0) return r;
  return (st.st_mode & S_IFMT_LINUX) == S_IFDIR_LINUX ? 0 : -ENOTDIR_LINUX;
}

/* --bind HOST:GUEST[:ro] */
static int add_bind(const char *spec) {
  char buf[2 * SX_PATH_MAX + 8];
  if (strlen(spec) >= sizeof buf) return bad("--bind %s: too long", spec);
  strcpy(buf, spec);
  int ro = 0;
  size_t n = strlen(buf);
  if (n > 3 && strcmp(buf + n - 3, ":ro") == 0) { ro = 1; buf[n - 3] = 0; }
  else if (n > 3 && strcmp(buf + n - 3, ":rw") == 0) buf[n - 3] = 0;
  char *colon = strrchr(buf, ':');
  if (!colon || colon == buf || !colon[1]) return bad("--bind %s: expected HOST:GUEST[:ro]", spec);
  *colon = 0;
  const char *guest = colon + 1;
  if (!canonical(guest))
    return bad("--bind %s: GUEST must be an absolute path without '.' or '..', not /", spec);
  char *host = realpath(buf, NULL);
  long r = host ? is_dir(host) : host_err();
  if (r < 0) {
    free(host);
    fprintf(stderr, "nacre guest: --bind %s: %s: %s\n", spec, buf, err_text(r));
    return 2;
  }
  r = sx_vfs_mount_add(guest, SX_MNT_BIND, strcmp(host, "/") == 0 ? "" : host, ro);
  free(host);
  if (r < 0) {
    fprintf(stderr, "nacre guest: --bind %s: %s\n", spec,
            r == -EBUSY_LINUX ? "GUEST is already bound" : err_text(r));
    return 2;
  }
  return 0;
}

/* A private writable directory mounted at guest path `at`. */
static long private_dir(int slot, const char *prefix, const char *at) {
  made_here = (int)host_getpid();
  long r = host_make_tempdir(prefix, tmp_dirs[slot], sizeof tmp_dirs[slot]);
  if (r == 0) r = host_chmod(tmp_dirs[slot], 01777);   /* as a tmpfs at /tmp or /dev/shm */
  if (r == 0) r = sx_vfs_mount_add(at, SX_MNT_BIND, tmp_dirs[slot], 0);
  if (r < 0) fprintf(stderr, "nacre guest: %s: %s\n", at, err_text(r));
  return r;
}

/* Opens guest path `path` of root for reading as the guest would see it: walked inside the
 * root (a symlink in a hostile root cannot name a host file), checked after the open.
 * Returns a host fd or -errno. */
static long open_in_root(const char *root, const char *path) {
  SxProc *w = calloc(1, sizeof *w);
  if (!w) return -ENOMEM_LINUX;
  SxPath sp;
  long r = sx_vfs_init(w, root);
  if (r == 0) r = sx_vfs_resolve(w, AT_FDCWD_LINUX, path, SX_WALK_FOLLOW, &sp);
  if (r == 0 && (!sp.exists || sp.kind != SX_PATH_HOST)) r = -ENOENT_LINUX;
  if (r == 0) r = host_open(sp.host, O_RDONLY_LINUX | O_NOFOLLOW_LINUX, 0);
  if (r >= 0 && sx_vfs_check_fd(w, (int)r) < 0) {
    host_close((int)r);
    r = -EACCES_LINUX;
  }
  free(w);
  return r;
}

/* The first line of the root's /etc/hostname, or "localhost". */
static void default_hostname(const char *root, char *name, size_t n) {
  snprintf(name, n, "localhost");
  long fd = open_in_root(root, "/etc/hostname");
  if (fd < 0) return;
  char buf[65];
  long got = host_read((int)fd, buf, sizeof buf - 1);
  host_close((int)fd);
  if (got <= 0) return;
  buf[got] = 0;
  buf[strcspn(buf, "\r\n \t")] = 0;
  if (buf[0] && strlen(buf) < n) strcpy(name, buf);
}

/* Whether the root has an executable /sbin/init (often a symlink, resolved in the root). */
static int has_init(const char *root) {
  long fd = open_in_root(root, "/sbin/init");
  if (fd < 0) return 0;
  StatLinux st;
  int ok = host_fstat((int)fd, &st) == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFREG_LINUX &&
           (st.st_mode & 0111);
  host_close((int)fd);
  return ok;
}

/* The environment PID 1 starts with, as a container's: not the host's. */
static char **guest_env(void) {
  static char *env[8];
  static char term[256];
  int n = 0;
  env[n++] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  env[n++] = "HOME=/root";
  env[n++] = "USER=root";
  env[n++] = "LOGNAME=root";
  const char *t = getenv("TERM");
  if (t && strlen(t) < sizeof term - 6) {
    snprintf(term, sizeof term, "TERM=%s", t);
    env[n++] = term;
  }
  env[n] = NULL;
  return env;
}

int sx_guest_main(int argc, char **argv) {
  const char *rootfs = NULL, *hostname = NULL;
  const char *binds[MAX_BINDS];
  int nbinds = 0, strace = 0, i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) { i++; break; }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { usage(stdout); return 0; }
    if (strcmp(a, "--strace") == 0) { strace = 1; continue; }
    const char *val = NULL;
    int is_bind = strcmp(a, "--bind") == 0 || strncmp(a, "--bind=", 7) == 0;
    int is_host = strcmp(a, "--hostname") == 0 || strncmp(a, "--hostname=", 11) == 0;
    if (is_bind || is_host) {
      const char *eq = strchr(a, '=');
      if (eq) val = eq + 1;
      else if (i + 1 < argc) val = argv[++i];
      else return bad("option '%s' needs a value", a);
      if (is_host) hostname = val;
      else if (nbinds == MAX_BINDS) return bad("more than 32 binds (%s)", val);
      else binds[nbinds++] = val;
      continue;
    }
    if (a[0] == '-' && a[1]) return bad("unknown option '%s'", a);
    if (rootfs) break;   /* CMD without "--" */
    rootfs = a;
  }
  if (!rootfs) {
    if (i < argc) rootfs = argv[i++];
    else return bad("missing %s", "ROOTFS");
  }
  char *root = realpath(rootfs, NULL);
  long r = root ? is_dir(root) : host_err();
  if (r < 0) {
    free(root);
    fprintf(stderr, "nacre guest: %s: %s\n", rootfs, err_text(r));
    return 2;
  }
  if (strcmp(root, "/") == 0) {
    free(root);
    fputs("nacre guest: ROOTFS must not be the host's /\n", stderr);
    return 2;
  }
  char name[65];
  if (hostname) {
    size_t n = strlen(hostname);
    if (n == 0 || n > 64) return bad("--hostname %s: 1 to 64 characters", hostname);
    snprintf(name, sizeof name, "%s", hostname);
  } else default_hostname(root, name, sizeof name);

  for (int b = 0; b < nbinds; b++)
    if (add_bind(binds[b]) != 0) { free(root); return 2; }
  /* The guest's /dev: ptmx and the host's pts (terminals are host objects), a private shm;
   * null, zero, full, random, urandom, tty and the std links come from the fixed table. */
  if (!sx_vfs_mount_at("/dev/ptmx")) sx_vfs_mount_add("/dev/ptmx", SX_MNT_DEVNODE, "/dev/ptmx", 0);
  if (!sx_vfs_mount_at("/dev/pts") && is_dir("/dev/pts") == 0)
    sx_vfs_mount_add("/dev/pts", SX_MNT_BIND, "/dev/pts", 0);
  if (!sx_vfs_mount_at("/dev/shm") && private_dir(0, "nacre-shm", "/dev/shm") < 0) {
    free(root);
    return 1;
  }
  char tmp[SX_PATH_MAX + 8];
  snprintf(tmp, sizeof tmp, "%s/tmp", root);
  if (!sx_vfs_mount_at("/tmp") && (is_dir(tmp) < 0 || host_access(tmp, 2 /* W_OK */, 0) < 0) &&
      private_dir(1, "nacre-tmp", "/tmp") < 0) {
    remove_tmp_dirs();
    free(root);
    return 1;
  }

  r = sx_pidns_create(name);
  if (r == 0) r = sx_owners_create();
  if (r < 0) {
    fprintf(stderr, "nacre guest: %s\n", err_text(r));
    remove_tmp_dirs();
    free(root);
    return 1;
  }
  /* PID 1 reaps orphans: the host reparents them to this process. */
  host_set_subreaper();

  char *deflt[2] = {NULL, NULL};
  if (i >= argc) {
    deflt[0] = has_init(root) ? "/sbin/init" : "/bin/sh";
    argv = deflt;
    argc = 1;
    i = 0;
  }
  int status = sx_run("nacre guest", root, strace, argc - i, argv + i, guest_env());
  remove_tmp_dirs();   /* CMD could not start */
  free(root);
  return status;
}
