/* Lua on other OS threads, as luv has it: work queues (uv.new_work / queue_work run a function
 * in a fresh state on libuv's thread pool), threads (uv.new_thread / join / thread_self /
 * thread_equal), and the async handle, the one channel back to a loop from any thread. Values
 * cross between states as copies (nil, booleans, numbers, strings, light userdata, and async
 * handles); each new state gets the parent's policy and shares its limits (docs/uv.md). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nacre.h"
#include "stdlib/uv/uvlib.h"

#define REMOTE_ASYNC "nacre.uv.remote_async"  /* an async handle seen from another state */
#define WORK_CLASS "luv_work_ctx"
#define THREAD_CLASS "uv_thread"
/* Below this a thread could not reach nacre's own C-stack limit safely. */
#define MIN_STACK_SIZE (1024 * 1024)

/* ------------------------------------------------------------------------------------------
 * Copied values.
 */
typedef struct UvVal {
  int type;            /* LUA_T*; LUA_TUSERDATA stands for an async handle's port */
  int isint;
  union {
    int b;
    lua_Integer i;
    lua_Number n;
    void *p;
    struct UvPort *port;
    struct {
      char *s;
      size_t len;
    } str;
  } u;
} UvVal;

typedef struct UvVals {
  int n;
  UvVal *v;            /* malloc'd, n entries */
} UvVals;

/* What other states send through to an async handle: the handle holds one reference while it
 * is open, and so does every copy of it in flight or in another state. */
typedef struct UvPort {
  uv_mutex_t lock;
  int refs;
  uv_async_t *async;   /* NULL once the handle is closing: sends fail */
  int pending;         /* vals holds a send the callback has not taken */
  UvVals vals;         /* the last send's values (libuv coalesces sends) */
} UvPort;

static void port_release(UvPort *port);

static void vals_free(UvVals *vals) {
  int i;
  for (i = 0; i < vals->n; i++) {
    if (vals->v[i].type == LUA_TSTRING) free(vals->v[i].u.str.s);
    else if (vals->v[i].type == LUA_TUSERDATA) port_release(vals->v[i].u.port);
  }
  free(vals->v);
  vals->v = NULL;
  vals->n = 0;
}

static UvPort *port_of(lua_State *L, int idx) {
  UvPort **remote = (UvPort **)luaL_testudata(L, idx, REMOTE_ASYNC);
  UvHandle **box;
  if (remote != NULL) return *remote;
  box = (UvHandle **)luaL_testudata(L, idx, "uv_async");
  return box != NULL && *box != NULL ? (*box)->port : NULL;
}

static void port_ref(UvPort *port) {
  uv_mutex_lock(&port->lock);
  port->refs++;
  uv_mutex_unlock(&port->lock);
}

/* Copies L's values at from..to into *out (which the caller frees with vals_free). Other types
 * raise luv's error; so does running out of memory. */
static void vals_take(lua_State *L, int from, int to, UvVals *out) {
  int i, n = to >= from ? to - from + 1 : 0;
  out->n = 0;
  out->v = n ? (UvVal *)calloc((size_t)n, sizeof(UvVal)) : NULL;
  if (n && out->v == NULL) luaL_error(L, "not enough memory");
  for (i = 0; i < n; i++) {
    UvVal *v = &out->v[i];
    int idx = from + i;
    v->type = lua_type(L, idx);
    switch (v->type) {
      case LUA_TNIL:
        break;
      case LUA_TBOOLEAN:
        v->u.b = lua_toboolean(L, idx);
        break;
      case LUA_TNUMBER:
        v->isint = lua_isinteger(L, idx);
        if (v->isint) v->u.i = lua_tointeger(L, idx);
        else v->u.n = lua_tonumber(L, idx);
        break;
      case LUA_TLIGHTUSERDATA:
        v->u.p = lua_touserdata(L, idx);
        break;
      case LUA_TSTRING: {
        const char *s = lua_tolstring(L, idx, &v->u.str.len);
        v->u.str.s = (char *)malloc(v->u.str.len + 1);
        if (v->u.str.s == NULL) {
          v->type = LUA_TNIL;
          vals_free(out);
          luaL_error(L, "not enough memory");
        }
        memcpy(v->u.str.s, s, v->u.str.len);
        break;
      }
      default:
        if (v->type == LUA_TUSERDATA && (v->u.port = port_of(L, idx)) != NULL) {
          port_ref(v->u.port);
          break;
        }
        v->type = LUA_TNIL;
        out->n = n;
        vals_free(out);
        luaL_error(L, "Error: thread arg not support type '%s' at %d", luaL_typename(L, idx), i + 1);
    }
    out->n = i + 1;
  }
}

static void push_remote(lua_State *L, UvPort *port);

static int vals_push(lua_State *L, const UvVals *vals) {
  int i;
  luaL_checkstack(L, vals->n + 4, "values from another thread");
  for (i = 0; i < vals->n; i++) {
    const UvVal *v = &vals->v[i];
    switch (v->type) {
      case LUA_TBOOLEAN: lua_pushboolean(L, v->u.b); break;
      case LUA_TNUMBER:
        if (v->isint) lua_pushinteger(L, v->u.i);
        else lua_pushnumber(L, v->u.n);
        break;
      case LUA_TLIGHTUSERDATA: lua_pushlightuserdata(L, v->u.p); break;
      case LUA_TSTRING: lua_pushlstring(L, v->u.str.s, v->u.str.len); break;
      case LUA_TUSERDATA: push_remote(L, v->u.port); break;
      default: lua_pushnil(L);
    }
  }
  return vals->n;
}

/* ------------------------------------------------------------------------------------------
 * The async handle and its port.
 */
static void port_release(UvPort *port) {
  int left;
  uv_mutex_lock(&port->lock);
  left = --port->refs;
  uv_mutex_unlock(&port->lock);
  if (left > 0) return;
  vals_free(&port->vals);
  uv_mutex_destroy(&port->lock);
  free(port);
}

void lib_uv_port_close(UvHandle *h) {
  uv_mutex_lock(&h->port->lock);
  h->port->async = NULL;
  uv_mutex_unlock(&h->port->lock);
}

void lib_uv_free(UvHandle *h) {
  if (h->port) port_release(h->port);
  free(h);
}

static int remote_gc(lua_State *L) {
  UvPort **box = (UvPort **)lua_touserdata(L, 1);
  if (*box) port_release(*box);
  *box = NULL;
  return 0;
}

static int remote_tostring(lua_State *L) {
  lua_pushfstring(L, "uv_async_t: %p", *(void **)lua_touserdata(L, 1));
  return 1;
}

static void remote_class(lua_State *L);

/* The copy of an async handle in another state; that state need not have opened uv yet. */
static void push_remote(lua_State *L, UvPort *port) {
  UvPort **box = (UvPort **)lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  remote_class(L);
  lua_setmetatable(L, -2);
  port_ref(port);
  *box = port;
}

static void on_async(uv_async_t *a) {
  UvHandle *h = (UvHandle *)a;
  UvVals vals = {0, NULL};
  lua_State *L;
  int n;
  uv_mutex_lock(&h->port->lock);
  if (h->port->pending) vals = h->port->vals;
  h->port->vals.n = 0;
  h->port->vals.v = NULL;
  h->port->pending = 0;
  uv_mutex_unlock(&h->port->lock);
  L = lib_uv_pushcb(h, UV_CB_MAIN);
  if (L == NULL) {
    vals_free(&vals);
    return;
  }
  n = vals_push(L, &vals);
  vals_free(&vals);
  lib_uv_call(L, n);
}

static int new_async(lua_State *L) {
  int err, ret;
  UvHandle *h;
  UvPort *port;
  lib_uv_checkcb(L, 1, 0);
  h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  port = (UvPort *)calloc(1, sizeof *port);
  if (port == NULL || uv_mutex_init(&port->lock) != 0) {
    free(port);
    free(h);
    return lib_uv_error(L, UV_ENOMEM);
  }
  port->refs = 1;
  port->async = &h->u.async;
  ret = uv_async_init(&h->ctx->loop, &h->u.async, on_async);
  if (ret < 0) {
    uv_mutex_destroy(&port->lock);
    free(port);
  } else {
    h->port = port;
  }
  ret = lib_uv_adopt(L, h, "uv_async", ret);
  if (ret == 1) lib_uv_setcb(L, -1, UV_CB_MAIN, 1);
  return ret;
}

/* async:send(...) from the handle's own state or from a copy of it in another one. */
static int async_send(lua_State *L) {
  UvPort *port = port_of(L, 1);
  UvVals vals;
  int ret;
  if (port == NULL) {
    if (luaL_testudata(L, 1, REMOTE_ASYNC) == NULL) lib_uv_check(L, 1, "uv_async");
    return lib_uv_error(L, UV_EINVAL);
  }
  vals_take(L, 2, lua_gettop(L), &vals);
  uv_mutex_lock(&port->lock);
  if (port->async == NULL) {
    ret = UV_EINVAL;            /* closing: the handle may be gone */
  } else {
    UvVals old = port->vals;
    port->vals = vals;
    vals = old;
    port->pending = 1;
    ret = uv_async_send(port->async);
  }
  uv_mutex_unlock(&port->lock);
  vals_free(&vals);             /* what the new send replaced, or the refused values */
  return lib_uv_result(L, ret);
}

static const luaL_Reg async_methods[] = {
  {"send", async_send},
  {NULL, NULL},
};

static void newclass(lua_State *L, const char *name, const luaL_Reg *methods, const luaL_Reg *meta);

/* Pushes the metatable of remote async handles, made on first use. */
static void remote_class(lua_State *L) {
  static const luaL_Reg remote_meta[] = {
    {"__gc", remote_gc}, {"__tostring", remote_tostring}, {NULL, NULL}};
  if (luaL_getmetatable(L, REMOTE_ASYNC) != LUA_TNIL) return;
  lua_pop(L, 1);
  newclass(L, REMOTE_ASYNC, async_methods, remote_meta);
  luaL_getmetatable(L, REMOTE_ASYNC);
}

/* ------------------------------------------------------------------------------------------
 * Running a function in a new state on the current OS thread.
 */
typedef struct Job {
  const char *code;     /* the function, dumped (or source code) */
  size_t len;
  const char *chunkname;
  UvVals args;
  UvVals *rets;         /* where the results go, or NULL to drop them */
} Job;

/* In the new state, protected: loads the code, calls it, copies its results. */
static int run_job(lua_State *S) {
  Job *job = (Job *)lua_touserdata(S, 1);
  int n;
  lua_settop(S, 0);
  if (luaL_loadbuffer(S, job->code, job->len, job->chunkname) != LUA_OK) lua_error(S);
  n = vals_push(S, &job->args);
  lua_call(S, n, job->rets ? LUA_MULTRET : 0);
  if (job->rets) vals_take(S, 1, lua_gettop(S), job->rets);
  return 0;
}

/* Runs job in a new state under policy on this thread, which nacre did not start. An error is
 * reported as luv reports it ("Uncaught Error: ..." on stderr); from a thread it also ends the
 * process (status 255), from a work function the results are then none. */
static void run_elsewhere(Job *job, struct RtSandbox *policy, int fatal) {
  int attached = nacre_thread_attach();
  lua_State *S = attached < 0 ? NULL : rt_policy_newstate(policy);
  int status;
  if (S == NULL) {
    fprintf(stderr, "Uncaught Error: cannot start a Lua state on a new thread (not enough memory)\n");
    if (fatal) exit(255);
    if (attached == 0) nacre_thread_detach();
    return;
  }
  lua_pushcfunction(S, lib_uv_traceback);
  lua_pushcfunction(S, run_job);
  lua_pushlightuserdata(S, job);
  status = lua_pcall(S, 1, 0, 1);
  if (status != LUA_OK) {
    if (job->rets) vals_free(job->rets);
    lib_uv_report(S, status, fatal);
  }
  lib_uv_teardown(S);
  rt_policy_closestate(S);
  if (attached == 0) nacre_thread_detach();
}

/* A malloc'd copy of code[0..len), or NULL. */
static char *copycode(const char *code, size_t len) {
  char *copy = (char *)malloc(len ? len : 1);
  if (copy != NULL) memcpy(copy, code, len);
  return copy;
}

typedef struct Code {
  char *p;
  size_t len, cap;
} Code;

static int write_dump(lua_State *L, const void *p, size_t sz, void *ud) {
  Code *c = (Code *)ud;
  (void)L;
  if (c->len + sz > c->cap) {
    size_t ncap = (c->len + sz) * 2;
    char *np = (char *)realloc(c->p, ncap);
    if (np == NULL) return 1;
    c->p = np;
    c->cap = ncap;
  }
  memcpy(c->p + c->len, p, sz);
  c->len += sz;
  return 0;
}

/* The function at idx as code for another state, in malloc'd memory: a string (or number) as
 * it is, a function dumped (stripped, as luv does, so its errors carry no position). */
static char *getcode(lua_State *L, int idx, size_t *len) {
  Code c = {NULL, 0, 0};
  if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER) {
    const char *s = lua_tolstring(L, idx, len);
    if ((c.p = copycode(s, *len)) == NULL) luaL_error(L, "not enough memory");
    return c.p;
  }
  luaL_checktype(L, idx, LUA_TFUNCTION);
  lua_pushvalue(L, idx);
  if (lua_dump(L, write_dump, &c, 1) != 0) {
    free(c.p);
    luaL_error(L, "Error: unable to dump given function");
  }
  lua_pop(L, 1);
  *len = c.len;
  return c.p;
}

/* ------------------------------------------------------------------------------------------
 * Work queues: uv.new_work(work_fn, after_fn) and work:queue(...).
 */
typedef struct WorkCtx {
  char *code;
  size_t len;
} WorkCtx;

typedef struct WorkReq {
  uv_work_t req;
  UvCtx *ctx;
  struct RtSandbox *policy;
  int ref;              /* the work context's box (its after_fn), until after_fn */
  char *code;           /* a copy: lua_close may free the context's while this runs */
  Job job;
  UvVals rets;
} WorkReq;

static void work_cb(uv_work_t *req) {
  WorkReq *w = (WorkReq *)req;
  run_elsewhere(&w->job, w->policy, 0);
  vals_free(&w->job.args);
  free(w->code);
  w->code = NULL;
}

static void after_work_cb(uv_work_t *req, int status) {
  WorkReq *w = (WorkReq *)req;
  lua_State *L = w->ctx->L;
  int n;
  (void)status;                 /* never cancelled: queue_work returns no request */
  luaL_checkstack(L, 8, "uv callback");
  lua_rawgeti(L, LUA_REGISTRYINDEX, w->ref);
  lua_getiuservalue(L, -1, 1);  /* after_fn */
  lua_remove(L, -2);
  luaL_unref(L, LUA_REGISTRYINDEX, w->ref);
  n = vals_push(L, &w->rets);
  vals_free(&w->rets);
  free(w);
  lib_uv_call(L, n);
}

static int new_work(lua_State *L) {
  WorkCtx *wc;
  size_t len;
  char *code;
  if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER)
    luaL_checktype(L, 1, LUA_TFUNCTION);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  wc = (WorkCtx *)lua_newuserdatauv(L, sizeof *wc, 1);
  wc->code = NULL;
  luaL_setmetatable(L, WORK_CLASS);  /* frees the code if the box goes */
  code = getcode(L, 1, &len);
  wc->code = code;
  wc->len = len;
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 1);
  return 1;
}

static int work_gc(lua_State *L) {
  WorkCtx *wc = (WorkCtx *)lua_touserdata(L, 1);
  free(wc->code);
  wc->code = NULL;
  return 0;
}

static int work_tostring(lua_State *L) {
  lua_pushfstring(L, "luv_work_ctx_t: %p", lua_touserdata(L, 1));
  return 1;
}

static int queue_work(lua_State *L) {
  WorkCtx *wc = (WorkCtx *)luaL_checkudata(L, 1, WORK_CLASS);
  UvCtx *ctx = lib_uv_ctx(L);
  UvVals args;
  WorkReq *w;
  int ret;
  vals_take(L, 2, lua_gettop(L), &args);
  w = (WorkReq *)calloc(1, sizeof *w);
  if (w == NULL || (w->code = copycode(wc->code, wc->len)) == NULL) {
    free(w);
    vals_free(&args);
    return lib_uv_error(L, UV_ENOMEM);
  }
  w->job.code = w->code;
  w->job.len = wc->len;
  w->job.chunkname = "=pool";
  w->job.args = args;
  w->job.rets = &w->rets;
  w->ctx = ctx;
  nacre_threads_enable();
  w->policy = rt_policy_share(L);
  ret = uv_queue_work(&ctx->loop, &w->req, work_cb, after_work_cb);
  if (ret < 0) {
    vals_free(&w->job.args);
    free(w->code);
    free(w);
    return lib_uv_error(L, ret);
  }
  lua_pushvalue(L, 1);
  w->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushboolean(L, 1);
  return 1;
}

static const luaL_Reg work_methods[] = {
  {"queue", queue_work},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * Threads: uv.new_thread([options,] fn, ...), join, thread_self, thread_equal.
 */
typedef struct ThreadBox {
  uv_thread_t tid;
  int owned;            /* made by new_thread: joined, or detached when the box goes */
  int joined;
} ThreadBox;

typedef struct ThreadStart {
  struct RtSandbox *policy;
  Job job;
  char *code;
} ThreadStart;

static void thread_main(void *arg) {
  ThreadStart *st = (ThreadStart *)arg;
  run_elsewhere(&st->job, st->policy, 1);
  vals_free(&st->job.args);
  free(st->code);
  free(st);
}

/* getcode_protected(fn, st): st->code and st->job.len from fn. */
static int getcode_protected(lua_State *L) {
  ThreadStart *st = (ThreadStart *)lua_touserdata(L, 2);
  st->code = getcode(L, 1, &st->job.len);
  return 0;
}

static ThreadBox *newbox(lua_State *L) {
  ThreadBox *t = (ThreadBox *)lua_newuserdatauv(L, sizeof *t, 0);
  memset(t, 0, sizeof *t);
  luaL_setmetatable(L, THREAD_CLASS);
  return t;
}

static int new_thread(lua_State *L) {
  uv_thread_options_t opts;
  ThreadStart *st;
  ThreadBox *t;
  UvVals args;
  int fn = 1, top, ret;
  opts.flags = UV_THREAD_NO_FLAGS;
  opts.stack_size = 0;
  if (lua_type(L, 1) == LUA_TTABLE) {
    fn = 2;
    if (lua_getfield(L, 1, "stack_size") != LUA_TNIL) {
      lua_Integer size;
      if (!lua_isnumber(L, -1))
        return luaL_argerror(L, 1, "stack_size option must be a number if set");
      size = lua_tointeger(L, -1);
      opts.flags |= UV_THREAD_HAS_STACK_SIZE;
      opts.stack_size = size < MIN_STACK_SIZE ? MIN_STACK_SIZE : (size_t)size;
    }
    lua_pop(L, 1);
  }
  top = lua_gettop(L);
  if (lua_type(L, fn) != LUA_TSTRING && lua_type(L, fn) != LUA_TNUMBER)
    luaL_checktype(L, fn, LUA_TFUNCTION);
  vals_take(L, fn + 1, top, &args);
  st = (ThreadStart *)calloc(1, sizeof *st);
  if (st == NULL) {
    vals_free(&args);
    return lib_uv_error(L, UV_ENOMEM);
  }
  st->job.args = args;
  lua_pushcfunction(L, getcode_protected);  /* st must not leak if dumping fails */
  lua_pushvalue(L, fn);
  lua_pushlightuserdata(L, st);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    vals_free(&st->job.args);
    free(st);
    return lua_error(L);
  }
  st->job.code = st->code;
  st->job.chunkname = "=thread";
  nacre_threads_enable();
  st->policy = rt_policy_share(L);
  t = newbox(L);
  ret = uv_thread_create_ex(&t->tid, &opts, thread_main, st);
  if (ret < 0) {
    vals_free(&st->job.args);
    free(st->code);
    free(st);
    return lib_uv_error(L, ret);
  }
  t->owned = 1;
  return 1;
}

static int thread_join(lua_State *L) {
  ThreadBox *t = (ThreadBox *)luaL_checkudata(L, 1, THREAD_CLASS);
  int ret;
  uv_thread_t self = uv_thread_self();
  if (t->joined) return lib_uv_error(L, UV_ESRCH);
  if (uv_thread_equal(&t->tid, &self)) {  /* would wait forever; libuv has no name for it */
    lua_pushnil(L);
    lua_pushfstring(L, "EDEADLK: %s", strerror(EDEADLK));
    lua_pushliteral(L, "EDEADLK");
    return 3;
  }
  ret = uv_thread_join(&t->tid);
  if (ret < 0) return lib_uv_error(L, ret);
  t->joined = 1;
  lua_pushboolean(L, 1);
  return 1;
}

static int thread_self(lua_State *L) {
  newbox(L)->tid = uv_thread_self();
  return 1;
}

static int thread_equal(lua_State *L) {
  ThreadBox *a = (ThreadBox *)luaL_checkudata(L, 1, THREAD_CLASS);
  ThreadBox *b = (ThreadBox *)luaL_checkudata(L, 2, THREAD_CLASS);
  lua_pushboolean(L, uv_thread_equal(&a->tid, &b->tid));
  return 1;
}

static int thread_gc(lua_State *L) {
  ThreadBox *t = (ThreadBox *)lua_touserdata(L, 1);
  if (t->owned && !t->joined) pthread_detach(t->tid);  /* it cleans up after itself */
  t->owned = 0;
  return 0;
}

static int thread_tostring(lua_State *L) {
  ThreadBox *t = (ThreadBox *)lua_touserdata(L, 1);
  lua_pushfstring(L, "uv_thread_t: %p", (void *)t->tid);
  return 1;
}

static const luaL_Reg thread_methods[] = {
  {"equal", thread_equal},
  {"join", thread_join},
  {NULL, NULL},
};

static const luaL_Reg funcs[] = {
  {"new_async", new_async},
  {"async_send", async_send},
  {"new_work", new_work},
  {"queue_work", queue_work},
  {"new_thread", new_thread},
  {"thread_join", thread_join},
  {"thread_self", thread_self},
  {"thread_equal", thread_equal},
  {NULL, NULL},
};

/* A metatable with __name, __index of methods and the given metamethods. */
static void newclass(lua_State *L, const char *name, const luaL_Reg *methods, const luaL_Reg *meta) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

void lib_uv_open_thread(lua_State *L, int mod) {
  static const luaL_Reg work_meta[] = {
    {"__gc", work_gc}, {"__tostring", work_tostring}, {NULL, NULL}};
  static const luaL_Reg thread_meta[] = {
    {"__gc", thread_gc}, {"__tostring", thread_tostring}, {"__eq", thread_equal}, {NULL, NULL}};
  lib_uv_newclass(L, "uv_async", "uv_handle");
  lib_uv_methods(L, mod, "uv_async", "async_", async_methods);
  newclass(L, WORK_CLASS, work_methods, work_meta);
  newclass(L, THREAD_CLASS, thread_methods, thread_meta);
  lua_pushvalue(L, mod);
  luaL_setfuncs(L, funcs, 0);
  lua_pop(L, 1);
}
