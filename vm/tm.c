/* Metamethods: finding a value's metatable and event handler, calling handlers for
 * arithmetic, comparison and concatenation with the right error when there is none, and
 * the vararg frame layout used by OP_VARARGPREP / OP_VARARG. */
#include <string.h>

#include "vm/debug.h"
#include "vm/do.h"
#include "vm/gc.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/tm.h"

static const char *const typenames[LUA_NUMTYPES + 3] = {
  "no value", "nil", "boolean", "userdata", "number", "string", "table", "function",
  "userdata", "thread", "upvalue", "proto"
};

const char *vm_tm_typename(int t) {
  if (t < LUA_TNONE || t >= LUA_NUMTYPES + 2) return "?";
  return typenames[t + 1];
}

/* Event names come from vm_str_init; this fills any it left out so lookups never see NULL. */
void vm_tm_init(lua_State *L) {
  static const char *const names[TM_N] = {
#define VM_TM_NAME(name, str) str,
    VM_TMS(VM_TM_NAME)
#undef VM_TM_NAME
  };
  for (int i = 0; i < TM_N; i++)
    if (G(L)->tmname[i] == NULL) G(L)->tmname[i] = vm_str_newz(L, names[i]);
  if (G(L)->idxcache == NULL) G(L)->idxcache = vm_idxnone;
}

Table *vm_tm_getmetatable(lua_State *L, const Value *o) {
  switch (ttype(o)) {
    case LUA_TTABLE: return hvalue(o)->metatable;
    case LUA_TUSERDATA: return uvalue(o)->metatable;
    default: return G(L)->mt[ttype(o)];
  }
}

/* Returns the handler or a nil value (never NULL), so callers can test with ttisnil. */
const Value *vm_tm_getbyobj(lua_State *L, const Value *o, TMS event) {
  Table *mt = vm_tm_getmetatable(L, o);
  if (mt == NULL) return &G(L)->nilvalue;
  const Value *tm = vm_tab_getshortstr(mt, G(L)->tmname[event]);
  return isempty(tm) ? &G(L)->nilvalue : tm;
}

/* Type name for messages: a string __name in the metatable of a table or full userdata
 * wins over the basic type name. */
const char *vm_tm_objtypename(lua_State *L, const Value *o) {
  Table *mt = NULL;
  if (ttistable(o))
    mt = hvalue(o)->metatable;
  else if (ttisfulluserdata(o))
    mt = uvalue(o)->metatable;
  if (mt != NULL) {
    const Value *name = vm_tab_getshortstr(mt, vm_str_newz(L, "__name"));
    if (ttisstring(name)) return getstr(tsvalue(name));
  }
  return vm_tm_typename(ttype(o));
}

/* Calls f(p1, p2, p3) with no results. Metamethods called from Lua code may yield. */
void vm_tm_call(lua_State *L, const Value *f, const Value *p1, const Value *p2, const Value *p3) {
  StkId func = L->top;
  setobj2s(L, func, f);
  setobj2s(L, func + 1, p1);
  setobj2s(L, func + 2, p2);
  setobj2s(L, func + 3, p3);
  L->top = func + 4;
  if (isLua(L->ci))
    vm_call(L, func, 0);
  else
    vm_callnoyield(L, func, 0);
}

/* Calls f(p1, p2) and stores its one result at res (which may move with the stack). */
void vm_tm_callres(lua_State *L, const Value *f, const Value *p1, const Value *p2, StkId res) {
  ptrdiff_t result = savestack(L, res);
  StkId func = L->top;
  setobj2s(L, func, f);
  setobj2s(L, func + 1, p1);
  setobj2s(L, func + 2, p2);
  L->top = func + 3;
  if (isLua(L->ci))
    vm_call(L, func, 1);
  else
    vm_callnoyield(L, func, 1);
  res = restorestack(L, result);
  setobjs2s(L, res, --L->top);
}

/* Tries the event handler of p1, then of p2; returns 0 when neither has one. */
static int callbinTM(lua_State *L, const Value *p1, const Value *p2, StkId res, TMS event) {
  const Value *tm = vm_tm_getbyobj(L, p1, event);
  if (ttisnil(tm)) tm = vm_tm_getbyobj(L, p2, event);
  if (ttisnil(tm)) return 0;
  vm_tm_callres(L, tm, p1, p2, res);
  return 1;
}

void vm_tm_trybin(lua_State *L, const Value *p1, const Value *p2, StkId res, TMS event) {
  if (l_likely(callbinTM(L, p1, p2, res, event))) return;
  switch (event) {
    case TM_BAND: case TM_BOR: case TM_BXOR: case TM_SHL: case TM_SHR: case TM_BNOT:
      if (ttisnumber(p1) && ttisnumber(p2))
        vm_debug_tointerror(L, p1, p2);
      else
        vm_debug_opinterror(L, p1, p2, "perform bitwise operation on");
      break;
    default:
      vm_debug_opinterror(L, p1, p2, "perform arithmetic on");
  }
}

/* __concat for the two values at the top of the stack; the result replaces the first. */
void vm_tm_tryconcat(lua_State *L) {
  StkId top = L->top;
  if (l_unlikely(!callbinTM(L, s2v(top - 2), s2v(top - 1), top - 2, TM_CONCAT)))
    vm_debug_concaterror(L, s2v(top - 2), s2v(top - 1));
}

int vm_tm_callorder(lua_State *L, const Value *p1, const Value *p2, TMS event) {
  if (callbinTM(L, p1, p2, L->top, event)) return !l_isfalse(s2v(L->top));
#if defined(LUA_COMPAT_LT_LE)
  if (event == TM_LE) {
    /* Lua 5.3 compatibility (Debian's lua5.4 has it): a <= b as not (b < a). The mark
     * tells vm_finishOp to negate the result if the __lt handler yields. */
    L->ci->callstatus |= CIST_LEQ;
    if (callbinTM(L, p2, p1, L->top, TM_LT)) {
      L->ci->callstatus ^= CIST_LEQ;
      return l_isfalse(s2v(L->top));
    }
    L->ci->callstatus ^= CIST_LEQ;
  }
#endif
  vm_debug_ordererror(L, p1, p2);
}

int vm_tm_callorderi(lua_State *L, const Value *p1, int v2, int flip, int isfloat, TMS event) {
  Value aux;
  if (isfloat)
    setfltvalue(&aux, cast_num(v2));
  else
    setivalue(&aux, v2);
  if (flip) return vm_tm_callorder(L, &aux, p1, event);
  return vm_tm_callorder(L, p1, &aux, event);
}

/* Vararg frames: the function and its fixed parameters are copied above the actual
 * arguments, so the extra arguments stay below the new frame (at func - nextra). */
void vm_tm_adjustvarargs(lua_State *L, int nfixparams, CallInfo *ci, const Proto *p) {
  vm_checkstack(L, p->maxstacksize + 1);
  vm_tm_shiftframe(L, ci, nfixparams);
}

void vm_tm_getvarargs(lua_State *L, CallInfo *ci, StkId where, int wanted) {
  if (wanted < 0) {
    int nextra = ci->u.l.nextraargs;
    wanted = nextra;
    if (l_unlikely(L->stack_last - L->top <= nextra)) {
      ptrdiff_t w = savestack(L, where);
      vm_growstack(L, nextra, 1);
      where = restorestack(L, w);
    }
    L->top = where + nextra;
  }
  vm_tm_copyvarargs(ci, where, wanted);
}
