/* uv processes: spawn (asks --allow-run for the program) with args, stdio pipes, env, cwd,
 * uid/gid and detached; kill. The exit callback gets (code, signal) as in luv. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/uv/uvlib.h"

#define MAX_STDIO 16

static void on_exit_(uv_process_t *p, int64_t status, int sig) {
  lua_State *L;
  rt_limits_proc_end(); /* --max-procs counts it from spawn to here */
  L = lib_uv_pushcb((UvHandle *)p, UV_CB_MAIN);
  if (L == NULL) return;
  lua_pushinteger(L, (lua_Integer)status);
  lua_pushinteger(L, sig);
  lib_uv_call(L, 2);
}

/* A NULL-terminated array of the strings in table field `name` of the options (at index 2),
 * with `first` in front; NULL when the field is absent and there is no `first`. The array is
 * a userdata left on the stack, so an error cannot leak it; the strings stay owned by the
 * options table. */
static char **strings(lua_State *L, const char *name, const char *first) {
  char **v;
  int i, n, k = 0, type = lua_getfield(L, 2, name);
  if (type == LUA_TNIL && first == NULL) {
    lua_pop(L, 1);
    return NULL;
  }
  if (type != LUA_TNIL && type != LUA_TTABLE)
    luaL_error(L, "spawn: options.%s must be a table of strings", name);
  n = type == LUA_TTABLE ? (int)lua_rawlen(L, -1) : 0;
  v = (char **)lua_newuserdatauv(L, (size_t)(n + 2) * sizeof *v, 0);
  lua_insert(L, -2);
  if (first) v[k++] = (char *)first;
  for (i = 1; i <= n; i++) {
    if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
      luaL_error(L, "spawn: options.%s[%d] must be a string", name, i);
    v[k++] = (char *)lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  v[k] = NULL;
  lua_pop(L, 1);
  return v;
}

static void free_closed(uv_handle_t *handle) {
  free(handle);
}

static int spawn(lua_State *L) {
  const char *file = luaL_checkstring(L, 1);
  uv_process_options_t opts;
  uv_stdio_container_t stdio[MAX_STDIO];
  UvHandle *h;
  int err, ret, i;
  luaL_checktype(L, 2, LUA_TTABLE);
  lib_uv_checkcb(L, 3, 1);
  lua_settop(L, 3);
  if (rt_policy_ask(L, RT_RUN, file) != 0) return lib_uv_denied(L);
  memset(&opts, 0, sizeof opts);
  opts.file = file;
  opts.exit_cb = on_exit_;
  lua_getfield(L, 2, "cwd");
  opts.cwd = lua_tostring(L, -1);
  lua_getfield(L, 2, "uid");
  if (!lua_isnil(L, -1)) {
    opts.uid = (uv_uid_t)luaL_checkinteger(L, -1);
    opts.flags |= UV_PROCESS_SETUID;
  }
  lua_getfield(L, 2, "gid");
  if (!lua_isnil(L, -1)) {
    opts.gid = (uv_gid_t)luaL_checkinteger(L, -1);
    opts.flags |= UV_PROCESS_SETGID;
  }
  lua_pop(L, 2); /* cwd stays on the stack, anchoring the string */
  if (lib_uv_optflag(L, 2, "detached")) opts.flags |= UV_PROCESS_DETACHED;
  if (lib_uv_optflag(L, 2, "verbatim")) opts.flags |= UV_PROCESS_WINDOWS_VERBATIM_ARGUMENTS;
  if (lib_uv_optflag(L, 2, "hide")) opts.flags |= UV_PROCESS_WINDOWS_HIDE;
  lua_getfield(L, 2, "stdio");
  if (lua_istable(L, -1)) {
    int n = (int)lua_rawlen(L, -1);
    if (n > MAX_STDIO) n = MAX_STDIO;
    for (i = 0; i < n; i++) {
      lua_rawgeti(L, -1, i + 1);
      stdio[i].flags = UV_IGNORE;
      if (lua_type(L, -1) == LUA_TNUMBER) {
        if (lib_uv_checkfd(L, -1, &stdio[i].data.fd)) return 3;
        stdio[i].flags = UV_INHERIT_FD;
      } else if (!lua_isnil(L, -1)) {
        UvHandle **box = (UvHandle **)lua_touserdata(L, -1);
        UvHandle *s;
        uv_os_fd_t fd;
        int stream = 0;
        if (box && *box && lua_getmetatable(L, -1)) {
          stream = lua_getfield(L, -1, "uv_stream") == LUA_TBOOLEAN;
          lua_pop(L, 2);
        }
        if (!stream)
          return luaL_error(L, "spawn: options.stdio[%d] must be nil, a descriptor or a stream", i + 1);
        s = *box;
        stdio[i].data.stream = &s->u.stream;
        stdio[i].flags = uv_fileno(&s->u.handle, &fd) == 0
                             ? UV_INHERIT_STREAM
                             : UV_CREATE_PIPE | UV_READABLE_PIPE | UV_WRITABLE_PIPE;
      }
      lua_pop(L, 1);
    }
    opts.stdio = stdio;
    opts.stdio_count = n;
  }
  lua_pop(L, 1);
  opts.args = strings(L, "args", file);
  opts.env = strings(L, "env", NULL);
  h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  if (rt_limits_proc_begin() != 0) {
    free(h);
    return lib_uv_error(L, UV_EAGAIN);
  }
  ret = uv_spawn(&h->ctx->loop, &h->u.process, &opts);
  if (ret < 0) { /* libuv registered the handle anyway: it must be closed */
    rt_limits_proc_end();
    uv_close(&h->u.handle, free_closed);
    return lib_uv_error(L, ret);
  }
  lib_uv_adopt(L, h, "uv_process", 0);
  if (!lua_isnil(L, 3)) lib_uv_setcb(L, -1, UV_CB_MAIN, 3);
  lua_pushinteger(L, h->u.process.pid);
  return 2;
}

static int process_kill(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_process");
  return lib_uv_result(L, uv_process_kill(&h->u.process, lib_uv_signum(L, 2, SIGTERM)));
}

static int process_get_pid(lua_State *L) {
  lua_pushinteger(L, uv_process_get_pid(&lib_uv_check(L, 1, "uv_process")->u.process));
  return 1;
}

/* uv.kill(pid, sig) reaches any process: it needs --allow-run under the sandbox. */
static int kill_(lua_State *L) {
  int pid = (int)luaL_checkinteger(L, 1);
  int sig = lib_uv_signum(L, 2, SIGTERM);
  if (rt_policy_ask(L, RT_RUN, "kill") != 0) return lib_uv_denied(L);
  return lib_uv_result(L, uv_kill(pid, sig));
}

static int disable_stdio_inheritance(lua_State *L) {
  (void)L;
  uv_disable_stdio_inheritance();
  return 0;
}

static const luaL_Reg process_methods[] = {
  {"kill", process_kill},
  {"get_pid", process_get_pid},
  {NULL, NULL},
};

static const luaL_Reg funcs[] = {
  {"spawn", spawn},
  {"kill", kill_},
  {"disable_stdio_inheritance", disable_stdio_inheritance},
  {NULL, NULL},
};

void lib_uv_open_process(lua_State *L, int mod) {
  lib_uv_newclass(L, "uv_process", "uv_handle");
  lib_uv_methods(L, mod, "uv_process", "process_", process_methods);
  luaL_setfuncs(L, funcs, 0);
}
