/* The debug library, a thin layer over the C debug API (lua_getinfo, lua_getlocal,
 * lua_sethook...). Lua hook functions live in a weak-keyed registry table indexed by thread, and
 * one C hook (hook_dispatch) forwards events to them. */
#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

/* Registry key of the thread -> hook function table. */
static const char *const HOOKKEY = "_HOOKKEY";

/* Room on another thread's stack before moving values there. */
static void check_stack(lua_State *L, lua_State *L1, int n) {
  if (L != L1 && !lua_checkstack(L1, n)) luaL_error(L, "stack overflow");
}

static int db_getregistry(lua_State *L) {
  lua_pushvalue(L, LUA_REGISTRYINDEX);
  return 1;
}

static int db_getmetatable(lua_State *L) {
  luaL_checkany(L, 1);
  if (!lua_getmetatable(L, 1)) lua_pushnil(L);
  return 1;
}

static int db_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

static int db_getuservalue(lua_State *L) {
  int n = (int)luaL_optinteger(L, 2, 1);
  if (lua_type(L, 1) != LUA_TUSERDATA) {
    luaL_pushfail(L);
  } else if (lua_getiuservalue(L, 1, n) != LUA_TNONE) {
    lua_pushboolean(L, 1);
    return 2;
  }
  return 1;
}

static int db_setuservalue(lua_State *L) {
  int n = (int)luaL_optinteger(L, 3, 1);
  luaL_checktype(L, 1, LUA_TUSERDATA);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  if (!lua_setiuservalue(L, 1, n)) luaL_pushfail(L);
  return 1;
}

/* Optional first argument: a thread to operate on. *arg is 1 when it was given. */
static lua_State *get_thread(lua_State *L, int *arg) {
  if (lua_isthread(L, 1)) {
    *arg = 1;
    return lua_tothread(L, 1);
  }
  *arg = 0;
  return L;
}

static void set_str(lua_State *L, const char *k, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, int v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* Moves the value lua_getinfo left on L1's stack into field `fname` of the table on L. */
static void take_stack_value(lua_State *L, lua_State *L1, const char *fname) {
  if (L == L1)
    lua_rotate(L, -2, 1); /* value above the table: swap */
  else
    lua_xmove(L1, L, 1);
  lua_setfield(L, -2, fname);
}

static int db_getinfo(lua_State *L) {
  lua_Debug ar;
  int arg;
  lua_State *L1 = get_thread(L, &arg);
  const char *options = luaL_optstring(L, arg + 2, "flnSrtu");
  check_stack(L, L1, 3);
  luaL_argcheck(L, options[0] != '>', arg + 2, "invalid option '>'");
  if (lua_isfunction(L, arg + 1)) {
    options = lua_pushfstring(L, ">%s", options);
    lua_pushvalue(L, arg + 1);
    lua_xmove(L, L1, 1);
  } else {
    if (!lua_getstack(L1, (int)luaL_checkinteger(L, arg + 1), &ar)) {
      luaL_pushfail(L); /* level out of range */
      return 1;
    }
  }
  if (!lua_getinfo(L1, options, &ar)) return luaL_argerror(L, arg + 2, "invalid option");
  lua_newtable(L);
  if (strchr(options, 'S')) {
    lua_pushlstring(L, ar.source, ar.srclen);
    lua_setfield(L, -2, "source");
    set_str(L, "short_src", ar.short_src);
    set_int(L, "linedefined", ar.linedefined);
    set_int(L, "lastlinedefined", ar.lastlinedefined);
    set_str(L, "what", ar.what);
  }
  if (strchr(options, 'l')) set_int(L, "currentline", ar.currentline);
  if (strchr(options, 'u')) {
    set_int(L, "nups", ar.nups);
    set_int(L, "nparams", ar.nparams);
    set_bool(L, "isvararg", ar.isvararg);
  }
  if (strchr(options, 'n')) {
    set_str(L, "name", ar.name);
    set_str(L, "namewhat", ar.namewhat);
  }
  if (strchr(options, 'r')) {
    set_int(L, "ftransfer", ar.ftransfer);
    set_int(L, "ntransfer", ar.ntransfer);
  }
  if (strchr(options, 't')) set_bool(L, "istailcall", ar.istailcall);
  /* lua_getinfo pushed func ('f') and then activelines ('L'): take them from the top down */
  if (strchr(options, 'L')) take_stack_value(L, L1, "activelines");
  if (strchr(options, 'f')) take_stack_value(L, L1, "func");
  return 1;
}

static int db_getlocal(lua_State *L) {
  int arg;
  lua_State *L1 = get_thread(L, &arg);
  int nvar = (int)luaL_checkinteger(L, arg + 2);
  if (lua_isfunction(L, arg + 1)) { /* parameter names of a function, not a frame */
    lua_pushvalue(L, arg + 1);
    lua_pushstring(L, lua_getlocal(L, NULL, nvar));
    return 1;
  }
  lua_Debug ar;
  int level = (int)luaL_checkinteger(L, arg + 1);
  if (!lua_getstack(L1, level, &ar)) return luaL_argerror(L, arg + 1, "level out of range");
  check_stack(L, L1, 1);
  const char *name = lua_getlocal(L1, &ar, nvar);
  if (name) {
    lua_xmove(L1, L, 1);
    lua_pushstring(L, name);
    lua_rotate(L, -2, 1); /* name, value */
    return 2;
  }
  luaL_pushfail(L);
  return 1;
}

static int db_setlocal(lua_State *L) {
  int arg;
  lua_State *L1 = get_thread(L, &arg);
  lua_Debug ar;
  int level = (int)luaL_checkinteger(L, arg + 1);
  int nvar = (int)luaL_checkinteger(L, arg + 2);
  if (!lua_getstack(L1, level, &ar)) return luaL_argerror(L, arg + 1, "level out of range");
  luaL_checkany(L, arg + 3);
  lua_settop(L, arg + 3);
  check_stack(L, L1, 1);
  lua_xmove(L, L1, 1);
  const char *name = lua_setlocal(L1, &ar, nvar);
  if (name == NULL) lua_pop(L1, 1); /* not consumed */
  lua_pushstring(L, name);
  return 1;
}

static int aux_upvalue(lua_State *L, int get) {
  int n = (int)luaL_checkinteger(L, 2);
  luaL_checktype(L, 1, LUA_TFUNCTION);
  const char *name = get ? lua_getupvalue(L, 1, n) : lua_setupvalue(L, 1, n);
  if (name == NULL) return 0;
  lua_pushstring(L, name);
  lua_insert(L, -(get + 1)); /* getupvalue: name, value; setupvalue: name */
  return get + 1;
}

static int db_getupvalue(lua_State *L) { return aux_upvalue(L, 1); }

static int db_setupvalue(lua_State *L) {
  luaL_checkany(L, 3);
  return aux_upvalue(L, 0);
}

static void *check_upval(lua_State *L, int argf, int argnup, int *pnup) {
  int nup = (int)luaL_checkinteger(L, argnup);
  luaL_checktype(L, argf, LUA_TFUNCTION);
  void *id = lua_upvalueid(L, argf, nup);
  if (pnup) {
    luaL_argcheck(L, id != NULL, argnup, "invalid upvalue index");
    *pnup = nup;
  }
  return id;
}

static int db_upvalueid(lua_State *L) {
  void *id = check_upval(L, 1, 2, NULL);
  if (id != NULL)
    lua_pushlightuserdata(L, id);
  else
    luaL_pushfail(L);
  return 1;
}

static int db_upvaluejoin(lua_State *L) {
  int n1, n2;
  check_upval(L, 1, 2, &n1);
  check_upval(L, 3, 4, &n2);
  luaL_argcheck(L, !lua_iscfunction(L, 1), 1, "Lua function expected");
  luaL_argcheck(L, !lua_iscfunction(L, 3), 3, "Lua function expected");
  lua_upvaluejoin(L, 1, n1, 3, n2);
  return 0;
}

/* The C hook: calls the Lua hook registered for the running thread with (event, line). */
static void hook_dispatch(lua_State *L, lua_Debug *ar) {
  static const char *const hooknames[] = {"call", "return", "line", "count", "tail call"};
  lua_getfield(L, LUA_REGISTRYINDEX, HOOKKEY);
  lua_pushthread(L);
  if (lua_rawget(L, -2) == LUA_TFUNCTION) {
    lua_pushstring(L, hooknames[(int)ar->event]);
    if (ar->currentline >= 0)
      lua_pushinteger(L, ar->currentline);
    else
      lua_pushnil(L);
    lua_call(L, 2, 0);
  }
}

static int make_mask(const char *smask, int count) {
  int mask = 0;
  if (strchr(smask, 'c')) mask |= LUA_MASKCALL;
  if (strchr(smask, 'r')) mask |= LUA_MASKRET;
  if (strchr(smask, 'l')) mask |= LUA_MASKLINE;
  if (count > 0) mask |= LUA_MASKCOUNT;
  return mask;
}

static char *unmake_mask(int mask, char *smask) {
  int i = 0;
  if (mask & LUA_MASKCALL) smask[i++] = 'c';
  if (mask & LUA_MASKRET) smask[i++] = 'r';
  if (mask & LUA_MASKLINE) smask[i++] = 'l';
  smask[i] = '\0';
  return smask;
}

static int db_sethook(lua_State *L) {
  int arg, mask, count;
  lua_Hook func;
  lua_State *L1 = get_thread(L, &arg);
  if (lua_isnoneornil(L, arg + 1)) { /* turn hooks off */
    lua_settop(L, arg + 1);
    func = NULL;
    mask = 0;
    count = 0;
  } else {
    const char *smask = luaL_checkstring(L, arg + 2);
    luaL_checktype(L, arg + 1, LUA_TFUNCTION);
    count = (int)luaL_optinteger(L, arg + 3, 0);
    func = hook_dispatch;
    mask = make_mask(smask, count);
  }
  if (!luaL_getsubtable(L, LUA_REGISTRYINDEX, HOOKKEY)) {
    /* new table: weak keys, so a dead thread's hook does not keep it alive */
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_pushvalue(L, -1);
    lua_setmetatable(L, -2);
  }
  check_stack(L, L1, 1);
  lua_pushthread(L1);
  lua_xmove(L1, L, 1);
  lua_pushvalue(L, arg + 1);
  lua_rawset(L, -3);
  lua_sethook(L1, func, mask, count);
  return 0;
}

static int db_gethook(lua_State *L) {
  int arg;
  lua_State *L1 = get_thread(L, &arg);
  char buf[5];
  int mask = lua_gethookmask(L1);
  lua_Hook hook = lua_gethook(L1);
  if (hook == NULL) {
    luaL_pushfail(L);
    return 1;
  }
  if (hook != hook_dispatch) {
    lua_pushliteral(L, "external hook");
  } else {
    lua_getfield(L, LUA_REGISTRYINDEX, HOOKKEY);
    check_stack(L, L1, 1);
    lua_pushthread(L1);
    lua_xmove(L1, L, 1);
    lua_rawget(L, -2);
    lua_remove(L, -2);
  }
  lua_pushstring(L, unmake_mask(mask, buf));
  lua_pushinteger(L, lua_gethookcount(L1));
  return 3;
}

/* debug.debug: a minimal command loop on stdin; "cont" returns. */
static int db_debug(lua_State *L) {
  for (;;) {
    char buffer[250];
    fputs("lua_debug> ", stderr);
    fflush(stderr);
    if (fgets(buffer, sizeof buffer, stdin) == NULL || strcmp(buffer, "cont\n") == 0) return 0;
    if (luaL_loadbuffer(L, buffer, strlen(buffer), "=(debug command)") || lua_pcall(L, 0, 0, 0)) {
      fprintf(stderr, "%s\n", luaL_tolstring(L, -1, NULL));
      fflush(stderr);
    }
    lua_settop(L, 0);
  }
}

static int db_traceback(lua_State *L) {
  int arg;
  lua_State *L1 = get_thread(L, &arg);
  const char *msg = lua_tostring(L, arg + 1);
  if (msg == NULL && !lua_isnoneornil(L, arg + 1)) { /* non-string message: returned as is */
    lua_pushvalue(L, arg + 1);
  } else {
    int level = (int)luaL_optinteger(L, arg + 2, (L == L1) ? 1 : 0);
    luaL_traceback(L, L1, msg, level);
  }
  return 1;
}

/* Deprecated in 5.4: the C stack limit is fixed and the API reports it. */
static int db_setcstacklimit(lua_State *L) {
  int limit = (int)luaL_checkinteger(L, 1);
  lua_pushinteger(L, lua_setcstacklimit(L, (unsigned int)limit));
  return 1;
}

static const luaL_Reg db_funcs[] = {
  {"debug", db_debug},           {"getuservalue", db_getuservalue},
  {"gethook", db_gethook},       {"getinfo", db_getinfo},
  {"getlocal", db_getlocal},     {"getregistry", db_getregistry},
  {"getmetatable", db_getmetatable}, {"getupvalue", db_getupvalue},
  {"upvaluejoin", db_upvaluejoin}, {"upvalueid", db_upvalueid},
  {"setuservalue", db_setuservalue}, {"sethook", db_sethook},
  {"setlocal", db_setlocal},     {"setmetatable", db_setmetatable},
  {"setupvalue", db_setupvalue}, {"traceback", db_traceback},
  {"setcstacklimit", db_setcstacklimit},
  {NULL, NULL}
};

int luaopen_debug(lua_State *L) {
  luaL_newlib(L, db_funcs);
  return 1;
}
