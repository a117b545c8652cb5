/* libFuzzer target for the compiler: random bytes are loaded as Lua source text in a fresh
 * state. Any outcome is fine except a crash, a sanitizer report or a hang; syntax errors are
 * the expected result for almost every input. */
#include <stddef.h>
#include <stdint.h>

#include "lauxlib.h"
#include "lua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lua_State *L = luaL_newstate();
  if (L == NULL)
    return 0;
  /* text mode only: the bytecode reader has its own target (fuzz_undump.c) */
  int status = luaL_loadbufferx(L, (const char *)data, size, "=fuzz", "t");
  if (status != LUA_OK) {
    size_t len;
    const char *msg = lua_tolstring(L, -1, &len);
    (void)msg;  /* an error must leave a string message */
    if (msg == NULL)
      __builtin_trap();
  }
  lua_close(L);
  return 0;
}
