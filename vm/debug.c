/* Debug information and runtime errors: line numbers, naming the value an error is about by
 * reading the bytecode backwards ("(local 'x')", "(global 'f')"), lua_getstack/lua_getinfo/
 * lua_getlocal/lua_setlocal, and the hook machinery the interpreter calls into. */
#include <stdarg.h>
#include <string.h>

#include "vm/debug.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/tm.h"

#define ENVNAME "_ENV"

static const char *getobjname(const Proto *p, int lastpc, int reg, const char **name);
/* Naming recurses through the instructions that built a value; forged code could chain that
 * arbitrarily deep, so give up (no name) past this depth. */
#define MAXNAMEDEPTH 100
static const char *objname(const Proto *p, int lastpc, int reg, const char **name, int depth);

/* ------------------------------------------------------------------------------------------
 * Lines.
 */

int vm_debug_getline(const Proto *f, int pc) {
  if (f->lineinfo == NULL || pc < 0 || pc >= f->sizelineinfo) return -1;
  return f->lineinfo[pc];
}

static int currentpc(CallInfo *ci) {
  return pcRel(ci->u.l.savedpc, ci_func(ci)->p);
}

int vm_debug_currentline(CallInfo *ci) {
  return vm_debug_getline(ci_func(ci)->p, currentpc(ci));
}

/* ------------------------------------------------------------------------------------------
 * Hooks configuration and stack inspection (public API).
 */

/* A Lua frame only notices a new hook when its trap is set. */
static void settraps(CallInfo *ci) {
  for (; ci != NULL; ci = ci->previous)
    if (isLua(ci)) ci->u.l.trap = 1;
}

LUA_API void lua_sethook(lua_State *L, lua_Hook func, int mask, int count) {
  if (func == NULL || mask == 0) {
    mask = 0;
    func = NULL;
  }
  L->hook = func;
  L->basehookcount = count;
  resethookcount(L);
  L->hookmask = cast_byte(mask);
  if (mask) settraps(L->ci);
}

LUA_API lua_Hook lua_gethook(lua_State *L) { return L->hook; }
LUA_API int lua_gethookmask(lua_State *L) { return L->hookmask; }
LUA_API int lua_gethookcount(lua_State *L) { return L->basehookcount; }

LUA_API int lua_getstack(lua_State *L, int level, lua_Debug *ar) {
  CallInfo *ci;
  if (level < 0) return 0;
  for (ci = L->ci; level > 0 && ci != &L->base_ci; ci = ci->previous) level--;
  if (level == 0 && ci != &L->base_ci) {
    ar->i_ci = ci;
    return 1;
  }
  return 0;
}

static const char *upvalname(const Proto *p, int uv) {
  if (uv < 0 || uv >= p->sizeupvalues || p->upvalues[uv].name == NULL) return "?";
  return getstr(p->upvalues[uv].name);
}

/* Extra arguments of a vararg function sit just below its (moved) function slot. */
static const char *findvararg(CallInfo *ci, int n, StkId *pos) {
  if (clLvalue(s2v(ci->func))->p->is_vararg) {
    int nextra = ci->u.l.nextraargs;
    if (n >= -nextra) {
      *pos = ci->func - nextra - (n + 1);
      return "(vararg)";
    }
  }
  return NULL;
}

const char *vm_debug_findlocal(lua_State *L, CallInfo *ci, int n, StkId *pos) {
  StkId base = ci->func + 1;
  const char *name = NULL;
  if (isLua(ci)) {
    if (n < 0) return findvararg(ci, n, pos);
    name = vm_func_getlocalname(ci_func(ci)->p, n, currentpc(ci));
  }
  if (name == NULL) {
    StkId limit = (ci == L->ci) ? L->top : ci->next->func;
    if (limit - base >= n && n > 0)
      name = isLua(ci) ? "(temporary)" : "(C temporary)";
    else
      return NULL;
  }
  *pos = base + (n - 1);
  return name;
}

LUA_API const char *lua_getlocal(lua_State *L, const lua_Debug *ar, int n) {
  const char *name;
  if (ar == NULL) {  /* parameter names of the function on top */
    const Value *f = s2v(L->top - 1);
    if (!ttisLclosure(f)) return NULL;
    return vm_func_getlocalname(clLvalue(f)->p, n, 0);
  }
  StkId pos = NULL;
  name = vm_debug_findlocal(L, ar->i_ci, n, &pos);
  if (name != NULL) {
    setobjs2s(L, L->top, pos);
    L->top++;
  }
  return name;
}

LUA_API const char *lua_setlocal(lua_State *L, const lua_Debug *ar, int n) {
  StkId pos = NULL;
  const char *name = vm_debug_findlocal(L, ar->i_ci, n, &pos);
  if (name != NULL) {
    setobjs2s(L, pos, L->top - 1);
    L->top--;
  }
  return name;
}

/* ------------------------------------------------------------------------------------------
 * lua_getinfo.
 */

static void funcinfo(lua_Debug *ar, Closure *cl) {
  if (cl == NULL || cl->c.tt == VT_CCL) {
    ar->source = "=[C]";
    ar->srclen = 4;
    ar->linedefined = -1;
    ar->lastlinedefined = -1;
    ar->what = "C";
  } else {
    const Proto *p = cl->l.p;
    if (p->source != NULL) {
      ar->source = getstr(p->source);
      ar->srclen = tsslen(p->source);
    } else {
      ar->source = "=?";
      ar->srclen = 2;
    }
    ar->linedefined = p->linedefined;
    ar->lastlinedefined = p->lastlinedefined;
    ar->what = (ar->linedefined == 0) ? "main" : "Lua";
  }
  vm_chunkid(ar->short_src, ar->source, ar->srclen);
}

/* Pushes a table whose keys are the lines holding code (nil for C functions, empty when
 * stripped).
 * A vararg function's first instruction (VARARGPREP) does not count: hooks start after it. */
static void collectvalidlines(lua_State *L, Closure *cl) {
  if (cl == NULL || cl->c.tt == VT_CCL) {
    setnilvalue(s2v(L->top));
    L->top++;
    return;
  }
  const Proto *p = cl->l.p;
  Table *t = vm_tab_new(L);
  sethvalue(L, s2v(L->top), t);
  L->top++;
  Value v;
  setbtvalue(&v);
  for (int i = p->is_vararg ? 1 : 0; p->lineinfo != NULL && i < p->sizelineinfo; i++)
    vm_tab_setint(L, t, p->lineinfo[i], &v);
}

static const char *funcnamefromcode(lua_State *L, const Proto *p, int pc, const char **name) {
  TMS tm;
  Instruction i = p->code[pc];
  switch (vm_baseop(i)) {
    case OP_CALL:
    case OP_TAILCALL:
      return getobjname(p, pc, GETARG_A(i), name);
    case OP_TFORCALL:
      *name = "for iterator";
      return "for iterator";
    case OP_SELF: case OP_GETTABUP: case OP_GETTABLE: case OP_GETI: case OP_GETFIELD:
      tm = TM_INDEX;
      break;
    case OP_SETTABUP: case OP_SETTABLE: case OP_SETI: case OP_SETFIELD:
      tm = TM_NEWINDEX;
      break;
    case OP_MMBIN: case OP_MMBINI: case OP_MMBINK:
      tm = (TMS)GETARG_C(i);
      if (tm >= TM_N) return NULL;
      break;
    case OP_UNM: tm = TM_UNM; break;
    case OP_BNOT: tm = TM_BNOT; break;
    case OP_LEN: tm = TM_LEN; break;
    case OP_CONCAT: tm = TM_CONCAT; break;
    case OP_EQ: tm = TM_EQ; break;
    case OP_LT: case OP_LTI: case OP_GTI: tm = TM_LT; break;
    case OP_LE: case OP_LEI: case OP_GEI: tm = TM_LE; break;
    case OP_CLOSE: case OP_RETURN: tm = TM_CLOSE; break;
    default:
      return NULL;
  }
  *name = getstr(G(L)->tmname[tm]) + 2;  /* skip the "__" */
  return "metamethod";
}

/* How the function running in ci was called, judged from its caller's current instruction. */
static const char *funcnamefromcall(lua_State *L, CallInfo *ci, const char **name) {
  if (ci->callstatus & CIST_HOOKED) {
    *name = "?";
    return "hook";
  }
  if (ci->callstatus & CIST_FIN) {
    *name = "__gc";
    return "metamethod";
  }
  if (isLua(ci)) return funcnamefromcode(L, ci_func(ci)->p, currentpc(ci), name);
  return NULL;
}

static const char *getfuncname(lua_State *L, CallInfo *ci, const char **name) {
  if (ci != NULL && !(ci->callstatus & CIST_TAIL) && ci->previous != NULL)
    return funcnamefromcall(L, ci->previous, name);
  return NULL;
}

static int auxgetinfo(lua_State *L, const char *what, lua_Debug *ar, Closure *f, CallInfo *ci) {
  int status = 1;
  for (; *what; what++) {
    switch (*what) {
      case 'S':
        funcinfo(ar, f);
        break;
      case 'l':
        ar->currentline = (ci != NULL && isLua(ci)) ? vm_debug_currentline(ci) : -1;
        break;
      case 'u':
        ar->nups = (f == NULL) ? 0 : f->c.nupvalues;
        if (f == NULL || f->c.tt == VT_CCL) {
          ar->isvararg = 1;
          ar->nparams = 0;
        } else {
          ar->isvararg = (char)f->l.p->is_vararg;
          ar->nparams = f->l.p->numparams;
        }
        break;
      case 't':
        ar->istailcall = (ci != NULL) ? (char)((ci->callstatus & CIST_TAIL) != 0) : 0;
        break;
      case 'n':
        ar->namewhat = getfuncname(L, ci, &ar->name);
        if (ar->namewhat == NULL) {
          ar->namewhat = "";
          ar->name = NULL;
        }
        break;
      case 'r':
        if (ci == NULL || !(ci->callstatus & CIST_TRAN)) {
          ar->ftransfer = ar->ntransfer = 0;
        } else {
          ar->ftransfer = ci->u2.transferinfo.ftransfer;
          ar->ntransfer = ci->u2.transferinfo.ntransfer;
        }
        break;
      case 'L':
      case 'f':
        break;  /* handled by lua_getinfo */
      default:
        status = 0;
    }
  }
  return status;
}

LUA_API int lua_getinfo(lua_State *L, const char *what, lua_Debug *ar) {
  CallInfo *ci;
  Value func;
  if (*what == '>') {
    ci = NULL;
    func = *s2v(L->top - 1);
    what++;
    L->top--;
  } else {
    ci = ar->i_ci;
    func = *s2v(ci->func);
  }
  Closure *cl = NULL;
  if (ttisclosure(&func)) cl = (Closure *)gcvalue(&func);
  int status = auxgetinfo(L, what, ar, cl, ci);
  if (strchr(what, 'f')) {
    setobj2s(L, L->top, &func);
    L->top++;
  }
  if (strchr(what, 'L')) collectvalidlines(L, cl);
  return status;
}

/* ------------------------------------------------------------------------------------------
 * Naming values by symbolic execution: find the last instruction before lastpc that wrote
 * register reg, and describe where that value came from.
 */

/* A write before a jump target that lies between it and lastpc may not reach lastpc. */
static int filterpc(int pc, int jmptarget) {
  return (pc < jmptarget) ? -1 : pc;
}

static int findsetreg(const Proto *p, int lastpc, int reg) {
  int setreg = -1;
  int jmptarget = 0;
  if (lastpc > 0 && testMMMode(vm_baseop(p->code[lastpc])))
    lastpc--;  /* the MMBIN's arithmetic op did not complete */
  for (int pc = 0; pc < lastpc; pc++) {
    Instruction i = p->code[pc];
    OpCode op = vm_baseop(i);
    int a = GETARG_A(i);
    int change;
    switch (op) {
      case OP_LOADNIL:
        change = (a <= reg && reg <= a + GETARG_B(i));
        break;
      case OP_TFORCALL:
        change = (reg >= a + 2);
        break;
      case OP_CALL:
      case OP_TAILCALL:
        change = (reg >= a);
        break;
      case OP_JMP: {
        int dest = pc + 1 + GETARG_sJ(i);
        if (dest <= lastpc && dest > jmptarget) jmptarget = dest;
        change = 0;
        break;
      }
      default:
        change = (op < NUM_OPCODES && testAMode(op) && reg == a);
        break;
    }
    if (change) setreg = filterpc(pc, jmptarget);
  }
  return setreg;
}

static void kname(const Proto *p, int c, const char **name) {
  if (c >= 0 && c < p->sizek && ttisstring(&p->k[c]))
    *name = svalue(&p->k[c]);
  else
    *name = "?";
}

/* A register used as a key is named only when it holds a constant. */
static void rname(const Proto *p, int pc, int c, const char **name, int depth) {
  const char *what = objname(p, pc, c, name, depth + 1);
  if (!(what != NULL && *what == 'c')) *name = "?";
}

static void rkname(const Proto *p, int pc, Instruction i, const char **name, int depth) {
  int c = GETARG_C(i);
  if (GETARG_k(i))
    kname(p, c, name);
  else
    rname(p, pc, c, name, depth);
}

/* "global" when the table indexed is the variable _ENV (an upvalue, or a register holding a
 * local or upvalue of that name; a field named _ENV, as in a._ENV.x, is not: 5.4.7), "field"
 * otherwise. */
static const char *gxf(const Proto *p, int pc, Instruction i, int isup, int depth) {
  int t = GETARG_B(i);
  const char *name = NULL;
  if (isup) {
    name = upvalname(p, t);
  } else {
    const char *what = objname(p, pc, t, &name, depth + 1);
    if (what == NULL || (strcmp(what, "local") != 0 && strcmp(what, "upvalue") != 0)) name = NULL;
  }
  return (name != NULL && strcmp(name, ENVNAME) == 0) ? "global" : "field";
}

static const char *getobjname(const Proto *p, int lastpc, int reg, const char **name) {
  return objname(p, lastpc, reg, name, 0);
}

static const char *objname(const Proto *p, int lastpc, int reg, const char **name, int depth) {
  *name = NULL;
  if (depth > MAXNAMEDEPTH) return NULL;
  *name = vm_func_getlocalname(p, reg + 1, lastpc);
  if (*name != NULL) return "local";
  int pc = findsetreg(p, lastpc, reg);
  if (pc == -1) return NULL;
  Instruction i = p->code[pc];
  switch (vm_baseop(i)) {
    case OP_MOVE: {
      int b = GETARG_B(i);
      if (b < GETARG_A(i)) return objname(p, pc, b, name, depth + 1);
      break;
    }
    case OP_GETTABUP:
      kname(p, GETARG_C(i), name);
      return gxf(p, pc, i, 1, depth);
    case OP_GETTABLE:
      rname(p, pc, GETARG_C(i), name, depth);
      return gxf(p, pc, i, 0, depth);
    case OP_GETI:
      *name = "integer index";
      return "field";
    case OP_GETFIELD:
      kname(p, GETARG_C(i), name);
      return gxf(p, pc, i, 0, depth);
    case OP_GETUPVAL:
      *name = upvalname(p, GETARG_B(i));
      return "upvalue";
    case OP_LOADK:
    case OP_LOADKX: {
      int b = (vm_baseop(i) == OP_LOADK) ? GETARG_Bx(i)
              : (pc + 1 < p->sizecode ? GETARG_Ax(p->code[pc + 1]) : -1);
      if (b >= 0 && b < p->sizek && ttisstring(&p->k[b])) {
        *name = svalue(&p->k[b]);
        return "constant";
      }
      break;
    }
    case OP_SELF:
      rkname(p, pc, i, name, depth);
      return "method";
    default:
      break;
  }
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * Runtime errors.
 */

static const char *formatvarinfo(lua_State *L, const char *kind, const char *name) {
  if (kind == NULL) return "";
  return vm_pushfstring(L, " (%s '%s')", kind, name);
}

/* Is o one of the running closure's upvalues? */
static const char *getupvalname(CallInfo *ci, const Value *o, const char **name) {
  LClosure *c = ci_func(ci);
  for (int i = 0; i < c->nupvalues; i++) {
    UpVal *uv = c->upvals[i];
    if (uv != NULL && uv->v.p == o) {
      *name = upvalname(c->p, i);
      return "upvalue";
    }
  }
  return NULL;
}

/* Register number of o in the frame of ci, or -1 when o is not on that frame. */
static int instack(CallInfo *ci, const Value *o) {
  StkId base = ci->func + 1;
  for (int pos = 0; base + pos < ci->top; pos++)
    if (o == s2v(base + pos)) return pos;
  return -1;
}

static const char *varinfo(lua_State *L, const Value *o) {
  CallInfo *ci = L->ci;
  const char *name = NULL;
  const char *kind = NULL;
  if (isLua(ci)) {
    kind = getupvalname(ci, o, &name);
    if (kind == NULL) {
      int reg = instack(ci, o);
      if (reg >= 0) kind = getobjname(ci_func(ci)->p, currentpc(ci), reg, &name);
    }
  }
  return formatvarinfo(L, kind, name);
}

static l_noret typeerror(lua_State *L, const Value *o, const char *op, const char *extra) {
  const char *t = vm_tm_objtypename(L, o);
  vm_debug_runerror(L, "attempt to %s a %s value%s", op, t, extra);
}

l_noret vm_debug_typeerror(lua_State *L, const Value *o, const char *opname) {
  typeerror(L, o, opname, varinfo(L, o));
}

/* A failed call is named after how the call site got the function, when it can tell. */
l_noret vm_debug_callerror(lua_State *L, const Value *o) {
  CallInfo *ci = L->ci;
  const char *name = NULL;
  const char *kind = funcnamefromcall(L, ci, &name);
  const char *extra = (kind != NULL) ? formatvarinfo(L, kind, name) : varinfo(L, o);
  typeerror(L, o, "call", extra);
}

l_noret vm_debug_forerror(lua_State *L, const Value *o, const char *what) {
  vm_debug_runerror(L, "bad 'for' %s (number expected, got %s)", what, vm_tm_objtypename(L, o));
}

l_noret vm_debug_concaterror(lua_State *L, const Value *p1, const Value *p2) {
  if (ttisstring(p1) || ttisnumber(p1)) p1 = p2;
  vm_debug_typeerror(L, p1, "concatenate");
}

l_noret vm_debug_opinterror(lua_State *L, const Value *p1, const Value *p2, const char *msg) {
  if (!ttisnumber(p1)) p2 = p1;  /* blame the first operand when it is not a number */
  vm_debug_typeerror(L, p2, msg);
}

l_noret vm_debug_tointerror(lua_State *L, const Value *p1, const Value *p2) {
  lua_Integer temp;
  if (!vm_tointegerns(p1, &temp, F2Ieq)) p2 = p1;
  vm_debug_runerror(L, "number%s has no integer representation", varinfo(L, p2));
}

l_noret vm_debug_ordererror(lua_State *L, const Value *p1, const Value *p2) {
  const char *t1 = vm_tm_objtypename(L, p1);
  const char *t2 = vm_tm_objtypename(L, p2);
  if (strcmp(t1, t2) == 0)
    vm_debug_runerror(L, "attempt to compare two %s values", t1);
  else
    vm_debug_runerror(L, "attempt to compare %s with %s", t1, t2);
}

const char *vm_debug_addinfo(lua_State *L, const char *msg, TString *src, int line) {
  char buff[LUA_IDSIZE];
  if (src != NULL)
    vm_chunkid(buff, getstr(src), tsslen(src));
  else {
    buff[0] = '?';
    buff[1] = '\0';
  }
  return vm_pushfstring(L, "%s:%d: %s", buff, line, msg);
}

l_noret vm_debug_errormsg(lua_State *L) {
  if (L->errfunc != 0) {  /* a message handler: call it with the error object */
    StkId errfunc = restorestack(L, L->errfunc);
    setobjs2s(L, L->top, L->top - 1);
    setobjs2s(L, L->top - 1, errfunc);
    L->top++;
    vm_callnoyield(L, L->top - 2, 1);
  }
  vm_throw(L, LUA_ERRRUN);
}

l_noret vm_debug_runerror(lua_State *L, const char *fmt, ...) {
  CallInfo *ci = L->ci;
  va_list argp;
  va_start(argp, fmt);
  const char *msg = vm_pushvfstring(L, fmt, argp);
  va_end(argp);
  if (isLua(ci)) {
    vm_debug_addinfo(L, msg, ci_func(ci)->p->source, vm_debug_currentline(ci));
    setobjs2s(L, L->top - 2, L->top - 1);  /* keep only the message with position */
    L->top--;
  }
  vm_debug_errormsg(L);
}

/* ------------------------------------------------------------------------------------------
 * Hooks.
 */

void vm_debug_hook(lua_State *L, int event, int line, int ftransfer, int ntransfer) {
  lua_Hook hook = L->hook;
  if (hook == NULL || !L->allowhook) return;
  int mask = CIST_HOOKED;
  CallInfo *ci = L->ci;
  ptrdiff_t top = savestack(L, L->top);
  ptrdiff_t ci_top = savestack(L, ci->top);
  lua_Debug ar;
  memset(&ar, 0, sizeof ar);
  ar.event = event;
  ar.currentline = line;
  ar.i_ci = ci;
  if (ntransfer != 0) {
    mask |= CIST_TRAN;
    ci->u2.transferinfo.ftransfer = (unsigned short)ftransfer;
    ci->u2.transferinfo.ntransfer = (unsigned short)ntransfer;
  }
  if (isLua(ci) && L->top < ci->top) L->top = ci->top;  /* the hook must not clobber registers */
  vm_checkstack(L, LUA_MINSTACK);
  if (ci->top < L->top + LUA_MINSTACK) ci->top = L->top + LUA_MINSTACK;
  L->allowhook = 0;
  ci->callstatus |= mask;
  (*hook)(L, &ar);
  L->allowhook = 1;
  ci->top = restorestack(L, ci_top);
  L->top = restorestack(L, top);
  ci->callstatus &= ~mask;
}

void vm_debug_hookcall(lua_State *L, CallInfo *ci) {
  L->oldpc = 0;  /* the new function's lines all count as new */
  if (L->hookmask & LUA_MASKCALL) {
    int event = (ci->callstatus & CIST_TAIL) ? LUA_HOOKTAILCALL : LUA_HOOKCALL;
    Proto *p = ci_func(ci)->p;
    ci->u.l.savedpc++;  /* hooks see pc already advanced, as everywhere else */
    vm_debug_hook(L, event, -1, 1, p->numparams);
    ci->u.l.savedpc--;
  }
}

void vm_debug_rethook(lua_State *L, CallInfo *ci, int nres) {
  if (L->hookmask & LUA_MASKRET) {
    StkId firstres = L->top - nres;
    int delta = 0;
    if (isLua(ci)) {
      Proto *p = ci_func(ci)->p;
      if (p->is_vararg) delta = ci->u.l.nextraargs + p->numparams + 1;
    }
    ci->func += delta;  /* back to the original function slot, so ftransfer counts from it */
    int ftransfer = (int)(firstres - ci->func);
    vm_debug_hook(L, LUA_HOOKRET, -1, ftransfer, nres);
    ci->func -= delta;
  }
  ci = ci->previous;
  if (ci != NULL && isLua(ci)) L->oldpc = pcRel(ci->u.l.savedpc, ci_func(ci)->p);
}

static int changedline(const Proto *p, int oldpc, int newpc) {
  if (p->lineinfo == NULL) return 0;
  return vm_debug_getline(p, oldpc) != vm_debug_getline(p, newpc);
}

/* Called before each instruction while a hook is set: count and line events. Returns 0 when
 * no line/count hook is active (the interpreter may then clear its trap). */
int vm_debug_traceexec(lua_State *L, const Instruction *pc) {
  CallInfo *ci = L->ci;
  int mask = L->hookmask;
  const Proto *p = ci_func(ci)->p;
  if (!(mask & (LUA_MASKLINE | LUA_MASKCOUNT))) {
    ci->u.l.trap = 0;
    return 0;
  }
  pc++;  /* the reference is always the next instruction */
  ci->u.l.savedpc = pc;
  int counthook = (--L->hookcount == 0 && (mask & LUA_MASKCOUNT));
  if (counthook)
    resethookcount(L);
  else if (!(mask & LUA_MASKLINE))
    return 1;  /* only a count hook, not due yet */
  if (ci->callstatus & CIST_HOOKYIELD) {  /* resuming after a hook yielded: skip this once */
    ci->callstatus &= ~CIST_HOOKYIELD;
    return 1;
  }
  if (!isIT(*(ci->u.l.savedpc - 1))) L->top = ci->top;  /* top is not in use: protect registers */
  if (counthook) vm_debug_hook(L, LUA_HOOKCOUNT, -1, 0, 0);
  if (mask & LUA_MASKLINE) {
    int oldpc = (L->oldpc < p->sizecode) ? L->oldpc : 0;  /* oldpc may be from another function */
    int npci = pcRel(pc, p);
    if (npci <= oldpc || changedline(p, oldpc, npci))  /* jumped back or entered a new line */
      vm_debug_hook(L, LUA_HOOKLINE, vm_debug_getline(p, npci), 0, 0);
    L->oldpc = npci;
  }
  if (L->status == LUA_YIELD) {  /* the hook yielded */
    if (counthook) L->hookcount = 1;  /* fire the count hook again after resuming */
    ci->u.l.savedpc--;  /* re-execute this instruction */
    ci->callstatus |= CIST_HOOKYIELD;
    vm_throw(L, LUA_YIELD);
  }
  return 1;
}
