/* Inline fast paths of the C API calls the standard library (part of nacre) makes per call:
 * included after lua.h/lauxlib.h, it maps those names onto versions that handle the common case
 * (a stack index, a value of the wanted type, an array element) and otherwise call the exported
 * function, so conversions, metamethods, errors and messages stay the exported ones. */
#ifndef VM_APIINLINE_H
#define VM_APIINLINE_H

#include "lauxlib.h"
#include "lua.h"
#include "vm/api.h"
#include "vm/core.h"
#include "vm/gc.h"
#include "vm/str.h"

/* Stack indices inline (a positive one at or above top reads as the nil that lua_type
 * reports as LUA_TNONE); pseudo-indices call vm/api.c. */
static inline Value *vm_api_arg(lua_State *L, int idx) {
  if (l_likely(idx > 0)) {
    StkId o = L->ci->func + idx;
    return o < L->top ? s2v(o) : &G(L)->nilvalue;
  }
  if (l_likely(idx > LUA_REGISTRYINDEX)) return s2v(L->top + idx);
  return vm_api_index2value(L, idx);
}

static inline int vm_api_gettop(lua_State *L) {
  return (int)(L->top - (L->ci->func + 1));
}

static inline int vm_api_type(lua_State *L, int idx) {
  const Value *o = vm_api_arg(L, idx);
  return (!ttisnil(o) || o != &G(L)->nilvalue) ? ttype(o) : LUA_TNONE;
}

static inline int vm_api_isstring(lua_State *L, int idx) {
  const Value *o = vm_api_arg(L, idx);
  return ttisstring(o) || ttisnumber(o);
}

static inline int vm_api_toboolean(lua_State *L, int idx) {
  return !l_isfalse(vm_api_arg(L, idx));
}

/* The contents of the string o (and its length), or NULL when o is not a string. */
static inline const char *vm_api_str(const Value *o, size_t *len) {
  if (!ttisstring(o)) return NULL;
  if (len != NULL) *len = vslen(o);
  return svalue(o);
}

static inline const char *vm_api_tolstring(lua_State *L, int idx, size_t *len) {
  const char *s = vm_api_str(vm_api_arg(L, idx), len);
  return l_likely(s != NULL) ? s : (lua_tolstring)(L, idx, len);
}

static inline lua_Integer vm_api_tointegerx(lua_State *L, int idx, int *pisnum) {
  const Value *o = vm_api_arg(L, idx);
  if (l_likely(ttisinteger(o))) {
    if (pisnum != NULL) *pisnum = 1;
    return ivalue(o);
  }
  return (lua_tointegerx)(L, idx, pisnum);
}

static inline void vm_api_pushinteger(lua_State *L, lua_Integer n) {
  setivalue(s2v(L->top), n);
  L->top++;
}

static inline void vm_api_pushnumber(lua_State *L, lua_Number n) {
  setfltvalue(s2v(L->top), n);
  L->top++;
}

static inline void vm_api_pushboolean(lua_State *L, int b) {
  if (b) setbtvalue(s2v(L->top)); else setbfvalue(s2v(L->top));
  L->top++;
}

static inline void vm_api_pushvalue(lua_State *L, int idx) {
  setobj2s(L, L->top, vm_api_arg(L, idx));
  L->top++;
}

/* lua_pop and the other negative settop: no to-be-closed slot is dropped. */
static inline void vm_api_settop(lua_State *L, int idx) {
  if (l_likely(idx < 0) && L->tbclist < L->top + idx + 1) L->top += idx + 1;
  else (lua_settop)(L, idx);
}

/* t[n] for a table at idx whose array part holds n with a value: the read without
 * metamethods that lua_geti would make. */
static inline int vm_api_geti(lua_State *L, int idx, lua_Integer n) {
  const Value *t = vm_api_arg(L, idx);
  if (l_likely(ttistable(t) && l_castS2U(n) - 1u < hvalue(t)->asize)) {
    const Value *slot = &hvalue(t)->array[n - 1];
    if (l_likely(!isempty(slot))) {
      setobj2s(L, L->top, slot);
      L->top++;
      return ttype(slot);
    }
  }
  return (lua_geti)(L, idx, n);
}

/* t[n] = top - 1 (popped) for a writable table at idx whose array part holds n with a
 * value, where lua_seti stores raw too. */
static inline void vm_api_seti(lua_State *L, int idx, lua_Integer n) {
  const Value *t = vm_api_arg(L, idx);
  if (l_likely(ttistable(t) && l_castS2U(n) - 1u < hvalue(t)->asize &&
                 !hvalue(t)->guards && !hvalue(t)->weakmode)) {
    Value *slot = &hvalue(t)->array[n - 1];
    if (l_likely(!isempty(slot))) {
      L->top--;
      setobj(L, slot, s2v(L->top));
      return;
    }
  }
  (lua_seti)(L, idx, n);
}

static inline const char *vm_api_pushlstring(lua_State *L, const char *s, size_t len) {
  TString *ts = vm_str_new(L, s, len);
  setsvalue(L, s2v(L->top), ts);
  L->top++;
  gc_checkpoint(L);
  return getstr(ts);
}

/* Argument idx (1-based) of the running C function without the bounds check: only for
 * idx <= lua_gettop (a library function's fast path that has checked its argument count). */
static inline const Value *vm_api_rawarg(lua_State *L, int idx) {
  return s2v(L->ci->func + idx);
}

static inline const char *vm_api_checklstring(lua_State *L, int arg, size_t *len) {
  const char *s = vm_api_str(vm_api_arg(L, arg), len);
  return l_likely(s != NULL) ? s : (luaL_checklstring)(L, arg, len);
}

static inline lua_Integer vm_api_checkinteger(lua_State *L, int arg) {
  const Value *o = vm_api_arg(L, arg);
  if (l_likely(ttisinteger(o))) return ivalue(o);
  return (luaL_checkinteger)(L, arg);
}

static inline lua_Integer vm_api_optinteger(lua_State *L, int arg, lua_Integer def) {
  const Value *o = vm_api_arg(L, arg);
  if (l_likely(ttisinteger(o))) return ivalue(o);
  if (ttisnil(o)) return def;      /* nil or absent */
  return (luaL_checkinteger)(L, arg);
}

static inline lua_Number vm_api_checknumber(lua_State *L, int arg) {
  const Value *o = vm_api_arg(L, arg);
  if (l_likely(ttisfloat(o))) return fltvalue(o);
  if (ttisinteger(o)) return (lua_Number)ivalue(o);
  return (luaL_checknumber)(L, arg);
}

#define lua_gettop(L) vm_api_gettop(L)
#define lua_type(L, i) vm_api_type(L, i)
#define lua_isstring(L, i) vm_api_isstring(L, i)
#define lua_toboolean(L, i) vm_api_toboolean(L, i)
#define lua_tolstring(L, i, len) vm_api_tolstring(L, i, len)
#define lua_tointegerx(L, i, p) vm_api_tointegerx(L, i, p)
#define lua_pushinteger(L, n) vm_api_pushinteger(L, n)
#define lua_pushnumber(L, n) vm_api_pushnumber(L, n)
#define lua_pushboolean(L, b) vm_api_pushboolean(L, b)
#define lua_pushvalue(L, i) vm_api_pushvalue(L, i)
#define lua_pushlstring(L, s, len) vm_api_pushlstring(L, s, len)
#define lua_settop(L, i) vm_api_settop(L, i)
#define lua_geti(L, i, n) vm_api_geti(L, i, n)
#define lua_seti(L, i, n) vm_api_seti(L, i, n)
#define luaL_checklstring(L, a, len) vm_api_checklstring(L, a, len)
#define luaL_checkinteger(L, a) vm_api_checkinteger(L, a)
#define luaL_optinteger(L, a, d) vm_api_optinteger(L, a, d)
#define luaL_checknumber(L, a) vm_api_checknumber(L, a)

#endif
