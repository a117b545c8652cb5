/* Escapes from --root: .., symbolic links the guest makes (absolute, relative, to ..),
 * /proc/self/root, /proc/self/cwd and /proc/<pid>/cwd of a child. None reaches the secret
 * outside the root (its host directory is argv[2]). */
// flags:
// root: yes
// args: $DIR/outside
// status: 0
// stdout: no escape
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int leaks;

static void try(const char *path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) return;
  if (read(fd, buf, sizeof buf - 1) > 0 && strstr(buf, "secret")) {
    printf("escaped through %s\n", path);
    leaks++;
  }
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *out = argv[2];
  char p[4096];
  chdir("/");
  snprintf(p, sizeof p, "%s/secret.txt", out);
  try(p);
  snprintf(p, sizeof p, "../../../../../../../..%s/secret.txt", out);
  try(p);
  symlink(out, "/abs");
  try("/abs/secret.txt");
  symlink("../../../../../../../..", "/up");
  snprintf(p, sizeof p, "/up%s/secret.txt", out);
  try(p);
  snprintf(p, sizeof p, "/proc/self/root/../../..%s/secret.txt", out);
  try(p);
  snprintf(p, sizeof p, "/proc/self/cwd/../../..%s/secret.txt", out);
  try(p);
  pid_t c = fork();
  if (c == 0) { chdir("/tmp"); pause(); _exit(0); }
  usleep(200000);
  snprintf(p, sizeof p, "/proc/%d/cwd/../../../..%s/secret.txt", (int)c, out);
  try(p);
  snprintf(p, sizeof p, "/proc/%d/root/../..%s/secret.txt", (int)c, out);
  try(p);
  snprintf(p, sizeof p, "/proc/1/root%s/secret.txt", out);
  try(p);
  if (!leaks) puts("no escape");
  return 0;
}
