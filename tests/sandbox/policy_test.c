/* Unit tests of the policy layer without Lua (runtime/policy.h), as the syscall shim calls it:
 * the one-step path calls against a tree with links pointing out, and the process meter. Linked against libnacre.a; prints PASS/FAIL lines.
 * usage: policy_test TREE   (TREE: an empty directory to build the tree in) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/policy.h"

static int failures;

static void check(int ok, const char *name, const char *why) {
  if (ok) {
    printf("PASS policy_%s\n", name);
  } else {
    printf("FAIL policy_%s: %s\n", name, why);
    failures++;
  }
}

static char tree[1024];

static const char *at(const char *rel) {
  static char buf[4][2048];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tree, rel);
  return buf[k];
}

static void make_tree(void) {
  FILE *f;
  mkdir(at("grant"), 0755);
  mkdir(at("grant/sub"), 0755);
  mkdir(at("outside"), 0755);
  f = fopen(at("outside/secret"), "w");
  fputs("secret\n", f);
  fclose(f);
  f = fopen(at("grant/ok"), "w");
  fputs("public\n", f);
  fclose(f);
  symlink(at("outside"), at("grant/out-link"));
  symlink("../outside/secret", at("grant/rel-link"));
  symlink(at("outside/new"), at("grant/dangling"));
  symlink(at("grant/ok"), at("outside/in-link"));
}

static void paths(void) {
  RtSandbox sb;
  char err[256], msg[RT_POLICY_MSGMAX], flag[1200], name[4096];
  int fd, r;
  rt_sandbox_init(&sb);
  snprintf(flag, sizeof flag, "--allow-read=%s", at("grant"));
  rt_sandbox_flag(&sb, flag, err, sizeof err);
  snprintf(flag, sizeof flag, "--allow-write=%s", at("grant"));
  rt_sandbox_flag(&sb, flag, err, sizeof err);

  fd = rt_path_open(&sb, at("grant/ok"), O_RDONLY, 0, msg, sizeof msg);
  check(fd >= 0 && msg[0] == '\0', "open_granted", "a granted file did not open");
  if (fd >= 0) close(fd);
  fd = rt_path_open(&sb, at("grant/out-link/secret"), O_RDONLY, 0, msg, sizeof msg);
  check(fd == -EACCES && strstr(msg, "--allow-read") != NULL, "open_through_dir_link",
        "a link to a directory outside was followed");
  fd = rt_path_open(&sb, at("grant/rel-link"), O_RDONLY, 0, msg, sizeof msg);
  check(fd == -EACCES, "open_final_link", "a final link outside was followed");
  fd = rt_path_open(&sb, at("grant/dangling"), O_WRONLY | O_CREAT, 0644, msg, sizeof msg);
  check(fd == -EACCES && access(at("outside/new"), F_OK) != 0 &&
            strstr(msg, "--allow-write") != NULL,
        "create_through_dangling_link", "a dangling link let a write create its target");
  fd = rt_path_open(&sb, at("outside/in-link"), O_RDONLY, 0, msg, sizeof msg);
  check(fd >= 0, "open_link_pointing_in", "a link outside pointing in was refused");
  if (fd >= 0) close(fd);
  fd = rt_path_open(&sb, at("grant/sub/../../outside/secret"), O_RDONLY, 0, msg, sizeof msg);
  check(fd == -EACCES, "open_dotdot", "'..' left the grant");
  fd = rt_path_open(&sb, "/proc/self/root/etc/passwd", O_RDONLY, 0, msg, sizeof msg);
  check(fd == -EACCES, "open_proc_root", "/proc/self/root was followed");
  fd = rt_path_open(&sb, at("grant/missing"), O_RDONLY, 0, msg, sizeof msg);
  check(fd == -ENOENT && msg[0] == '\0', "open_missing_inside", "not the host's ENOENT");
  fd = rt_path_open(&sb, at("outside/missing"), O_RDONLY, 0, msg, sizeof msg);
  check(fd == -EACCES && msg[0] != '\0', "open_missing_outside",
        "a missing file outside was told apart from a denied one");

  r = rt_path_remove(&sb, at("outside/in-link"), RT_REMOVE_ANY, msg, sizeof msg);
  check(r == -EACCES && access(at("grant/ok"), F_OK) == 0, "remove_link_outside",
        "a link outside was removed");
  r = rt_path_remove(&sb, at("grant/rel-link"), RT_REMOVE_FILE, msg, sizeof msg);
  check(r == 0 && access(at("outside/secret"), F_OK) == 0, "remove_link_inside",
        "the link inside was not removed, or its target was");
  r = rt_path_rename(&sb, at("outside/secret"), at("grant/stolen"), msg, sizeof msg);
  check(r == -EACCES && access(at("outside/secret"), F_OK) == 0, "rename_from_outside",
        "a file was renamed out of the outside");
  r = rt_path_rename(&sb, at("grant/ok"), at("grant/sub/ok2"), msg, sizeof msg);
  check(r == 0 && access(at("grant/sub/ok2"), F_OK) == 0, "rename_inside", "no rename");
  r = rt_path_mkdir(&sb, at("grant/out-link/made"), 0755, msg, sizeof msg);
  check(r == -EACCES && access(at("outside/made"), F_OK) != 0, "mkdir_through_link",
        "a directory was made outside");
  r = rt_path_symlink(&sb, "/", at("grant/out-link/made"), msg, sizeof msg);
  check(r == -EACCES && access(at("outside/made"), F_OK) != 0, "symlink_through_link",
        "a link was made outside");
  r = rt_path_link(&sb, at("outside/secret"), at("grant/hard"), msg, sizeof msg);
  check(r == -EACCES && strstr(msg, "--allow-read") != NULL, "link_from_outside",
        "a file outside was linked into the grant");
  r = rt_path_mkdir(&sb, at("grant/sub/made"), 0755, msg, sizeof msg);
  check(r == 0 && rt_path_symlink(&sb, "made", at("grant/sub/l"), msg, sizeof msg) == 0 &&
            rt_path_link(&sb, at("grant/sub/ok2"), at("grant/sub/h"), msg, sizeof msg) == 0,
        "new_entries_inside", "mkdir, symlink or link inside the grant failed");
  {
    RtAttr a = {.what = RT_ATTR_MODE, .mode = 0600};
    struct stat st;
    r = rt_path_setattr(&sb, at("grant/out-link/secret"), 1, &a, msg, sizeof msg);
    check(r == -EACCES && stat(at("outside/secret"), &st) == 0 && (st.st_mode & 0777) != 0600,
          "chmod_through_link", "a mode outside was changed");
    r = rt_path_setattr(&sb, at("grant/sub/ok2"), 1, &a, msg, sizeof msg);
    check(r == 0 && stat(at("grant/sub/ok2"), &st) == 0 && (st.st_mode & 0777) == 0600,
          "chmod_inside", "the mode inside was not changed");
  }
  fd = rt_path_mkstemp(&sb, at("grant/sub"), "t_", name, sizeof name, msg, sizeof msg);
  check(fd >= 0 && strncmp(name, at("grant/sub/t_"), strlen(at("grant/sub/t_"))) == 0,
        "mkstemp_inside", "no temporary file in the granted directory");
  if (fd >= 0) close(fd);
  fd = rt_path_mkstemp(&sb, at("outside"), "t_", name, sizeof name, msg, sizeof msg);
  check(fd == -EACCES, "mkstemp_outside", "a temporary file was made outside");
  r = rt_path_resolve(at("grant/out-link/../grant/./sub"), name, sizeof name);
  check(r == 0 && strcmp(name, at("grant/sub")) == 0, "resolve",
        "links and '..' not resolved as the kernel does");
  check(rt_policy_decide(&sb, RT_NET, "example.org:80", msg, sizeof msg) == EACCES &&
            strstr(msg, "--allow-net") != NULL,
        "decide_net", "the network was not denied");
}

/* The process meter (--max-procs). */
static void meters(void) {
  char err[256];
  rt_sandbox_init(&rt_sandbox);
  rt_sandbox_flag(&rt_sandbox, "--max-procs=2", err, sizeof err);
  rt_limits_start(&rt_sandbox);
  check(rt_limits_proc_begin() == 0 && rt_limits_proc_begin() == 0 && rt_limits_proc_begin() == -1,
        "procs_limit", "a third process was allowed under --max-procs=2");
  rt_limits_proc_end();
  check(rt_limits_proc_begin() == 0, "procs_end", "an ended process still counted");
}

int main(int argc, char **argv) {
  if (argc != 2 || strlen(argv[1]) > 900) {
    fputs("usage: policy_test TREE\n", stderr);
    return 2;
  }
  snprintf(tree, sizeof tree, "%s", argv[1]);
  make_tree();
  paths();
  meters();
  return failures ? 1 : 0;
}
