/* Differential test of the call/yield machinery seen from C: lua_callk/lua_pcallk
 * continuations across yields and errors, lua_yieldk from C, hooks that yield, lua_toclose.
 * Built twice (against nacre's libnacre.a and Debian's liblua5.4); each "## name" section of
 * the output must be identical. */
#include <stdio.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

static int showcont(lua_State *L, int status, lua_KContext ctx) {
  printf("cont status=%d ctx=%d top=%d\n", status, (int)ctx, lua_gettop(L));
  for (int i = 1; i <= lua_gettop(L); i++) {
    printf("  [%d] %s\n", i, luaL_tolstring(L, i, NULL));
    lua_pop(L, 1);
  }
  return lua_gettop(L);
}

static int callk(lua_State *L) {
  lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 7, showcont);
  return showcont(L, LUA_OK, 7);
}

static int pcallk(lua_State *L) {
  int st = lua_pcallk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, 9, showcont);
  return showcont(L, st, 9);
}

static int yieldcont(lua_State *L, int status, lua_KContext ctx) {
  printf("yieldcont status=%d ctx=%d top=%d\n", status, (int)ctx, lua_gettop(L));
  lua_pushinteger(L, 99);
  return lua_gettop(L);
}

static int yk(lua_State *L) {
  lua_pushstring(L, "yielded-from-C");
  return lua_yieldk(L, 1, 5, yieldcont);
}

static void yieldhook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_yield(L, 0);
}

static int sethookyield(lua_State *L) {
  lua_sethook(lua_tothread(L, 1), yieldhook, LUA_MASKCOUNT, (int)luaL_checkinteger(L, 2));
  return 0;
}

static int closeslot(lua_State *L) {
  lua_settop(L, 1);
  lua_toclose(L, 1);
  lua_pushinteger(L, 42);
  return 1;
}

static const char *const chunks[][2] = {
  {"callk_pcallk_yieldk",
   "local co = coroutine.wrap(function()\n"
   "  print('A', callk(function(a, b) local x = coroutine.yield('in callk', a) return x, b end, 1, 2))\n"
   "  print('B', pcallk(function() local y = coroutine.yield('in pcallk') error('after ' .. y) end))\n"
   "  print('C', pcallk(function() return 'plain' end))\n"
   "  print('D', yk())\n"
   "  return 'end'\n"
   "end)\n"
   "print(co()) print(co('r1')) print(co('r2')) print(co('r3'))\n"},
  {"pcallk_error_no_yield", "print(pcallk(error, 'E')) print(pcall(callk, error, 'F'))\n"},
  {"callk_outside_coroutine", "print(callk(function(...) return select('#', ...), ... end, 1, nil, 3))\n"},
  {"hook_yields",
   "for _, count in ipairs{1, 2, 3, 7} do\n"
   "  local c = coroutine.create(function() local s = 0 for i = 1, 10 do s = s + i * 2 end return s end)\n"
   "  sethookyield(c, count)\n"
   "  local n = 0\n"
   "  repeat local ok, v = coroutine.resume(c) n = n + 1 if not ok or coroutine.status(c) == 'dead' then print(count, ok, v, n > 1) end\n"
   "  until coroutine.status(c) == 'dead'\n"
   "end\n"},
  {"toclose_from_c",
   "print(closeslot(setmetatable({}, {__close = function(o, e) print('closed slot', e) end})))\n"
   "print(closeslot(nil), closeslot(false))\n"
   "print(pcall(closeslot, 5))\n"},
  {"yield_across_c_without_k",
   "local co = coroutine.create(function() return pcall(pcallk, coroutine.yield, 1) end)\n"
   "print(coroutine.resume(co)) print(coroutine.resume(co, 'x'))\n"
   "local co2 = coroutine.wrap(function() return callk(coroutine.yield, 'via callk') end)\n"
   "print(co2()) print(co2('back'))\n"},
};

int main(void) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  lua_register(L, "callk", callk);
  lua_register(L, "pcallk", pcallk);
  lua_register(L, "yk", yk);
  lua_register(L, "sethookyield", sethookyield);
  lua_register(L, "closeslot", closeslot);
  for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
    printf("## %s\n", chunks[i][0]);
    fflush(stdout);
    if (luaL_loadbuffer(L, chunks[i][1], __builtin_strlen(chunks[i][1]), "=chunk") != LUA_OK ||
        lua_pcall(L, 0, 0, 0) != LUA_OK)
      printf("error: %s\n", lua_tostring(L, -1));
    lua_settop(L, 0);
    fflush(stdout);
  }
  lua_close(L);
  return 0;
}
