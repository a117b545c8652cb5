/* Unit tests of the public C API (include/lua.h, lauxlib.h), linked against libnacre.a.
 * Each check prints "PASS c_<name>" or "FAIL c_<name>: why"; a check is a function returning
 * NULL on success or a message. Every check gets a fresh state. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "nacre.h"

#define CHECK(c) do { if (!(c)) return "line " XSTR(__LINE__) ": " #c; } while (0)
#define XSTR(x) STR(x)
#define STR(x) #x

static const char *t_stack(lua_State *L) {
  CHECK(lua_gettop(L) == 0);
  lua_pushinteger(L, 1);
  lua_pushinteger(L, 2);
  lua_pushinteger(L, 3);
  lua_pushinteger(L, 4);
  CHECK(lua_gettop(L) == 4);
  lua_rotate(L, 1, 1);             /* 4 1 2 3 */
  CHECK(lua_tointeger(L, 1) == 4 && lua_tointeger(L, 4) == 3);
  lua_rotate(L, 1, -1);            /* 1 2 3 4 */
  CHECK(lua_tointeger(L, 1) == 1 && lua_tointeger(L, 4) == 4);
  lua_insert(L, 2);                /* 1 4 2 3 */
  CHECK(lua_tointeger(L, 2) == 4 && lua_tointeger(L, 3) == 2);
  lua_remove(L, 2);                /* 1 2 3 */
  CHECK(lua_gettop(L) == 3 && lua_tointeger(L, 2) == 2);
  lua_pushstring(L, "x");
  lua_replace(L, 1);               /* x 2 3 */
  CHECK(lua_type(L, 1) == LUA_TSTRING && lua_gettop(L) == 3);
  lua_copy(L, 3, 2);               /* x 3 3 */
  CHECK(lua_tointeger(L, 2) == 3);
  CHECK(lua_absindex(L, -1) == 3);
  CHECK(lua_absindex(L, LUA_REGISTRYINDEX) == LUA_REGISTRYINDEX);
  CHECK(lua_type(L, 10) == LUA_TNONE);
  CHECK(lua_isnoneornil(L, 10));
  CHECK(strcmp(lua_typename(L, LUA_TNONE), "no value") == 0);
  CHECK(strcmp(luaL_typename(L, 1), "string") == 0);
  lua_settop(L, 5);
  CHECK(lua_gettop(L) == 5 && lua_isnil(L, 5));
  lua_pop(L, 4);
  CHECK(lua_gettop(L) == 1);
  CHECK(lua_checkstack(L, 5000));
  for (int i = 0; i < 5000; i++) lua_pushinteger(L, i);
  CHECK(lua_tointeger(L, -1) == 4999);
  lua_settop(L, 0);
  return NULL;
}

static const char *t_values(lua_State *L) {
  size_t len;
  int isnum;
  lua_pushinteger(L, 42);
  const char *s = lua_tolstring(L, -1, &len);   /* converts in place */
  CHECK(strcmp(s, "42") == 0 && len == 2 && lua_type(L, -1) == LUA_TSTRING);
  lua_pushnumber(L, 1.5);
  CHECK(strcmp(lua_tostring(L, -1), "1.5") == 0);
  lua_pushnumber(L, 3.0);
  CHECK(strcmp(lua_tostring(L, -1), "3.0") == 0);
  lua_pushstring(L, " 0x10 ");
  CHECK(lua_isnumber(L, -1) && lua_tointeger(L, -1) == 16);
  lua_pushstring(L, "3.5");
  lua_tointegerx(L, -1, &isnum);
  CHECK(!isnum);
  CHECK(lua_tonumberx(L, -1, &isnum) == 3.5 && isnum);
  CHECK(lua_stringtonumber(L, "10") == 3 && lua_isinteger(L, -1));
  CHECK(lua_stringtonumber(L, "1e") == 0);
  lua_pushlstring(L, "a\0b", 3);
  CHECK(lua_rawlen(L, -1) == 3 && memcmp(lua_tostring(L, -1), "a\0b", 4) == 0);
  lua_pushfstring(L, "%s=%d %f %c%%", "k", 7, 0.5, 'z');
  CHECK(strcmp(lua_tostring(L, -1), "k=7 0.5 z%") == 0);
  lua_pushboolean(L, 0);
  CHECK(!lua_toboolean(L, -1) && lua_isboolean(L, -1));
  lua_pushlightuserdata(L, (void *)L);
  CHECK(lua_touserdata(L, -1) == (void *)L && lua_islightuserdata(L, -1));
  CHECK(lua_pushthread(L) == 1 && lua_tothread(L, -1) == L);
  lua_settop(L, 0);
  /* arithmetic, comparison, concatenation, length */
  lua_pushinteger(L, 7);
  lua_pushinteger(L, 2);
  lua_arith(L, LUA_OPIDIV);
  CHECK(lua_tointeger(L, -1) == 3);
  lua_pushnumber(L, 2);
  lua_arith(L, LUA_OPPOW);
  CHECK(lua_tonumber(L, -1) == 9.0 && !lua_isinteger(L, -1));
  lua_arith(L, LUA_OPUNM);
  CHECK(lua_tonumber(L, -1) == -9.0);
  lua_pushinteger(L, 1);
  CHECK(lua_compare(L, -2, -1, LUA_OPLT) && !lua_compare(L, -2, -1, LUA_OPEQ));
  CHECK(lua_compare(L, -2, -1, LUA_OPLE));
  lua_settop(L, 0);
  lua_pushstring(L, "a");
  lua_pushinteger(L, 1);
  lua_pushnumber(L, 2.5);
  lua_concat(L, 3);
  CHECK(strcmp(lua_tostring(L, -1), "a12.5") == 0);
  lua_concat(L, 0);
  CHECK(lua_rawlen(L, -1) == 0);
  lua_len(L, -2);
  CHECK(lua_tointeger(L, -1) == 5);
  lua_settop(L, 0);
  return NULL;
}

static const char *t_tables(lua_State *L) {
  lua_createtable(L, 4, 4);
  for (int i = 1; i <= 10; i++) {
    lua_pushinteger(L, i * i);
    lua_rawseti(L, 1, i);
  }
  CHECK(lua_rawlen(L, 1) == 10);
  lua_pushstring(L, "v");
  lua_setfield(L, 1, "k");
  CHECK(lua_getfield(L, 1, "k") == LUA_TSTRING);
  lua_pop(L, 1);
  CHECK(lua_rawgeti(L, 1, 3) == LUA_TNUMBER && lua_tointeger(L, -1) == 9);
  lua_pop(L, 1);
  lua_pushnumber(L, 3.0);          /* float keys with integer value are normalised */
  CHECK(lua_gettable(L, 1) == LUA_TNUMBER && lua_tointeger(L, -1) == 9);
  lua_pop(L, 1);
  lua_pushinteger(L, 77);
  lua_seti(L, 1, 100);
  CHECK(lua_geti(L, 1, 100) == LUA_TNUMBER);
  lua_pop(L, 1);
  static int anchor;
  lua_pushstring(L, "p");
  lua_rawsetp(L, 1, &anchor);
  CHECK(lua_rawgetp(L, 1, &anchor) == LUA_TSTRING);
  lua_pop(L, 1);
  /* lua_next visits every pair exactly once */
  long long sum = 0;
  int n = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_isinteger(L, -2)) sum += lua_tointeger(L, -2);
    n++;
    lua_pop(L, 1);
  }
  CHECK(n == 13 && sum == 55 + 100);
  CHECK(lua_gettop(L) == 1);
  /* deleting during traversal is allowed */
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, 1);
  }
  lua_pushnil(L);
  CHECK(lua_next(L, 1) == 0);
  /* globals and the registry */
  lua_pushinteger(L, 5);
  lua_setglobal(L, "g5");
  lua_pushglobaltable(L);
  CHECK(lua_getfield(L, -1, "g5") == LUA_TNUMBER && lua_tointeger(L, -1) == 5);
  lua_pop(L, 2);
  CHECK(lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD) == LUA_TTHREAD);
  CHECK(lua_tothread(L, -1) == L);
  lua_pop(L, 1);
  lua_pushstring(L, "ref me");
  int r = luaL_ref(L, LUA_REGISTRYINDEX);
  CHECK(r > 0);
  CHECK(lua_rawgeti(L, LUA_REGISTRYINDEX, r) == LUA_TSTRING);
  luaL_unref(L, LUA_REGISTRYINDEX, r);
  lua_settop(L, 0);
  return NULL;
}

static int c_index(lua_State *L) {
  lua_pushfstring(L, "idx:%s", lua_tostring(L, 2));
  return 1;
}

static const char *t_metatables(lua_State *L) {
  lua_newtable(L);
  lua_newtable(L);
  lua_pushcfunction(L, c_index);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, 1);
  CHECK(lua_getfield(L, 1, "abc") == LUA_TSTRING);
  CHECK(strcmp(lua_tostring(L, -1), "idx:abc") == 0);
  lua_pop(L, 1);
  lua_pushstring(L, "abc");
  CHECK(lua_rawget(L, 1) == LUA_TNIL);
  lua_pop(L, 1);
  CHECK(lua_getmetatable(L, 1) == 1);
  lua_pop(L, 1);
  lua_pushinteger(L, 1);
  CHECK(lua_getmetatable(L, -1) == 0);
  lua_settop(L, 0);
  CHECK(luaL_newmetatable(L, "Test.T") == 1);
  CHECK(luaL_newmetatable(L, "Test.T") == 0);
  lua_settop(L, 0);
  return NULL;
}

static int c_getfield_x(lua_State *L) {
  lua_getfield(L, 1, "x");
  return 1;
}

/* The API honours metamethods where Lua would (arith, compare, len, concat, get/set). */
static const char *t_apimeta(lua_State *L) {
  CHECK(luaL_dostring(L,
    "local mt = {}\n"
    "mt.__add = function(a, b) return 'add' end\n"
    "mt.__lt = function(a, b) return true end\n"
    "mt.__le = function(a, b) return false end\n"
    "mt.__eq = function(a, b) return true end\n"
    "mt.__len = function(a) return 42 end\n"
    "mt.__concat = function(a, b) return 'cat' end\n"
    "mt.__index = function(t, k) return k .. '!' end\n"
    "mt.__newindex = function(t, k, v) rawset(t, k, v * 2) end\n"
    "mt.__unm = function(a) return 'neg' end\n"
    "return setmetatable({}, mt), setmetatable({}, mt)") == LUA_OK);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 1);
  lua_arith(L, LUA_OPADD);
  CHECK(strcmp(lua_tostring(L, -1), "add") == 0);
  lua_pop(L, 1);
  lua_pushvalue(L, 1);
  lua_arith(L, LUA_OPUNM);
  CHECK(strcmp(lua_tostring(L, -1), "neg") == 0);
  lua_pop(L, 1);
  CHECK(lua_compare(L, 1, 2, LUA_OPLT) == 1 && lua_compare(L, 1, 2, LUA_OPLE) == 0);
  CHECK(lua_compare(L, 1, 2, LUA_OPEQ) == 1 && lua_rawequal(L, 1, 2) == 0);
  CHECK(lua_compare(L, 1, 99, LUA_OPEQ) == 0);  /* invalid index */
  lua_len(L, 1);
  CHECK(lua_tointeger(L, -1) == 42 && lua_rawlen(L, 1) == 0);
  lua_pop(L, 1);
  lua_pushvalue(L, 1);
  lua_pushstring(L, "x");
  lua_concat(L, 2);
  CHECK(strcmp(lua_tostring(L, -1), "cat") == 0);
  lua_pop(L, 1);
  CHECK(lua_getfield(L, 1, "key") == LUA_TSTRING && strcmp(lua_tostring(L, -1), "key!") == 0);
  lua_pop(L, 1);
  lua_pushinteger(L, 21);
  lua_setfield(L, 1, "v");
  CHECK(lua_rawgetp(L, 1, L) == LUA_TNIL);
  lua_pop(L, 1);
  lua_pushstring(L, "v");
  CHECK(lua_rawget(L, 1) == LUA_TNUMBER && lua_tointeger(L, -1) == 42);
  lua_pop(L, 1);
  lua_pushinteger(L, 5);
  lua_seti(L, 1, 7);
  CHECK(lua_rawgeti(L, 1, 7) == LUA_TNUMBER && lua_tointeger(L, -1) == 10);
  lua_settop(L, 0);
  /* errors raised through the API are catchable */
  CHECK(luaL_dostring(L, "return setmetatable({}, {__index = function() error('idx') end})") == 0);
  lua_pushcfunction(L, c_getfield_x);
  lua_pushvalue(L, 1);
  CHECK(lua_pcall(L, 1, 1, 0) == LUA_ERRRUN && strstr(lua_tostring(L, -1), "idx") != NULL);
  lua_settop(L, 0);
  return NULL;
}

static const char *t_userdata(lua_State *L) {
  double *d = lua_newuserdatauv(L, sizeof(double) * 4, 2);
  CHECK(d != NULL && ((size_t)d % 8) == 0);
  d[3] = 2.5;
  CHECK(lua_rawlen(L, 1) == sizeof(double) * 4);
  lua_pushstring(L, "first");
  CHECK(lua_setiuservalue(L, 1, 1) == 1);
  lua_pushinteger(L, 2);
  CHECK(lua_setiuservalue(L, 1, 2) == 1);
  lua_pushinteger(L, 3);
  CHECK(lua_setiuservalue(L, 1, 3) == 0);
  CHECK(lua_getiuservalue(L, 1, 1) == LUA_TSTRING);
  CHECK(lua_getiuservalue(L, 1, 2) == LUA_TNUMBER);
  CHECK(lua_getiuservalue(L, 1, 3) == LUA_TNONE && lua_isnil(L, -1));
  lua_settop(L, 1);
  luaL_newmetatable(L, "Test.U");
  lua_setmetatable(L, 1);
  CHECK(luaL_checkudata(L, 1, "Test.U") == d);
  CHECK(luaL_testudata(L, 1, "Other") == NULL);
  CHECK(((double *)lua_touserdata(L, 1))[3] == 2.5);
  lua_settop(L, 0);
  return NULL;
}

static int c_fail(lua_State *L) {
  return luaL_error(L, "failed with %d", 42);
}

static int c_errobj(lua_State *L) {
  lua_newtable(L);
  lua_pushstring(L, "payload");
  lua_setfield(L, -2, "what");
  return lua_error(L);
}

static int msgh(lua_State *L) {
  lua_pushfstring(L, "handled: %s", lua_tostring(L, 1));
  return 1;
}

static const char *t_errors(lua_State *L) {
  CHECK(luaL_loadstring(L, "x = = 1") == LUA_ERRSYNTAX);
  CHECK(strstr(lua_tostring(L, -1), "unexpected symbol") != NULL);
  lua_pop(L, 1);
  CHECK(luaL_loadstring(L, "local t = nil; return t.x") == LUA_OK);
  CHECK(lua_pcall(L, 0, 0, 0) == LUA_ERRRUN);
  CHECK(strstr(lua_tostring(L, -1), "attempt to index a nil value (local 't')") != NULL);
  lua_pop(L, 1);
  lua_pushcfunction(L, c_fail);
  CHECK(lua_pcall(L, 0, 0, 0) == LUA_ERRRUN);
  CHECK(strcmp(lua_tostring(L, -1), "failed with 42") == 0);
  lua_pop(L, 1);
  lua_pushcfunction(L, c_errobj);
  CHECK(lua_pcall(L, 0, 0, 0) == LUA_ERRRUN && lua_istable(L, -1));
  CHECK(lua_getfield(L, -1, "what") == LUA_TSTRING);
  lua_settop(L, 0);
  lua_pushcfunction(L, msgh);
  CHECK(luaL_loadstring(L, "error('boom', 0)") == LUA_OK);
  CHECK(lua_pcall(L, 0, 0, 1) == LUA_ERRRUN);
  CHECK(strcmp(lua_tostring(L, -1), "handled: boom") == 0);
  lua_settop(L, 0);
  /* results of a successful call */
  CHECK(luaL_dostring(L, "return 1, 'two', nil") == LUA_OK);
  CHECK(lua_gettop(L) == 3 && lua_tointeger(L, 1) == 1 && lua_isnil(L, 3));
  lua_settop(L, 0);
  return NULL;
}

static int kcont(lua_State *L, int status, lua_KContext ctx) {
  (void)status;
  lua_pushinteger(L, (lua_Integer)ctx + lua_tointeger(L, -1));
  return 1;
}

static int c_yielder(lua_State *L) {
  lua_pushinteger(L, 10);
  return lua_yieldk(L, 1, 5, kcont);
}

/* A line hook that yields once (a hook may yield no values). */
static void yieldhook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  lua_yield(L, 0);
}

static const char *t_threads(lua_State *L) {
  int nres;
  lua_State *co = lua_newthread(L);
  CHECK(lua_status(co) == LUA_OK);
  CHECK(luaL_loadstring(co, "local a = ... ; local b = coroutine.yield(a + 1); return b * 2") == 0);
  lua_pushinteger(co, 1);
  CHECK(lua_resume(co, L, 1, &nres) == LUA_YIELD && nres == 1);
  CHECK(lua_tointeger(co, -1) == 2);
  lua_pop(co, nres);
  CHECK(lua_status(co) == LUA_YIELD);
  lua_pushinteger(co, 21);
  CHECK(lua_resume(co, L, 1, &nres) == LUA_OK && nres == 1);
  CHECK(lua_tointeger(co, -1) == 42);
  lua_pop(co, nres);
  CHECK(lua_resume(co, L, 0, &nres) == LUA_ERRRUN);  /* dead coroutine */
  lua_settop(L, 0);
  /* yield from C with a continuation */
  co = lua_newthread(L);
  lua_pushcfunction(co, c_yielder);
  CHECK(lua_resume(co, L, 0, &nres) == LUA_YIELD && nres == 1 && lua_tointeger(co, -1) == 10);
  lua_pop(co, 1);
  lua_pushinteger(co, 100);
  CHECK(lua_resume(co, L, 1, &nres) == LUA_OK && nres == 1);
  CHECK(lua_tointeger(co, -1) == 105);
  /* xmove */
  lua_xmove(co, L, 1);
  CHECK(lua_tointeger(L, -1) == 105);
  lua_settop(L, 0);
  /* a Lua loop whose coroutine.yield returns to lua_resume without a longjmp (vm_coyield),
   * resumed with no `from` thread: the same results, status and traceback */
  co = lua_newthread(L);
  CHECK(luaL_loadstring(co, "local s = 0 for i = 1, 3 do s = s + coroutine.yield(i) end return s") == 0);
  CHECK(lua_resume(co, NULL, 0, &nres) == LUA_YIELD && nres == 1 && lua_tointeger(co, -1) == 1);
  CHECK(lua_status(co) == LUA_YIELD);
  luaL_traceback(L, co, NULL, 0);
  CHECK(strstr(lua_tostring(L, -1), "[C]: in function 'coroutine.yield'") != NULL);
  lua_pop(L, 1);
  for (int i = 1; i <= 3; i++) {
    lua_pop(co, 1);
    lua_pushinteger(co, 10 * i);
    int st = lua_resume(co, NULL, 1, &nres);
    CHECK(nres == 1 && lua_tointeger(co, -1) == (i < 3 ? i + 1 : 60));
    CHECK(st == (i < 3 ? LUA_YIELD : LUA_OK));
  }
  /* resumed after a yield inside a hook, the frame runs on and yields directly */
  co = lua_newthread(L);
  CHECK(luaL_loadstring(co, "local x = 1\nx = x + coroutine.yield(x)\nreturn x") == 0);
  lua_sethook(co, yieldhook, LUA_MASKLINE, 0);
  CHECK(lua_resume(co, L, 0, &nres) == LUA_YIELD && nres == 0);
  CHECK(lua_resume(co, L, 0, &nres) == LUA_YIELD && nres == 1 && lua_tointeger(co, -1) == 1);
  lua_pop(co, 1);
  lua_pushinteger(co, 5);
  CHECK(lua_resume(co, L, 1, &nres) == LUA_OK && nres == 1 && lua_tointeger(co, -1) == 6);
  lua_settop(L, 0);
  return NULL;
}

static int gccount;
static int c_gc(lua_State *L) {
  (void)L;
  gccount++;
  return 0;
}

static const char *t_gc(lua_State *L) {
  /* weak values disappear after a full collection; strings stay */
  CHECK(luaL_dostring(L,
    "local t = setmetatable({}, {__mode='v'})\n"
    "t[1] = {} ; t[2] = 'str' ; t.x = {} ; local keep = {} ; t.k = keep\n"
    "collectgarbage() ; collectgarbage()\n"
    "local n = 0 ; for k in pairs(t) do n = n + 1 end\n"
    "return t[1], t[2], t.x, t.k == keep, n") == LUA_OK);
  CHECK(lua_isnil(L, 1) && lua_type(L, 2) == LUA_TSTRING && lua_isnil(L, 3));
  CHECK(lua_toboolean(L, 4) && lua_tointeger(L, 5) == 2);
  lua_settop(L, 0);
  CHECK(lua_gc(L, LUA_GCISRUNNING) == 1);
  lua_gc(L, LUA_GCSTOP);
  CHECK(lua_gc(L, LUA_GCISRUNNING) == 0);
  lua_gc(L, LUA_GCRESTART);
  CHECK(lua_gc(L, LUA_GCCOUNT) > 0);
  CHECK(lua_gc(L, LUA_GCINC, 0, 0, 0) == LUA_GCINC);
  CHECK(lua_gc(L, LUA_GCGEN, 0, 0) == LUA_GCINC);
  CHECK(lua_gc(L, LUA_GCINC, 0, 0, 0) == LUA_GCGEN);
  /* finalizers of userdata registered from C: Boehm scans conservatively, so a stale
   * pointer may keep one or two alive; lua_close must finalize whatever is left. */
  gccount = 0;
  lua_newtable(L);
  lua_pushcfunction(L, c_gc);
  lua_setfield(L, -2, "__gc");
  for (int i = 0; i < 20; i++) {
    lua_newuserdatauv(L, 8, 0);
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
  lua_gc(L, LUA_GCCOLLECT);
  lua_gc(L, LUA_GCCOLLECT);
  CHECK(gccount >= 15 && gccount <= 20);
  lua_close(L);
  CHECK(gccount == 20);
  return "closed";
}

/* Two independent states share one Boehm heap: each finalizer runs once, in its own state. */
static int gcA, gcB;
static int c_gcA(lua_State *L) { (void)L; gcA++; return 0; }
static int c_gcB(lua_State *L) { (void)L; gcB++; return 0; }

static void makefin(lua_State *L, lua_CFunction f, int n) {
  lua_newtable(L);
  lua_pushcfunction(L, f);
  lua_setfield(L, -2, "__gc");
  for (int i = 0; i < n; i++) {
    lua_newtable(L);
    lua_pushvalue(L, -2);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static const char *t_twostates(lua_State *L) {
  lua_State *L2 = luaL_newstate();
  gcA = gcB = 0;
  makefin(L, c_gcA, 10);
  makefin(L2, c_gcB, 10);
  lua_gc(L, LUA_GCCOLLECT);        /* may queue L2's objects too */
  lua_gc(L2, LUA_GCCOLLECT);
  CHECK(gcA <= 10 && gcB <= 10);
  lua_close(L2);
  CHECK(gcB == 10);
  lua_close(L);
  CHECK(gcA == 10 && gcB == 10);
  return "closed";
}

static const char *t_upvalues(lua_State *L) {
  CHECK(luaL_dostring(L,
    "local a, b = 1, 2\n"
    "return function() return a + b end, function() return a end") == LUA_OK);
  CHECK(strcmp(lua_getupvalue(L, 1, 1), "a") == 0 && lua_tointeger(L, -1) == 1);
  lua_pop(L, 1);
  lua_pushinteger(L, 10);
  CHECK(strcmp(lua_setupvalue(L, 1, 1), "a") == 0);
  CHECK(lua_getupvalue(L, 1, 3) == NULL);
  CHECK(lua_upvalueid(L, 1, 1) == lua_upvalueid(L, 2, 1));
  CHECK(lua_upvalueid(L, 1, 2) != lua_upvalueid(L, 2, 1));
  lua_upvaluejoin(L, 2, 1, 1, 2);  /* second function's a := first's b */
  lua_pushvalue(L, 2);
  lua_call(L, 0, 1);
  CHECK(lua_tointeger(L, -1) == 2);
  lua_settop(L, 0);
  lua_pushinteger(L, 7);
  lua_pushcclosure(L, c_index, 1);
  CHECK(strcmp(lua_getupvalue(L, 1, 1), "") == 0 && lua_tointeger(L, -1) == 7);
  lua_settop(L, 0);
  return NULL;
}

typedef struct Buf { char data[4096]; size_t n; } Buf;
static int writer(lua_State *L, const void *p, size_t sz, void *ud) {
  Buf *b = ud;
  (void)L;
  if (b->n + sz > sizeof(b->data)) return 1;
  memcpy(b->data + b->n, p, sz);
  b->n += sz;
  return 0;
}

static const char *t_dump(lua_State *L) {
  static Buf b;
  b.n = 0;
  CHECK(luaL_loadstring(L, "local x = ... ; return x * 3, 'ok'") == LUA_OK);
  CHECK(lua_dump(L, writer, &b, 0) == 0 && b.n > 0);
  lua_settop(L, 0);
  CHECK(luaL_loadbufferx(L, b.data, b.n, "=dumped", "t") == LUA_ERRSYNTAX);
  lua_settop(L, 0);
  CHECK(luaL_loadbufferx(L, b.data, b.n, "=dumped", "b") == LUA_OK);
  lua_pushinteger(L, 5);
  lua_call(L, 1, 2);
  CHECK(lua_tointeger(L, 1) == 15 && strcmp(lua_tostring(L, 2), "ok") == 0);
  lua_settop(L, 0);
  return NULL;
}

static int closed;
static int c_close(lua_State *L) {
  (void)L;
  closed++;
  return 0;
}

static int c_withtbc(lua_State *L) {
  lua_newtable(L);
  lua_newtable(L);
  lua_pushcfunction(L, c_close);
  lua_setfield(L, -2, "__close");
  lua_setmetatable(L, -2);
  lua_toclose(L, -1);
  lua_pushinteger(L, 1);
  return 1;
}

static const char *t_toclose(lua_State *L) {
  closed = 0;
  lua_pushcfunction(L, c_withtbc);
  lua_call(L, 0, 1);
  CHECK(closed == 1 && lua_tointeger(L, -1) == 1);
  lua_settop(L, 0);
  lua_newtable(L);
  lua_newtable(L);
  lua_pushcfunction(L, c_close);
  lua_setfield(L, -2, "__close");
  lua_setmetatable(L, -2);
  lua_toclose(L, 1);
  lua_closeslot(L, 1);
  CHECK(closed == 2 && lua_isnil(L, 1));
  lua_settop(L, 0);
  return NULL;
}

static char warned[256];
static void warnf(void *ud, const char *msg, int tocont) {
  (void)ud;
  (void)tocont;
  strncat(warned, msg, sizeof(warned) - strlen(warned) - 1);
}

static const char *t_warn(lua_State *L) {
  warned[0] = '\0';
  lua_setwarnf(L, warnf, NULL);
  lua_warning(L, "one ", 1);
  lua_warning(L, "two", 0);
  CHECK(strcmp(warned, "one two") == 0);
  return NULL;
}

static const char *t_buffer(lua_State *L) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 0; i < 1000; i++) luaL_addstring(&b, "abc");
  luaL_addchar(&b, '!');
  lua_pushinteger(L, 12);
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  CHECK(lua_rawlen(L, -1) == 3003);
  CHECK(memcmp(lua_tostring(L, -1) + 2997, "abc!12", 6) == 0);
  lua_settop(L, 0);
  return NULL;
}

/* States on several OS threads at once (nacre_threads_enable / nacre_thread_attach): each
 * thread makes its own state and interns the same strings as the others while collections run,
 * so a shared table of strings or finalizer list that lost an entry shows up as a wrong count.
 * 100,000 objects get a __gc, 80,000 of them die before lua_close. How many finalizers have run
 * before the close depends on conservative scanning (up to a whole round, 20,000, was still
 * unfinalized under load: one stale pointer to an old node array is enough), so the count is taken after
 * lua_close, which runs every finalizer left: none may be lost or run twice. */
#define OSTHREADS 4
#define OSTHREAD_OBJECTS 100000
static const char *osthread_result[OSTHREADS];
static long osthread_fins[OSTHREADS];

static int osthread_fin(lua_State *S) {
  osthread_fins[lua_tointeger(S, lua_upvalueindex(1))]++;
  return 0;
}

static void *osthread(void *arg) {
  int i = (int)(intptr_t)arg, attached = nacre_thread_attach();
  lua_State *S;
  if (attached < 0) {
    osthread_result[i] = "attach failed";
    return NULL;
  }
  S = luaL_newstate();
  luaL_openlibs(S);
  lua_pushinteger(S, i);
  lua_pushcclosure(S, osthread_fin, 1);
  lua_setglobal(S, "fin");
  if (luaL_dostring(S, "local t = {} "
                       "for r = 1, 5 do for k = 1, 20000 do t['key' .. k] = setmetatable({}, "
                       "{__gc = fin}) end collectgarbage() end "
                       "local c = 0 for _ in pairs(t) do c = c + 1 end "
                       "return c == 20000") != LUA_OK)
    osthread_result[i] = "script failed";
  else if (!lua_toboolean(S, -1))
    osthread_result[i] = "wrong count of keys";
  lua_close(S);
  if (!osthread_result[i] && osthread_fins[i] != OSTHREAD_OBJECTS)
    osthread_result[i] = "finalizers lost or run twice";
  if (attached == 0) nacre_thread_detach();
  return NULL;
}

static const char *t_osthreads(lua_State *L) {
  pthread_t tid[OSTHREADS];
  int i;
  nacre_threads_enable();
  for (i = 0; i < OSTHREADS; i++)
    if (pthread_create(&tid[i], NULL, osthread, (void *)(intptr_t)i) != 0) return "pthread_create";
  /* this thread keeps interning and collecting meanwhile */
  if (luaL_dostring(L, "local t = {} for r = 1, 5 do for k = 1, 20000 do t['key' .. k] = {} end "
                       "collectgarbage() end") != LUA_OK)
    return "main script failed";
  for (i = 0; i < OSTHREADS; i++) pthread_join(tid[i], NULL);
  for (i = 0; i < OSTHREADS; i++)
    if (osthread_result[i]) return osthread_result[i];
  return NULL;
}

/* The start-up arena (vm/gc.c) holds only what lua_newstate and luaL_openlibs make: objects a
 * host makes afterwards, with or without the libraries, are collected as usual, and a __gc set
 * on an arena object (the registry, a library table) runs exactly once, at lua_close. */
static int arena_fins;

static int arena_fin(lua_State *S) {
  (void)S;
  arena_fins++;
  return 0;
}

static const char *arena_objects(lua_State *S, int n) {
  lua_newtable(S);                 /* one metatable for all */
  lua_pushcfunction(S, arena_fin);
  lua_setfield(S, -2, "__gc");
  for (int i = 0; i < n; i++) {
    lua_newtable(S);
    lua_pushvalue(S, -2);
    lua_setmetatable(S, -2);
    lua_pop(S, 1);
  }
  lua_pop(S, 1);
  lua_gc(S, LUA_GCCOLLECT);
  lua_gc(S, LUA_GCCOLLECT);
  /* conservative scanning may keep a few; an arena would keep them all */
  return arena_fins >= n * 9 / 10 ? NULL : "objects made after the start were not collected";
}

static const char *t_arena(lua_State *L) {
  lua_State *S = luaL_newstate();  /* no libraries */
  const char *err;
  arena_fins = 0;
  if ((err = arena_objects(S, 1000)) != NULL) return err;
  lua_newtable(S);
  lua_pushcfunction(S, arena_fin);
  lua_setfield(S, -2, "__gc");
  lua_setmetatable(S, LUA_REGISTRYINDEX);  /* the registry was made in the arena */
  lua_close(S);
  CHECK(arena_fins == 1001);       /* each object and the registry once */
  arena_fins = 0;
  if ((err = arena_objects(L, 1000)) != NULL) return err;  /* L has the libraries */
  CHECK(luaL_dostring(L, "string.gsub('a', 'a', 'b')") == LUA_OK);
  lua_getglobal(L, "string");
  lua_newtable(L);
  lua_pushcfunction(L, arena_fin);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_pop(L, 1);
  lua_gc(L, LUA_GCCOLLECT);
  lua_close(L);
  CHECK(arena_fins == 1001);       /* the string library's table at the close */
  return "closed";
}

/* C functions called from Lua: the interpreter's fast path (one result into one wanted, no
 * hook, room on the stack and in the CallInfo list) and each of its fallbacks. */
static int c_nres(lua_State *L) {       /* returns its first argument's number of values */
  int n = (int)luaL_checkinteger(L, 1);
  for (int i = 0; i < n; i++) lua_pushinteger(L, 10 + i);
  return n;
}
static int c_liar(lua_State *L) { (void)L; return (int)lua_tointeger(L, 1); }
static int hookcalls, hookrets;
static void counthook(lua_State *L, lua_Debug *ar) {
  (void)L;
  if (ar->event == LUA_HOOKCALL) hookcalls++;
  else if (ar->event == LUA_HOOKRET) hookrets++;
}

static const char *t_ccalls(lua_State *L) {
  lua_register(L, "nres", c_nres);
  lua_register(L, "liar", c_liar);
  CHECK(luaL_dostring(L,
    "local a = nres(1) local b = nres(0) local c, d = nres(1) local e = nres(3)\n"
    "local t = {nres(3)} local f, g = nres(4)\n"
    "return a == 10 and b == nil and c == 10 and d == nil and e == 10 and #t == 3\n"
    "  and t[3] == 12 and f == 10 and g == 11") == LUA_OK);
  CHECK(lua_toboolean(L, -1));
  lua_pop(L, 1);
  /* deep enough that the stack and the CallInfo list grow at a C call */
  CHECK(luaL_dostring(L,
    "local function r(k) if k == 0 then return nres(1) end return (r(k - 1)) end\n"
    "return r(150)") == LUA_OK);
  CHECK(lua_tointeger(L, -1) == 10);
  lua_pop(L, 1);
  CHECK(luaL_loadstring(L, "local x = liar(5)") == LUA_OK && lua_pcall(L, 0, 0, 0) == LUA_ERRRUN);
  CHECK(strstr(lua_tostring(L, -1), "C function returned 5 results but only 1 are on the stack"));
  lua_pop(L, 1);
  CHECK(luaL_loadstring(L, "local x = liar(-1)") == LUA_OK && lua_pcall(L, 0, 0, 0) == LUA_ERRRUN);
  CHECK(strstr(lua_tostring(L, -1), "C function returned -1 results but only 1 are on the stack"));
  lua_pop(L, 1);
  CHECK(luaL_loadstring(L, "local s = 0 for i = 1, 10 do s = s + nres(1) end return s") == LUA_OK);
  hookcalls = hookrets = 0;
  lua_sethook(L, counthook, LUA_MASKCALL | LUA_MASKRET, 0);
  CHECK(lua_pcall(L, 0, 1, 0) == LUA_OK);
  lua_sethook(L, NULL, 0, 0);
  CHECK(lua_tointeger(L, -1) == 100);
  /* the chunk and nres ten times (lua_sethook's own return is counted too) */
  CHECK(hookcalls == 11 && hookrets >= 11);
  lua_pop(L, 1);
  CHECK(luaL_loadstring(L, "local s = 0 for i = 1, 10 do s = s + nres(1) end return s") == LUA_OK);
  hookrets = 0;
  lua_sethook(L, counthook, LUA_MASKRET, 0);
  CHECK(lua_pcall(L, 0, 1, 0) == LUA_OK);
  lua_sethook(L, NULL, 0, 0);
  CHECK(lua_tointeger(L, -1) == 100 && hookrets >= 11);
  lua_pop(L, 1);
  return NULL;
}

static const struct { const char *name; const char *(*fn)(lua_State *); } tests[] = {
  {"stack", t_stack}, {"values", t_values}, {"tables", t_tables},
  {"metatables", t_metatables}, {"apimeta", t_apimeta}, {"userdata", t_userdata}, {"errors", t_errors},
  {"threads", t_threads}, {"gc", t_gc}, {"twostates", t_twostates}, {"upvalues", t_upvalues}, {"dump", t_dump},
  {"toclose", t_toclose}, {"warn", t_warn}, {"buffer", t_buffer}, {"osthreads", t_osthreads},
  {"arena", t_arena}, {"ccalls", t_ccalls},
};

int main(int argc, char **argv) {
  int failed = 0;
  if (argc > 1 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) printf("%s\n", tests[i].name);
    return 0;
  }
  for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
    if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) continue;
    lua_State *L = luaL_newstate();
    if (L == NULL) {
      printf("FAIL c_%s: no state\n", tests[i].name);
      failed++;
      continue;
    }
    luaL_openlibs(L);
    const char *err = tests[i].fn(L);
    if (err && strcmp(err, "closed") == 0) {  /* the test closed the state itself */
      printf("PASS c_%s\n", tests[i].name);
      fflush(stdout);
      continue;
    }
    if (err) {
      printf("FAIL c_%s: %s\n", tests[i].name, err);
      failed++;
    } else {
      printf("PASS c_%s\n", tests[i].name);
    }
    fflush(stdout);
    lua_close(L);
  }
  return failed != 0;
}
