/* The coroutine library: create/resume/yield/status/wrap/isyieldable/running/close, over
 * vm_state_newthread and vm/do.c's vm_coresume and vm_coyield (lua_resume and lua_yield without the
 * API's overheads). Errors raised through a wrap()ped coroutine get the caller's position
 * prepended, as in Lua 5.4. */
#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "vm/core.h"
#include "vm/do.h"
#include "vm/state.h"

enum { CO_RUNNING, CO_SUSPENDED, CO_NORMAL, CO_DEAD };
static const char *const status_names[] = {"running", "suspended", "normal", "dead"};

static lua_State *get_co(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  luaL_argexpected(L, co, 1, "thread");
  return co;
}

static int co_status_of(lua_State *L, lua_State *co) {
  if (L == co)
    return CO_RUNNING;
  switch (lua_status(co)) {
  case LUA_YIELD:
    return CO_SUSPENDED;
  case LUA_OK: {
    lua_Debug ar;
    if (lua_getstack(co, 0, &ar))  /* it has frames: it resumed someone */
      return CO_NORMAL;
    if (lua_gettop(co) == 0)       /* nothing to run */
      return CO_DEAD;
    return CO_SUSPENDED;           /* not started yet */
  }
  default:                         /* died with an error */
    return CO_DEAD;
  }
}

/* coroutine.resume and the functions coroutine.wrap makes run once per switch: they reach
 * their thread and arguments directly and leave the transfer to vm_coresume (vm/do.c). */
static int co_resume(lua_State *L) {
  StkId a1 = L->ci->func + 1;
  if (l_unlikely(a1 >= L->top || !ttisthread(s2v(a1)))) get_co(L);  /* raises the error */
  int r = vm_coresume(L, thvalue(s2v(a1)), cast_int(L->top - a1) - 1, 1);
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  return r;
}

static int wrap_call(lua_State *L) {
  lua_State *co = thvalue(&clCvalue(s2v(L->ci->func))->upvalue[0]);
  int r = vm_coresume(L, co, cast_int(L->top - (L->ci->func + 1)), 0);
  if (r < 0) {
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) {  /* the coroutine died with an error */
      stat = lua_closethread(co, L);  /* close its pending to-be-closed variables */
      lua_xmove(co, L, 1);         /* that error (or a newer one from closing) */
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    return lua_error(L);
  }
  return r;
}

static int co_create(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  vm_state_newthread(L, s2v(L->ci->func + 1));
  return 1;
}

static int co_wrap(lua_State *L) {
  co_create(L);
  lua_pushcclosure(L, wrap_call, 1);
  return 1;
}

static int co_yield(lua_State *L) {
  return vm_coyield(L, cast_int(L->top - (L->ci->func + 1)));
}

static int co_status(lua_State *L) {
  lua_State *co = get_co(L);
  lua_pushstring(L, status_names[co_status_of(L, co)]);
  return 1;
}

static int co_running(lua_State *L) {
  int ismain = lua_pushthread(L);
  lua_pushboolean(L, ismain);
  return 2;
}

static int co_isyieldable(lua_State *L) {
  lua_State *co = lua_isnone(L, 1) ? L : get_co(L);
  lua_pushboolean(L, lua_isyieldable(co));
  return 1;
}

static int co_close(lua_State *L) {
  lua_State *co = get_co(L);
  int st = co_status_of(L, co);
  if (st == CO_DEAD || st == CO_SUSPENDED) {
    int status = lua_closethread(co, L);  /* counts C calls from L (5.4.5) */
    if (status == LUA_OK) {
      lua_pushboolean(L, 1);
      return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);  /* the error object */
    return 2;
  }
  return luaL_error(L, "cannot close a %s coroutine", status_names[st]);
}

static const luaL_Reg co_funcs[] = {
  {"create", co_create},
  {"resume", co_resume},
  {"running", co_running},
  {"status", co_status},
  {"wrap", co_wrap},
  {"yield", co_yield},
  {"isyieldable", co_isyieldable},
  {"close", co_close},
  {NULL, NULL}
};

LUAMOD_API int luaopen_coroutine(lua_State *L) {
  luaL_newlib(L, co_funcs);
  return 1;
}
