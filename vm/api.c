/* The Lua 5.4 C API over the VM: stack indices and pseudo-indices, pushing and reading
 * values, table and metatable access, userdata, loading and dumping, upvalues and lua_gc.
 * Calls, errors and coroutines are in do.c, states in state.c, debug functions in debug.c. */
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "lua.h"
#include "vm/api.h"
#include "vm/bytecode/bytecode.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/state.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/tm.h"
#include "vm/zio.h"

const char lua_ident[] =
    "$LuaVersion: " LUA_COPYRIGHT " $"
    "$LuaAuthors: " LUA_AUTHORS " $";

#define ispseudo(i) ((i) <= LUA_REGISTRYINDEX)
#define isupvalue(i) ((i) < LUA_REGISTRYINDEX)
/* An index outside the stack yields G->nilvalue, which lua_type reports as LUA_TNONE. */
#define isvalid(L, o) (!ttisnil(o) || (o) != &G(L)->nilvalue)
#define incrtop(L) ((L)->top++)

static Value *index2value(lua_State *L, int idx) {
  CallInfo *ci = L->ci;
  if (idx > 0) {
    StkId o = ci->func + idx;
    if (o >= L->top) return &G(L)->nilvalue;
    return s2v(o);
  }
  if (!ispseudo(idx)) return s2v(L->top + idx);
  if (idx == LUA_REGISTRYINDEX) return &G(L)->l_registry;
  idx = LUA_REGISTRYINDEX - idx;  /* upvalue number */
  if (ttisCclosure(s2v(ci->func))) {
    CClosure *f = clCvalue(s2v(ci->func));
    return idx <= f->nupvalues ? &f->upvalue[idx - 1] : &G(L)->nilvalue;
  }
  return &G(L)->nilvalue;          /* light C functions have no upvalues */
}

Value *vm_api_index2value(lua_State *L, int idx) {
  return index2value(L, idx);
}

/* A real stack slot for index idx (no pseudo-indices). */
static StkId index2stack(lua_State *L, int idx) {
  if (idx > 0) return L->ci->func + idx;
  return L->top + idx;
}

static Table *tableat(lua_State *L, int idx) {
  Value *t = index2value(L, idx);
  if (!ttistable(t)) vm_debug_runerror(L, "table expected");
  return hvalue(t);
}

static const Value *globals(lua_State *L) {
  return vm_tab_getint(hvalue(&G(L)->l_registry), LUA_RIDX_GLOBALS);
}

void vm_api_initregistry(lua_State *L) {
  Table *reg = vm_tab_new(L);
  Value v;
  sethvalue(L, &G(L)->l_registry, reg);
  vm_tab_resize(L, reg, LUA_RIDX_LAST, 0);
  setthvalue(L, &v, L);
  vm_tab_setint(L, reg, LUA_RIDX_MAINTHREAD, &v);
  sethvalue(L, &v, vm_tab_new(L));
  vm_tab_setint(L, reg, LUA_RIDX_GLOBALS, &v);
  gc_initstate(L);
}

/* ---- the stack ------------------------------------------------------------------------ */

LUA_API int lua_absindex(lua_State *L, int idx) {
  return (idx > 0 || ispseudo(idx)) ? idx : (int)(L->top - L->ci->func) + idx;
}

LUA_API int lua_gettop(lua_State *L) {
  return (int)(L->top - (L->ci->func + 1));
}

LUA_API void lua_settop(lua_State *L, int idx) {
  CallInfo *ci = L->ci;
  StkId func = ci->func, newtop;
  ptrdiff_t diff;
  if (idx >= 0) {
    diff = (func + 1 + idx) - L->top;
    for (; diff > 0; diff--) setnilvalue(s2v(L->top++));
  } else {
    diff = idx + 1;
  }
  newtop = L->top + diff;
  if (diff < 0 && L->tbclist >= newtop) newtop = vm_func_close(L, newtop, CLOSEKTOP, 0);
  L->top = newtop;                 /* only after closing: __close may use the stack */
}

LUA_API void lua_closeslot(lua_State *L, int idx) {
  StkId level = index2stack(L, idx);
  level = vm_func_close(L, level, CLOSEKTOP, 0);
  setnilvalue(s2v(level));
}

static void reverse(lua_State *L, StkId from, StkId to) {
  for (; from < to; from++, to--) {
    Value tmp;
    setobj(L, &tmp, s2v(from));
    setobjs2s(L, from, to);
    setobj2s(L, to, &tmp);
  }
}

LUA_API void lua_rotate(lua_State *L, int idx, int n) {
  StkId t = L->top - 1, p = index2stack(L, idx);
  StkId m = n >= 0 ? t - n : p - n - 1;
  reverse(L, p, m);
  reverse(L, m + 1, t);
  reverse(L, p, t);
}

LUA_API void lua_copy(lua_State *L, int fromidx, int toidx) {
  Value *fr = index2value(L, fromidx), *to = index2value(L, toidx);
  if (to == &G(L)->nilvalue) return;  /* not a valid destination */
  setobj(L, to, fr);
}

LUA_API void lua_pushvalue(lua_State *L, int idx) {
  setobj2s(L, L->top, index2value(L, idx));
  incrtop(L);
}

LUA_API int lua_checkstack(lua_State *L, int n) {
  CallInfo *ci = L->ci;
  int res;
  if (n < 0) return 0;
  if (L->stack_last - L->top > n) {
    res = 1;
  } else {
    int inuse = (int)(L->top - L->stack) + EXTRA_STACK;
    res = inuse > LUAI_MAXSTACK - n ? 0 : vm_growstack(L, n, 0);
  }
  if (res && ci->top < L->top + n) ci->top = L->top + n;
  return res;
}

LUA_API void lua_xmove(lua_State *from, lua_State *to, int n) {
  int i;
  if (from == to) return;
  from->top -= n;
  for (i = 0; i < n; i++) {
    setobjs2s(to, to->top, from->top + i);
    setnilvalue(s2v(from->top + i));  /* from may be a suspended coroutine: no stale copy */
    to->top++;
  }
}

/* ---- reading values ------------------------------------------------------------------- */

LUA_API int lua_type(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  return isvalid(L, o) ? ttype(o) : LUA_TNONE;
}

LUA_API const char *lua_typename(lua_State *L, int t) {
  static const char *const names[] = {
    "no value", "nil", "boolean", "userdata", "number", "string", "table", "function",
    "userdata", "thread"
  };
  (void)L;
  if (t < LUA_TNONE || t >= LUA_NUMTYPES) return "?";
  return names[t + 1];
}

LUA_API int lua_iscfunction(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  return ttislcf(o) || ttisCclosure(o);
}

LUA_API int lua_isinteger(lua_State *L, int idx) {
  return ttisinteger(index2value(L, idx));
}

LUA_API int lua_isnumber(lua_State *L, int idx) {
  lua_Number n;
  const Value *o = index2value(L, idx);
  return vm_tonumber(o, &n);
}

LUA_API int lua_isstring(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  return ttisstring(o) || ttisnumber(o);
}

LUA_API int lua_isuserdata(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  return ttisfulluserdata(o) || ttislightuserdata(o);
}

LUA_API int lua_rawequal(lua_State *L, int index1, int index2) {
  const Value *a = index2value(L, index1), *b = index2value(L, index2);
  return isvalid(L, a) && isvalid(L, b) ? vm_rawequalobj(a, b) : 0;
}

LUA_API void lua_arith(lua_State *L, int op) {
  if (op == LUA_OPUNM || op == LUA_OPBNOT) {
    setobjs2s(L, L->top, L->top - 1);  /* a fake second operand */
    incrtop(L);
  }
  vm_arith(L, op, s2v(L->top - 2), s2v(L->top - 1), L->top - 2);
  L->top--;
}

LUA_API int lua_compare(lua_State *L, int index1, int index2, int op) {
  const Value *a = index2value(L, index1), *b = index2value(L, index2);
  if (!isvalid(L, a) || !isvalid(L, b)) return 0;
  switch (op) {
    case LUA_OPEQ: return vm_equalobj(L, a, b);
    case LUA_OPLT: return vm_lessthan(L, a, b);
    case LUA_OPLE: return vm_lessequal(L, a, b);
    default: return 0;
  }
}

LUA_API size_t lua_stringtonumber(lua_State *L, const char *s) {
  size_t sz = vm_str2num(s, s2v(L->top));
  if (sz != 0) incrtop(L);
  return sz;
}

LUA_API lua_Number lua_tonumberx(lua_State *L, int idx, int *pisnum) {
  lua_Number n = 0;
  const Value *o = index2value(L, idx);
  int isnum = vm_tonumber(o, &n);
  if (pisnum) *pisnum = isnum;
  return isnum ? n : 0;
}

LUA_API lua_Integer lua_tointegerx(lua_State *L, int idx, int *pisnum) {
  lua_Integer res = 0;
  const Value *o = index2value(L, idx);
  int isnum = ttisinteger(o) ? (res = ivalue(o), 1) : vm_tointeger(o, &res, F2Ieq);
  if (pisnum) *pisnum = isnum;
  return isnum ? res : 0;
}

LUA_API int lua_toboolean(lua_State *L, int idx) {
  return !l_isfalse(index2value(L, idx));
}

LUA_API const char *lua_tolstring(lua_State *L, int idx, size_t *len) {
  Value *o = index2value(L, idx);
  if (!ttisstring(o)) {
    if (!ttisnumber(o)) {
      if (len != NULL) *len = 0;
      return NULL;
    }
    vm_tostring(L, o);             /* converts the slot in place, as 5.4 does */
  }
  if (len != NULL) *len = vslen(o);
  return svalue(o);
}

LUA_API lua_Unsigned lua_rawlen(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  switch (ttypetag(o)) {
    case VT_SHRSTR & 0x3F: case VT_LNGSTR & 0x3F: return vslen(o);
    case VT_USERDATA & 0x3F: return uvalue(o)->len;
    case VT_TABLE & 0x3F: return vm_tab_getn(hvalue(o));
    default: return 0;
  }
}

LUA_API lua_CFunction lua_tocfunction(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  if (ttislcf(o)) return fvalue(o);
  if (ttisCclosure(o)) return clCvalue(o)->f;
  return NULL;
}

static void *touserdata(const Value *o) {
  if (ttisfulluserdata(o)) return getudatamem(uvalue(o));
  if (ttislightuserdata(o)) return pvalue(o);
  return NULL;
}

LUA_API void *lua_touserdata(lua_State *L, int idx) {
  return touserdata(index2value(L, idx));
}

LUA_API lua_State *lua_tothread(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  return ttisthread(o) ? thvalue(o) : NULL;
}

LUA_API const void *lua_topointer(lua_State *L, int idx) {
  const Value *o = index2value(L, idx);
  switch (ttypetag(o)) {
    case VT_LCF: return (void *)(uintptr_t)fvalue(o);
    case VT_USERDATA & 0x3F: case VT_LIGHTUD: return touserdata(o);
    default: return iscollectable(o) ? (const void *)gcvalue(o) : NULL;
  }
}

/* ---- pushing values ------------------------------------------------------------------- */

LUA_API void lua_pushnil(lua_State *L) {
  setnilvalue(s2v(L->top));
  incrtop(L);
}

LUA_API void lua_pushnumber(lua_State *L, lua_Number n) {
  setfltvalue(s2v(L->top), n);
  incrtop(L);
}

LUA_API void lua_pushinteger(lua_State *L, lua_Integer n) {
  setivalue(s2v(L->top), n);
  incrtop(L);
}

LUA_API const char *lua_pushlstring(lua_State *L, const char *s, size_t len) {
  TString *ts = vm_str_new(L, len == 0 ? "" : s, len);
  setsvalue(L, s2v(L->top), ts);
  incrtop(L);
  gc_checkpoint(L);
  return getstr(ts);
}

LUA_API const char *lua_pushstring(lua_State *L, const char *s) {
  TString *ts;
  if (s == NULL) {
    lua_pushnil(L);
    return NULL;
  }
  ts = vm_str_newz(L, s);
  setsvalue(L, s2v(L->top), ts);
  incrtop(L);
  gc_checkpoint(L);
  return getstr(ts);
}

LUA_API const char *lua_pushvfstring(lua_State *L, const char *fmt, va_list argp) {
  const char *r = vm_pushvfstring(L, fmt, argp);
  gc_checkpoint(L);
  return r;
}

LUA_API const char *lua_pushfstring(lua_State *L, const char *fmt, ...) {
  const char *r;
  va_list argp;
  va_start(argp, fmt);
  r = vm_pushvfstring(L, fmt, argp);
  va_end(argp);
  gc_checkpoint(L);
  return r;
}

LUA_API void lua_pushcclosure(lua_State *L, lua_CFunction fn, int n) {
  if (n == 0) {
    setfvalue(s2v(L->top), fn);
    incrtop(L);
  } else {
    CClosure *cl = vm_func_newCclosure(L, n);
    cl->f = fn;
    L->top -= n;
    while (n--) setobj(L, &cl->upvalue[n], s2v(L->top + n));
    setclCvalue(L, s2v(L->top), cl);
    incrtop(L);
    gc_checkpoint(L);
  }
}

LUA_API void lua_pushboolean(lua_State *L, int b) {
  if (b) setbtvalue(s2v(L->top));
  else setbfvalue(s2v(L->top));
  incrtop(L);
}

LUA_API void lua_pushlightuserdata(lua_State *L, void *p) {
  setpvalue(s2v(L->top), p);
  incrtop(L);
}

LUA_API int lua_pushthread(lua_State *L) {
  setthvalue(L, s2v(L->top), L);
  incrtop(L);
  return G(L)->mainthread == L;
}

/* ---- reading tables ------------------------------------------------------------------- */

static int auxgetstr(lua_State *L, const Value *t, const char *k) {
  const Value *slot = NULL;
  TString *str = vm_str_newz(L, k);
  if (ttistable(t) && !isempty(slot = vm_tab_getstr(hvalue(t), str))) {
    setobj2s(L, L->top, slot);
    incrtop(L);
  } else {
    setsvalue(L, s2v(L->top), str);
    incrtop(L);
    vm_finishget(L, t, s2v(L->top - 1), L->top - 1, slot);
  }
  return ttype(s2v(L->top - 1));
}

LUA_API int lua_getglobal(lua_State *L, const char *name) {
  return auxgetstr(L, globals(L), name);
}

LUA_API int lua_gettable(lua_State *L, int idx) {
  const Value *t = index2value(L, idx), *slot = NULL;
  if (ttistable(t) && !isempty(slot = vm_tab_get(hvalue(t), s2v(L->top - 1))))
    setobj2s(L, L->top - 1, slot);
  else
    vm_finishget(L, t, s2v(L->top - 1), L->top - 1, slot);
  return ttype(s2v(L->top - 1));
}

LUA_API int lua_getfield(lua_State *L, int idx, const char *k) {
  return auxgetstr(L, index2value(L, idx), k);
}

LUA_API int lua_geti(lua_State *L, int idx, lua_Integer n) {
  const Value *t = index2value(L, idx), *slot = NULL;
  if (ttistable(t) && !isempty(slot = vm_tab_getint(hvalue(t), n))) {
    setobj2s(L, L->top, slot);
  } else {
    Value key;
    setivalue(&key, n);
    vm_finishget(L, t, &key, L->top, slot);
  }
  incrtop(L);
  return ttype(s2v(L->top - 1));
}

static int finishrawget(lua_State *L, const Value *val) {
  if (isempty(val)) setnilvalue(s2v(L->top));
  else setobj2s(L, L->top, val);
  incrtop(L);
  return ttype(s2v(L->top - 1));
}

LUA_API int lua_rawget(lua_State *L, int idx) {
  Table *t = tableat(L, idx);
  const Value *val = vm_tab_get(t, s2v(L->top - 1));
  L->top--;
  return finishrawget(L, val);
}

LUA_API int lua_rawgeti(lua_State *L, int idx, lua_Integer n) {
  return finishrawget(L, vm_tab_getint(tableat(L, idx), n));
}

LUA_API int lua_rawgetp(lua_State *L, int idx, const void *p) {
  Table *t = tableat(L, idx);
  Value k;
  setpvalue(&k, (void *)p);
  return finishrawget(L, vm_tab_get(t, &k));
}

LUA_API void lua_createtable(lua_State *L, int narray, int nrec) {
  Table *t = vm_tab_new(L);
  sethvalue(L, s2v(L->top), t);
  incrtop(L);
  if (narray > 0 || nrec > 0)
    vm_tab_resize(L, t, narray > 0 ? (unsigned int)narray : 0, nrec > 0 ? (unsigned int)nrec : 0);
  gc_checkpoint(L);
}

static Table *metatableof(lua_State *L, const Value *o) {
  switch (ttype(o)) {
    case LUA_TTABLE: return hvalue(o)->metatable;
    case LUA_TUSERDATA: return uvalue(o)->metatable;
    default: return G(L)->mt[ttype(o)];
  }
}

LUA_API int lua_getmetatable(lua_State *L, int objindex) {
  const Value *o = index2value(L, objindex);
  Table *mt = isvalid(L, o) ? metatableof(L, o) : NULL;
  if (mt == NULL) return 0;
  sethvalue(L, s2v(L->top), mt);
  incrtop(L);
  return 1;
}

LUA_API int lua_getiuservalue(lua_State *L, int idx, int n) {
  const Value *o = index2value(L, idx);
  int t;
  if (!ttisfulluserdata(o) || n <= 0 || n > uvalue(o)->nuvalue) {
    setnilvalue(s2v(L->top));
    t = LUA_TNONE;
  } else {
    setobj2s(L, L->top, &uvalue(o)->uv[n - 1]);
    t = ttype(s2v(L->top));
  }
  incrtop(L);
  return t;
}

/* ---- writing tables ------------------------------------------------------------------- */

/* t[k] = top-1, popping the value. */
static void auxsetstr(lua_State *L, const Value *t, const char *k) {
  const Value *slot = NULL;
  TString *str = vm_str_newz(L, k);
  if (ttistable(t) && !isempty(slot = vm_tab_getstr(hvalue(t), str))) {
    vm_tab_setslot(L, hvalue(t), slot, s2v(L->top - 1));
    L->top--;
  } else {
    setsvalue(L, s2v(L->top), str);  /* anchor the key on the stack */
    incrtop(L);
    vm_finishset(L, t, s2v(L->top - 1), s2v(L->top - 2), slot);
    L->top -= 2;
  }
}

LUA_API void lua_setglobal(lua_State *L, const char *name) {
  auxsetstr(L, globals(L), name);
}

LUA_API void lua_settable(lua_State *L, int idx) {
  const Value *t = index2value(L, idx), *slot = NULL;
  if (ttistable(t) && !isempty(slot = vm_tab_get(hvalue(t), s2v(L->top - 2))))
    vm_tab_setslot(L, hvalue(t), slot, s2v(L->top - 1));
  else
    vm_finishset(L, t, s2v(L->top - 2), s2v(L->top - 1), slot);
  L->top -= 2;
}

LUA_API void lua_setfield(lua_State *L, int idx, const char *k) {
  auxsetstr(L, index2value(L, idx), k);
}

LUA_API void lua_seti(lua_State *L, int idx, lua_Integer n) {
  const Value *t = index2value(L, idx), *slot = NULL;
  if (ttistable(t) && !isempty(slot = vm_tab_getint(hvalue(t), n))) {
    vm_tab_setslot(L, hvalue(t), slot, s2v(L->top - 1));
  } else {
    Value key;
    setivalue(&key, n);
    vm_finishset(L, t, &key, s2v(L->top - 1), slot);
  }
  L->top--;
}

static void auxrawset(lua_State *L, int idx, const Value *key, int n) {
  Table *t = tableat(L, idx);
  vm_tab_set(L, t, key, s2v(L->top - 1));
  invalidateTMcache(t);
  L->top -= n;
}

LUA_API void lua_rawset(lua_State *L, int idx) {
  auxrawset(L, idx, s2v(L->top - 2), 2);
}

LUA_API void lua_rawsetp(lua_State *L, int idx, const void *p) {
  Value k;
  setpvalue(&k, (void *)p);
  auxrawset(L, idx, &k, 1);
}

LUA_API void lua_rawseti(lua_State *L, int idx, lua_Integer n) {
  Table *t = tableat(L, idx);
  vm_tab_setint(L, t, n, s2v(L->top - 1));
  L->top--;
}

/* The weak mode a metatable asks for with a __mode string containing 'k' and/or 'v'. */
static int weakmodeof(lua_State *L, Table *mt) {
  const Value *mode;
  int res = 0;
  mode = fasttm(L, mt, TM_MODE);  /* the metatable caches the absence of __mode */
  if (mode != NULL && ttisstring(mode)) {
    if (strchr(svalue(mode), 'k')) res |= TAB_WEAK_KEYS;
    if (strchr(svalue(mode), 'v')) res |= TAB_WEAK_VALUES;
  }
  return res;
}

static void checkfinalizer(lua_State *L, GCObject *o, Table *mt) {
  if (fasttm(L, mt, TM_GC) != NULL)  /* absence cached in the metatable's flags */
    gc_setfinalizer(L, o);
}

LUA_API int lua_setmetatable(lua_State *L, int objindex) {
  Value *obj = index2value(L, objindex);
  Table *mt;
  if (ttisnil(s2v(L->top - 1))) mt = NULL;
  else if (ttistable(s2v(L->top - 1))) mt = hvalue(s2v(L->top - 1));
  else vm_debug_runerror(L, "table expected");
  switch (ttype(obj)) {
    case LUA_TTABLE: {
      Table *t = hvalue(obj);
      if (t->guards & TAB_READONLY) vm_debug_runerror(L, "attempt to modify a read-only table");
      if (t->guards & TAB_WATCHED) vm_idxbump();  /* where lookups through t end may change */
      t->metatable = mt;
      if (mt) checkfinalizer(L, (GCObject *)t, mt);
      int mode = weakmodeof(L, mt);
      if (mode != t->weakmode) vm_tab_setweakmode(L, t, mode);  /* usually unchanged */
      break;
    }
    case LUA_TUSERDATA:
      uvalue(obj)->metatable = mt;
      if (mt) checkfinalizer(L, gcvalue(obj), mt);
      break;
    default:
      G(L)->mt[ttype(obj)] = mt;
      break;
  }
  L->top--;
  return 1;
}

LUA_API int lua_setiuservalue(lua_State *L, int idx, int n) {
  Value *o = index2value(L, idx);
  int res;
  if (!ttisfulluserdata(o) || !((unsigned int)n - 1u < (unsigned int)uvalue(o)->nuvalue)) {
    res = 0;
  } else {
    setobj(L, &uvalue(o)->uv[n - 1], s2v(L->top - 1));
    res = 1;
  }
  L->top--;
  return res;
}

LUA_API void *lua_newuserdatauv(lua_State *L, size_t size, int nuvalue) {
  Udata *u;
  int i;
  if (nuvalue < 0 || nuvalue > USHRT_MAX) vm_debug_runerror(L, "invalid number of user values");
  if (size > ((size_t)-1 >> 1) - sizeof(Udata)) vm_throw(L, LUA_ERRMEM);
  u = (Udata *)gc_newobj(L, VT_USERDATA, offsetof(Udata, mem) + size);
  u->len = size;
  u->nuvalue = (unsigned short)nuvalue;
  u->metatable = NULL;
  u->uv = NULL;
  u->eph = NULL;
  setuvalue(L, s2v(L->top), u);    /* anchor it before allocating its user values */
  incrtop(L);
  if (nuvalue > 0) {
    u->uv = gc_alloc(L, (size_t)nuvalue * sizeof(Value));
    for (i = 0; i < nuvalue; i++) setnilvalue(&u->uv[i]);
  }
  gc_checkpoint(L);
  return getudatamem(u);
}

/* ---- loading and dumping -------------------------------------------------------------- */

LUA_API int lua_load(lua_State *L, lua_Reader reader, void *data, const char *chunkname,
                     const char *mode) {
  ZIO z;
  int status;
  if (chunkname == NULL) chunkname = "?";
  vm_zio_init(L, &z, reader, data);
  status = vm_protectedparser(L, &z, chunkname, mode);
  if (status == LUA_OK) {
    LClosure *f = clLvalue(s2v(L->top - 1));
    if (f->nupvalues >= 1) {
      /* The first upvalue of a main chunk is its _ENV: the globals table. */
      setobj(L, f->upvals[0]->v.p, globals(L));
    }
  }
  return status;
}

LUA_API int lua_dump(lua_State *L, lua_Writer writer, void *data, int strip) {
  const Value *o = s2v(L->top - 1);
  if (!ttisLclosure(o)) return 1;
  return bc_dump(L, clLvalue(o)->p, writer, data, strip);
}

/* ---- the collector and miscellaneous -------------------------------------------------- */

LUA_API int lua_gc(lua_State *L, int what, ...) {
  va_list argp;
  int a1 = 0, a2 = 0, a3 = 0;
  va_start(argp, what);
  switch (what) {
    case LUA_GCSTEP: case LUA_GCSETPAUSE: case LUA_GCSETSTEPMUL:
      a1 = va_arg(argp, int);
      break;
    case LUA_GCGEN:
      a1 = va_arg(argp, int);
      a2 = va_arg(argp, int);
      break;
    case LUA_GCINC:
      a1 = va_arg(argp, int);
      a2 = va_arg(argp, int);
      a3 = va_arg(argp, int);
      break;
    default: break;
  }
#if defined(__clang__) && defined(__x86_64__) && defined(__linux__)
  /* Clang's prologue of this variadic function spills the caller's argument registers into
   * the va_list register save area (always the full 6 GP + 8 SSE slots of the SysV ABI),
   * which stays on the stack during the collection; stale object pointers there would keep
   * garbage alive (Boehm scans the stack). Zero it: the arguments are already copied out.
   * (GCC may allocate only part of that area, so this is clang-only.) */
  if (what == LUA_GCCOLLECT || what == LUA_GCSTEP) {
    struct SysVVaList { unsigned int gp, fp; void *overflow, *regsave; };
    struct SysVVaList *va = (struct SysVVaList *)(void *)argp;
    if (va->regsave != NULL) memset(va->regsave, 0, 6 * 8 + 8 * 16);
  }
#endif
  va_end(argp);
  if (what == LUA_GCCOLLECT || what == LUA_GCSTEP) gc_clearcstack();
  return gc_control(L, what, a1, a2, a3);
}

LUA_API int lua_next(lua_State *L, int idx) {
  Table *t = tableat(L, idx);
  int more = vm_tab_next(L, t, L->top - 1);
  if (more) incrtop(L);
  else L->top--;
  return more;
}

LUA_API void lua_toclose(lua_State *L, int idx) {
  StkId o = index2stack(L, idx);
  int nresults = L->ci->nresults;
  vm_func_newtbcupval(L, o);
  if (!hastocloseCfunc(nresults)) L->ci->nresults = (short)codeNresults(nresults);
}

LUA_API void lua_concat(lua_State *L, int n) {
  if (n > 1) {
    vm_concat(L, n);
  } else if (n == 0) {
    setsvalue(L, s2v(L->top), vm_str_new(L, "", 0));
    incrtop(L);
  }
  gc_checkpoint(L);
}

LUA_API void lua_len(lua_State *L, int idx) {
  Value *t = index2value(L, idx);
  vm_objlen(L, L->top, t);
  incrtop(L);
}

LUA_API lua_Alloc lua_getallocf(lua_State *L, void **ud) {
  if (ud) *ud = G(L)->ud;
  return G(L)->frealloc;
}

LUA_API void lua_setallocf(lua_State *L, lua_Alloc f, void *ud) {
  G(L)->ud = ud;
  G(L)->frealloc = f;
}

LUA_API void lua_setwarnf(lua_State *L, lua_WarnFunction f, void *ud) {
  G(L)->ud_warn = ud;
  G(L)->warnf = f;
}

LUA_API void lua_warning(lua_State *L, const char *msg, int tocont) {
  vm_state_warning(L, msg, tocont);
}

LUA_API int lua_setcstacklimit(lua_State *L, unsigned int limit) {
  (void)L;
  (void)limit;
  return LUAI_MAXCCALLS;           /* deprecated in 5.4: the limit is fixed */
}

/* ---- upvalues ------------------------------------------------------------------------- */

static const char *auxupvalue(Value *fi, int n, Value **val) {
  switch (ttypetag(fi)) {
    case VT_CCL & 0x3F: {
      CClosure *f = clCvalue(fi);
      if (!((unsigned int)n - 1u < (unsigned int)f->nupvalues)) return NULL;
      *val = &f->upvalue[n - 1];
      return "";
    }
    case VT_LCL & 0x3F: {
      LClosure *f = clLvalue(fi);
      TString *name;
      Proto *p = f->p;
      if (!((unsigned int)n - 1u < (unsigned int)p->sizeupvalues)) return NULL;
      *val = f->upvals[n - 1]->v.p;
      name = p->upvalues[n - 1].name;
      return name == NULL ? "(no name)" : getstr(name);
    }
    default: return NULL;
  }
}

LUA_API const char *lua_getupvalue(lua_State *L, int funcindex, int n) {
  Value *val = NULL;
  const char *name = auxupvalue(index2value(L, funcindex), n, &val);
  if (name) {
    setobj2s(L, L->top, val);
    incrtop(L);
  }
  return name;
}

LUA_API const char *lua_setupvalue(lua_State *L, int funcindex, int n) {
  Value *val = NULL;
  Value *fi = index2value(L, funcindex);
  const char *name = auxupvalue(fi, n, &val);
  if (name) {
    L->top--;
    setobj(L, val, s2v(L->top));
    gc_barrier(L, gcvalue(fi), val);
  }
  return name;
}

static UpVal **upvalref(lua_State *L, int fidx, int n, LClosure **pf) {
  Value *fi = index2value(L, fidx);
  LClosure *f;
  if (!ttisLclosure(fi)) vm_debug_runerror(L, "Lua function expected");
  f = clLvalue(fi);
  if (pf) *pf = f;
  if (1 <= n && n <= f->p->sizeupvalues) return &f->upvals[n - 1];
  return NULL;
}

LUA_API void *lua_upvalueid(lua_State *L, int fidx, int n) {
  Value *fi = index2value(L, fidx);
  switch (ttypetag(fi)) {
    case VT_LCL & 0x3F: {
      UpVal **up = upvalref(L, fidx, n, NULL);
      return up ? *up : NULL;
    }
    case VT_CCL & 0x3F: {
      CClosure *f = clCvalue(fi);
      if (1 <= n && n <= f->nupvalues) return &f->upvalue[n - 1];
      return NULL;
    }
    default:
      return NULL;                 /* light C functions and non-functions */
  }
}

LUA_API void lua_upvaluejoin(lua_State *L, int fidx1, int n1, int fidx2, int n2) {
  LClosure *f1;
  UpVal **up1 = upvalref(L, fidx1, n1, &f1);
  UpVal **up2 = upvalref(L, fidx2, n2, NULL);
  if (up1 == NULL || up2 == NULL) vm_debug_runerror(L, "invalid upvalue index");
  *up1 = *up2;
  gc_barrier(L, f1, *up1);
}
