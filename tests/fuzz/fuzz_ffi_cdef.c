/* libFuzzer target for the ffi module's C declaration parser and type layout: the input is
 * "DECLS\nTYPE"; DECLS goes to ffi.cdef, then TYPE to ffi.typeof, whose size, alignment and
 * spelling are taken (layout and tostring run on whatever was declared). Every call is under
 * lua_pcall in a fresh state: parse errors are expected; crashes, sanitizer reports and hangs
 * are bugs. Seeds: corpus_ffi_cdef/ (declarations from real bindings). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int luaopen_ffi(lua_State *L);

static const char SCRIPT[] =
    "local ffi, decls, ty = ...\n"
    "pcall(ffi.cdef, decls)\n"
    "local ok, ct = pcall(ffi.typeof, ty)\n"
    "if ok then\n"
    "  local _ = tostring(ct), ffi.sizeof(ct), ffi.alignof(ct)\n"
    "  pcall(ffi.offsetof, ct, 'x')\n"
    "  if (ffi.sizeof(ct) or 1e9) < 65536 then pcall(ffi.new, ct) end\n"
    "end\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *nl = memchr(data, '\n', size);
  size_t n1 = nl ? (size_t)(nl - (const char *)data) : size;
  lua_State *L = luaL_newstate();
  if (L == NULL) return 0;
  luaL_requiref(L, "_G", luaopen_base, 1);
  luaL_requiref(L, "ffi", luaopen_ffi, 0);
  if (luaL_loadbuffer(L, SCRIPT, sizeof SCRIPT - 1, "=fuzz") != LUA_OK) __builtin_trap();
  lua_insert(L, -2);
  lua_pushlstring(L, (const char *)data, n1);
  lua_pushlstring(L, nl ? nl + 1 : "", nl ? size - n1 - 1 : 0);
  if (lua_pcall(L, 3, 0, 0) != LUA_OK && lua_tostring(L, -1) == NULL)
    __builtin_trap(); /* an error must carry a message */
  lua_close(L);
  return 0;
}
