/* uv watchers: poll (readiness of a descriptor), fs_event (inotify) and fs_poll (stat
 * polling). Watching a path asks --allow-read. */
#include <string.h>

#include "stdlib/uv/uvlib.h"

/* ------------------------------------------------------------------------------------------
 * poll
 */
static const char *const poll_events[] = {"r", "w", "rw", "d", "rd", "wd", "rwd", "p", "rp",
                                          "wp", "rwp", "dp", "rdp", "wdp", "rwdp", NULL};

static int new_poll_(lua_State *L, int socket) {
  int fd, err, ret;
  UvHandle *h;
  if (lib_uv_checkfd(L, 1, &fd)) return 3;
  h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  ret = socket ? uv_poll_init_socket(&h->ctx->loop, &h->u.poll, fd)
               : uv_poll_init(&h->ctx->loop, &h->u.poll, fd);
  return lib_uv_adopt(L, h, "uv_poll", ret);
}

static int new_poll(lua_State *L) {
  return new_poll_(L, 0);
}

static int new_socket_poll(lua_State *L) {
  return new_poll_(L, 1);
}

static void on_poll(uv_poll_t *p, int status, int events) {
  lua_State *L = lib_uv_pushcb((UvHandle *)p, UV_CB_MAIN);
  int bits = (events & UV_READABLE ? 1 : 0) | (events & UV_WRITABLE ? 2 : 0) |
             (events & UV_DISCONNECT ? 4 : 0) | (events & UV_PRIORITIZED ? 8 : 0);
  if (L == NULL) return;
  if (status < 0) lua_pushstring(L, uv_err_name(status));
  else lua_pushnil(L);
  if (bits) lua_pushstring(L, poll_events[bits - 1]);
  else lua_pushnil(L);
  lib_uv_call(L, 2);
}

static int poll_start(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_poll");
  int bits = luaL_checkoption(L, 2, "rw", poll_events) + 1;
  int events = (bits & 1 ? UV_READABLE : 0) | (bits & 2 ? UV_WRITABLE : 0) |
               (bits & 4 ? UV_DISCONNECT : 0) | (bits & 8 ? UV_PRIORITIZED : 0);
  lib_uv_checkcb(L, 3, 0);
  lib_uv_setcb(L, 1, UV_CB_MAIN, 3);
  return lib_uv_result(L, uv_poll_start(&h->u.poll, events, on_poll));
}

static int poll_stop(lua_State *L) {
  return lib_uv_result(L, uv_poll_stop(&lib_uv_check(L, 1, "uv_poll")->u.poll));
}

static const luaL_Reg poll_methods[] = {
  {"start", poll_start},
  {"stop", poll_stop},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * fs_event
 */
static int new_fs_event(lua_State *L) {
  int err;
  UvHandle *h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_fs_event", uv_fs_event_init(&h->ctx->loop, &h->u.fs_event));
}

static void on_fs_event(uv_fs_event_t *e, const char *filename, int events, int status) {
  lua_State *L = lib_uv_pushcb((UvHandle *)e, UV_CB_MAIN);
  if (L == NULL) return;
  if (status < 0) lua_pushstring(L, uv_err_name(status));
  else lua_pushnil(L);
  lua_pushstring(L, filename);
  lua_createtable(L, 0, 2);
  if (events & UV_CHANGE) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "change");
  }
  if (events & UV_RENAME) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "rename");
  }
  lib_uv_call(L, 3);
}

static int fs_event_start(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_fs_event");
  const char *path = luaL_checkstring(L, 2);
  unsigned flags = (lib_uv_optflag(L, 3, "watch_entry") ? UV_FS_EVENT_WATCH_ENTRY : 0) |
                   (lib_uv_optflag(L, 3, "stat") ? UV_FS_EVENT_STAT : 0) |
                   (lib_uv_optflag(L, 3, "recursive") ? UV_FS_EVENT_RECURSIVE : 0);
  lib_uv_checkcb(L, 4, 0);
  if (rt_policy_ask(L, RT_READ, path) != 0) return lib_uv_denied(L);
  lib_uv_setcb(L, 1, UV_CB_MAIN, 4);
  return lib_uv_result(L, uv_fs_event_start(&h->u.fs_event, on_fs_event, path, flags));
}

static int fs_event_stop(lua_State *L) {
  return lib_uv_result(L, uv_fs_event_stop(&lib_uv_check(L, 1, "uv_fs_event")->u.fs_event));
}

static int path_result(lua_State *L, int ret, const char *buf, size_t len) {
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushlstring(L, buf, len);
  return 1;
}

static int fs_event_getpath(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_fs_event");
  char buf[4096];
  size_t len = sizeof buf;
  int ret = uv_fs_event_getpath(&h->u.fs_event, buf, &len);
  return path_result(L, ret, buf, len);
}

static const luaL_Reg fs_event_methods[] = {
  {"start", fs_event_start},
  {"stop", fs_event_stop},
  {"getpath", fs_event_getpath},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * fs_poll
 */
static int new_fs_poll(lua_State *L) {
  int err;
  UvHandle *h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_fs_poll", uv_fs_poll_init(&h->ctx->loop, &h->u.fs_poll));
}

static void on_fs_poll(uv_fs_poll_t *p, int status, const uv_stat_t *prev, const uv_stat_t *curr) {
  lua_State *L = lib_uv_pushcb((UvHandle *)p, UV_CB_MAIN);
  if (L == NULL) return;
  if (status < 0) lua_pushstring(L, uv_err_name(status));
  else lua_pushnil(L);
  lib_uv_pushstat(L, prev); /* zeroed on an error, and passed anyway as luv does */
  lib_uv_pushstat(L, curr);
  lib_uv_call(L, 3);
}

static int fs_poll_start(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_fs_poll");
  const char *path = luaL_checkstring(L, 2);
  unsigned interval = (unsigned)luaL_checkinteger(L, 3);
  lib_uv_checkcb(L, 4, 0);
  if (rt_policy_ask(L, RT_READ, path) != 0) return lib_uv_denied(L);
  lib_uv_setcb(L, 1, UV_CB_MAIN, 4);
  return lib_uv_result(L, uv_fs_poll_start(&h->u.fs_poll, on_fs_poll, path, interval));
}

static int fs_poll_stop(lua_State *L) {
  return lib_uv_result(L, uv_fs_poll_stop(&lib_uv_check(L, 1, "uv_fs_poll")->u.fs_poll));
}

static int fs_poll_getpath(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_fs_poll");
  char buf[4096];
  size_t len = sizeof buf;
  int ret = uv_fs_poll_getpath(&h->u.fs_poll, buf, &len);
  return path_result(L, ret, buf, len);
}

static const luaL_Reg fs_poll_methods[] = {
  {"start", fs_poll_start},
  {"stop", fs_poll_stop},
  {"getpath", fs_poll_getpath},
  {NULL, NULL},
};

static const luaL_Reg funcs[] = {
  {"new_poll", new_poll},
  {"new_socket_poll", new_socket_poll},
  {"new_fs_event", new_fs_event},
  {"new_fs_poll", new_fs_poll},
  {NULL, NULL},
};

void lib_uv_open_watch(lua_State *L, int mod) {
  lib_uv_newclass(L, "uv_poll", "uv_handle");
  lib_uv_methods(L, mod, "uv_poll", "poll_", poll_methods);
  lib_uv_newclass(L, "uv_fs_event", "uv_handle");
  lib_uv_methods(L, mod, "uv_fs_event", "fs_event_", fs_event_methods);
  lib_uv_newclass(L, "uv_fs_poll", "uv_handle");
  lib_uv_methods(L, mod, "uv_fs_poll", "fs_poll_", fs_poll_methods);
  luaL_setfuncs(L, funcs, 0);
}
