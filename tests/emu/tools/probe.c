/* A small guest used by the --root and --strace checks: each argument is a command
 * (cat:PATH, readlink:PATH, ls:PATH, cd:PATH, pwd, stat:PATH, write:PATH), and the results
 * go to stdout as plain text. Built with -mgeneral-regs-only so it needs only the integer
 * part of the CPU. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out(const char *s) { write(1, s, strlen(s)); }

static void out_num(long n) {
  char b[24], *p = b + sizeof b;
  int neg = n < 0;
  unsigned long u = neg ? -(unsigned long)n : (unsigned long)n;
  *--p = 0;
  do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
  if (neg) *--p = '-';
  out(p);
}

static void fail(const char *what, const char *path) {
  out(what); out(" "); out(path); out(": errno "); out_num(errno); out("\n");
}

int main(int argc, char **argv) {
  char buf[4096];
  for (int i = 1; i < argc; i++) {
    char *cmd = argv[i], *arg = strchr(cmd, ':');
    if (arg) *arg++ = 0; else arg = "";
    if (!strcmp(cmd, "cat")) {
      int fd = open(arg, O_RDONLY);
      if (fd < 0) { fail("cat", arg); continue; }
      long n;
      while ((n = read(fd, buf, sizeof buf)) > 0) write(1, buf, (size_t)n);
      close(fd);
    } else if (!strcmp(cmd, "readlink")) {
      long n = readlink(arg, buf, sizeof buf - 1);
      if (n < 0) { fail("readlink", arg); continue; }
      buf[n] = 0;
      out(arg); out(" -> "); out(buf); out("\n");
    } else if (!strcmp(cmd, "cd")) {
      if (chdir(arg) < 0) fail("cd", arg);
    } else if (!strcmp(cmd, "pwd")) {
      if (!getcwd(buf, sizeof buf)) { fail("pwd", ""); continue; }
      out(buf); out("\n");
    } else if (!strcmp(cmd, "stat")) {
      struct stat st;
      if (stat(arg, &st) < 0) { fail("stat", arg); continue; }
      out(arg); out(S_ISDIR(st.st_mode) ? " dir " : " file "); out_num(st.st_size); out("\n");
    } else if (!strcmp(cmd, "write")) {
      int fd = open(arg, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) { fail("write", arg); continue; }
      write(fd, "written\n", 8);
      close(fd);
    } else if (!strcmp(cmd, "ls")) {
      int fd = open(arg, O_RDONLY | O_DIRECTORY);
      if (fd < 0) { fail("ls", arg); continue; }
      long n;
      while ((n = syscall(217, fd, buf, sizeof buf)) > 0) {
        for (long off = 0; off < n;) {
          struct dirent *d = (struct dirent *)(buf + off);
          if (d->d_name[0] != '.') { out(d->d_name); out("\n"); }
          off += d->d_reclen;
        }
      }
      close(fd);
    } else {
      out("unknown command "); out(cmd); out("\n");
      return 2;
    }
  }
  return 0;
}
