/* Callbacks: C function pointers that call Lua functions, made from libffi closures. A
 * callback runs on the Lua thread that is inside an FFI call at the time (qsort's comparator),
 * or on the main thread when none is; calling one from another OS thread is not safe.
 * Callbacks live until cb:free() (implicit ones, made for arguments, are never freed). */
#include <ffi.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"

typedef struct CCallback {
  ffi_closure *closure;
  void *code;
  int fid;  /* function type */
  int ref;  /* the Lua function in the registry, LUA_NOREF once freed */
  CState *cs;
} CCallback;

static void handler(ffi_cif *cif, void *ret, void **args, void *ud) {
  CCallback *cb = ud;
  CState *cs = cb->cs;
  lua_State *L = cs->calling ? cs->calling : cs->main;
  CType *ft = cf_raw(cs, cb->fid), *rt;
  uint32_t i, n = ft->n;
  (void)cif;
  if (cb->ref == LUA_NOREF) luaL_error(L, "bad callback");
  luaL_checkstack(L, (int)n + 2, "too many callback arguments");
  lua_rawgeti(L, LUA_REGISTRYINDEX, cb->ref);
  for (i = 0; i < n; i++) cf_pushcval(cs, L, cs->f[cf_raw(cs, cb->fid)->field + i].type, args[i], 1);
  lua_call(L, (int)n, 1);
  ft = cf_raw(cs, cb->fid);
  rt = cf_raw(cs, ft->base);
  if (rt->kind != CT_VOID) {
    CType *it = rt->kind == CT_ENUM ? cf_raw(cs, rt->base) : rt;
    if (cf_isinteger(rt) && it->size < sizeof(ffi_arg)) { /* widened to ffi_arg */
      char tmp[8];
      int64_t v;
      cf_tocval(cs, L, ft->base, tmp, -1, 0);
      v = cf_loadint(tmp, it->size, (it->flags & CF_UNSIGNED) != 0);
      *(ffi_arg *)ret = (ffi_arg)v;
    } else {
      cf_tocval(cs, L, ft->base, ret, -1, 0);
    }
  }
  lua_pop(L, 1);
}

void *cf_newcallback(CState *cs, lua_State *L, int id, int idx) {
  CType *t = cf_raw(cs, id);
  int fid = t->kind == CT_PTR ? t->base : id;
  CCallback *cb;
  if (cf_raw(cs, fid)->flags & CF_VARARG)
    luaL_error(L, "cannot create a callback for variadic '%s'", cf_pushrepr(cs, L, fid));
  cf_prepcif(cs, L, fid);
  if (cs->ncb == cs->capcb) {
    size_t ncap = cs->capcb ? cs->capcb * 2 : 16;
    CCallback **n = realloc(cs->cb, ncap * sizeof *n);
    if (n == NULL) luaL_error(L, "not enough memory");
    cs->cb = n;
    cs->capcb = ncap;
  }
  cb = calloc(1, sizeof *cb);
  if (cb == NULL) luaL_error(L, "not enough memory");
  cb->closure = ffi_closure_alloc(sizeof(ffi_closure), &cb->code);
  if (cb->closure == NULL) {
    free(cb);
    luaL_error(L, "cannot allocate a callback");
    return NULL;
  }
  if (ffi_prep_closure_loc(cb->closure, cf_raw(cs, fid)->ffi, handler, cb, cb->code) != FFI_OK) {
    ffi_closure_free(cb->closure);
    free(cb);
    luaL_error(L, "cannot create a callback for '%s'", cf_pushrepr(cs, L, fid));
    return NULL;
  }
  cb->fid = fid;
  cb->cs = cs;
  lua_pushvalue(L, idx);
  cb->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  cs->cb[cs->ncb++] = cb;
  return cb->code;
}

static CCallback *findcb(CState *cs, lua_State *L, size_t *at) {
  CData *cd = cf_tocdata(cs, L, 1);
  void *code;
  size_t i;
  if (cd == NULL || cf_raw(cs, cd->id)->kind != CT_PTR) luaL_argerror(L, 1, "callback expected");
  memcpy(&code, cd->p, sizeof code);
  for (i = 0; i < cs->ncb; i++)
    if (cs->cb[i]->code == code && code != NULL) {
      *at = i;
      return cs->cb[i];
    }
  luaL_argerror(L, 1, "not a callback (or already freed)");
  return NULL;
}

static int cb_free(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  size_t i;
  CCallback *cb = findcb(cs, L, &i);
  luaL_unref(L, LUA_REGISTRYINDEX, cb->ref);
  ffi_closure_free(cb->closure);
  free(cb);
  cs->cb[i] = cs->cb[--cs->ncb];
  memset(((CData *)lua_touserdata(L, 1))->p, 0, sizeof(void *));
  return 0;
}

static int cb_set(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  size_t i;
  CCallback *cb = findcb(cs, L, &i);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_rawseti(L, LUA_REGISTRYINDEX, cb->ref);
  return 0;
}

/* cb.free / cb.set on a function pointer cdata: pushes the method, returns 1. */
int cf_callback_method(lua_State *L, CData *cd, const char *name) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CType *t = cf_raw(cs, cd->id);
  if (t->kind != CT_PTR || cf_raw(cs, t->base)->kind != CT_FUNC) return 0;
  if (strcmp(name, "free") != 0 && strcmp(name, "set") != 0) return 0;
  lua_pushlightuserdata(L, cs);
  lua_pushcclosure(L, name[0] == 'f' ? cb_free : cb_set, 1);
  return 1;
}

void cf_callbacks_free(CState *cs) {
  size_t i;
  for (i = 0; i < cs->ncb; i++) {
    ffi_closure_free(cs->cb[i]->closure);
    free(cs->cb[i]);
  }
  free(cs->cb);
  cs->cb = NULL;
  cs->ncb = cs->capcb = 0;
}
