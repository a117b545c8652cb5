/* A small embedding host, linked against libnacre (static or shared) by tests/c/run and
 * tests/install/run: `embed_host PROGRAM|- CODE` creates a state with nacre_newstate (after
 * nacre_setprogram(PROGRAM) unless "-") and runs CODE, which may require C modules and call
 * sandbox.run. If sandbox.run ever starts this host instead of nacre, the host says so. */
#include <stdio.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "nacre.h"

int main(int argc, char **argv) {
  char err[256];
  lua_State *L;
  int status;
  if (argc > 1 && strcmp(argv[1], "_sandbox-child") == 0) {
    fputs("embed_host: started as a sandbox child\n", stderr);
    return 97;
  }
  if (argc != 3) {
    fputs("usage: embed_host PROGRAM|- CODE\n", stderr);
    return 2;
  }
  if (strcmp(argv[1], "-") != 0 && nacre_setprogram(argv[1]) != 0) {
    fputs("embed_host: nacre_setprogram failed\n", stderr);
    return 1;
  }
  L = nacre_newstate(NULL, err, sizeof err);
  if (L == NULL) {
    fprintf(stderr, "embed_host: %s\n", err);
    return 1;
  }
  status = luaL_dostring(L, argv[2]);
  if (status != LUA_OK) fprintf(stderr, "embed_host: %s\n", lua_tostring(L, -1));
  lua_close(L);
  return status == LUA_OK ? 0 : 1;
}
