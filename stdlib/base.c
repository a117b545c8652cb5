/* The basic library (_G): print, type, tostring/tonumber, pairs/ipairs/next, raw access,
 * metatables, errors and protected calls, load/loadfile/dofile, collectgarbage, warn.
 * Uses the public API (its hot calls inline, vm/apiinline.h); messages follow Lua 5.4
 * exactly (the differential tests compare them byte for byte). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "runtime/sandbox.h"
#include "vm/gc.h"
#include "vm/apiinline.h"
#include "vm/fastfn.h"

#ifndef l_unlikely
#define l_likely(x) __builtin_expect(((x) != 0), 1)
#define l_unlikely(x) __builtin_expect(((x) != 0), 0)
#endif

static int b_print(lua_State *L) {
  int n = lua_gettop(L);
  for (int i = 1; i <= n; i++) {
    size_t len;
    const char *s = luaL_tolstring(L, i, &len);
    if (i > 1)
      lua_writestring("\t", 1);
    lua_writestring(s, len);
    lua_pop(L, 1);
  }
  lua_writeline();
  return 0;
}

/* warn(msg1, ...): every argument must be a string; the pieces form one message. */
static int b_warn(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checkstring(L, 1);  /* at least one argument */
  for (int i = 2; i <= n; i++)
    luaL_checkstring(L, i);
  for (int i = 1; i < n; i++)
    lua_warning(L, lua_tostring(L, i), 1);
  lua_warning(L, lua_tostring(L, n), 0);
  return 0;
}

/* Converts s in the given base; returns the end of the numeral (after trailing spaces) or
 * NULL when s is not a valid numeral in that base. */
static const char *str_to_int(const char *s, int base, lua_Integer *pn) {
  lua_Unsigned n = 0;
  int neg = 0;
  s += strspn(s, " \f\n\r\t\v");
  if (*s == '-') {
    s++;
    neg = 1;
  } else if (*s == '+') {
    s++;
  }
  if (!isalnum((unsigned char)*s))
    return NULL;
  do {
    unsigned char c = (unsigned char)*s;
    int digit = isdigit(c) ? c - '0' : (toupper(c) - 'A') + 10;
    if (digit >= base)
      return NULL;
    n = n * (lua_Unsigned)base + (lua_Unsigned)digit;  /* wraps around like 5.4 */
    s++;
  } while (isalnum((unsigned char)*s));
  s += strspn(s, " \f\n\r\t\v");
  *pn = (lua_Integer)(neg ? (0u - n) : n);
  return s;
}

static int b_tonumber(lua_State *L) {
  if (lua_isnoneornil(L, 2)) {
    if (lua_type(L, 1) == LUA_TNUMBER) {
      lua_settop(L, 1);
      return 1;
    } else {
      size_t len;
      const char *s = lua_tolstring(L, 1, &len);
      if (s != NULL && lua_stringtonumber(L, s) == len + 1)
        return 1;
      luaL_checkany(L, 1);  /* no argument at all is an error; anything else is fail */
      /* nacre: userdata may convert themselves (ffi's cdata, as LuaJIT's tonumber does) */
      if (lua_type(L, 1) == LUA_TUSERDATA && luaL_getmetafield(L, 1, "__tonumber") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 1);
        return 1;
      }
    }
  } else {
    size_t len;
    const char *s;
    lua_Integer n = 0;
    lua_Integer base = luaL_checkinteger(L, 2);
    luaL_checktype(L, 1, LUA_TSTRING);  /* no numbers with a base */
    s = lua_tolstring(L, 1, &len);
    luaL_argcheck(L, 2 <= base && base <= 36, 2, "base out of range");
    if (str_to_int(s, (int)base, &n) == s + len) {
      lua_pushinteger(L, n);
      return 1;
    }
  }
  luaL_pushfail(L);
  return 1;
}

static int b_error(lua_State *L) {
  int level = (int)luaL_optinteger(L, 2, 1);
  lua_settop(L, 1);
  if (lua_type(L, 1) == LUA_TSTRING && level > 0) {
    luaL_where(L, level);
    lua_pushvalue(L, 1);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

static int b_getmetatable(lua_State *L) {
  luaL_checkany(L, 1);
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  luaL_getmetafield(L, 1, "__metatable");  /* if present it replaces the metatable */
  return 1;
}

/* Every object of a class goes through here (`setmetatable({}, C)`): the usual case makes
 * the fewest API calls (lua5.4's checks and messages, in its order). */
static int b_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  if (l_unlikely(lua_type(L, 1) != LUA_TTABLE)) luaL_checktype(L, 1, LUA_TTABLE);  /* raises */
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (lua_getmetatable(L, 1)) {  /* only a metatable can be protected */
    lua_pushliteral(L, "__metatable");
    if (l_unlikely(lua_rawget(L, -2) != LUA_TNIL))
      return luaL_error(L, "cannot change a protected metatable");
    lua_pop(L, 2);
  }
  if (lua_gettop(L) != 2) lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

static int b_rawequal(lua_State *L) {
  luaL_checkany(L, 1);
  luaL_checkany(L, 2);
  lua_pushboolean(L, lua_rawequal(L, 1, 2));
  return 1;
}

static int b_rawlen(lua_State *L) {
  int t = lua_type(L, 1);
  luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
  return 1;
}

static int b_rawget(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  lua_rawget(L, 1);
  return 1;
}

static int b_rawset(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 1;
}

/* collectgarbage's previous-mode results. */
static int push_gcmode(lua_State *L, int oldmode) {
  if (oldmode == -1)
    luaL_pushfail(L);  /* the option is not supported (inside a finalizer, e.g.) */
  else
    lua_pushstring(L, oldmode == LUA_GCINC ? "incremental" : "generational");
  return 1;
}

static int b_collectgarbage(lua_State *L) {
  static const char *const names[] = {"stop",       "restart",    "collect",   "count",
                                      "step",       "setpause",   "setstepmul", "isrunning",
                                      "generational", "incremental", NULL};
  static const int codes[] = {LUA_GCSTOP,     LUA_GCRESTART,  LUA_GCCOLLECT, LUA_GCCOUNT,
                              LUA_GCSTEP,     LUA_GCSETPAUSE, LUA_GCSETSTEPMUL, LUA_GCISRUNNING,
                              LUA_GCGEN,      LUA_GCINC};
  int o = codes[luaL_checkoption(L, 1, "collect", names)];
  /* lua_gc zeroes the C stack below its own frame before a cycle; zeroing from here covers
   * that frame too, whose never-written slots (padding, the unused half of the varargs save
   * area) can hold a pointer left by an earlier deeper call: whether they did depended on
   * code layout (a profile-guided build kept a dead finalizable table alive). */
  if (o == LUA_GCCOLLECT || o == LUA_GCSTEP) gc_clearcstack();
  switch (o) {
  case LUA_GCCOUNT: {
    int k = lua_gc(L, o);
    int b = lua_gc(L, LUA_GCCOUNTB);
    if (k == -1)
      break;
    lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
    return 1;
  }
  case LUA_GCSTEP: {
    int step = (int)luaL_optinteger(L, 2, 0);
    int res = lua_gc(L, o, step);
    if (res == -1)
      break;
    lua_pushboolean(L, res);
    return 1;
  }
  case LUA_GCSETPAUSE:
  case LUA_GCSETSTEPMUL: {
    int p = (int)luaL_optinteger(L, 2, 0);
    int previous = lua_gc(L, o, p);
    if (previous == -1)
      break;
    lua_pushinteger(L, previous);
    return 1;
  }
  case LUA_GCISRUNNING: {
    int res = lua_gc(L, o);
    if (res == -1)
      break;
    lua_pushboolean(L, res);
    return 1;
  }
  case LUA_GCGEN: {
    int minormul = (int)luaL_optinteger(L, 2, 0);
    int majormul = (int)luaL_optinteger(L, 3, 0);
    return push_gcmode(L, lua_gc(L, o, minormul, majormul));
  }
  case LUA_GCINC: {
    int pause = (int)luaL_optinteger(L, 2, 0);
    int stepmul = (int)luaL_optinteger(L, 3, 0);
    int stepsize = (int)luaL_optinteger(L, 4, 0);
    return push_gcmode(L, lua_gc(L, o, pause, stepmul, stepsize));
  }
  default: {
    int res = lua_gc(L, o);
    if (res == -1)
      break;
    lua_pushinteger(L, res);
    return 1;
  }
  }
  luaL_pushfail(L);
  return 1;
}

static int b_type(lua_State *L) {
  int t = lua_type(L, 1);
  luaL_argcheck(L, t != LUA_TNONE, 1, "value expected");
  lua_pushstring(L, lua_typename(L, t));
  return 1;
}

/* next and ipairs' step run once per for-in iteration: the common case makes the fewest
 * API calls (no lua_settop when the key is there, no luaL_check* wrapper). */
static int b_next(lua_State *L) {
  if (l_unlikely(lua_type(L, 1) != LUA_TTABLE)) luaL_checktype(L, 1, LUA_TTABLE);
  if (l_unlikely(lua_gettop(L) != 2)) lua_settop(L, 2);  /* a missing key means the first one */
  if (lua_next(L, 1))
    return 2;
  lua_pushnil(L);
  return 1;
}

static int pairs_cont(lua_State *L, int status, lua_KContext k) {
  (void)L;
  (void)status;
  (void)k;
  return 3;
}

static int b_pairs(lua_State *L) {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
    vm_ffpush(L, VM_FF_next, b_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
  } else {
    lua_pushvalue(L, 1);
    lua_callk(L, 1, 3, 0, pairs_cont);  /* __pairs may yield */
  }
  return 3;
}

static int ipairs_step(lua_State *L) {
  int isint;
  lua_Integer i = lua_tointegerx(L, 2, &isint);
  if (l_unlikely(!isint)) i = luaL_checkinteger(L, 2);  /* its error */
  i = (lua_Integer)((lua_Unsigned)i + 1);
  lua_pushinteger(L, i);
  return lua_geti(L, 1, i) == LUA_TNIL ? 1 : 2;
}

static int b_ipairs(lua_State *L) {
  luaL_checkany(L, 1);
  vm_ffpush(L, VM_FF_ipairs_step, ipairs_step);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

/* After a load: on success set the chunk's first upvalue (_ENV) to env when one was given;
 * on failure return fail plus the message. */
static int load_result(lua_State *L, int status, int envidx) {
  if (status == LUA_OK) {
    if (envidx != 0) {
      lua_pushvalue(L, envidx);
      if (!lua_setupvalue(L, -2, 1))  /* no upvalue: the chunk does not use _ENV */
        lua_pop(L, 1);
    }
    return 1;
  }
  luaL_pushfail(L);
  lua_insert(L, -2);
  return 2;
}

static int b_loadfile(lua_State *L) {
  const char *fname = luaL_optstring(L, 1, NULL);
  const char *mode = luaL_optstring(L, 2, NULL);
  int env = !lua_isnone(L, 3) ? 3 : 0;
  int status;
  status = lib_loadfile_sandboxed(L, fname, mode);  /* a denial is the error message */
  return load_result(L, status, env);
}

/* load() with a reader function: each piece the function returns is anchored in this slot
 * so the collector keeps it while the parser reads it. */
#define READER_SLOT 5

static const char *function_reader(lua_State *L, void *ud, size_t *size) {
  (void)ud;
  luaL_checkstack(L, 2, "too many nested functions");
  lua_pushvalue(L, 1);
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    *size = 0;
    return NULL;
  }
  if (l_unlikely(!lua_isstring(L, -1)))
    luaL_error(L, "reader function must return a string");
  lua_replace(L, READER_SLOT);
  return lua_tolstring(L, READER_SLOT, size);
}

static int b_load(lua_State *L) {
  int status;
  size_t len;
  const char *s = lua_tolstring(L, 1, &len);
  const char *mode = luaL_optstring(L, 3, "bt");
  int env = !lua_isnone(L, 4) ? 4 : 0;
  if (s != NULL) {
    const char *chunkname = luaL_optstring(L, 2, s);
    status = luaL_loadbufferx(L, s, len, chunkname, mode);
  } else {
    const char *chunkname = luaL_optstring(L, 2, "=(load)");
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, READER_SLOT);
    status = lua_load(L, function_reader, NULL, chunkname, mode);
  }
  return load_result(L, status, env);
}

static int dofile_cont(lua_State *L, int status, lua_KContext k) {
  (void)status;
  (void)k;
  return lua_gettop(L) - 1;
}

static int b_dofile(lua_State *L) {
  const char *fname = luaL_optstring(L, 1, NULL);
  lua_settop(L, 1);
  if (l_unlikely(lib_loadfile_sandboxed(L, fname, NULL) != LUA_OK))
    return lua_error(L);
  lua_callk(L, 0, LUA_MULTRET, 0, dofile_cont);
  return dofile_cont(L, 0, 0);
}

static int b_assert(lua_State *L) {
  if (l_likely(lua_toboolean(L, 1)))
    return lua_gettop(L);  /* all arguments pass through */
  luaL_checkany(L, 1);
  lua_remove(L, 1);
  lua_pushliteral(L, "assertion failed!");  /* used when there is no message */
  lua_settop(L, 1);
  return b_error(L);  /* level 1 is assert itself (a C function): no position is added */
}

static int b_select(lua_State *L) {
  int n = lua_gettop(L);
  if (lua_type(L, 1) == LUA_TSTRING && *lua_tostring(L, 1) == '#') {
    lua_pushinteger(L, n - 1);
    return 1;
  } else {
    lua_Integer i = luaL_checkinteger(L, 1);
    if (i < 0)
      i = n + i;
    else if (i > n)
      i = n;
    luaL_argcheck(L, 1 <= i, 1, "index out of range");
    return n - (int)i;
  }
}

/* Finishes pcall/xpcall, both directly and as a continuation after a yield inside. */
static int finish_pcall(lua_State *L, int status, lua_KContext extra) {
  if (l_unlikely(status != LUA_OK && status != LUA_YIELD)) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);  /* the error object */
    return 2;
  }
  return lua_gettop(L) - (int)extra;
}

static int b_pcall(lua_State *L) {
  int status;
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);  /* the first result when all goes well */
  lua_insert(L, 1);
  status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
  return finish_pcall(L, status, 0);
}

/* xpcall(f, msgh, ...): the stack becomes msgh, true, f, args... */
static int b_xpcall(lua_State *L) {
  int status;
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
  return finish_pcall(L, status, 2);
}

static int b_tostring(lua_State *L) {
  luaL_checkany(L, 1);
  luaL_tolstring(L, 1, NULL);
  return 1;
}

static const luaL_Reg base_funcs[] = {
  {"assert", b_assert},
  {"collectgarbage", b_collectgarbage},
  {"dofile", b_dofile},
  {"error", b_error},
  {"getmetatable", b_getmetatable},
  {"loadfile", b_loadfile},
  {"load", b_load},
  {"next", b_next},
  {"pcall", b_pcall},
  {"print", b_print},
  {"warn", b_warn},
  {"rawequal", b_rawequal},
  {"rawlen", b_rawlen},
  {"rawget", b_rawget},
  {"rawset", b_rawset},
  {"select", b_select},
  {"setmetatable", b_setmetatable},
  {"tonumber", b_tonumber},
  {"tostring", b_tostring},
  {"type", b_type},
  {"xpcall", b_xpcall},
  {LUA_GNAME, NULL},   /* placeholders, set below */
  {"_VERSION", NULL},
  {NULL, NULL}
};

/* The functions the interpreter runs inline in the common case (vm/fastfn.h). */
static const VMFastReg base_fast[] = {
  {"next", b_next, VM_FF_next},
  {"pairs", b_pairs, VM_FF_pairs},
  {"ipairs", b_ipairs, VM_FF_ipairs},
  {"select", b_select, VM_FF_select},
  {"type", b_type, VM_FF_type},
  {"rawget", b_rawget, VM_FF_rawget},
  {"rawlen", b_rawlen, VM_FF_rawlen},
  {"tonumber", b_tonumber, VM_FF_tonumber},
  {"tostring", b_tostring, VM_FF_tostring},
  {"setmetatable", b_setmetatable, VM_FF_setmetatable},
  {"assert", b_assert, VM_FF_assert},
  {"getmetatable", b_getmetatable, VM_FF_getmetatable},
  {NULL, NULL, 0}
};

LUAMOD_API int luaopen_base(lua_State *L) {
  lua_pushglobaltable(L);
  luaL_setfuncs(L, base_funcs, 0);
  vm_ffsetfuncs(L, base_fast);  /* over their entries above, which keep the table's layout */
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, LUA_GNAME);
  lua_pushliteral(L, LUA_VERSION);
  lua_setfield(L, -2, "_VERSION");
  return 1;
}
