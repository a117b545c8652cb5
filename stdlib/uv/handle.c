/* uv handles in general (close, ref, is_active, ...) and the simple ones: timer, idle,
 * prepare, check and signal (async is in uv/thread.c). Every handle is anchored from the registry until its close
 * callback has run, so an active handle never disappears under libuv. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/uv/uvlib.h"

/* ------------------------------------------------------------------------------------------
 * Every handle.
 */
void lib_uv_closed(uv_handle_t *handle) {
  UvHandle *h = (UvHandle *)handle;
  lua_State *L = lib_uv_pushcb(h, UV_CB_CLOSE);
  if (L) lib_uv_call(L, 0);
  L = h->ctx->L;
  if (h->ref != LUA_NOREF) {
    lib_uv_pushhandle(L, h); /* drop the callbacks, so they can be collected with the box */
    lua_pushnil(L);
    lua_setiuservalue(L, -2, 1);
    lua_pop(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, h->ref);
    h->ref = LUA_NOREF;
    h->ctx->handles--;
  }
  if (h->orphan) lib_uv_free(h);
}

static int h_close(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_handle");
  if (uv_is_closing(&h->u.handle)) return luaL_error(L, "handle %p is already closing", (void *)h);
  if (lib_uv_checkcb(L, 2, 1)) lib_uv_setcb(L, 1, UV_CB_CLOSE, 2);
  if (h->port) lib_uv_port_close(h);  /* other threads stop sending first */
  uv_close(&h->u.handle, lib_uv_closed);
  return 0;
}

static int h_is_active(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_handle");
  lua_pushboolean(L, uv_is_active(&h->u.handle));
  return 1;
}

static int h_is_closing(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_handle");
  lua_pushboolean(L, uv_is_closing(&h->u.handle));
  return 1;
}

static int h_ref(lua_State *L) {
  uv_ref(&lib_uv_check(L, 1, "uv_handle")->u.handle);
  return 0;
}

static int h_unref(lua_State *L) {
  uv_unref(&lib_uv_check(L, 1, "uv_handle")->u.handle);
  return 0;
}

static int h_has_ref(lua_State *L) {
  lua_pushboolean(L, uv_has_ref(&lib_uv_check(L, 1, "uv_handle")->u.handle));
  return 1;
}

static int buffer_size(lua_State *L, int (*f)(uv_handle_t *, int *)) {
  UvHandle *h = lib_uv_check(L, 1, "uv_handle");
  int value = (int)luaL_optinteger(L, 2, 0);
  int ret = f(&h->u.handle, &value);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushinteger(L, lua_isnoneornil(L, 2) ? value : 0);
  return 1;
}

static int h_send_buffer_size(lua_State *L) {
  return buffer_size(L, uv_send_buffer_size);
}

static int h_recv_buffer_size(lua_State *L) {
  return buffer_size(L, uv_recv_buffer_size);
}

static int h_fileno(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_handle");
  uv_os_fd_t fd;
  int ret = uv_fileno(&h->u.handle, &fd);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushinteger(L, fd);
  return 1;
}

static int h_get_type(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_handle");
  uv_handle_type t = uv_handle_get_type(&h->u.handle);
  lua_pushstring(L, uv_handle_type_name(t));
  lua_pushinteger(L, t);
  return 2;
}

static const luaL_Reg handle_methods[] = {
  {"close", h_close},
  {"is_active", h_is_active},
  {"is_closing", h_is_closing},
  {"ref", h_ref},
  {"unref", h_unref},
  {"has_ref", h_has_ref},
  {"send_buffer_size", h_send_buffer_size},
  {"recv_buffer_size", h_recv_buffer_size},
  {"fileno", h_fileno},
  {NULL, NULL},
};

static const luaL_Reg handle_typed_methods[] = { /* uv.handle_get_type */
  {"get_type", h_get_type},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * timer
 */
static void on_timer(uv_timer_t *t) {
  lua_State *L = lib_uv_pushcb((UvHandle *)t, UV_CB_MAIN);
  if (L) lib_uv_call(L, 0);
}

static int new_timer(lua_State *L) {
  int err;
  UvHandle *h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_timer", uv_timer_init(&h->ctx->loop, &h->u.timer));
}

static int timer_start(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_timer");
  lua_Integer timeout = luaL_checkinteger(L, 2);
  lua_Integer repeat = luaL_checkinteger(L, 3);
  int ret;
  lib_uv_checkcb(L, 4, 0);
  luaL_argcheck(L, timeout >= 0, 2, "must not be negative");
  luaL_argcheck(L, repeat >= 0, 3, "must not be negative");
  lib_uv_setcb(L, 1, UV_CB_MAIN, 4);
  ret = uv_timer_start(&h->u.timer, on_timer, (uint64_t)timeout, (uint64_t)repeat);
  return lib_uv_result(L, ret);
}

static int timer_stop(lua_State *L) {
  return lib_uv_result(L, uv_timer_stop(&lib_uv_check(L, 1, "uv_timer")->u.timer));
}

static int timer_again(lua_State *L) {
  return lib_uv_result(L, uv_timer_again(&lib_uv_check(L, 1, "uv_timer")->u.timer));
}

static int timer_set_repeat(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_timer");
  lua_Integer repeat = luaL_checkinteger(L, 2);
  luaL_argcheck(L, repeat >= 0, 2, "must not be negative");
  uv_timer_set_repeat(&h->u.timer, (uint64_t)repeat);
  return 0;
}

static int timer_get_repeat(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_timer_get_repeat(&lib_uv_check(L, 1, "uv_timer")->u.timer));
  return 1;
}

static int timer_get_due_in(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_timer_get_due_in(&lib_uv_check(L, 1, "uv_timer")->u.timer));
  return 1;
}

static const luaL_Reg timer_methods[] = {
  {"start", timer_start},
  {"stop", timer_stop},
  {"again", timer_again},
  {"set_repeat", timer_set_repeat},
  {"get_repeat", timer_get_repeat},
  {"get_due_in", timer_get_due_in},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * idle, prepare, check: the same shape, one definition each.
 */
#define LOOP_WATCHER(kind)                                                                    \
  static void on_##kind(uv_##kind##_t *w) {                                                   \
    lua_State *L = lib_uv_pushcb((UvHandle *)w, UV_CB_MAIN);                                  \
    if (L) lib_uv_call(L, 0);                                                                 \
  }                                                                                           \
  static int new_##kind(lua_State *L) {                                                       \
    int err;                                                                                  \
    UvHandle *h = lib_uv_alloc(L, &err);                                                      \
    if (h == NULL) return lib_uv_error(L, err);                                               \
    return lib_uv_adopt(L, h, "uv_" #kind, uv_##kind##_init(&h->ctx->loop, &h->u.kind));      \
  }                                                                                           \
  static int kind##_start(lua_State *L) {                                                     \
    UvHandle *h = lib_uv_check(L, 1, "uv_" #kind);                                            \
    lib_uv_checkcb(L, 2, 0);                                                                  \
    lib_uv_setcb(L, 1, UV_CB_MAIN, 2);                                                        \
    return lib_uv_result(L, uv_##kind##_start(&h->u.kind, on_##kind));                        \
  }                                                                                           \
  static int kind##_stop(lua_State *L) {                                                      \
    return lib_uv_result(L, uv_##kind##_stop(&lib_uv_check(L, 1, "uv_" #kind)->u.kind));      \
  }                                                                                           \
  static const luaL_Reg kind##_methods[] = {                                                  \
    {"start", kind##_start},                                                                  \
    {"stop", kind##_stop},                                                                    \
    {NULL, NULL},                                                                             \
  };

LOOP_WATCHER(idle)
LOOP_WATCHER(prepare)
LOOP_WATCHER(check)

/* ------------------------------------------------------------------------------------------
 * signal
 */
static const struct {
  const char *name;
  int num;
} signals[] = {
  {"sighup", SIGHUP},     {"sigint", SIGINT},       {"sigquit", SIGQUIT},   {"sigill", SIGILL},
  {"sigtrap", SIGTRAP},   {"sigabrt", SIGABRT},     {"sigbus", SIGBUS},     {"sigfpe", SIGFPE},
  {"sigkill", SIGKILL},   {"sigusr1", SIGUSR1},     {"sigsegv", SIGSEGV},   {"sigusr2", SIGUSR2},
  {"sigpipe", SIGPIPE},   {"sigalrm", SIGALRM},     {"sigterm", SIGTERM},   {"sigchld", SIGCHLD},
  {"sigcont", SIGCONT},   {"sigstop", SIGSTOP},     {"sigtstp", SIGTSTP},   {"sigttin", SIGTTIN},
  {"sigttou", SIGTTOU},   {"sigurg", SIGURG},       {"sigxcpu", SIGXCPU},   {"sigxfsz", SIGXFSZ},
  {"sigvtalrm", SIGVTALRM}, {"sigprof", SIGPROF},   {"sigwinch", SIGWINCH}, {"sigio", SIGIO},
  {"sigpwr", SIGPWR},     {"sigsys", SIGSYS},
};

int lib_uv_signum(lua_State *L, int idx, int dflt) {
  size_t i;
  const char *name;
  if (lua_isnoneornil(L, idx)) return dflt;
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)luaL_checkinteger(L, idx);
  name = luaL_checkstring(L, idx);
  for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
    if (strcasecmp(name, signals[i].name) == 0) return signals[i].num;
  return luaL_argerror(L, idx, "Invalid Signal name");
}

void lib_uv_pushsigname(lua_State *L, int sig) {
  size_t i;
  for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
    if (signals[i].num == sig) {
      lua_pushstring(L, signals[i].name);
      return;
    }
  lua_pushinteger(L, sig);
}

static void on_signal(uv_signal_t *s, int sig) {
  lua_State *L = lib_uv_pushcb((UvHandle *)s, UV_CB_MAIN);
  if (L == NULL) return;
  lib_uv_pushsigname(L, sig);
  lib_uv_call(L, 1);
}

static int new_signal(lua_State *L) {
  int err;
  UvHandle *h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_signal", uv_signal_init(&h->ctx->loop, &h->u.signal));
}

static int signal_start_(lua_State *L, int oneshot) {
  UvHandle *h = lib_uv_check(L, 1, "uv_signal");
  int sig = lib_uv_signum(L, 2, 0);
  int ret;
  if (sig == SIGALRM && h->ctx->alarm_taken) { /* a uv handler would disarm the time limit */
    lua_pushliteral(L, "sigalrm: permission denied by the sandbox (it carries --timeout)");
    return lib_uv_denied(L);
  }
  if (lib_uv_checkcb(L, 3, 1)) lib_uv_setcb(L, 1, UV_CB_MAIN, 3);
  ret = oneshot ? uv_signal_start_oneshot(&h->u.signal, on_signal, sig)
                : uv_signal_start(&h->u.signal, on_signal, sig);
  return lib_uv_result(L, ret);
}

static int signal_start(lua_State *L) {
  return signal_start_(L, 0);
}

static int signal_start_oneshot(lua_State *L) {
  return signal_start_(L, 1);
}

static int signal_stop(lua_State *L) {
  return lib_uv_result(L, uv_signal_stop(&lib_uv_check(L, 1, "uv_signal")->u.signal));
}

static const luaL_Reg signal_methods[] = {
  {"start", signal_start},
  {"start_oneshot", signal_start_oneshot},
  {"stop", signal_stop},
  {NULL, NULL},
};

static const luaL_Reg funcs[] = {
  {"new_timer", new_timer},
  {"new_idle", new_idle},
  {"new_prepare", new_prepare},
  {"new_check", new_check},
  {"new_signal", new_signal},
  {NULL, NULL},
};

void lib_uv_open_handle(lua_State *L, int mod) {
  lib_uv_newclass(L, "uv_handle", NULL);
  lib_uv_methods(L, mod, "uv_handle", "", handle_methods);
  lib_uv_methods(L, mod, "uv_handle", "handle_", handle_typed_methods);
  lib_uv_newclass(L, "uv_timer", "uv_handle");
  lib_uv_methods(L, mod, "uv_timer", "timer_", timer_methods);
  lib_uv_newclass(L, "uv_idle", "uv_handle");
  lib_uv_methods(L, mod, "uv_idle", "idle_", idle_methods);
  lib_uv_newclass(L, "uv_prepare", "uv_handle");
  lib_uv_methods(L, mod, "uv_prepare", "prepare_", prepare_methods);
  lib_uv_newclass(L, "uv_check", "uv_handle");
  lib_uv_methods(L, mod, "uv_check", "check_", check_methods);
  lib_uv_newclass(L, "uv_signal", "uv_handle");
  lib_uv_methods(L, mod, "uv_signal", "signal_", signal_methods);
  luaL_setfuncs(L, funcs, 0);
}
