/* libFuzzer target for string.format, the pattern matcher (find/match/gmatch/gsub) and
 * string.pack/unpack: random specs against random subjects, every call under lua_pcall.
 * Errors are expected; crashes, sanitizer reports and hangs are bugs. Build with
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude -I. tests/fuzz/fuzz_strlib.c \
 *         runtime/policy.c runtime/sandbox.c runtime/limits.c build/asan/libnacre.a \
 *         $(pkg-config --libs bdw-gc) -luv -lffi -lm -ldl -lpthread
 * or add -DFUZZ_STANDALONE (no libFuzzer) to get a main that runs N pseudo-random inputs:
 *   ./fuzz_strlib [iterations] [seed]   or   ./fuzz_strlib FILE...                        */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

/* Backtracking patterns are polynomial in the subject with the number of repetition items as
 * the exponent, and PUC-Lua bounds only their recursion depth, not their time. Inputs are kept
 * small enough that the worst case stays well under a second. */
#define MAX_SUBJECT 32
#define MAX_SPEC 48
#define MAX_REPEATS 3
#define MAX_GMATCH_STEPS 200

static lua_State *fuzz_state(void) {
  static lua_State *L;
  if (L == NULL) {
    L = luaL_newstate();
    if (L == NULL) abort();
    luaL_openlibs(L);
    /* luaL_openlibs reaches the optional libraries through weak references, which do not pull
     * their objects out of libnacre.a: require the string library explicitly. */
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
  return L;
}

/* pack("c999999999") legitimately builds a gigabyte string; such sizes are not interesting. */
static int has_long_number(const char *p, size_t n) {
  int run = 0;
  for (size_t i = 0; i < n; i++) {
    run = (p[i] >= '0' && p[i] <= '9') ? run + 1 : 0;
    if (run > 4) return 1;
  }
  return 0;
}

static int count_repeats(const char *p, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++)
    if (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?') k++;
  return k;
}

/* Pushes string.<name>. */
static void push_strfunc(lua_State *L, const char *name) {
  lua_getglobal(L, "string");
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
}

/* Arguments for format/pack: cycle through the value kinds the conversions accept or reject. */
static void push_arg(lua_State *L, int i, const char *subj, size_t ls) {
  switch (i % 7) {
  case 0: lua_pushinteger(L, (lua_Integer)(ls * 2654435761u) - 17); break;
  case 1: lua_pushnumber(L, (lua_Number)ls / 3.0 - 1.5); break;
  case 2: lua_pushlstring(L, subj, ls); break;
  case 3: lua_pushinteger(L, i % 2 ? LUA_MININTEGER : LUA_MAXINTEGER); break;
  case 4: lua_pushnumber(L, i % 2 ? 1e308 * 10 : -0.0); break;
  case 5: lua_pushboolean(L, i & 1); break;
  default: lua_pushnil(L); break;
  }
}

/* Calls counted by outcome, reported by the standalone driver to show the inputs go deep. */
static long calls_ok, calls_err;

static int pcall_count(lua_State *L, int nargs, int nres) {
  int st = lua_pcall(L, nargs, nres, 0);
  if (st == LUA_OK)
    calls_ok++;
  else
    calls_err++;
  return st;
}

static int gsub_callback(lua_State *L) {
  /* returns its first capture doubled, or false to keep the match */
  if (lua_type(L, 1) == LUA_TSTRING && lua_rawlen(L, 1) % 2) {
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 1);
    lua_concat(L, 2);
  } else {
    lua_pushboolean(L, 0);
  }
  return 1;
}

static void run_one(const uint8_t *data, size_t size) {
  if (size < 1) return;
  int op = data[0] % 8;
  data++;
  size--;
  /* spec and subject are separated by the first 0xFF byte */
  const uint8_t *sep = memchr(data, 0xFF, size);
  size_t lspec = sep ? (size_t)(sep - data) : size;
  const char *spec = (const char *)data;
  const char *subj = sep ? (const char *)sep + 1 : "";
  size_t ls = sep ? size - lspec - 1 : 0;
  if (lspec > MAX_SPEC) lspec = MAX_SPEC;
  if (ls > MAX_SUBJECT) ls = MAX_SUBJECT;
  if (op >= 1 && op <= 5 && count_repeats(spec, lspec) > MAX_REPEATS) return;
  if (op >= 6 && has_long_number(spec, lspec)) return;

  lua_State *L = fuzz_state();
  int nargs;
  switch (op) {
  case 0: /* string.format(spec, args...) */
    push_strfunc(L, "format");
    lua_pushlstring(L, spec, lspec);
    for (nargs = 0; nargs < 6; nargs++) push_arg(L, nargs + (int)ls, subj, ls);
    pcall_count(L, 7, 1);
    break;
  case 1: /* string.find(subject, pattern, init) */
  case 2: /* string.match */
    push_strfunc(L, op == 1 ? "find" : "match");
    lua_pushlstring(L, subj, ls);
    lua_pushlstring(L, spec, lspec);
    lua_pushinteger(L, (lua_Integer)(lspec % 5) - 2);
    pcall_count(L, 3, LUA_MULTRET);
    break;
  case 3: { /* for caps in string.gmatch(subject, pattern) */
    push_strfunc(L, "gmatch");
    lua_pushlstring(L, subj, ls);
    lua_pushlstring(L, spec, lspec);
    if (pcall_count(L, 2, 1) != LUA_OK) break;
    for (int i = 0; i < MAX_GMATCH_STEPS; i++) {
      lua_pushvalue(L, 1);
      if (pcall_count(L, 0, 1) != LUA_OK || lua_isnil(L, -1)) break;
      lua_pop(L, 1);
    }
    break;
  }
  case 4: /* string.gsub(subject, pattern, template): the spec's tail is the template */
    push_strfunc(L, "gsub");
    lua_pushlstring(L, subj, ls);
    lua_pushlstring(L, spec, lspec / 2 + 1 > lspec ? lspec : lspec / 2 + 1);
    lua_pushlstring(L, spec + lspec / 2, lspec - lspec / 2);
    lua_pushinteger(L, (lua_Integer)ls % 4 + 1);
    pcall_count(L, 4, 2);
    break;
  case 5: /* string.gsub with a function and with a table */
    push_strfunc(L, "gsub");
    lua_pushlstring(L, subj, ls);
    lua_pushlstring(L, spec, lspec);
    lua_pushcfunction(L, gsub_callback);
    pcall_count(L, 3, 2);
    lua_settop(L, 0);
    push_strfunc(L, "gsub");
    lua_pushlstring(L, subj, ls);
    lua_pushlstring(L, spec, lspec);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "x");
    lua_setfield(L, -2, "a");
    pcall_count(L, 3, 2);
    break;
  case 6: /* string.unpack(spec, subject) */
    push_strfunc(L, "unpack");
    lua_pushlstring(L, spec, lspec);
    lua_pushlstring(L, subj, ls);
    pcall_count(L, 2, LUA_MULTRET);
    break;
  default: /* string.pack(spec, args...) then packsize */
    push_strfunc(L, "pack");
    lua_pushlstring(L, spec, lspec);
    for (nargs = 0; nargs < 6; nargs++) push_arg(L, nargs, subj, ls);
    pcall_count(L, 7, 1);
    lua_settop(L, 0);
    push_strfunc(L, "packsize");
    lua_pushlstring(L, spec, lspec);
    pcall_count(L, 1, 1);
    break;
  }
  lua_settop(L, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  run_one(data, size);
  return 0;
}

#ifdef FUZZ_STANDALONE
/* Inputs biased towards the syntax the parsers care about, so random runs go deep. */
static const char alphabet[] = "%%%%[]^$()*+-?.abcdfglpsuwxzABDSW019%bf{}<>=!ijhlnszxXc\\qidouxXeEfgGaAcsp#0 ";

static uint64_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(rng_state >> 33);
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0] != '\0' && (argv[1][0] < '0' || argv[1][0] > '9')) {
    for (int i = 1; i < argc; i++) { /* replay files */
      FILE *f = fopen(argv[i], "rb");
      if (!f) { perror(argv[i]); return 1; }
      uint8_t buf[4096];
      size_t n = fread(buf, 1, sizeof buf, f);
      fclose(f);
      run_one(buf, n);
    }
    return 0;
  }
  long iters = argc > 1 ? atol(argv[1]) : 20000;
  rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
  uint8_t buf[128];
  for (long it = 0; it < iters; it++) {
    size_t n = 1 + rng() % (sizeof buf - 1);
    for (size_t i = 0; i < n; i++) {
      uint32_t r = rng();
      buf[i] = (r & 3) ? (uint8_t)alphabet[(r >> 2) % (sizeof alphabet - 1)] : (uint8_t)(r >> 8);
    }
    if (n > 2 && (rng() & 1)) buf[1 + rng() % (n - 1)] = 0xFF; /* split spec/subject */
    run_one(buf, n);
  }
  printf("fuzz_strlib: %ld inputs, %ld calls returned, %ld raised errors, no crash\n", iters,
         calls_ok, calls_err);
  return 0;
}
#endif
