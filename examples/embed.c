/* Embedding nacre: run untrusted Lua from C under a sandbox with a fuel budget.
 * Build: cc -Iinclude examples/embed.c build/libnacre.a -lgc -lffi -luv -lreadline -ldl -lm -lpthread
 *        (or, after `make install`: cc examples/embed.c $(pkg-config --cflags --libs nacre), or
 *        nacre-static to link libnacre.a; docs/embedding.md). */
#include <stdio.h>

#include "lauxlib.h"
#include "lua.h"
#include "nacre.h"

int main(int argc, char **argv) {
  const char *flags[] = {"--sandbox", "--fuel=1000000", NULL};
  const char *code = argc > 1 ? argv[1]
                              : "local s = 0 for i = 1, 100 do s = s + i end "
                                "return s, io.open('/etc/passwd')";
  char err[256];
  lua_State *L = nacre_newstate(flags, err, sizeof err);
  int i, n;
  if (L == NULL) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  if (luaL_loadstring(L, code) != LUA_OK || lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
    fprintf(stderr, "error: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return 1;
  }
  n = lua_gettop(L);
  for (i = 1; i <= n; i++) printf("%s%s", i > 1 ? "\t" : "", luaL_tolstring(L, i, NULL));
  printf("\n");
  lua_close(L);
  return 0;
}
