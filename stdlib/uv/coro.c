/* `uv.coro`: the coroutine layer over uv, in the spirit of luvit's coro-* modules. Inside a
 * coroutine, sleep, connect, read, write, accept, the fs calls and exec look synchronous: each
 * starts the uv call with a callback that resumes the coroutine, then yields. Written in Lua
 * (below) on the public uv API; docs/uv.md documents it. */
#include "lauxlib.h"
#include "lua.h"

static const char coro_source[] =
#include "stdlib/uv/coro.lua.h"
    ;

int luaopen_uv_coro(lua_State *L) {
  if (luaL_loadbufferx(L, coro_source, sizeof coro_source - 1, "=uv.coro", "t") != LUA_OK)
    return lua_error(L);
  lua_call(L, 0, 1);
  return 1;
}
