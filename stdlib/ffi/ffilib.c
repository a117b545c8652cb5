/* The `ffi` module table (LuaJIT's API plus cffi-lua's addressof, tonumber, toretval and
 * nullptr) and luaopen_ffi. The FFI is full trust: under --sandbox, require "ffi" is denied
 * unless --allow-ffi grants it (the policy in runtime/policy.c decides). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lualib.h"
#include "runtime/sandbox.h"
#include "stdlib/ffi/ffi.h"

#define CS() ((CState *)lua_touserdata(L, lua_upvalueindex(1)))

/* The platform's typedefs (LP64 Linux). */
static const char BUILTIN_DECLS[] =
    "typedef signed char int8_t; typedef unsigned char uint8_t;"
    "typedef short int16_t; typedef unsigned short uint16_t;"
    "typedef int int32_t; typedef unsigned int uint32_t;"
    "typedef long long int64_t; typedef unsigned long long uint64_t;"
    "typedef long long intmax_t; typedef unsigned long long uintmax_t;"
    "typedef unsigned long size_t; typedef long ssize_t;"
    "typedef long intptr_t; typedef unsigned long uintptr_t; typedef long ptrdiff_t;"
    "typedef int wchar_t; typedef long off_t; typedef long time_t;"
    "typedef void *va_list; typedef void *__builtin_va_list; typedef void *__gnuc_va_list;";

/* Size of the data of the cdata at idx (VLAs and VLSs have the size they were made with). */
static uint64_t cdatasize(CState *cs, lua_State *L, int idx, CData *cd) {
  CType *t = cf_raw(cs, cd->id);
  if (!(cd->flags & (CD_REF | CD_CTYPE)) &&
      ((t->kind == CT_ARRAY && (t->flags & CF_VLA)) || (t->flags & CF_VLS)))
    return lua_rawlen(L, idx) - sizeof(CData) - (t->align > 16 ? t->align : 0);
  return t->size;
}

static int f_cdef(lua_State *L) {
  cf_cdef(CS(), L, luaL_checkstring(L, 1));
  return 0;
}

static int f_new(lua_State *L) {
  CState *cs = CS();
  int id = cf_checkctype(cs, L, 1, 0), first = 2;
  CType *t = cf_raw(cs, id);
  uint64_t size = t->size;
  CData *cd;
  if ((t->kind == CT_ARRAY && (t->flags & CF_VLA)) || (t->flags & CF_VLS)) {
    lua_Integer n = luaL_checkinteger(L, 2);
    if (n < 0 || (uint64_t)n > 0x7fffffff) return luaL_argerror(L, 2, "bad number of elements");
    size = cf_vlasize(cs, id, n);
    first = 3;
  }
  if (size == CT_NOSIZE || t->kind == CT_VOID || t->kind == CT_FUNC || size > 0x7fffffffu)
    return luaL_error(L, "size of C type '%s' is unknown or too large", cf_pushrepr(cs, L, id));
  cd = cf_newcdata(cs, L, id, (size_t)size);
  if (lua_gettop(L) > first) { /* initializers below the new cdata */
    int top = lua_gettop(L);
    int init = id;
    if (t->kind == CT_ARRAY && (t->flags & CF_VLA)) /* initialise as the array it is */
      init = cf_arrayof(cs, L, t->base, lua_tointeger(L, 2), 0);
    cf_init(cs, L, init, cd->p, first, top - 1);
  }
  return 1;
}

static int f_cast(lua_State *L) {
  CState *cs = CS();
  int id = cf_checkctype(cs, L, 1, 0);
  CType *t = cf_raw(cs, id);
  CData *cd;
  luaL_checkany(L, 2);
  if (t->kind == CT_FUNC) id = cf_ptrto(cs, L, id, 0);
  t = cf_raw(cs, id);
  if (t->kind == CT_STRUCT || t->kind == CT_ARRAY || t->kind == CT_VOID)
    return luaL_error(L, "invalid C type for a cast to '%s'", cf_pushrepr(cs, L, id));
  cd = cf_newcdata(cs, L, id, t->size);
  cf_tocval(cs, L, id, cd->p, 2, CONV_CAST);
  return 1;
}

static int f_typeof(lua_State *L) {
  CState *cs = CS();
  cf_pushctype(cs, L, cf_checkctype(cs, L, 1, 2));
  return 1;
}

static int f_metatype(lua_State *L) {
  CState *cs = CS();
  int id = cf_checkctype(cs, L, 1, 0);
  CType *t = cf_raw(cs, id);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (t->kind != CT_STRUCT) return luaL_argerror(L, 1, "struct or union type expected");
  if (t->mt != LUA_NOREF) return luaL_error(L, "cannot change a protected metatable");
  lua_pushvalue(L, 2);
  cf_raw(cs, id)->mt = luaL_ref(L, LUA_REGISTRYINDEX);
  cf_pushctype(cs, L, id);
  return 1;
}

static int f_gc(lua_State *L) {
  CState *cs = CS();
  CData *cd = cf_tocdata(cs, L, 1);
  if (cd == NULL || (cd->flags & CD_CTYPE)) return luaL_typeerror(L, 1, "cdata");
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_rawgeti(L, LUA_REGISTRYINDEX, cs->mtgcref);
    lua_setmetatable(L, 1);
  }
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, 1, 1);
  lua_settop(L, 1);
  return 1;
}

static int f_sizeof(lua_State *L) {
  CState *cs = CS();
  CData *cd = cf_tocdata(cs, L, 1);
  int id = cf_checkctype(cs, L, 1, 0);
  CType *t = cf_raw(cs, id);
  uint64_t size;
  if (cd && !(cd->flags & CD_CTYPE)) size = cdatasize(cs, L, 1, cd);
  else if ((t->kind == CT_ARRAY && (t->flags & CF_VLA)) || (t->flags & CF_VLS))
    size = lua_isnoneornil(L, 2) ? CT_NOSIZE : cf_vlasize(cs, id, luaL_checkinteger(L, 2));
  else size = t->size;
  if (size == CT_NOSIZE || t->kind == CT_FUNC) lua_pushnil(L);
  else lua_pushinteger(L, (lua_Integer)size);
  return 1;
}

static int f_alignof(lua_State *L) {
  CState *cs = CS();
  lua_pushinteger(L, cf_raw(cs, cf_checkctype(cs, L, 1, 0))->align);
  return 1;
}

static int f_offsetof(lua_State *L) {
  CState *cs = CS();
  int id = cf_checkctype(cs, L, 1, 0);
  uint32_t off = 0;
  const CField *f = cf_findfield(cs, id, luaL_checkstring(L, 2), &off);
  if (f == NULL) return 0;
  lua_pushinteger(L, off);
  if (!f->isbit) return 1;
  lua_pushinteger(L, f->bitpos);
  lua_pushinteger(L, f->bitsize);
  return 3;
}

static int f_istype(lua_State *L) {
  CState *cs = CS();
  int id = cf_checkctype(cs, L, 1, 0);
  CData *cd = cf_tocdata(cs, L, 2);
  lua_pushboolean(L, cd && !(cd->flags & CD_CTYPE) && cf_unq(cs, cd->id) == cf_unq(cs, id));
  return 1;
}

static int f_errno(lua_State *L) {
  CState *cs = CS();
  int old = cs->saved_errno;
  if (!lua_isnoneornil(L, 1)) {
    cs->saved_errno = (int)luaL_checkinteger(L, 1);
    errno = cs->saved_errno;
  }
  lua_pushinteger(L, old);
  return 1;
}

static void *checkptr(CState *cs, lua_State *L, int idx) {
  int ok;
  void *p = cf_topointer(cs, L, idx, &ok);
  if (!ok) luaL_typeerror(L, idx, "pointer");
  if (p == NULL) luaL_argerror(L, idx, "NULL pointer");
  return p;
}

static int f_string(lua_State *L) {
  CState *cs = CS();
  const char *p = checkptr(cs, L, 1);
  if (!lua_isnoneornil(L, 2)) {
    lua_Integer n = luaL_checkinteger(L, 2);
    if (n < 0) return luaL_argerror(L, 2, "negative length");
    lua_pushlstring(L, p, (size_t)n);
  } else {
    lua_pushstring(L, p);
  }
  return 1;
}

static int f_copy(lua_State *L) {
  CState *cs = CS();
  void *dst = checkptr(cs, L, 1);
  size_t len;
  const void *src;
  if (lua_type(L, 2) == LUA_TSTRING && lua_isnoneornil(L, 3)) {
    src = lua_tolstring(L, 2, &len);
    len++; /* with the terminating NUL */
  } else {
    lua_Integer n = luaL_checkinteger(L, 3);
    src = checkptr(cs, L, 2);
    if (n < 0) return luaL_argerror(L, 3, "negative length");
    len = (size_t)n;
  }
  memmove(dst, src, len);
  return 0;
}

static int f_fill(lua_State *L) {
  CState *cs = CS();
  void *dst = checkptr(cs, L, 1);
  lua_Integer n = luaL_checkinteger(L, 2);
  if (n < 0) return luaL_argerror(L, 2, "negative length");
  memset(dst, (int)luaL_optinteger(L, 3, 0), (size_t)n);
  return 0;
}

static int f_abi(lua_State *L) {
  const char *what = luaL_checkstring(L, 1);
  int r = 0;
  const union { uint16_t u; uint8_t b[2]; } endian = {1};
  if (strcmp(what, "64bit") == 0) r = sizeof(void *) == 8;
  else if (strcmp(what, "32bit") == 0) r = sizeof(void *) == 4;
  else if (strcmp(what, "le") == 0) r = endian.b[0] == 1;
  else if (strcmp(what, "be") == 0) r = endian.b[0] == 0;
  else if (strcmp(what, "fpu") == 0) r = 1;
  else if (strcmp(what, "hardfp") == 0) r = 1;
  lua_pushboolean(L, r);
  return 1;
}

static int f_addressof(lua_State *L) {
  CState *cs = CS();
  CData *cd = cf_tocdata(cs, L, 1), *p;
  if (cd == NULL || (cd->flags & CD_CTYPE)) return luaL_typeerror(L, 1, "cdata");
  p = cf_newcdata(cs, L, cf_ptrto(cs, L, cd->id, 0), sizeof(void *));
  memcpy(p->p, &cd->p, sizeof(void *));
  return 1;
}

static int f_tonumber(lua_State *L) {
  CState *cs = CS();
  CData *cd = cf_tocdata(cs, L, 1);
  if (cd && !(cd->flags & CD_CTYPE) && cf_isnumeric(cf_raw(cs, cd->id))) {
    cf_pushcval(cs, L, cd->id, cd->p, 1);
    if (lua_isboolean(L, -1)) lua_pushinteger(L, lua_toboolean(L, -1));
    return 1;
  }
  if (cd) {
    lua_pushnil(L);
    return 1;
  }
  lua_getglobal(L, "tonumber");
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int f_toretval(lua_State *L) {
  CState *cs = CS();
  CData *cd = cf_tocdata(cs, L, 1);
  if (cd == NULL || (cd->flags & CD_CTYPE)) {
    lua_settop(L, 1);
    return 1;
  }
  cf_pushcval(cs, L, cd->id, cd->p, 1);
  return 1;
}

int luaopen_ffi(lua_State *L) {
  static const luaL_Reg funcs[] = {
      {"cdef", f_cdef}, {"new", f_new}, {"cast", f_cast}, {"typeof", f_typeof},
      {"metatype", f_metatype}, {"gc", f_gc}, {"sizeof", f_sizeof}, {"alignof", f_alignof},
      {"offsetof", f_offsetof}, {"istype", f_istype}, {"errno", f_errno},
      {"string", f_string}, {"copy", f_copy}, {"fill", f_fill}, {"load", cf_clib_load},
      {"addressof", f_addressof}, {"tonumber", f_tonumber}, {"toretval", f_toretval},
      {NULL, NULL}};
  CState *cs;
  if (rt_policy_ask(L, RT_FFI, "require \"ffi\"") != 0) return lua_error(L);
  cs = cf_state(L);
  if (cs->mtref == 0) {
    lua_pushlightuserdata(L, cs);
    lua_pushcclosure(L, f_tonumber, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "nacre.ffi.tonumber");
    cf_register_mt(cs, L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
    cs->main = lua_tothread(L, -1);
    lua_pop(L, 1);
    cf_cdef(cs, L, BUILTIN_DECLS);
  }
  luaL_newlibtable(L, funcs);
  lua_pushlightuserdata(L, cs);
  luaL_setfuncs(L, funcs, 1);
  lua_getfield(L, -1, "new");
  lua_setfield(L, LUA_REGISTRYINDEX, "nacre.ffi.new");
  lua_pushcfunction(L, f_abi);
  lua_setfield(L, -2, "abi");
  cf_clib_open(cs, L);
  lua_setfield(L, -2, "C");
  {
    CData *np = cf_newcdata(cs, L, CTID_P_VOID, sizeof(void *));
    memset(np->p, 0, sizeof(void *));
    lua_setfield(L, -2, "nullptr");
  }
#if defined(__linux__)
  lua_pushliteral(L, "Linux");
#elif defined(__APPLE__)
  lua_pushliteral(L, "OSX");
#elif defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
  lua_pushliteral(L, "BSD");
#else
  lua_pushliteral(L, "Other");
#endif
  lua_setfield(L, -2, "os");
#if defined(__x86_64__)
  lua_pushliteral(L, "x64");
#elif defined(__aarch64__)
  lua_pushliteral(L, "arm64");
#elif defined(__i386__)
  lua_pushliteral(L, "x86");
#elif defined(__arm__)
  lua_pushliteral(L, "arm");
#elif defined(__powerpc64__)
  lua_pushliteral(L, "ppc64");
#elif defined(__powerpc__)
  lua_pushliteral(L, "ppc");
#elif defined(__riscv)
  lua_pushliteral(L, "riscv64");
#else
  lua_pushliteral(L, "unknown");
#endif
  lua_setfield(L, -2, "arch");
  return 1;
}
