/* libFuzzer target comparing the pattern matcher's shortcuts (class tables, skipped start
 * positions, literal look-ahead: stdlib/pattern.c) with its plain path (lib_str_plainmatch):
 * find, match, gmatch and gsub with a string, table and function replacement run both ways on
 * the same pattern and subject, and every result, capture and error message must be the same.
 * A difference aborts. Built and run by tests/fuzz/run-smoke like the other targets;
 * -DFUZZ_STANDALONE gives a main that runs N pseudo-random inputs: ./fuzz_pattern [n] [seed] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "stdlib/strlib.h"

/* Backtracking is polynomial with the number of repetitions as exponent: keep inputs small. */
#define MAX_SUBJECT 48
#define MAX_PATTERN 32
#define MAX_REPEATS 3

/* Runs every function on (subject, pattern, template) under pcall and returns one string
 * describing all results and errors. */
static const char runner[] =
  "local s, p, r = ...\n"
  "local out = {}\n"
  "local function add(ok, ...)\n"
  "  out[#out + 1] = tostring(ok)\n"
  "  for i = 1, select('#', ...) do out[#out + 1] = tostring((select(i, ...))) end\n"
  "end\n"
  "for init = -2, 3 do\n"
  "  add(pcall(string.find, s, p, init))\n"
  "  add(pcall(string.match, s, p, init))\n"
  "end\n"
  "add(pcall(function()\n"
  "  local n = 0\n"
  "  for a, b in string.gmatch(s, p) do\n"
  "    out[#out + 1] = tostring(a) .. '|' .. tostring(b)\n"
  "    n = n + 1\n"
  "    if n > 100 then break end\n"
  "  end\n"
  "end))\n"
  "add(pcall(string.gsub, s, p, r))\n"
  "add(pcall(string.gsub, s, p, r, 2))\n"
  "add(pcall(string.gsub, s, p, {a = 'x', [1] = 'y'}))\n"
  "add(pcall(string.gsub, s, p, function(a, b) return b and a .. b end))\n"
  "return table.concat(out, '\\n')\n";

static lua_State *fuzz_state(void) {
  static lua_State *L;
  if (L == NULL) {
    L = luaL_newstate();
    if (L == NULL) abort();
    luaL_openlibs(L);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1); /* see fuzz_strlib.c */
    lua_pop(L, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    lua_pop(L, 1);
    if (luaL_loadbuffer(L, runner, sizeof runner - 1, "=runner") != LUA_OK) abort();
    lua_setfield(L, LUA_REGISTRYINDEX, "fuzz_pattern_runner");
  }
  lua_settop(L, 0);
  return L;
}

static void run(lua_State *L, const char *subj, size_t ls, const char *pat, size_t lp,
                const char *repl, size_t lr) {
  lua_getfield(L, LUA_REGISTRYINDEX, "fuzz_pattern_runner");
  lua_pushlstring(L, subj, ls);
  lua_pushlstring(L, pat, lp);
  lua_pushlstring(L, repl, lr);
  if (lua_pcall(L, 3, 1, 0) != LUA_OK) {
    fprintf(stderr, "runner failed: %s\n", lua_tostring(L, -1));
    abort();
  }
}

static void run_one(const uint8_t *data, size_t size) {
  /* pattern, subject and template are separated by 0xFF bytes */
  const char *pat = (const char *)data;
  const uint8_t *sep = memchr(data, 0xFF, size);
  size_t lp = sep ? (size_t)(sep - data) : size;
  const char *subj = "";
  size_t ls = 0;
  const char *repl = "%0";
  size_t lr = 2;
  if (sep) {
    subj = (const char *)sep + 1;
    ls = size - lp - 1;
    const uint8_t *sep2 = memchr(subj, 0xFF, ls);
    if (sep2) {
      repl = (const char *)sep2 + 1;
      lr = ls - (size_t)((const char *)sep2 + 1 - subj);
      ls = (size_t)((const char *)sep2 - subj);
    }
  }
  if (lp > MAX_PATTERN) lp = MAX_PATTERN;
  if (ls > MAX_SUBJECT) ls = MAX_SUBJECT;
  int repeats = 0;
  for (size_t i = 0; i < lp; i++)
    repeats += pat[i] == '*' || pat[i] == '+' || pat[i] == '-' || pat[i] == '?';
  if (repeats > MAX_REPEATS) return;

  lua_State *L = fuzz_state();
  lib_str_plainmatch = 0;
  run(L, subj, ls, pat, lp, repl, lr);
  lib_str_plainmatch = 1;
  run(L, subj, ls, pat, lp, repl, lr);
  lib_str_plainmatch = 0;
  size_t la, lb;
  const char *a = lua_tolstring(L, 1, &la), *b = lua_tolstring(L, 2, &lb);
  if (la != lb || memcmp(a, b, la) != 0) {
    fprintf(stderr, "pattern %.*s on subject %.*s:\n--- shortcuts\n%s\n--- plain\n%s\n", (int)lp,
            pat, (int)ls, subj, a, b);
    abort();
  }
  lua_settop(L, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  run_one(data, size);
  return 0;
}

#ifdef FUZZ_STANDALONE
static const char alphabet[] = "%%%%[]^$()*+-?.abcdfgpswxzADSW019%bf()=- \xff\xff";

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  unsigned seed = argc > 2 ? (unsigned)atol(argv[2]) : 1;
  uint8_t buf[96];
  srand(seed);
  for (long i = 0; i < n; i++) {
    size_t len = (size_t)(rand() % (int)sizeof buf);
    for (size_t j = 0; j < len; j++) buf[j] = (uint8_t)alphabet[rand() % (int)(sizeof alphabet - 1)];
    run_one(buf, len);
  }
  printf("%ld inputs, shortcuts and plain path agree\n", n);
  return 0;
}
#endif
