/* The inline versions of the fast functions (vm/fastfn.h) and the call that tries them. Each
 * reads its arguments from the stack above func and either leaves its results from func on,
 * adjusted to nresults, or declines, having changed nothing the C function reads, and calls
 * the C function, which then produces the same results, or the same error, as if the
 * inline version did not exist. */
#include "lua.h"
#include "vm/do.h"
#include "vm/fastfn.h"
#include "vm/func.h"
#include "vm/tab.h"
#include "vm/tm.h"

/* An inline version: nargs arguments at func + 1 .. func + nargs (top is after them). It
 * ends with ffreturn, or with ffdecline, a tail call of the C function (so nothing is kept
 * across the call of the inline version). */
typedef int (*FastFn)(lua_State *L, StkId func, int nargs, int nresults, CClosure *c);

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
  (void)L;
  (void)nresults;
  if (nargs < 1 || !ttistable(s2v(func + 1))) ffdecline();
  if (nargs < 2) setnilvalue(s2v(func + 2));  /* above top: the C function would set it */
  int more = vm_tab_trynext(hvalue(s2v(func + 1)), func + 2);
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
  (void)nresults;
  if (nargs < 2 || !ttistable(s2v(func + 1)) || !ttisinteger(s2v(func + 2))) ffdecline();
  Table *t = hvalue(s2v(func + 1));
  lua_Integer i = l_castU2S(l_castS2U(ivalue(s2v(func + 2))) + 1);
  const Value *v = (l_castS2U(i) - 1u < t->asize) ? &t->array[i - 1] : vm_tab_getint(t, i);
  if (isempty(v)) {
    if (t->weakmode || fasttm(L, t->metatable, TM_INDEX) != NULL) ffdecline();
    setnilvalue(s2v(func));
    return ffreturn(L, func, 1, nresults);
  }
  setobj2s(L, func + 1, v);
  setivalue(s2v(func), i);
  return ffreturn(L, func, 2, nresults);
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

_Static_assert(VM_FF_N <= VM_FFMAX, "CClosure.ffid and GlobalState.ffn hold VM_FFMAX ids");

static const FastFn fastfns[VM_FF_N] = {
  NULL,
#define VM_FF_FN(name) ff_##name,
  VM_FASTFNS(VM_FF_FN)
#undef VM_FF_FN
};

int vm_ffcall(lua_State *L, StkId func, int nresults, CClosure *c) {
  if (l_likely(!L->hookmask && L->stack_last - L->top > LUA_MINSTACK))
    return fastfns[c->ffid](L, func, cast_int(L->top - func) - 1, nresults, c);
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
