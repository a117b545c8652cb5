/* Metamethods: lookup of a value's metatable and event handlers, and calling them (vm/tm.c). */
#ifndef VM_TM_H
#define VM_TM_H

#include "vm/core.h"
#include "vm/tab.h"

/* Fast check for an absent metamethod in a metatable: flags cache absence of events
 * TM_INDEX..TM_EQ. Returns the handler or NULL. */
#define gfasttm(g, et, e) \
  ((et) == NULL ? NULL : ((et)->flags & (1u << (e))) ? NULL : vm_tm_get(et, e, (g)->tmname[e]))
#define fasttm(l, et, e) gfasttm(G(l), et, e)
/* Any change to a table's fields must clear its absence cache (only for TM_INDEX..TM_EQ). */
#define invalidateTMcache(t) ((t)->flags &= (uint8_t)~0x3Fu)

/* Looks event up in a metatable; caches absence for the fast events in events->flags. Inline:
 * __index/__newindex chains (vm_finishget/vm_finishset) take it once per step. */
static inline const Value *vm_tm_get(Table *events, TMS event, TString *ename) {
  const Value *tm = vm_tab_getshortstr(events, ename);
  if (isempty(tm)) {
    if (event <= TM_EQ) events->flags |= cast_byte(1u << event);
    return NULL;
  }
  return tm;
}
const Value *vm_tm_getbyobj(lua_State *L, const Value *o, TMS event);
Table *vm_tm_getmetatable(lua_State *L, const Value *o);
const char *vm_tm_typename(int t);                       /* "nil", "number", ... */
const char *vm_tm_objtypename(lua_State *L, const Value *o); /* honours __name */
void vm_tm_init(lua_State *L);

void vm_tm_callres(lua_State *L, const Value *f, const Value *p1, const Value *p2, StkId res);
void vm_tm_call(lua_State *L, const Value *f, const Value *p1, const Value *p2, const Value *p3);
/* Binary arithmetic/bitwise metamethod or the right error ("attempt to perform arithmetic on
 * a nil value (local 'x')"). */
void vm_tm_trybin(lua_State *L, const Value *p1, const Value *p2, StkId res, TMS event);
void vm_tm_tryconcat(lua_State *L);
int vm_tm_callorder(lua_State *L, const Value *p1, const Value *p2, TMS event);
int vm_tm_callorderi(lua_State *L, const Value *p1, int v2, int flip, int isfloat, TMS event);

/* Vararg frames (OP_VARARGPREP / OP_VARARG). */
void vm_tm_adjustvarargs(lua_State *L, int nfixparams, CallInfo *ci, const Proto *p);
void vm_tm_getvarargs(lua_State *L, CallInfo *ci, StkId where, int wanted);
/* The cores of those two, inline for the interpreter's OP_VARARGPREP / OP_VARARG once the
 * stack has room. A vararg frame moves above its arguments: the function and its nfixparams
 * fixed parameters are copied up to top (the originals nilled, so they keep nothing alive),
 * the extra arguments stay below the new func. */
static inline void vm_tm_shiftframe(lua_State *L, CallInfo *ci, int nfixparams) {
  StkId func = ci->func;
  StkId top = L->top;
  int actual = cast_int(top - func) - 1;
  ci->u.l.nextraargs = actual - nfixparams;
  top[0] = func[0];
  for (int j = 1; j <= nfixparams; j++) {
    top[j] = func[j];
    setnilvalue(s2v(func + j));
  }
  L->top = top + nfixparams + 1;
  ci->func = top;
  ci->top += actual + 1;
}
/* Copies `wanted` of ci's extra arguments to where (whole slots), nil past the last one. */
static inline void vm_tm_copyvarargs(CallInfo *ci, StkId where, int wanted) {
  int nextra = ci->u.l.nextraargs;
  StkId from = ci->func - nextra;
  int ncopy = wanted < nextra ? wanted : nextra;
  int j;
  for (j = 0; j < ncopy; j++) where[j] = from[j];
  for (; j < wanted; j++) setnilvalue(s2v(where + j));
}

#endif
