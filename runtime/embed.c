/* The embedding API of include/nacre.h: a C program creates a state under a sandbox policy
 * using the same flags as the command line, so one vocabulary describes a policy everywhere,
 * and names the nacre executable that sandbox.run starts for its children. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lualib.h"
#include "nacre.h"
#include "runtime/sandbox.h"

static int limits_started;

LUA_API lua_State *nacre_newstate(const char *const *flags, char *err, size_t errlen) {
  RtSandbox *sb = malloc(sizeof *sb);
  lua_State *L;
  if (sb == NULL) {
    if (errlen) snprintf(err, errlen, "nacre: not enough memory");
    return NULL;
  }
  rt_sandbox_init(sb);
  for (; flags && *flags; flags++) {
    int r = rt_sandbox_flag(sb, *flags, err, errlen);
    if (r == 0 && errlen) snprintf(err, errlen, "nacre: unknown sandbox flag '%s'", *flags);
    if (r != 1) {
      free(sb); /* grant lists of a rejected policy are not worth tracking */
      return NULL;
    }
  }
  if (!limits_started &&
      (sb->max_memory || sb->timeout_ms || sb->max_output || sb->max_files)) {
    limits_started = 1;
    rt_limits_start(sb);
  }
  L = luaL_newstate();
  if (L == NULL) {
    if (errlen) snprintf(err, errlen, "nacre: cannot create state: not enough memory");
    free(sb);
    return NULL;
  }
  luaL_openlibs(L);
  rt_sandbox_attach(L, sb); /* the policy lives as long as the process: states may share it */
  return L;
}

/* Where `make install` puts the nacre executable (the Makefile defines it from BINDIR). */
#ifndef RT_DEFAULT_PROGRAM
#define RT_DEFAULT_PROGRAM "/usr/local/bin/nacre"
#endif

int rt_program_is_self;
static char *program; /* from nacre_setprogram, or NULL */

LUA_API int nacre_setprogram(const char *path) {
  char *copy = NULL;
  if (path != NULL && (copy = strdup(path)) == NULL) return -1;
  free(program);
  program = copy;
  return 0;
}

int rt_sandbox_program(char *buf, size_t size) {
  if (program != NULL) {
    snprintf(buf, size, "%s", program);
  } else if (rt_program_is_self) {
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) {
      snprintf(buf, size, "/proc/self/exe");
      return -1;
    }
    buf[n] = '\0';
  } else {
    snprintf(buf, size, "%s", RT_DEFAULT_PROGRAM);
  }
  return access(buf, X_OK) == 0 ? 0 : -1;
}
