/* The child side of sandbox.run: `nacre _sandbox-child [sandbox flags] CHUNKNAME [ARGS]` reads
 * a chunk from fd 3, runs it under the policy and limits its flags set, and reports the outcome
 * on fd 4 as records (see rt_record_* below and stdlib/sandbox.c, which reads them). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lualib.h"
#include "runtime/runtime.h"
#include "runtime/sandbox.h"

#define CHUNK_FD 3
#define RESULT_FD 4
/* Nested tables in returned values: deeper ones are refused (cycles end up here too). */
#define MAX_DEPTH 64

/* The serialised values, in a full userdata kept at stack slot `slot` (collected memory, so it
 * counts against the memory limit); growing it replaces that slot, which leaves the stack
 * above (the keys and values being walked) untouched. */
typedef struct Out {
  char *p;
  size_t n, cap;
  int slot;
} Out;

static void out_add(lua_State *L, Out *o, const char *s, size_t len) {
  if (o->cap - o->n < len) {
    size_t cap = o->cap;
    char *np;
    while (cap - o->n < len) {
      if (cap > ((size_t)-1 >> 2)) luaL_error(L, "returned values are too large");
      cap *= 2;
    }
    np = lua_newuserdatauv(L, cap, 0);
    memcpy(np, o->p, o->n);
    lua_replace(L, o->slot);
    o->p = np;
    o->cap = cap;
  }
  memcpy(o->p + o->n, s, len);
  o->n += len;
}

static void put_value(lua_State *L, Out *o, int idx, int depth);

static void put_table(lua_State *L, Out *o, int idx, int depth) {
  if (depth >= MAX_DEPTH) luaL_error(L, "returned tables are nested too deeply (or cyclic)");
  luaL_checkstack(L, 4, "returned value");
  out_add(L, o, "{", 1);
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    int top = lua_gettop(L);
    put_value(L, o, top - 1, depth + 1);
    put_value(L, o, top, depth + 1);
    lua_pop(L, 1);
  }
  out_add(L, o, "}", 1);
}

static void put_value(lua_State *L, Out *o, int idx, int depth) {
  char num[64];
  int n;
  idx = lua_absindex(L, idx);
  switch (lua_type(L, idx)) {
    case LUA_TNIL: out_add(L, o, "n", 1); break;
    case LUA_TBOOLEAN: out_add(L, o, lua_toboolean(L, idx) ? "t" : "f", 1); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx))
        n = snprintf(num, sizeof num, "i%lld;", (long long)lua_tointeger(L, idx));
      else
        n = snprintf(num, sizeof num, "d%a;", (double)lua_tonumber(L, idx));
      out_add(L, o, num, (size_t)n);
      break;
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      n = snprintf(num, sizeof num, "s%zu:", len);
      out_add(L, o, num, (size_t)n);
      out_add(L, o, s, len);
      break;
    }
    case LUA_TTABLE: put_table(L, o, idx, depth); break;
    default:
      luaL_error(L, "cannot return a %s value from the sandbox", luaL_typename(L, idx));
  }
}

static void write_stats(lua_State *L) {
  char rec[128];
  int n = snprintf(rec, sizeof rec, "S%lld\n", (long long)rt_limits_fuel_used(L));
  rt_write_all(RESULT_FD, rec, (size_t)n);
}

/* Serialises the values returned by the chunk (stack slots 1..top) as "O<count>:<values>".
 * Returns the record (a userdata) and its length. */
static int serialise(lua_State *L) {
  int n = lua_gettop(L), i;
  Out o;
  char head[32];
  int headlen = snprintf(head, sizeof head, "O%d:", n);
  o.cap = 4096;
  o.n = 0;
  o.p = lua_newuserdatauv(L, o.cap, 0);
  o.slot = lua_gettop(L);
  out_add(L, &o, head, (size_t)headlen);
  for (i = 1; i <= n; i++) put_value(L, &o, i, 0);
  lua_pushvalue(L, o.slot);
  lua_pushinteger(L, (lua_Integer)o.n);
  return 2;
}

static char *read_chunk(size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    ssize_t r;
    if (buf == NULL) return NULL;
    if (n == cap) {
      char *grown = realloc(buf, cap *= 2);
      if (grown == NULL) {
        free(buf);
        return NULL;
      }
      buf = grown;
    }
    r = read(CHUNK_FD, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      free(buf);
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(CHUNK_FD);
  *len = n;
  return buf;
}

static void report_error(lua_State *L, const char *msg) {
  char head[32];
  size_t len = strlen(msg);
  int n = snprintf(head, sizeof head, "E%zu:", len);
  write_stats(L);
  rt_write_all(RESULT_FD, head, (size_t)n);
  rt_write_all(RESULT_FD, msg, len);
}

int rt_sandbox_child_main(int argc, char **argv) {
  lua_State *L;
  char *chunk;
  size_t len;
  int i, status;
  const char *msg;
  if (argc < 2) {
    fputs("nacre: _sandbox-child is internal to sandbox.run\n", stderr);
    return RT_EXIT_USAGE;
  }
  /* The run ends with the caller even when it is killed outright (a caller's breach kills the
   * whole process group itself), and what the script starts never inherits the record pipe. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  fcntl(RESULT_FD, F_SETFD, FD_CLOEXEC);
  rt_limits_adopt_descendants();
  rt_sandbox.result_fd = RESULT_FD;
  rt_limits_start(&rt_sandbox);
  L = luaL_newstate();
  if (L == NULL) {
    fputs("nacre: cannot create state: not enough memory\n", stderr);
    return RT_EXIT_USAGE;
  }
  luaL_openlibs(L);
  rt_sandbox_attach(L, &rt_sandbox);
  chunk = read_chunk(&len);
  if (chunk == NULL) {
    report_error(L, "cannot read the chunk to run");
    return 1;
  }
  status = luaL_loadbufferx(L, chunk, len, argv[1], "bt");
  free(chunk);
  if (status == LUA_OK) {
    lua_createtable(L, argc - 2, 1); /* arg, as lua(1) sets it: arg[0] is the file's name */
    lua_pushstring(L, argv[1][0] == '@' ? argv[1] + 1 : argv[1]);
    lua_rawseti(L, -2, 0);
    for (i = 2; i < argc; i++) {
      lua_pushstring(L, argv[i]);
      lua_rawseti(L, -2, i - 1);
    }
    lua_setglobal(L, "arg");
    for (i = 2; i < argc; i++) lua_pushstring(L, argv[i]);
    status = lua_pcall(L, argc - 2, LUA_MULTRET, 0);
  }
  if (status == LUA_OK) {
    lua_pushcfunction(L, serialise);
    lua_insert(L, 1);
    status = lua_pcall(L, lua_gettop(L) - 1, 2, 0);
    if (status == LUA_OK) {
      size_t n = (size_t)lua_tointeger(L, -1);
      const char *rec = lua_touserdata(L, -2);
      fflush(stdout);
      fflush(stderr);
      write_stats(L);
      rt_write_all(RESULT_FD, rec, n);
      rt_limits_end_descendants(); /* before lua_close, whose pclose would wait for them */
      lua_close(L);
      return 0;
    }
  }
  rt_limits_uncaught(status);
  msg = lua_tostring(L, -1);
  if (msg == NULL) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, -1));
  fflush(stdout);
  fflush(stderr);
  report_error(L, msg);
  rt_limits_end_descendants();
  lua_close(L);
  return 1;
}
