/* A small C module built the way third-party Lua 5.4 modules are (against include/ only,
 * as a shared object) and loaded with require: functions, a buffer, and a userdata type with
 * a metatable (__index methods, __tostring, __gc, __len). It calls libm without linking it, as
 * modules may: lua(1) has libm loaded, nacre loads it before a C module (runtime/libm.c). */
#include <math.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

typedef struct Counter {
  lua_Integer n;
} Counter;

static int add(lua_State *L) {
  lua_Integer a = luaL_checkinteger(L, 1), b = luaL_optinteger(L, 2, 1);
  lua_pushinteger(L, a + b);
  return 1;
}

static int join(lua_State *L) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, ',');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  return 1;
}

static int newcounter(lua_State *L) {
  Counter *c = lua_newuserdatauv(L, sizeof(Counter), 1);
  c->n = luaL_optinteger(L, 1, 0);
  luaL_setmetatable(L, "mymod.Counter");
  return 1;
}

static int incr(lua_State *L) {
  Counter *c = luaL_checkudata(L, 1, "mymod.Counter");
  c->n += luaL_optinteger(L, 2, 1);
  lua_settop(L, 1);
  return 1;
}

static int value(lua_State *L) {
  Counter *c = luaL_checkudata(L, 1, "mymod.Counter");
  lua_pushinteger(L, c->n);
  return 1;
}

static int tostr(lua_State *L) {
  Counter *c = luaL_checkudata(L, 1, "mymod.Counter");
  lua_pushfstring(L, "Counter(%I)", (LUAI_UACINT)c->n);
  return 1;
}

static int len(lua_State *L) {
  return value(L);
}

static int gcm(lua_State *L) {
  Counter *c = luaL_checkudata(L, 1, "mymod.Counter");
  lua_getfield(L, LUA_REGISTRYINDEX, "mymod.collected");
  lua_Integer k = lua_tointeger(L, -1);
  lua_pushinteger(L, k + 1);
  lua_setfield(L, LUA_REGISTRYINDEX, "mymod.collected");
  (void)c;
  return 0;
}

static int collected(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, "mymod.collected");
  if (lua_isnil(L, -1)) lua_pushinteger(L, 0);
  return 1;
}

static int hyp(lua_State *L) {
  lua_pushnumber(L, hypot(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
  return 1;
}

static int fail(lua_State *L) {
  return luaL_argerror(L, 1, "always fails");
}

static const luaL_Reg methods[] = {
  {"incr", incr}, {"value", value}, {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"add", add}, {"join", join}, {"counter", newcounter}, {"collected", collected},
  {"fail", fail}, {"hypot", hyp}, {NULL, NULL}
};

int luaopen_mymod(lua_State *L) {
  luaL_newmetatable(L, "mymod.Counter");
  luaL_newlib(L, methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, tostr);
  lua_setfield(L, -2, "__tostring");
  lua_pushcfunction(L, len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, gcm);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  lua_pushliteral(L, "mymod 1.0");
  lua_setfield(L, -2, "version");
  return 1;
}
