/* The sandbox as scripts meet it: thin Lua-facing wrappers over the policy (runtime/policy.c
 * decides, runtime/limits.c meters), and the curated environment a sandboxed script sees. A
 * denial becomes the message on the Lua stack; the libraries return it as (nil, msg, errno)
 * or raise it. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lualib.h"
#include "runtime/sandbox.h"
#include "vm/core.h"

/* ------------------------------------------------------------------------------------------
 * The policy's answers, as the libraries need them.
 */
RtSandbox *rt_sandbox_of(lua_State *L) {
  return G(L)->sandbox;
}

int rt_policy_ask(lua_State *L, RtAccess what, const char *arg) {
  char msg[RT_POLICY_MSGMAX];
  if (rt_policy_decide(G(L)->sandbox, what, arg, msg, sizeof msg) == 0) return 0;
  lua_pushstring(L, msg);
  return -1;
}

/* A one-step path call's result r (a message in msg when the policy refused). */
static int path_result(lua_State *L, int r, const char *msg) {
  if (r >= 0) return r;
  errno = -r;
  if (msg[0] == '\0') return -1;
  lua_pushstring(L, msg);
  return RT_DENIED;
}

int rt_sandbox_open(lua_State *L, const char *path, int flags, mode_t mode) {
  char msg[RT_POLICY_MSGMAX];
  return path_result(L, rt_path_open(G(L)->sandbox, path, flags, mode, msg, sizeof msg), msg);
}

static FILE *stream(int fd, const char *mode) {
  FILE *f = fdopen(fd, mode);
  if (f == NULL) {
    int e = errno;
    close(fd);
    errno = e;
  }
  return f;
}

FILE *rt_sandbox_fopen(lua_State *L, const char *path, const char *mode, int *denied) {
  int plus = strchr(mode, '+') != NULL, flags, fd;
  switch (mode[0]) {
    case 'r': flags = plus ? O_RDWR : O_RDONLY; break;
    case 'w': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
    default: flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
  }
  fd = rt_sandbox_open(L, path, flags, 0666);
  *denied = fd == RT_DENIED;
  return fd < 0 ? NULL : stream(fd, mode);
}

FILE *rt_sandbox_tmpfile(lua_State *L, int *denied) {
  RtSandbox *sb = G(L)->sandbox;
  char name[PATH_MAX], msg[RT_POLICY_MSGMAX];
  int fd;
  *denied = 0;
  if (sb == NULL || !sb->sandboxed || sb->write.all) return tmpfile();
  fd = path_result(L, rt_path_mkstemp(sb, NULL, "lua_", name, sizeof name, msg, sizeof msg), msg);
  if (fd < 0) {
    *denied = fd == RT_DENIED;
    return NULL;
  }
  rt_path_remove(sb, name, RT_REMOVE_FILE, msg, sizeof msg);
  return stream(fd, "w+");
}

int rt_sandbox_remove(lua_State *L, const char *path, int kind) {
  char msg[RT_POLICY_MSGMAX];
  return path_result(L, rt_path_remove(G(L)->sandbox, path, kind, msg, sizeof msg), msg);
}

int rt_sandbox_rename(lua_State *L, const char *from, const char *to) {
  char msg[RT_POLICY_MSGMAX];
  return path_result(L, rt_path_rename(G(L)->sandbox, from, to, msg, sizeof msg), msg);
}

long rt_policy_max_files(lua_State *L) {
  RtSandbox *sb = G(L)->sandbox;
  return sb ? sb->max_files : 0;
}

int rt_policy_fd(lua_State *L, int fd) {
  RtSandbox *sb = G(L)->sandbox;
  if (sb == NULL || sb->result_fd < 0 || fd != sb->result_fd) return 0;
  lua_pushfstring(L, "descriptor %d: permission denied by the sandbox (it carries sandbox.run's outcome)", fd);
  return -1;
}

void rt_policy_output(lua_State *L, int fd, const char *buf, size_t n) {
  (void)L;
  rt_limits_output(fd, buf, n);
}

void rt_policy_uncaught(int status) {
  rt_limits_uncaught(status);
}

int rt_sandbox_proc_begin(lua_State *L, const char *what) {
  RtSandbox *sb = G(L)->sandbox;
  if (rt_limits_proc_begin() == 0) return 0;
  lua_pushfstring(L, "%s: process limit reached (--max-procs=%s)", what, sb ? sb->procs_text : "?");
  errno = EAGAIN;
  return -1;
}

/* ------------------------------------------------------------------------------------------
 * The curated environment.
 */
static int sandboxed_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") != 0)
    return luaL_error(L, "collectgarbage('%s') denied by the sandbox (only 'count' is allowed)",
                      opt);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushstring(L, "count");
  lua_call(L, 1, 1);
  return 1;
}

static void freeze(lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TTABLE) ((Table *)lua_topointer(L, idx))->guards |= TAB_READONLY;
}

static void harden(lua_State *L) {
  /* package stays writable: scripts set package.path, and every file require opens is
   * checked by the policy anyway. */
  static const char *const libs[] = {"string", "table", "math", "utf8", "io", "os",
                                     "coroutine", "debug", NULL};
  int i;
  lua_pushglobaltable(L);
  /* debug: traceback only */
  lua_getfield(L, -1, "debug");
  lua_newtable(L);
  if (lua_istable(L, -2)) {
    lua_getfield(L, -2, "traceback");
    lua_setfield(L, -2, "traceback");
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -4, "debug");
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "debug");
  lua_pop(L, 3);
  /* collectgarbage: "count" only */
  lua_getfield(L, -1, "collectgarbage");
  lua_pushcclosure(L, sandboxed_collectgarbage, 1);
  lua_setfield(L, -2, "collectgarbage");
  /* string.dump: removed */
  lua_getfield(L, -1, "string");
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
  }
  lua_pop(L, 1);
  /* library tables and the string metatable become read-only */
  for (i = 0; libs[i]; i++) {
    lua_getfield(L, -1, libs[i]);
    freeze(L, -1);
    lua_pop(L, 1);
  }
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    freeze(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

static void fuel_exhausted(lua_State *L);

void rt_sandbox_attach(lua_State *L, RtSandbox *sb) {
  GlobalState *g = G(L);
  g->sandbox = sb;
  g->fuel = sb->fuel > 0 ? sb->fuel : INT64_MAX;
  g->fuelout = fuel_exhausted;
  rt_limits_watch(L);
  if (sb->sandboxed) harden(L);
}

/* The counter went negative: the budget is spent, or the timer forced a check. */
static void fuel_exhausted(lua_State *L) {
  GlobalState *g = G(L);
  if (rt_limits_timed_out()) rt_limits_breach(RT_LIMIT_TIME);
  if (g->sandbox && g->sandbox->fuel > 0) {
    g->fuel = -1; /* stays spent: every later charge lands here again */
    rt_limits_breach(RT_LIMIT_FUEL);
  }
  g->fuel = INT64_MAX;
}

/* ------------------------------------------------------------------------------------------
 * States on other OS threads. Under a fuel limit they share one budget: the fuel no state has
 * drawn yet sits in a pool, and each state's counter is a chunk taken from it, so the limit
 * ends the process at most a chunk per running state early and never late.
 */
#define FUEL_CHUNK 10000

static _Atomic int64_t fuel_pool;

int64_t rt_sandbox_fuel_pool(void) {
  return fuel_pool;
}

/* Takes up to a chunk from the pool; 0 when it is empty. */
static int64_t fuel_draw(void) {
  int64_t left = fuel_pool, take;
  do {
    if (left <= 0) return 0;
    take = left < FUEL_CHUNK ? left : FUEL_CHUNK;
  } while (!atomic_compare_exchange_weak(&fuel_pool, &left, left - take));
  return take;
}

static void fuel_from_pool(lua_State *L) {
  GlobalState *g = G(L);
  if (rt_limits_timed_out()) rt_limits_breach(RT_LIMIT_TIME);
  while (g->fuel < 0) {          /* the charge that went past the counter is paid too */
    int64_t take = fuel_draw();
    if (take == 0) {
      g->fuel = -1;
      rt_limits_breach(RT_LIMIT_FUEL);
    }
    g->fuel += take;
  }
}

RtSandbox *rt_policy_share(lua_State *parent) {
  GlobalState *g = G(parent);
  if (g->sandbox != NULL && g->sandbox->fuel > 0 && g->fuelout == fuel_exhausted) {
    fuel_pool += g->fuel > 0 ? g->fuel : 0;
    g->fuel = 0;
    g->fuelout = fuel_from_pool;
    fuel_from_pool(parent);
  }
  return g->sandbox;
}

lua_State *rt_policy_newstate(RtSandbox *sb) {
  lua_State *L = luaL_newstate();
  GlobalState *g;
  if (L == NULL) return NULL;
  luaL_openlibs(L);
  if (sb == NULL) return L;
  g = G(L);
  g->sandbox = sb;
  if (sb->fuel > 0) {
    g->fuel = 0;
    g->fuelout = fuel_from_pool;
  } else {
    g->fuel = INT64_MAX;
    g->fuelout = fuel_exhausted;
  }
  if (sb->sandboxed) harden(L);
  return L;
}

void rt_policy_closestate(lua_State *L) {
  GlobalState *g = G(L);
  lua_close(L);                  /* its finalizers still draw what they spend */
  if (g->fuelout == fuel_from_pool && g->fuel > 0) fuel_pool += g->fuel;
}
