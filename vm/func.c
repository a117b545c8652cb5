/* Prototypes, closures, upvalues and to-be-closed variables. Open upvalues live in a list
 * per thread sorted by stack level (highest first) so closing a scope is a prefix walk;
 * tbc variables are chained through the stack slots themselves (StackValue.tbc.delta). */
#include <string.h>

#include "vm/debug.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/tm.h"

/* The tbc chain stores distances in an unsigned short; farther links go through dummy
 * entries with delta 0. */
#define MAXDELTA USHRT_MAX

#define uplevel(up) ((StkId)(up)->v.p)

Proto *vm_func_newproto(lua_State *L) {
  return (Proto *)gc_newobj(L, VT_PROTO, sizeof(Proto));
}

CClosure *vm_func_newCclosure(lua_State *L, int nupvalues) {
  CClosure *c = (CClosure *)gc_newobj(L, VT_CCL, sizeof(CClosure) + sizeof(Value) * (size_t)nupvalues);
  c->nupvalues = cast_byte(nupvalues);
  c->ffid = 0;  /* not a fast function unless vm_ffpush makes it one */
  for (int i = 0; i < nupvalues; i++) setnilvalue(&c->upvalue[i]);
  return c;
}

LClosure *vm_func_newLclosure(lua_State *L, int nupvalues) {
  LClosure *c = (LClosure *)gc_newobj(L, VT_LCL, sizeof(LClosure) + sizeof(UpVal *) * (size_t)nupvalues);
  c->nupvalues = cast_byte(nupvalues);
  return c;
}

static UpVal *newclosedupval(lua_State *L) {
  UpVal *uv = (UpVal *)gc_newobj(L, VT_UPVAL, sizeof(UpVal));
  uv->v.p = &uv->u.value;
  setnilvalue(uv->v.p);
  return uv;
}

/* Gives every missing upvalue of a fresh closure (a loaded main chunk) a closed nil value. */
void vm_func_initupvals(lua_State *L, LClosure *cl) {
  for (int i = 0; i < cl->nupvalues; i++) {
    if (cl->upvals[i] == NULL) {
      cl->upvals[i] = newclosedupval(L);
      gc_barrier(L, cl, cl->upvals[i]);
    }
  }
}

/* Finds the open upvalue for stack slot `level`, creating it (in sorted position) if no
 * closure has captured that slot yet. */
UpVal *vm_func_findupval(lua_State *L, StkId level) {
  UpVal **pp = &L->openupval;
  UpVal *p;
  while ((p = *pp) != NULL && uplevel(p) >= level) {
    if (uplevel(p) == level) return p;
    pp = &p->u.open.next;
  }
  UpVal *uv = (UpVal *)gc_newobj(L, VT_UPVAL, sizeof(UpVal));
  uv->v.p = s2v(level);
  uv->u.open.next = p;
  uv->u.open.previous = pp;
  if (p != NULL) p->u.open.previous = &uv->u.open.next;
  *pp = uv;
  return uv;
}

static void unlinkupval(UpVal *uv) {
  *uv->u.open.previous = uv->u.open.next;
  if (uv->u.open.next != NULL) uv->u.open.next->u.open.previous = uv->u.open.previous;
}

/* Closes every open upvalue at or above level: the value moves into the upvalue itself. */
void vm_func_closeupval(lua_State *L, StkId level) {
  UpVal *uv;
  while ((uv = L->openupval) != NULL && uplevel(uv) >= level) {
    Value *slot = &uv->u.value;
    unlinkupval(uv);
    setobj(L, slot, uv->v.p);
    uv->v.p = slot;
  }
}

/* Calls the __close metamethod of obj with err as second argument. yy: may yield. */
static void callclosemethod(lua_State *L, Value *obj, Value *err, int yy) {
  StkId top = L->top;
  const Value *tm = vm_tm_getbyobj(L, obj, TM_CLOSE);
  setobj2s(L, top, tm);
  setobj2s(L, top + 1, obj);
  setobj2s(L, top + 2, err);
  L->top = top + 3;
  if (yy)
    vm_call(L, top, 0);
  else
    vm_callnoyield(L, top, 0);
}

/* A value may be closed if it is false/nil (ignored) or has a __close metamethod. */
static void checkclosemth(lua_State *L, StkId level) {
  const Value *tm = vm_tm_getbyobj(L, s2v(level), TM_CLOSE);
  if (ttisnil(tm)) {
    CallInfo *ci = L->ci;
    const char *name = NULL;
    if (isLua(ci)) {
      const Proto *p = ci_func(ci)->p;
      int idx = cast_int(level - ci->func);  /* local number counts from 1 */
      name = vm_func_getlocalname(p, idx, pcRel(ci->u.l.savedpc, p));
    }
    if (name == NULL)  /* no debug information: named like lua_getlocal does */
      name = isLua(ci) ? "(temporary)" : "(C temporary)";
    vm_debug_runerror(L, "variable '%s' got a non-closable value", name);
  }
}

void vm_func_newtbcupval(lua_State *L, StkId level) {
  if (l_isfalse(s2v(level))) return;  /* false and nil need no closing */
  checkclosemth(L, level);
  /* The compiler closes a tbc slot before marking it again; only a forged chunk could
   * register a level at or below the newest one, which would corrupt the chain. */
  if (l_unlikely(level <= L->tbclist)) vm_debug_runerror(L, "to-be-closed variable out of order");
  while (cast_int(level - L->tbclist) > MAXDELTA) {
    L->tbclist += MAXDELTA;  /* a dummy link */
    L->tbclist->tbc.delta = 0;
  }
  level->tbc.delta = (unsigned short)(level - L->tbclist);
  L->tbclist = level;
}

static void poptbclist(lua_State *L) {
  StkId tbc = L->tbclist;
  tbc -= tbc->tbc.delta;
  while (tbc > L->stack && tbc->tbc.delta == 0) tbc -= MAXDELTA;  /* skip dummies */
  L->tbclist = tbc;
}

/* Runs the __close of the tbc variable at level. On an error status the error object goes
 * right above the variable and is passed as the second argument. */
static void prepcallclosemth(lua_State *L, StkId level, int status, int yy) {
  Value *uv = s2v(level);
  Value *errobj;
  if (status == CLOSEKTOP) {
    errobj = &G(L)->nilvalue;
  } else {
    errobj = s2v(level + 1);
    vm_seterrorobj(L, status, level + 1);  /* sets top to level + 2 */
  }
  callclosemethod(L, uv, errobj, yy);
}

StkId vm_func_close(lua_State *L, StkId level, int status, int yy) {
  ptrdiff_t levelrel = savestack(L, level);
  vm_func_closeupval(L, level);
  while (L->tbclist >= level) {
    StkId tbc = L->tbclist;
    poptbclist(L);
    prepcallclosemth(L, tbc, status, yy);
    level = restorestack(L, levelrel);
  }
  return level;
}

const char *vm_func_getlocalname(const Proto *f, int local_number, int pc) {
  for (int i = 0; i < f->sizelocvars && f->locvars[i].startpc <= pc; i++) {
    if (pc < f->locvars[i].endpc) {  /* active at pc */
      local_number--;
      if (local_number == 0) return f->locvars[i].varname ? getstr(f->locvars[i].varname) : NULL;
    }
  }
  return NULL;
}
