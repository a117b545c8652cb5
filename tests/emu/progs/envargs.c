/* argv, the environment and the exit status pass through unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=<%s>\n", i, argv[i]);
  for (char **e = environ; *e; e++)
    if (strncmp(*e, "NACRE_T_", 8) == 0) printf("env %s\n", *e);
  printf("getenv=%s\n", getenv("NACRE_T_ONE") ? getenv("NACRE_T_ONE") : "(null)");
  setenv("NACRE_T_NEW", "set", 1);
  printf("after setenv=%s\n", getenv("NACRE_T_NEW"));
  fprintf(stderr, "to stderr\n");
  return argc > 3 ? 42 : 0;
}
