/* The inline versions of the fast functions (vm/fastfn.h) and the call that tries them. Each
 * reads its arguments from the stack above func and either leaves its results from func on,
 * adjusted to nresults, or declines, having changed nothing the C function reads, and calls
 * the C function, which then produces the same results, or the same error, as if the
 * inline version did not exist. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "lua.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/fastfn.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/tm.h"

/* An inline version (vm_FastFn): nargs arguments at func + 1 .. func + nargs (top is after
 * them). It ends with ffreturn, or with ffdecline, a tail call of the C function (so nothing
 * is kept across the call of the inline version). */

/* The n results left at func, adjusted to nresults as poscall does. */
static inline int ffreturn(lua_State *L, StkId func, int n, int nresults) {
  if (nresults >= 0) {
    for (; n < nresults; n++) setnilvalue(s2v(func + n));
    n = nresults;
  }
  L->top = func + n;
  return n;
}

#define ffdecline() return vm_precallC(L, func, nresults, c->f)

/* next(t [, k]): the C function would raise only for a key not in the table, which
 * vm_tab_trynext reports instead; a missing key is nil, extra arguments are ignored. */
static int ff_next(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if (nargs < 1 || !ttistable(s2v(func + 1))) ffdecline();
  if (nargs < 2) setnilvalue(s2v(func + 2));  /* above top: the C function would set it */
  int more = vm_tab_trynext(L, hvalue(s2v(func + 1)), func + 2);
  if (more < 0) ffdecline();
  if (more == 0) {
    setnilvalue(s2v(func));
    return ffreturn(L, func, 1, nresults);
  }
  setobjs2s(L, func, func + 2);
  setobjs2s(L, func + 1, func + 3);
  return ffreturn(L, func, 2, nresults);
}

/* ipairs' step (t, i): i + 1 and t[i + 1], or one nil at the first nil. A raw read answers
 * unless it finds nothing in a table whose metatable may have __index (lua_geti's call). */
static int ff_ipairs_step(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if (nargs < 2 || !ttistable(s2v(func + 1)) || !ttisinteger(s2v(func + 2))) ffdecline();
  lua_Integer i = l_castU2S(l_castS2U(ivalue(s2v(func + 2))) + 1);
  const Value *v = vm_ffipairsget(L, hvalue(s2v(func + 1)), i);
  if (v == NULL) ffdecline();
  if (isempty(v)) {
    setnilvalue(s2v(func));
    return ffreturn(L, func, 1, nresults);
  }
  setobj2s(L, func + 1, v);
  setivalue(s2v(func), i);
  return ffreturn(L, func, 2, nresults);
}

/* pairs(t) and ipairs(v): the iterator (once the C function made it: G(L)->ffn), the value
 * and the first control value. pairs declines for a table whose metatable has __pairs (a raw
 * field, as luaL_getmetafield reads it) and for anything else than a table. */
static int ffpairs(lua_State *L, StkId func, int nresults, int iter) {
  CClosure *it = G(L)->ffn[iter];
  if (it == NULL) return -1;
  setclCvalue(L, s2v(func), it);
  if (iter == VM_FF_next) setnilvalue(s2v(func + 2));
  else setivalue(s2v(func + 2), 0);
  return ffreturn(L, func, 3, nresults);
}

static int ff_pairs(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  int n;
  Table *mt;
  if (nargs < 1 || !ttistable(s2v(func + 1))) ffdecline();
  mt = hvalue(s2v(func + 1))->metatable;
  if ((mt != NULL && !isempty(vm_tab_getshortstr(mt, G(L)->pairsname))) ||
      (n = ffpairs(L, func, nresults, VM_FF_next)) < 0)
    ffdecline();
  return n;
}

static int ff_ipairs(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  int n;
  if (nargs < 1 || (n = ffpairs(L, func, nresults, VM_FF_ipairs_step)) < 0) ffdecline();
  return n;
}

/* select('#', ...) and select(n, ...) for an integer n that selects something in range. */
static int ff_select(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *sel = s2v(func + 1);
  StkId first;
  int nres;
  if (nargs < 1) ffdecline();
  if (ttisinteger(sel)) {
    lua_Integer i = ivalue(sel);
    if (i < 0)
      i += nargs;
    else if (i > nargs)
      i = nargs;
    if (i < 1) ffdecline();  /* "index out of range" */
    first = func + 1 + i;
    nres = nargs - cast_int(i);
  } else if (ttisstring(sel) && getstr(tsvalue(sel))[0] == '#') {
    setivalue(s2v(func), nargs - 1);
    return ffreturn(L, func, 1, nresults);
  } else {
    ffdecline();
  }
  if (nresults >= 0 && nres > nresults) nres = nresults;
  for (int j = 0; j < nres; j++) setobjs2s(L, func + j, first + j);
  return ffreturn(L, func, nres, nresults);
}

/* A result made by the inline version: set at func (the arguments are read by now). */
#define ffresult(setter) do { setter; return ffreturn(L, func, 1, nresults); } while (0)

/* A new string's result: lua_pushlstring runs pending finalizers (gc_checkpoint) inside the
 * C function's frame, where a __gc's traceback would see it, so the C function runs when the
 * collector has work pending. */
#define ffstring(ts) \
  do { \
    TString *ts_ = (ts); \
    if (l_unlikely(gc_pending)) ffdecline(); \
    setsvalue(L, s2v(func), ts_); \
    return ffreturn(L, func, 1, nresults); \
  } while (0)

static int ff_type(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if (nargs < 1 || gc_pending) ffdecline();  /* "value expected" */
  ffstring(vm_str_newz(L, lua_typename(L, ttype(s2v(func + 1)))));
}

static int ff_rawget(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if (nargs < 2 || !ttistable(s2v(func + 1))) ffdecline();
  const Value *v = vm_tab_get(hvalue(s2v(func + 1)), s2v(func + 2));
  if (isempty(v))
    ffresult(setnilvalue(s2v(func)));
  ffresult(setobj2s(L, func, v));
}

static int ff_rawlen(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  if (nargs >= 1 && ttistable(o))
    ffresult(setivalue(s2v(func), l_castU2S(vm_tab_getn(hvalue(o)))));
  if (nargs >= 1 && ttisstring(o))
    ffresult(setivalue(s2v(func), (lua_Integer)vslen(o)));
  ffdecline();
}

/* tonumber(v [, nil]): a number is itself, a string its conversion or fail (nil). */
static int ff_tonumber(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  Value n;
  if (nargs < 1 || (nargs >= 2 && !ttisnil(s2v(func + 2)))) ffdecline();
  if (ttisnumber(o)) ffresult(setobj2s(L, func, o));
  if (!ttisstring(o)) ffdecline();
  if (vm_str2num(svalue(o), &n) == vslen(o) + 1) ffresult(setobj2s(L, func, &n));
  ffresult(setnilvalue(s2v(func)));
}

/* tostring(v) of a string (itself) or a number (lua_tolstring's conversion) when the type
 * has no __tostring (luaL_tolstring's lookup in the metatable, raw). */
static int ff_tostring(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  Table *mt;
  if (nargs < 1 || gc_pending || !(ttisstring(o) || ttisnumber(o))) ffdecline();
  if ((mt = G(L)->mt[ttype(o)]) != NULL &&
      !isempty(vm_tab_getshortstr(mt, G(L)->tostringname)))
    ffdecline();
  setobj2s(L, func, o);
  if (ttisnumber(o)) vm_tostring(L, s2v(func));
  ffstring(tsvalue(s2v(func)));
}

/* A float result of floor or ceil: an integer when it fits, as math.c's push_numint. */
static void numint(Value *res, lua_Number f) {
  if (f >= (lua_Number)LUA_MININTEGER && f < -(lua_Number)LUA_MININTEGER)
    setivalue(res, (lua_Integer)f);
  else
    setfltvalue(res, f);
}

static int ff_floor(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  if (nargs < 1 || !ttisnumber(o)) ffdecline();
  if (ttisinteger(o)) ffresult(setobj2s(L, func, o));
  ffresult(numint(s2v(func), floor(fltvalue(o))));
}

static int ff_ceil(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  if (nargs < 1 || !ttisnumber(o)) ffdecline();
  if (ttisinteger(o)) ffresult(setobj2s(L, func, o));
  ffresult(numint(s2v(func), ceil(fltvalue(o))));
}

static int ff_abs(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  if (nargs < 1 || !ttisnumber(o)) ffdecline();
  if (ttisinteger(o)) {
    lua_Integer n = ivalue(o);
    ffresult(setivalue(s2v(func), n < 0 ? l_castU2S(0u - l_castS2U(n)) : n));
  }
  ffresult(setfltvalue(s2v(func), fabs(fltvalue(o))));
}

static int ff_sqrt(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  if (nargs < 1 || !ttisnumber(o)) ffdecline();
  ffresult(setfltvalue(s2v(func), sqrt(ttisinteger(o) ? (lua_Number)ivalue(o) : fltvalue(o))));
}

/* math.min and math.max over numbers: the first argument that no later one is less (min)
 * or greater (max) than, itself (an integer stays one), as lua_compare finds it. */
static int ffminmax(lua_State *L, StkId func, int nargs, int nresults, CClosure *c, int max) {
  if (nargs < 1 || !ttisnumber(s2v(func + 1))) ffdecline();
  StkId best = func + 1;
  for (StkId a = func + 2; a <= func + nargs; a++) {
    if (!ttisnumber(s2v(a))) ffdecline();
    if (max ? vm_LTnum(s2v(best), s2v(a)) : vm_LTnum(s2v(a), s2v(best))) best = a;
  }
  ffresult(setobjs2s(L, func, best));
}

static int ff_min(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  return ffminmax(L, func, nargs, nresults, c, 0);
}

static int ff_max(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  return ffminmax(L, func, nargs, nresults, c, 1);
}

static int ff_len(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if (nargs < 1 || !ttisstring(s2v(func + 1))) ffdecline();
  ffresult(setivalue(s2v(func), (lua_Integer)vslen(s2v(func + 1))));
}

/* A start position (string.c's lib_str_posrelat) and an end position clipped to [0, len]. */
static size_t ffstart(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0 || pos < -(lua_Integer)len) return 1;
  return len + (size_t)pos + 1;
}
static size_t ffend(lua_Integer pos, size_t len) {
  if (pos > (lua_Integer)len) return len;
  if (pos >= 0) return (size_t)pos;
  if (pos < -(lua_Integer)len) return 0;
  return len + (size_t)pos + 1;
}

/* Optional integer argument i (absent or nil: def); 0 when it is something else. */
static int ffoptint(StkId func, int nargs, int i, lua_Integer def, lua_Integer *out) {
  const Value *o = s2v(func + i);
  if (i > nargs || ttisnil(o)) *out = def;
  else if (ttisinteger(o)) *out = ivalue(o);
  else return 0;
  return 1;
}

/* string.byte: up to LUA_MINSTACK bytes (more need the stack checked, 64 and more fuel). */
static int ff_byte(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  lua_Integer pi, pj;
  if (nargs <= 2 && nargs >= 1 && ttisstring(s2v(func + 1)) &&
      (nargs == 1 || ttisinteger(s2v(func + 2)))) {  /* the commonest call: s:byte([i]) */
    const TString *ts = tsvalue(s2v(func + 1));
    lua_Integer i = nargs == 1 ? 1 : ivalue(s2v(func + 2));
    if (i < 0) i += (lua_Integer)tsslen(ts) + 1;  /* from the end; below 1 before the start */
    if (l_castS2U(i) - 1u >= tsslen(ts)) return ffreturn(L, func, 0, nresults);
    setivalue(s2v(func), (unsigned char)getstr(ts)[i - 1]);
    return ffreturn(L, func, 1, nresults);
  }
  if (nargs < 1 || !ttisstring(s2v(func + 1)) || !ffoptint(func, nargs, 2, 1, &pi)) ffdecline();
  if (!ffoptint(func, nargs, 3, pi, &pj)) ffdecline();
  const unsigned char *s = (const unsigned char *)svalue(s2v(func + 1));
  size_t l = vslen(s2v(func + 1));
  size_t first = ffstart(pi, l), last = ffend(pj, l);
  if (first > last) return ffreturn(L, func, 0, nresults);
  if (last - first >= LUA_MINSTACK) ffdecline();
  int n = (int)(last - first) + 1;
  if (nresults >= 0 && n > nresults) n = nresults;
  for (int i = n - 1; i >= 0; i--) setivalue(s2v(func + i), s[first - 1 + (size_t)i]);
  return ffreturn(L, func, n, nresults);
}

static int ff_sub(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  lua_Integer pi, pj;
  if (nargs < 2 || !ttisstring(s2v(func + 1)) || !ttisinteger(s2v(func + 2)) ||
      !ffoptint(func, nargs, 3, -1, &pj) || gc_pending)
    ffdecline();
  pi = ivalue(s2v(func + 2));
  TString *ts = tsvalue(s2v(func + 1));
  size_t l = tsslen(ts);
  size_t start = ffstart(pi, l), end = ffend(pj, l);
  if (start > end) ffstring(vm_str_new(L, "", 0));
  if (start == 1 && end == l) ffstring(ts);  /* the whole string: the same value */
  ffstring(vm_str_new(L, getstr(ts) + start - 1, end - start + 1));
}

/* string.char: under 64 bytes (from 64 on the C function charges fuel). */
static int ff_char(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  char buf[64];
  if (nargs >= (int)sizeof(buf) || gc_pending) ffdecline();
  for (int i = 0; i < nargs; i++) {
    const Value *o = s2v(func + 1 + i);
    if (!ttisinteger(o) || l_castS2U(ivalue(o)) > UCHAR_MAX) ffdecline();
    buf[i] = (char)(unsigned char)ivalue(o);
  }
  ffstring(vm_str_new(L, buf, (size_t)nargs));
}

/* setmetatable(t, mt) when lua_setmetatable would only store mt: t not guarded by the sandbox
 * or the index cache (TAB_READONLY, TAB_WATCHED) nor weak, mt nil or a table without __gc or
 * __mode (no finalizer to register, no weak mode to switch), and t's metatable, if any, not
 * protected by __metatable (b_setmetatable's error). */
static int ff_setmetatable(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *mo = s2v(func + 2);
  Table *t, *mt;
  if (nargs < 2 || !ttistable(s2v(func + 1))) ffdecline();
  if (ttistable(mo))
    mt = hvalue(mo);
  else if (ttisnil(mo))
    mt = NULL;
  else
    ffdecline();
  t = hvalue(s2v(func + 1));
  if (t->guards || t->weakmode ||
      (mt != NULL && (fasttm(L, mt, TM_GC) != NULL || fasttm(L, mt, TM_MODE) != NULL)) ||
      (t->metatable != NULL && !isempty(vm_tab_getshortstr(t->metatable, G(L)->metatablename))))
    ffdecline();
  t->metatable = mt;
  ffresult(setobj2s(L, func, s2v(func + 1)));
}

/* A table whose elements and length the table library reaches raw: no __index, __newindex
 * or __len (lua_geti, lua_seti, luaL_len would call them), not read-only or watched (stores
 * through vm/tab.c) and not weak. */
static int ffrawtab(lua_State *L, const Value *o) {
  Table *t, *mt;
  if (!ttistable(o)) return 0;
  t = hvalue(o);
  mt = t->metatable;
  return !t->guards && !t->weakmode &&
         (mt == NULL || (fasttm(L, mt, TM_INDEX) == NULL && fasttm(L, mt, TM_NEWINDEX) == NULL &&
                         fasttm(L, mt, TM_LEN) == NULL));
}

/* table.insert(t, v) at #t + 1 (a nil v only into the array part, where it stores nothing),
 * and table.insert(t, pos, v) with 1 <= pos <= #t + 1 <= the array part's size: the elements
 * from pos on move up one slot, as tinsert's lua_geti/lua_seti loop moves them. */
static int ff_insert(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if ((nargs != 2 && nargs != 3) || !ffrawtab(L, s2v(func + 1))) ffdecline();
  Table *t = hvalue(s2v(func + 1));
  lua_Unsigned e = vm_tab_len(L, t) + 1u;  /* the first empty slot, as luaL_len + 1 */
  if (nargs == 2) {
    const Value *v = s2v(func + 2);
    if (e - 1u < t->asize)
      setobj(L, &t->array[e - 1], v);
    else if (!ttisnil(v))
      vm_tab_setint(L, t, l_castU2S(e), v);
    else
      ffdecline();
  } else {
    if (!ttisinteger(s2v(func + 2))) ffdecline();
    lua_Unsigned pos = l_castS2U(ivalue(s2v(func + 2)));
    if (pos - 1u >= e || e > t->asize) ffdecline();  /* out of bounds (the error), or not all
                                                        in the array part */
    memmove(&t->array[pos], &t->array[pos - 1], (size_t)(e - pos) * sizeof(Value));
    setobj(L, &t->array[pos - 1], s2v(func + 3));
  }
  return ffreturn(L, func, 0, nresults);
}

/* table.unpack(t [, i [, j]]) with integer or absent bounds and at most LUA_MINSTACK results
 * (vm_ffcall leaves that much room above top, and so above func). */
static int ff_unpack(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  lua_Integer i, e;
  if (nargs < 1 || !ffrawtab(L, s2v(func + 1)) || !ffoptint(func, nargs, 2, 1, &i)) ffdecline();
  Table *t = hvalue(s2v(func + 1));
  if (nargs < 3 || ttisnil(s2v(func + 3)))
    e = l_castU2S(vm_tab_len(L, t));
  else if (ttisinteger(s2v(func + 3)))
    e = ivalue(s2v(func + 3));
  else
    ffdecline();
  if (i > e) return ffreturn(L, func, 0, nresults);
  if (l_castS2U(e) - l_castS2U(i) >= LUA_MINSTACK) ffdecline();
  int n = (int)(e - i) + 1;
  for (int j = 0; j < n; j++) {
    const Value *v = vm_tab_getint(t, i + j);
    if (isempty(v))
      setnilvalue(s2v(func + j));
    else
      setobj2s(L, func + j, v);
  }
  return ffreturn(L, func, n, nresults);
}

/* table.remove(t [, pos]) with 1 <= pos <= #t <= the array part's size: t[pos] is the
 * result, the elements above it move down one slot and t[#t] becomes nil, as tremove's
 * lua_geti/lua_seti loop does. */
static int ff_remove(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  lua_Integer pos;
  if (nargs < 1 || !ffrawtab(L, s2v(func + 1))) ffdecline();
  Table *t = hvalue(s2v(func + 1));
  lua_Unsigned size = vm_tab_len(L, t);
  if (!ffoptint(func, nargs, 2, l_castU2S(size), &pos) || l_castS2U(pos) - 1u >= size ||
      size > t->asize)
    ffdecline();
  Value *a = t->array;
  setobj2s(L, func, &a[pos - 1]);
  memmove(&a[pos - 1], &a[pos], (size_t)(size - l_castS2U(pos)) * sizeof(Value));
  setnilvalue(&a[size - 1]);
  return ffreturn(L, func, 1, nresults);
}

/* assert(v, ...) of a true v: its arguments are its results. */
static int ff_assert(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  if (nargs < 1 || l_isfalse(s2v(func + 1))) ffdecline();  /* the error */
  int n = (nresults >= 0 && nargs > nresults) ? nresults : nargs;
  for (int j = 0; j < n; j++) setobjs2s(L, func + j, func + 1 + j);
  return ffreturn(L, func, n, nresults);
}

/* getmetatable(v): v's metatable, or its __metatable field when it has one (raw). */
static int ff_getmetatable(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  const Value *o = s2v(func + 1);
  Table *mt;
  if (nargs < 1) ffdecline();  /* "value expected" */
  switch (ttype(o)) {
    case LUA_TTABLE: mt = hvalue(o)->metatable; break;
    case LUA_TUSERDATA: mt = uvalue(o)->metatable; break;
    default: mt = G(L)->mt[ttype(o)]; break;
  }
  if (mt == NULL) ffresult(setnilvalue(s2v(func)));
  const Value *field = vm_tab_getshortstr(mt, G(L)->metatablename);
  if (!isempty(field)) ffresult(setobj2s(L, func, field));
  ffresult(sethvalue(L, s2v(func), mt));
}

/* string.find(s, p [, init [, plain]]) of strings when the search is plain (plain true, or
 * no pattern specials in p), charged as find_aux charges it (declining when the fuel left
 * would run out there); the pattern matcher stays in the C function. */
static int ff_find(lua_State *L, StkId func, int nargs, int nresults, CClosure *c) {
  lua_Integer ii;
  if (nargs < 2 || !ttisstring(s2v(func + 1)) || !ttisstring(s2v(func + 2)) ||
      !ffoptint(func, nargs, 3, 1, &ii))
    ffdecline();
  const char *s = svalue(s2v(func + 1)), *p = svalue(s2v(func + 2));
  size_t ls = vslen(s2v(func + 1)), lp = vslen(s2v(func + 2));
  size_t init = ffstart(ii, ls) - 1;
  if (init > ls) ffresult(setnilvalue(s2v(func)));
  if (nargs < 4 || l_isfalse(s2v(func + 4))) {
    for (size_t j = 0; j < lp; j++)
      if (p[j] != '\0' && strchr("^$*+?.([%-", p[j])) ffdecline();  /* a pattern */
  }
  lua_Integer charge = (lua_Integer)((ls - init) / 64);
  if (charge > 0) {
    if (G(L)->fuel < charge) ffdecline();  /* the C function's charge runs out */
    G(L)->fuel -= charge;
  }
  const char *hit = NULL;
  if (lp == 0) {
    hit = s + init;
  } else if (lp <= ls - init) {
    const char *q = s + init, *last = s + (ls - lp);
    while (q <= last && (q = memchr(q, *p, (size_t)(last - q) + 1)) != NULL) {
      if (memcmp(q + 1, p + 1, lp - 1) == 0) {
        hit = q;
        break;
      }
      q++;
    }
  }
  if (hit == NULL) ffresult(setnilvalue(s2v(func)));
  setivalue(s2v(func), (lua_Integer)(hit - s) + 1);
  setivalue(s2v(func + 1), (lua_Integer)(hit - s) + (lua_Integer)lp);
  return ffreturn(L, func, 2, nresults);
}

_Static_assert(VM_FF_N <= VM_FFMAX, "CClosure.ffid and GlobalState.ffn hold VM_FFMAX ids");

const vm_FastFn vm_fastfns[VM_FF_N] = {
  NULL,
#define VM_FF_FN(name) ff_##name,
  VM_FASTFNS(VM_FF_FN)
#undef VM_FF_FN
};

int vm_ffcall(lua_State *L, StkId func, int nresults, CClosure *c) {
  if (l_likely(!L->hookmask && L->stack_last - L->top > LUA_MINSTACK))
    return vm_fastfns[c->ffid](L, func, cast_int(L->top - func) - 1, nresults, c);
  return vm_precallC(L, func, nresults, c->f);
}

void vm_ffpush(lua_State *L, int id, lua_CFunction f) {
  CClosure *c = G(L)->ffn[id];
  if (c == NULL) {
    c = vm_func_newCclosure(L, 0);
    c->f = f;
    c->ffid = cast_byte(id);
    G(L)->ffn[id] = c;
  }
  setclCvalue(L, s2v(L->top), c);
  L->top++;
}

void vm_ffsetfuncs(lua_State *L, const VMFastReg *l) {
  for (; l->name != NULL; l++) {
    vm_ffpush(L, l->id, l->f);
    lua_setfield(L, -2, l->name);
  }
}
