/* The C function bench/ffi calls ten million times: through the FFI (nacre, LuaJIT) and
 * through a Lua C function wrapping it (luaopen_benchadd), to compare the call paths. */
#include "lauxlib.h"
#include "lua.h"

int bench_add(int a, int b) { return a + b; }

static int l_add(lua_State *L) {
  lua_pushinteger(L, bench_add((int)luaL_checkinteger(L, 1), (int)luaL_checkinteger(L, 2)));
  return 1;
}

int luaopen_benchadd(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, l_add);
  lua_setfield(L, -2, "add");
  return 1;
}
