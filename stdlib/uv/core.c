/* The `uv` module's core: the per-state loop context, handle and request records and their
 * Lua boxes, callbacks, luv-style error triples, the loop functions (run, stop, walk, ...),
 * and luaopen_uv, which assembles the module from the other files of stdlib/uv. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/uv/uvlib.h"

#define CTX_KEY "nacre.uv.ctx"
#define MODULE_KEY "nacre.uv.module"
#define REQ_CLASS "uv_req"

UvCtx *lib_uv_ctx(lua_State *L) {
  UvCtx *ctx;
  lua_getfield(L, LUA_REGISTRYINDEX, CTX_KEY);
  ctx = (UvCtx *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (ctx == NULL) luaL_error(L, "uv: the module is not open in this state");
  if (ctx->broken) luaL_error(L, "uv: the event loop could not be restarted after loop_close");
  return ctx;
}

/* ------------------------------------------------------------------------------------------
 * Results.
 */
int lib_uv_error(lua_State *L, int err) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", uv_err_name(err), uv_strerror(err));
  lua_pushstring(L, uv_err_name(err));
  return 3;
}

int lib_uv_result(lua_State *L, int ret) {
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushinteger(L, ret);
  return 1;
}

int lib_uv_denied(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", uv_err_name(UV_EACCES), msg ? msg : "denied");
  lua_pushstring(L, uv_err_name(UV_EACCES));
  return 3;
}

/* ------------------------------------------------------------------------------------------
 * Classes: one metatable per handle type. A metatable records its class and its ancestors as
 * fields, so a stream method accepts tcp, pipe and tty handles.
 */
static int box_tostring(lua_State *L) {
  void **box = (void **)lua_touserdata(L, 1);
  luaL_getmetafield(L, 1, "__name");
  lua_pushfstring(L, "%s_t: %p", lua_tostring(L, -1), box ? *box : NULL);
  return 1;
}

static int req_tostring(lua_State *L) {
  UvReq **box = (UvReq **)lua_touserdata(L, 1);
  const char *name = *box ? uv_req_type_name((*box)->r.req.type) : NULL;
  lua_pushfstring(L, "uv_%s_t: %p", name ? name : "req", (void *)*box);
  return 1;
}

static int handle_gc(lua_State *L) {
  UvHandle **box = (UvHandle **)lua_touserdata(L, 1);
  UvHandle *h = *box;
  if (h == NULL) return 0;
  *box = NULL;
  if (h->ref == LUA_NOREF) lib_uv_free(h); /* closed: libuv is done with it */
  else if (uv_is_closing(&h->u.handle)) h->orphan = 1;  /* the close callback frees it */
  /* else the state is closing with the handle open: libuv keeps the record */
  return 0;
}

void lib_uv_newclass(lua_State *L, const char *name, const char *parent) {
  luaL_newmetatable(L, name);
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, name);
  lua_newtable(L); /* __index */
  if (parent) {
    luaL_getmetatable(L, parent);
    lua_pushnil(L);
    while (lua_next(L, -2)) { /* inherit the ancestors' class marks */
      if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TBOOLEAN) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -6);
      } else {
        lua_pop(L, 1);
      }
    }
    lua_getfield(L, -1, "__index");
    lua_pushnil(L);
    while (lua_next(L, -2)) { /* and their methods */
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_settable(L, -6);
    }
    lua_pop(L, 2);
  }
  lua_setfield(L, -2, "__index");
  if (strcmp(name, REQ_CLASS) == 0) {
    lua_pushcfunction(L, req_tostring);
    lua_setfield(L, -2, "__tostring");
  } else {
    lua_pushcfunction(L, box_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, handle_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
}

void lib_uv_methods(lua_State *L, int mod, const char *cls, const char *prefix,
                    const luaL_Reg *fns) {
  mod = lua_absindex(L, mod);
  luaL_getmetatable(L, cls);
  lua_getfield(L, -1, "__index");
  for (; fns->name; fns++) {
    lua_pushcfunction(L, fns->func);
    lua_setfield(L, -2, fns->name);
    lua_pushfstring(L, "%s%s", prefix, fns->name);
    lua_pushcfunction(L, fns->func);
    lua_rawset(L, mod);
  }
  lua_pop(L, 2);
}

/* ------------------------------------------------------------------------------------------
 * Handles.
 */
UvHandle *lib_uv_alloc(lua_State *L, int *err) {
  UvCtx *ctx = lib_uv_ctx(L);
  UvHandle *h;
  if (ctx->max_handles > 0 && ctx->handles >= ctx->max_handles) {
    *err = UV_EMFILE;
    return NULL;
  }
  h = (UvHandle *)calloc(1, sizeof *h);
  if (h == NULL) {
    *err = UV_ENOMEM;
    return NULL;
  }
  h->ctx = ctx;
  h->ref = LUA_NOREF;
  return h;
}

int lib_uv_adopt(lua_State *L, UvHandle *h, const char *cls, int ret) {
  UvHandle **box;
  if (ret < 0) {
    free(h);
    return lib_uv_error(L, ret);
  }
  box = (UvHandle **)lua_newuserdatauv(L, sizeof *box, 1);
  *box = h;
  luaL_setmetatable(L, cls);
  lua_pushvalue(L, -1);
  h->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  h->ctx->handles++;
  return 1;
}

UvHandle *lib_uv_check(lua_State *L, int idx, const char *cls) {
  UvHandle **box = (UvHandle **)lua_touserdata(L, idx);
  int ok = 0;
  if (box && lua_getmetatable(L, idx)) {
    ok = lua_getfield(L, -1, cls) == LUA_TBOOLEAN;
    lua_pop(L, 2);
  }
  if (!ok) luaL_typeerror(L, idx, cls);
  if (*box == NULL) luaL_argerror(L, idx, "handle is gone");
  return *box;
}

void lib_uv_pushhandle(lua_State *L, UvHandle *h) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref);
}

int lib_uv_checkfd(lua_State *L, int idx, int *fd) {
  *fd = (int)luaL_checkinteger(L, idx);
  return rt_policy_fd(L, *fd) != 0 ? lib_uv_denied(L) : 0;
}

int lib_uv_iscb(lua_State *L, int idx) {
  if (lua_isfunction(L, idx)) return 1;
  if (luaL_getmetafield(L, idx, "__call") != LUA_TNIL) {
    lua_pop(L, 1);
    return 1;
  }
  return 0;
}

int lib_uv_checkcb(lua_State *L, int idx, int optional) {
  if (optional && lua_isnoneornil(L, idx)) return 0;
  if (!lib_uv_iscb(L, idx)) luaL_typeerror(L, idx, "function");
  return 1;
}

void lib_uv_setcb(lua_State *L, int box, int slot, int fidx) {
  box = lua_absindex(L, box);
  if (fidx) fidx = lua_absindex(L, fidx);
  if (lua_getiuservalue(L, box, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    if (!fidx) return;
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, box, 1);
  }
  if (fidx) lua_pushvalue(L, fidx);
  else lua_pushnil(L);
  lua_rawseti(L, -2, slot);
  lua_pop(L, 1);
}

lua_State *lib_uv_pushcb(UvHandle *h, int slot) {
  lua_State *L = h->ctx->L;
  if (h->ref == LUA_NOREF) return NULL;
  luaL_checkstack(L, 8, "uv callback");
  lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref);
  if (lua_getiuservalue(L, -1, 1) != LUA_TTABLE) {
    lua_pop(L, 2);
    return NULL;
  }
  if (lua_rawgeti(L, -1, slot) == LUA_TNIL) {
    lua_pop(L, 3);
    return NULL;
  }
  lua_replace(L, -3); /* box table cb -> cb table */
  lua_pop(L, 1);
  return L;
}

int lib_uv_traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL && !lua_isnoneornil(L, 1) && luaL_callmeta(L, 1, "__tostring") &&
      lua_type(L, -1) == LUA_TSTRING)
    msg = lua_tostring(L, -1);
  luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
  return 1;
}

void lib_uv_report(lua_State *L, int status, int fatal) {
  rt_policy_uncaught(status); /* a breach of --max-memory ends the process as such */
  fflush(stdout);
  fprintf(stderr, "%s: %s\n", status == LUA_ERRMEM ? "System Error" : "Uncaught Error",
          lua_tostring(L, -1));
  fflush(stderr);
  if (fatal) exit(255);
  lua_pop(L, 1);
}

/* As luv: an error in a callback cannot unwind through libuv, so it is reported and ends the
 * process with status 255 ("Uncaught Error: ..." and a traceback on stderr). */
void lib_uv_call(lua_State *L, int nargs) {
  int base = lua_gettop(L) - nargs;
  int status;
  lua_pushcfunction(L, lib_uv_traceback);
  lua_insert(L, base);
  status = lua_pcall(L, nargs, 0, base);
  if (status != LUA_OK) lib_uv_report(L, status, 1);
  lua_pop(L, 1);
}

/* ------------------------------------------------------------------------------------------
 * Requests.
 */
UvReq *lib_uv_newreq(lua_State *L, int cbidx) {
  UvReq **box;
  UvReq *r = (UvReq *)calloc(1, sizeof *r);
  if (r == NULL) luaL_error(L, "not enough memory");
  r->ctx = lib_uv_ctx(L);
  r->cb = LUA_NOREF;
  r->anchor = LUA_NOREF;
  if (cbidx) {
    lua_pushvalue(L, cbidx);
    r->cb = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  box = (UvReq **)lua_newuserdatauv(L, sizeof *box, 0);
  *box = r;
  luaL_setmetatable(L, REQ_CLASS);
  lua_pushvalue(L, -1);
  r->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  r->r.req.data = r;
  return r;
}

void lib_uv_anchor(lua_State *L, UvReq *r, int idx) {
  lua_pushvalue(L, idx);
  r->anchor = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Drops what the request anchored and frees it; its box is at the top of L's stack. */
static void release(lua_State *L, UvReq *r) {
  *(UvReq **)lua_touserdata(L, -1) = NULL;
  lua_pop(L, 1);
  luaL_unref(L, LUA_REGISTRYINDEX, r->ref);
  luaL_unref(L, LUA_REGISTRYINDEX, r->cb);
  luaL_unref(L, LUA_REGISTRYINDEX, r->anchor);
  free(r->buf);
  free(r->bufs);
  free(r);
}

int lib_uv_reqfail(lua_State *L, UvReq *r, int ret) {
  release(L, r);
  return lib_uv_error(L, ret);
}

lua_State *lib_uv_reqcb(UvReq *r) {
  lua_State *L = r->ctx->L;
  if (r->cb == LUA_NOREF) return NULL;
  luaL_checkstack(L, 8, "uv callback");
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->cb);
  return L;
}

void lib_uv_freereq(UvReq *r) {
  lua_State *L = r->ctx->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref);
  release(L, r);
}

void lib_uv_reqstatus(uv_req_t *req, int status) {
  UvReq *r = (UvReq *)req;
  lua_State *L = lib_uv_reqcb(r);
  if (L == NULL) {
    lib_uv_freereq(r);
    return;
  }
  if (status < 0) lua_pushstring(L, uv_err_name(status));
  else lua_pushnil(L);
  lib_uv_freereq(r);
  lib_uv_call(L, 1);
}

static int uv_cancel_(lua_State *L) {
  UvReq **box = (UvReq **)luaL_checkudata(L, 1, REQ_CLASS);
  if (*box == NULL) return lib_uv_error(L, UV_EINVAL);
  return lib_uv_result(L, uv_cancel(&(*box)->r.req));
}

static int req_get_type(lua_State *L) {
  UvReq **box = (UvReq **)luaL_checkudata(L, 1, REQ_CLASS);
  uv_req_type t = *box ? (*box)->r.req.type : UV_UNKNOWN_REQ;
  const char *name = uv_req_type_name(t);
  lua_pushstring(L, name ? name : "unknown");
  lua_pushinteger(L, t);
  return 2;
}

/* ------------------------------------------------------------------------------------------
 * The loop.
 */
static const char *const run_modes[] = {"default", "once", "nowait", NULL};

static int uv_run_(lua_State *L) {
  UvCtx *ctx = lib_uv_ctx(L);
  int mode = luaL_checkoption(L, 1, "default", run_modes);
  lua_State *outer = ctx->L;
  int ret;
  if (ctx->mode != -1) {
    lua_pushnil(L);
    lua_pushstring(L, "loop already running");
    return 2;
  }
  ctx->L = L; /* callbacks run on the thread that runs the loop */
  ctx->mode = mode;
  ret = uv_run(&ctx->loop, (uv_run_mode)mode);
  ctx->mode = -1;
  ctx->L = outer;
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushboolean(L, ret);
  return 1;
}

static int uv_loop_mode_(lua_State *L) {
  UvCtx *ctx = lib_uv_ctx(L);
  if (ctx->mode == -1) lua_pushnil(L);
  else lua_pushstring(L, run_modes[ctx->mode]);
  return 1;
}

static int uv_stop_(lua_State *L) {
  uv_stop(&lib_uv_ctx(L)->loop);
  return 0;
}

static int uv_loop_alive_(lua_State *L) {
  lua_pushboolean(L, uv_loop_alive(&lib_uv_ctx(L)->loop));
  return 1;
}

/* A closed loop is started afresh at once, so later calls never reach a closed loop (which
 * crashes luv); if that fails, the module refuses every later call. */
static int uv_loop_close_(lua_State *L) {
  UvCtx *ctx = lib_uv_ctx(L);
  int ret;
  if (ctx->mode != -1) return lib_uv_error(L, UV_EBUSY);
  ret = uv_loop_close(&ctx->loop);
  if (ret < 0) return lib_uv_error(L, ret);
  if (uv_loop_init(&ctx->loop) < 0) ctx->broken = 1;
  lua_pushinteger(L, 0);
  return 1;
}

static int uv_loop_configure_(lua_State *L) {
  static const char *const opts[] = {"block_signal", "metrics_idle_time", NULL};
  UvCtx *ctx = lib_uv_ctx(L);
  int opt = luaL_checkoption(L, 1, NULL, opts);
  int ret;
  if (opt == 0) {
    const char *sig = luaL_checkstring(L, 2);
    luaL_argcheck(L, strcmp(sig, "sigprof") == 0, 2, "only 'sigprof' can be blocked");
    ret = uv_loop_configure(&ctx->loop, UV_LOOP_BLOCK_SIGNAL, SIGPROF);
  } else {
    ret = uv_loop_configure(&ctx->loop, UV_METRICS_IDLE_TIME);
  }
  return lib_uv_result(L, ret);
}

static int uv_now_(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_now(&lib_uv_ctx(L)->loop));
  return 1;
}

static int uv_update_time_(lua_State *L) {
  uv_update_time(&lib_uv_ctx(L)->loop);
  return 0;
}

static int uv_backend_fd_(lua_State *L) {
  int fd = uv_backend_fd(&lib_uv_ctx(L)->loop);
  if (fd < 0) lua_pushnil(L);
  else lua_pushinteger(L, fd);
  return 1;
}

static int uv_backend_timeout_(lua_State *L) {
  lua_pushinteger(L, uv_backend_timeout(&lib_uv_ctx(L)->loop));
  return 1;
}

static int uv_metrics_idle_time_(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_metrics_idle_time(&lib_uv_ctx(L)->loop));
  return 1;
}

/* uv.walk(cb): cb(handle) for each handle that Lua opened and that is not yet closed. The
 * handles are collected first, so the callback may close them. */
static void walk_collect(uv_handle_t *handle, void *arg) {
  lua_State *L = (lua_State *)arg;
  UvHandle *h = (UvHandle *)handle;
  if (h->ref == LUA_NOREF) return;
  lib_uv_pushhandle(L, h);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static int uv_walk_(lua_State *L) {
  lua_Integer i, n;
  lib_uv_checkcb(L, 1, 0);
  lua_newtable(L);
  uv_walk(&lib_uv_ctx(L)->loop, walk_collect, L);
  n = (lua_Integer)lua_rawlen(L, 2);
  for (i = 1; i <= n; i++) {
    lua_pushvalue(L, 1);
    lua_rawgeti(L, 2, i);
    lua_call(L, 1, 0);
  }
  return 0;
}

static const luaL_Reg loop_funcs[] = {
  {"run", uv_run_},
  {"loop_mode", uv_loop_mode_},
  {"stop", uv_stop_},
  {"loop_alive", uv_loop_alive_},
  {"loop_close", uv_loop_close_},
  {"loop_configure", uv_loop_configure_},
  {"now", uv_now_},
  {"update_time", uv_update_time_},
  {"backend_fd", uv_backend_fd_},
  {"backend_timeout", uv_backend_timeout_},
  {"metrics_idle_time", uv_metrics_idle_time_},
  {"walk", uv_walk_},
  {"cancel", uv_cancel_},
  {NULL, NULL},
};

static const luaL_Reg req_methods[] = { /* uv.req_get_type */
  {"get_type", req_get_type},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * The module.
 */
static UvCtx *new_ctx(lua_State *L) {
  UvCtx *ctx = (UvCtx *)calloc(1, sizeof *ctx);
  char *buf = (char *)malloc(LIB_UV_READBUF);
  int ret;
  if (ctx == NULL || buf == NULL) {
    free(ctx);
    free(buf);
    luaL_error(L, "not enough memory");
    return NULL;  /* not reached (luaL_error): gcc's PGO build warns of a use after free */
  }
  ret = uv_loop_init(&ctx->loop);
  if (ret < 0) {
    free(ctx);
    free(buf);
    luaL_error(L, "uv: cannot start the event loop (%s)", uv_strerror(ret));
    return NULL;
  }
  ctx->readbuf = buf;
  ctx->mode = -1;
  ctx->max_handles = rt_policy_max_files(L);
  {
    struct sigaction sa;
    ctx->alarm_taken = sigaction(SIGALRM, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL &&
                       sa.sa_handler != SIG_IGN;
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
  ctx->L = lua_tothread(L, -1);
  lua_pop(L, 1);
  lua_pushlightuserdata(L, ctx);
  lua_setfield(L, LUA_REGISTRYINDEX, CTX_KEY);
  /* A peer closing a socket must fail the write, not kill the process (as in Node and luvit). */
  signal(SIGPIPE, SIG_IGN);
  return ctx;
}

static void close_any(uv_handle_t *handle, void *arg) {
  UvHandle *h = (UvHandle *)handle;
  (void)arg;
  if (uv_is_closing(handle)) return;
  if (h->port) lib_uv_port_close(h);
  uv_close(handle, lib_uv_closed);
}

void lib_uv_teardown(lua_State *L) {
  UvCtx *ctx;
  lua_getfield(L, LUA_REGISTRYINDEX, CTX_KEY);
  ctx = (UvCtx *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (ctx == NULL || ctx->broken) return;
  uv_walk(&ctx->loop, close_any, NULL);
  uv_run(&ctx->loop, UV_RUN_DEFAULT);  /* the close callbacks, and requests still in flight */
  if (uv_loop_close(&ctx->loop) != 0) return;
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, CTX_KEY);
  free(ctx->readbuf);
  free(ctx);
}

int luaopen_uv(lua_State *L) {
  int mod;
  if (lua_getfield(L, LUA_REGISTRYINDEX, MODULE_KEY) == LUA_TTABLE) return 1; /* uv and luv */
  lua_pop(L, 1);
  new_ctx(L);
  lua_newtable(L);
  mod = lua_gettop(L);
  luaL_setfuncs(L, loop_funcs, 0);
  luaL_setfuncs(L, lib_uv_dns_funcs, 0);
  luaL_setfuncs(L, lib_uv_misc_funcs, 0);
  lib_uv_newclass(L, REQ_CLASS, NULL);
  lib_uv_methods(L, mod, REQ_CLASS, "req_", req_methods);
  lib_uv_open_handle(L, mod);
  lib_uv_open_thread(L, mod);
  lib_uv_open_stream(L, mod);
  lib_uv_open_udp(L, mod);
  lib_uv_open_process(L, mod);
  lib_uv_open_fs(L, mod);
  lib_uv_open_watch(L, mod);
  lib_uv_constants(L);
  lua_setfield(L, mod, "constants");
  lua_pushlightuserdata(L, &lib_uv_ctx(L)->loop);
  lua_setfield(L, mod, "_loop");
  lua_pushvalue(L, mod);
  lua_setfield(L, LUA_REGISTRYINDEX, MODULE_KEY);
  return 1;
}
