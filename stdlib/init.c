/* luaL_openlibs: opens the standard libraries into a state, as lua(1) does, and makes nacre's
 * own modules available to require. */
#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "vm/gc.h"

extern int luaopen_string(lua_State *L);
extern int luaopen_table(lua_State *L);
extern int luaopen_math(lua_State *L);
extern int luaopen_utf8(lua_State *L);
extern int luaopen_io(lua_State *L);
extern int luaopen_os(lua_State *L);
extern int luaopen_debug(lua_State *L);
int luaopen_sandbox(lua_State *L);
int luaopen_uv(lua_State *L);
int luaopen_uv_coro(lua_State *L);
int luaopen_ffi(lua_State *L);

LUALIB_API void luaL_openlibs(lua_State *L) {
  /* the order of 5.4's linit.c, so package.loaded iterates alike */
  const luaL_Reg libs[] = {
    {LUA_GNAME, luaopen_base},
    {LUA_LOADLIBNAME, luaopen_package},
    {LUA_COLIBNAME, luaopen_coroutine},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_IOLIBNAME, luaopen_io},
    {LUA_OSLIBNAME, luaopen_os},
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},
    {LUA_DBLIBNAME, luaopen_debug},
  };
  gc_arena_open(L);   /* what the libraries make lives as long as the state (vm/gc.c) */
  for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
    luaL_requiref(L, libs[i].name, libs[i].func, 1);
    lua_pop(L, 1);
  }
  /* nacre's own modules load on require */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_sandbox);
  lua_setfield(L, -2, "sandbox");
  lua_pushcfunction(L, luaopen_uv); /* preload comes first: ahead of an installed luv.so */
  lua_setfield(L, -2, "uv");
  lua_pushcfunction(L, luaopen_uv);
  lua_setfield(L, -2, "luv");
  lua_pushcfunction(L, luaopen_uv_coro);
  lua_setfield(L, -2, "uv.coro");
  lua_pushcfunction(L, luaopen_ffi);
  lua_setfield(L, -2, "ffi");
  lua_pop(L, 1);
  gc_arena_close(L);
}
