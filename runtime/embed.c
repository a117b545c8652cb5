/* The embedding API of include/nacre.h: a C program creates a state under a sandbox policy
 * using the same flags as the command line, so one vocabulary describes a policy everywhere. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

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
