/* libFuzzer target for the bytecode reader and verifier: the input is taken as a binary chunk,
 * its envelope (payload size, checksum) is recomputed so mutations reach the parser and the
 * verifier instead of stopping at the checksum, then it is loaded and, when accepted, run
 * under an instruction budget with only the base, table, math and coroutine libraries.
 * Any outcome is fine except a crash, a sanitizer report or a hang. Seeds: corpus_undump/
 * (dumps of tests/lua checks and tests/bytecode/seeds). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "tests/fuzz/chunkcrc.h"

static int ticks;
static void budget(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (++ticks > 20) luaL_error(L, "instruction budget exhausted");
}

static int noprint(lua_State *L) {
  (void)L;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *buf = malloc(size + 1);
  if (buf == NULL) return 0;
  memcpy(buf, data, size);
  if (size >= 16) {
    put32(buf + 8, (uint32_t)(size - 16));
    put32(buf + size - 4, crc32(buf, size - 4));
  }
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    free(buf);
    return 0;
  }
  luaL_requiref(L, "_G", luaopen_base, 1);
  luaL_requiref(L, "table", luaopen_table, 1);
  luaL_requiref(L, "math", luaopen_math, 1);
  luaL_requiref(L, "coroutine", luaopen_coroutine, 1);
  lua_settop(L, 0);
  lua_pushcfunction(L, noprint);
  lua_setglobal(L, "print");
  lua_pushnil(L);
  lua_setglobal(L, "collectgarbage");
  if (luaL_loadbufferx(L, (const char *)buf, size, "=fuzz", "b") == LUA_OK) {
    ticks = 0;
    lua_sethook(L, budget, LUA_MASKCOUNT, 1000);
    lua_pcall(L, 0, 0, 0);
  } else if (lua_tostring(L, -1) == NULL) {
    __builtin_trap();  /* a rejected chunk must leave a message */
  }
  lua_close(L);
  free(buf);
  return 0;
}
