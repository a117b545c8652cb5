/* Program images: replacing a guest process's address space with a new program, for the
 * initial program and for execve. "#!" scripts run their interpreter (inside the guest file
 * system) like Linux's binfmt_script. The old image survives any failure before the switch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/exec.h"
#include "syscall-shim/guest/limits.h"
#include "syscall-shim/loader/loader.h"

/* Linux stops after this many nested interpreters (BINPRM_MAX_RECURSION). */
#define MAX_INTERP_DEPTH 4

#define WHY(...) snprintf(why, whylen, __VA_ARGS__)

static long exec_depth(SxProc *p, const SxPath *sp, const char *execfn, int argc,
                       char *const *argv, char *const *envp, char *why, size_t whylen,
                       int depth);

/* Parses "#!interp [arg]" and re-executes with argv = interp [arg] path argv[1..]. */
static long exec_script(SxProc *p, const char *head, long n, const SxPath *sp, const char *execfn,
                        int argc, char *const *argv, char *const *envp, char *why,
                        size_t whylen, int depth) {
  char line[256];
  long len = 0;
  for (long i = 2; i < n && head[i] != '\n' && len < (long)sizeof line - 1; i++) line[len++] = head[i];
  line[len] = 0;
  char *s = line;
  while (*s == ' ' || *s == '\t') s++;
  char *interp = s;
  while (*s && *s != ' ' && *s != '\t') s++;
  char *arg = NULL;
  if (*s) {
    *s++ = 0;
    while (*s == ' ' || *s == '\t') s++;
    size_t al = strlen(s);
    while (al && (s[al - 1] == ' ' || s[al - 1] == '\t' || s[al - 1] == '\r')) s[--al] = 0;
    if (*s) arg = s;
  }
  if (!*interp) { WHY("bad interpreter line"); return -ENOEXEC_LINUX; }
  if (depth >= MAX_INTERP_DEPTH) { WHY("too many levels of interpreters"); return -ELOOP_LINUX; }
  SxPath isp;
  long r = sx_vfs_resolve(p, AT_FDCWD_LINUX, interp, SX_WALK_FOLLOW, &isp);
  if (r == 0 && (!isp.exists || isp.kind != SX_PATH_HOST)) r = -ENOENT_LINUX;
  if (r < 0) {
    WHY("%s: bad interpreter: %s", interp, sx_errno_text((int)-r));
    return r;
  }
  int nargc = 0;
  char **nargv = calloc((size_t)argc + 4, sizeof *nargv);
  if (!nargv) { WHY("out of memory"); return -ENOMEM_LINUX; }
  nargv[nargc++] = interp;
  if (arg) nargv[nargc++] = arg;
  nargv[nargc++] = (char *)execfn;
  for (int i = 1; i < argc; i++) nargv[nargc++] = argv[i];
  nargv[nargc] = NULL;
  (void)sp;
  r = exec_depth(p, &isp, execfn, nargc, nargv, envp, why, whylen, depth + 1);
  free(nargv);
  return r;
}

/* Opens a program file for loading: a regular file, executable (unless it is a dynamic
 * loader, which Linux maps without checking x), inside the root. Returns a host fd. */
static long open_program(SxProc *p, const char *host, int need_x, char *why, size_t whylen) {
  StatLinux st;
  long r = host_stat(host, &st, 0);
  if (r < 0) { WHY("%s", sx_errno_text((int)-r)); return r; }
  if ((st.st_mode & S_IFMT_LINUX) != S_IFREG_LINUX) { WHY("Permission denied"); return -EACCES_LINUX; }
  if (need_x) {
    r = host_access(host, X_OK_LINUX, 1);
    if (r < 0) { WHY("%s", sx_errno_text((int)-r)); return r; }
  }
  long fd = host_open(host, O_RDONLY_LINUX | O_NOFOLLOW_LINUX, 0);
  if (fd < 0) { WHY("%s", sx_errno_text((int)-fd)); return fd; }
  if (sx_vfs_check_fd(p, (int)fd) < 0) {
    host_close((int)fd);
    WHY("Permission denied");
    return -EACCES_LINUX;
  }
  /* Linux will not run a file that is open for writing. */
  if (need_x && host_file_being_written((int)fd)) {
    host_close((int)fd);
    WHY("Text file busy");
    return -ETXTBSY_LINUX;
  }
  return fd;
}

/* Maps the PT_INTERP loader named in img from the guest's own file system (its root, as
 * qemu-user's -L does), so a dynamic program gets the libraries of the tree it runs in. */
static long load_interp(SxProc *p, SxMem *mem, SxImage *img, char *why, size_t whylen) {
  SxPath isp;
  long r = sx_vfs_resolve(p, AT_FDCWD_LINUX, img->interp, SX_WALK_FOLLOW, &isp);
  if (r == 0 && (!isp.exists || isp.kind != SX_PATH_HOST)) r = -ENOENT_LINUX;
  if (r < 0) {
    WHY("program interpreter %s: %s", img->interp, sx_errno_text((int)-r));
    return r;
  }
  char sub[200];
  long fd = open_program(p, isp.host, 0, sub, sizeof sub);
  if (fd < 0) { WHY("program interpreter %s: %s", img->interp, sub); return fd; }
  r = sx_load_interp(mem, (int)fd, img, sub, sizeof sub);
  host_close((int)fd);
  if (r < 0) WHY("program interpreter %s: %s", img->interp, sub);
  return r;
}

static long exec_depth(SxProc *p, const SxPath *sp, const char *execfn, int argc,
                       char *const *argv, char *const *envp, char *why, size_t whylen,
                       int depth) {
  long fd = open_program(p, sp->host, 1, why, whylen);
  if (fd < 0) return fd;
  long r;
  char head[256];
  long n = host_pread((int)fd, head, sizeof head, 0);
  if (n >= 2 && head[0] == '#' && head[1] == '!') {
    host_close((int)fd);
    return exec_script(p, head, n, sp, execfn, argc, argv, envp, why, whylen, depth);
  }
  SxMem *mem = sx_mem_new();
  if (!mem) { host_close((int)fd); WHY("out of memory"); return -ENOMEM_LINUX; }
  StatLinux st;
  if (host_fstat((int)fd, &st) < 0) st.st_dev = st.st_ino = 0;
  SxImage img;
  img.interp[0] = 0;
  img.interp_base = 0;
  r = sx_load_elf(mem, (int)fd, 0, &img, why, whylen);
  host_close((int)fd);
  if (r == 0 && img.interp[0]) r = load_interp(p, mem, &img, why, whylen);
  if (r < 0) { sx_mem_free(mem); return r; }
  uint64_t sp0 = sx_build_stack(mem, &img, argc, argv, envp, execfn);
  if (!sp0) { sx_mem_free(mem); WHY("Argument list too long"); return -E2BIG_LINUX; }

  /* Point of no return: the other threads end, then the old image goes. */
  sx_thread_end_others(p, sx_self());
  SxCpu *c = &sx_self()->cpu;
  if (p->mem) {
    sx_cpu_destroy(c);
    sx_mem_free(p->mem);
  }
  p->mem = mem;
  sx_cpu_init(c, mem);
  c->fuel = sx_limits_fuel_start();
  c->rip = img.start;
  c->r[SX_RSP] = sp0;
  c->r[SX_RDX] = 0;   /* no atexit hook: the kernel passes none (ld.so passes its own) */
  p->brk_start = p->brk = p->brk_mapped = img.brk;
  snprintf(p->exe_guest, sizeof p->exe_guest, "%s", sp->guest);
  sx_limits_set_exe(p, st.st_dev, st.st_ino);
  p->arg_start = img.arg_start;
  p->arg_end = img.arg_end;
  p->env_start = img.env_start;
  p->env_end = img.env_end;
  p->auxv_start = img.auxv_start;
  p->auxv_end = img.auxv_end;
  const char *base = strrchr(execfn, '/');
  snprintf(p->comm, sizeof p->comm, "%s", base ? base + 1 : execfn);
  sx_guest_note_cmd(p);
  return 0;
}

long sx_exec(SxProc *p, const SxPath *sp, const char *execfn, int argc, char *const *argv,
             char *const *envp, char *why, size_t whylen) {
  /* An empty argv becomes {""}, as Linux does since 5.18, so argv[0] always exists. */
  static char *const empty[] = {"", NULL};
  if (argc == 0) {
    argc = 1;
    argv = empty;
  }
  return exec_depth(p, sp, execfn, argc, argv, envp, why, whylen, 0);
}
