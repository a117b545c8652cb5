/* A C module that keeps a userdata only in a static variable of its shared object (no
 * registry reference): nacre scans the writable data of loaded modules, so the userdata must
 * survive collections while the static holds it (tests/c/run, c_module_static_root; PUC-Lua
 * would collect it). vm/gc.c leaves only the C library's own data unscanned. */
#include "lauxlib.h"
#include "lua.h"

static void *volatile kept;
static int finalized;

static int fin(lua_State *L) {
  (void)L;
  finalized++;
  return 0;
}

/* Built in a C function of its own, so that no Lua stack slot the caller can see holds it. */
static int keep(lua_State *L) {
  kept = lua_newuserdatauv(L, 64, 0);
  lua_newtable(L);
  lua_pushcfunction(L, fin);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_pop(L, 1);
  return 0;
}

static int release(lua_State *L) {
  (void)L;
  kept = NULL;
  return 0;
}

static int count(lua_State *L) {
  lua_pushinteger(L, finalized);
  return 1;
}

int luaopen_rootmod(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"keep", keep}, {"release", release}, {"finalized", count}, {NULL, NULL}
  };
  luaL_newlib(L, funcs);
  return 1;
}
