/* The stack and calls: stack growth, calling Lua and C functions, errors unwinding through
 * setjmp/longjmp, protected calls, coroutines (resume/yield with continuations so yields
 * cross pcall, metamethods and iterators), and loading a chunk in protected mode. */
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/state.h"
#include "vm/str.h"
#include "vm/tm.h"
#include "vm/zio.h"

#if defined(__has_include)
#if __has_include("vm/bytecode/bytecode.h")
#include "vm/bytecode/bytecode.h"
#define HAVE_BYTECODE 1
#endif
#endif

/* A thread handling a stack overflow may use this much more for its message handler. */
#define ERRORSTACKSIZE (LUAI_MAXSTACK + 200)

#define errorstatus(s) ((s) > LUA_YIELD)

#define next_ci(L) ((L)->ci->next ? (L)->ci->next : vm_state_extendCI(L))

/* Ensures n free slots, keeping the StkId p valid across a reallocation. */
#define checkstackp(L, n, p) \
  do { \
    if (l_unlikely((L)->stack_last - (L)->top <= (n))) { \
      ptrdiff_t t__ = savestack(L, p); \
      vm_growstack(L, n, 1); \
      p = restorestack(L, t__); \
    } \
  } while (0)

/* ------------------------------------------------------------------------------------------
 * Errors.
 */

void vm_seterrorobj(lua_State *L, int errcode, StkId oldtop) {
  switch (errcode) {
    case LUA_ERRMEM:
      setsvalue(L, s2v(oldtop), G(L)->memerrmsg);
      break;
    case LUA_ERRERR:
      setsvalue(L, s2v(oldtop), vm_str_newz(L, "error in error handling"));
      break;
    case LUA_OK:  /* closing upvalues with no error: nil error object */
      setnilvalue(s2v(oldtop));
      break;
    default:
      setobjs2s(L, oldtop, L->top - 1);
      break;
  }
  L->top = oldtop + 1;
}

l_noret vm_throw(lua_State *L, int status) {
  if (L->errorJmp != NULL) {
    L->errorJmp->status = status;
    vm_longjmp(L->errorJmp->b);
  }
  GlobalState *g = G(L);
  status = vm_state_resetthread(L, status);  /* a coroutine died: close its variables */
  if (g->mainthread->errorJmp != NULL) {  /* propagate into the main thread's handler */
    setobjs2s(L, g->mainthread->top, L->top - 1);
    g->mainthread->top++;
    vm_throw(g->mainthread, status);
  }
  if (g->panic != NULL) g->panic(L);
  abort();
}

int vm_rawrunprotected(lua_State *L, Pfunc f, void *ud) {
  uint32_t oldnCcalls = L->nCcalls;
  struct vm_longjmp lj;
  lj.status = LUA_OK;
  lj.previous = L->errorJmp;
  L->errorJmp = &lj;
  if (vm_setjmp(lj.b) == 0) f(L, ud);
  L->errorJmp = lj.previous;
  L->nCcalls = oldnCcalls;
  return lj.status;
}

/* ------------------------------------------------------------------------------------------
 * The stack. Pointers into it (top, CallInfo func/top, open upvalues, the tbc list) are
 * rebased after every reallocation, and Lua frames are told (trap) to reload their base.
 */

void vm_reallocstack(lua_State *L, int newsize) {
  int oldsize = stacksize(L);
  StackValue *old = L->stack;
  StackValue *nw = (StackValue *)gc_alloc(L, sizeof(StackValue) * (size_t)(newsize + EXTRA_STACK));
  int keep = (oldsize < newsize ? oldsize : newsize) + EXTRA_STACK;
  memcpy(nw, old, sizeof(StackValue) * (size_t)keep);
  for (int i = keep; i < newsize + EXTRA_STACK; i++) setnilvalue(s2v(nw + i));
#define REBASE(p) ((p) = nw + ((p) - old))
  REBASE(L->top);
  REBASE(L->tbclist);
  for (UpVal *up = L->openupval; up != NULL; up = up->u.open.next)
    up->v.p = s2v(nw + ((StkId)up->v.p - old));
  for (CallInfo *ci = L->ci; ci != NULL; ci = ci->previous) {
    REBASE(ci->top);
    REBASE(ci->func);
    if (isLua(ci)) ci->u.l.trap = 1;  /* its cached base is stale */
  }
#undef REBASE
  L->stack = nw;
  L->stack_last = nw + newsize;
  if (l_unlikely(newsize > VM_CLEARIDLEMAX && !(L->gcflags & GCF_TRACKED)) && L != G(L)->mainthread)
    gc_trackthread(L, L);  /* too big to clear whenever it stops */
  /* The old block is garbage, but a stale pointer into it (a C frame's saved StkId) would let
   * the conservative collector keep it and every object its slots still reference. */
  memset(old, 0, sizeof(StackValue) * (size_t)(oldsize + EXTRA_STACK));
}

int vm_growstack(lua_State *L, int n, int raiseerror) {
  int size = stacksize(L);
  if (l_unlikely(size > LUAI_MAXSTACK)) {
    /* already using the extra room given to handle a stack overflow */
    if (raiseerror) vm_throw(L, LUA_ERRERR);
    return 0;
  }
  if (n < LUAI_MAXSTACK) {
    int newsize = 2 * size;
    int needed = cast_int(L->top - L->stack) + n;
    if (newsize > LUAI_MAXSTACK) newsize = LUAI_MAXSTACK;
    if (newsize < needed) newsize = needed;
    if (l_likely(newsize <= LUAI_MAXSTACK)) {
      vm_reallocstack(L, newsize);
      return 1;
    }
  }
  vm_reallocstack(L, ERRORSTACKSIZE);
  if (raiseerror) vm_debug_runerror(L, "stack overflow");
  return 0;
}

/* Highest stack slot in use by any frame. */
static int stackinuse(lua_State *L) {
  StkId lim = L->top;
  for (CallInfo *ci = L->ci; ci != NULL; ci = ci->previous)
    if (lim < ci->top) lim = ci->top;
  int res = cast_int(lim - L->stack) + 1;
  if (res < LUA_MINSTACK) res = LUA_MINSTACK;
  return res;
}

/* After an error (maybe a stack overflow), gives back memory the stack no longer needs. */
void vm_shrinkstack(lua_State *L) {
  int inuse = stackinuse(L);
  int max = (inuse > LUAI_MAXSTACK / 3) ? LUAI_MAXSTACK : inuse * 3;
  if (inuse <= LUAI_MAXSTACK && stacksize(L) > max) {
    int nsize = (inuse > LUAI_MAXSTACK / 2) ? LUAI_MAXSTACK : inuse * 2;
    vm_reallocstack(L, nsize);
  }
  vm_state_shrinkCI(L);
}

void vm_inctop(lua_State *L) {
  vm_checkstack(L, 1);
  L->top++;
}

/* ------------------------------------------------------------------------------------------
 * Calls.
 */

/* A __call handler that is itself not a function is called through its own __call, and so
 * on. lua5.4 follows such a chain without bound (a loop only ends, after minutes, in a stack
 * overflow); nacre stops at the same bound as __index chains, with a clear error. */
#define MAXCALLCHAIN 2000

static void callchainerror(lua_State *L) {
  vm_debug_runerror(L, "'__call' chain too long; possible loop");
}

/* Replaces a non-function at func by its __call handler, shifting the arguments up one. */
StkId vm_tryfuncTM(lua_State *L, StkId func) {
  checkstackp(L, 1, func);
  const Value *tm = vm_tm_getbyobj(L, s2v(func), TM_CALL);
  if (l_unlikely(ttisnil(tm))) vm_debug_callerror(L, s2v(func));
  for (StkId p = L->top; p > func; p--) setobjs2s(L, p, p - 1);
  L->top++;
  setobj2s(L, func, tm);
  return func;
}

/* Moves nres results (at top - nres) to res, adjusting to wanted (>= 0) and setting top. */
static inline void movewanted(lua_State *L, StkId res, int nres, int wanted) {
  StkId first = L->top - nres;
  if (nres > wanted) nres = wanted;
  int i;
  /* whole slots (res is below first: a forward copy is safe) */
  for (i = 0; i < nres; i++) res[i] = first[i];
  for (; i < wanted; i++) setnilvalue(s2v(res + i));
  L->top = res + wanted;
}

/* Moves nres results (at top - nres) to res, adjusting to `wanted`. */
static void moveresults(lua_State *L, StkId res, int nres, int wanted) {
  switch (wanted) {
    case 0:
      L->top = res;
      return;
    case 1:
      if (nres == 0)
        setnilvalue(s2v(res));
      else
        setobjs2s(L, res, L->top - nres);
      L->top = res + 1;
      return;
    case LUA_MULTRET:
      wanted = nres;
      break;
    default:
      if (hastocloseCfunc(wanted)) {  /* a C function with tbc variables: close them first */
        L->ci->callstatus |= CIST_CLSRET;
        L->ci->u2.nres = nres;
        res = vm_func_close(L, res, CLOSEKTOP, 1);
        L->ci->callstatus &= ~CIST_CLSRET;
        if (L->hookmask) {
          ptrdiff_t savedres = savestack(L, res);
          vm_debug_rethook(L, L->ci, nres);
          res = restorestack(L, savedres);
        }
        wanted = decodeNresults(wanted);
        if (wanted == LUA_MULTRET) wanted = nres;
      }
      break;
  }
  movewanted(L, res, nres, wanted);
}

/* Inlined into vm_precallC, so a C function's return costs no further call. */
static inline __attribute__((always_inline)) void poscall(lua_State *L, CallInfo *ci, int nres) {
  int wanted = ci->nresults;
  if (l_unlikely(L->hookmask && !hastocloseCfunc(wanted))) vm_debug_rethook(L, ci, nres);
  if (wanted == 1 && nres > 0) {  /* the usual case, without the call */
    StkId res = ci->func;
    setobjs2s(L, res, L->top - nres);
    L->top = res + 1;
  } else if (nres == wanted) {  /* as many as wanted (so wanted >= 0): a for-in iterator's */
    movewanted(L, ci->func, nres, nres);
  } else {
    moveresults(L, ci->func, nres, wanted);
  }
  L->ci = ci->previous;
}

void vm_poscall(lua_State *L, CallInfo *ci, int nres) {
  poscall(L, ci, nres);
}

static CallInfo *prepci(lua_State *L, StkId func, int nresults, unsigned short status, StkId top) {
  CallInfo *ci = next_ci(L);
  ci->func = func;
  ci->nresults = (short)nresults;
  ci->callstatus = status;
  ci->top = top;
  L->ci = ci;
  return ci;
}

static l_noret badresultsC(lua_State *L, int n) {
  vm_debug_runerror(L, "C function returned %d results but only %d are on the stack", n,
                    cast_int(L->top - (L->ci->func + 1)));
}

/* The return of a C function that returned n results to the frame L->ci. */
static int poscallC(lua_State *L, int n) {
  CallInfo *ci = L->ci;
  /* n < 0 wraps to a huge unsigned count: one compare refuses both */
  if (l_unlikely((size_t)(unsigned)n > (size_t)(L->top - (ci->func + 1)))) {
    if (n == VM_COYIELDED && L->status == LUA_YIELD) return n;  /* vm_coyield: ci stays */
    badresultsC(L, n);
  }
  poscall(L, ci, n);
  return n;
}

/* vm_precallC when the stack or the CallInfo list must grow or a call hook is set. */
static __attribute__((noinline)) int precallCslow(lua_State *L, StkId func, int nresults,
                                                  lua_CFunction f) {
  checkstackp(L, LUA_MINSTACK, func);
  prepci(L, func, nresults, CIST_C, L->top + LUA_MINSTACK);
  if (L->hookmask & LUA_MASKCALL) vm_debug_hook(L, LUA_HOOKCALL, -1, 1, cast_int(L->top - func) - 1);
  return poscallC(L, f(L));
}

/* The return of vm_precallC other than one result into one wanted without a hook: any
 * other count without a hook or to-be-closed slots here, the rest through poscallC. */
static __attribute__((noinline)) int poscallCslow(lua_State *L, int n) {
  CallInfo *ci = L->ci;
  int wanted = ci->nresults;
  if (n == VM_COYIELDED && L->status == LUA_YIELD) return n;  /* vm_coyield: ci stays */
  if (l_likely(!L->hookmask && wanted >= LUA_MULTRET &&
               (size_t)(unsigned)n <= (size_t)(L->top - (ci->func + 1)))) {
    movewanted(L, ci->func, n, wanted == LUA_MULTRET ? n : wanted);
    L->ci = ci->previous;
    return n;
  }
  return poscallC(L, n);
}

/* The common call is laid out so that only L lives across the call of f (the rare cases
 * are tail calls of functions of their own): when f returns, its CallInfo is L->ci again
 * (the calls it made have returned; errors do not come back here, and vm_coyield's
 * VM_COYIELDED, a negative count, goes to poscallC). */
int vm_precallC(lua_State *L, StkId func, int nresults, lua_CFunction f) {
  CallInfo *ci = L->ci->next;
  StkId top = L->top;
  if (l_unlikely(L->stack_last - top <= LUA_MINSTACK || ci == NULL ||
                 (L->hookmask & LUA_MASKCALL)))
    return precallCslow(L, func, nresults, f);
  ci->func = func;
  ci->nresults = (short)nresults;
  ci->callstatus = CIST_C;
  ci->top = top + LUA_MINSTACK;
  L->ci = ci;
  int n = f(L);
  ci = L->ci;
  top = L->top;
  if (l_unlikely(n <= 0 || n > top - (ci->func + 1) || ci->nresults != 1 || L->hookmask))
    return poscallCslow(L, n);
  StkId res = ci->func;
  setobjs2s(L, res, top - n);
  L->top = res + 1;
  L->ci = ci->previous;
  return n;
}

/* vm_precall of the Lua closure at func. */
static inline CallInfo *precallLua(lua_State *L, StkId func, int nresults) {
  Proto *p = clLvalue(s2v(func))->p;
  checkstackp(L, p->maxstacksize, func);
  return vm_precallLua(L, next_ci(L), func, L->top, func + 1 + p->maxstacksize, nresults, p);
}

CallInfo *vm_precall(lua_State *L, StkId func, int nresults) {
  for (int chain = 0;; chain++) {
    switch (rawtt(s2v(func))) {
      case VT_CCL:
        vm_precallC(L, func, nresults, clCvalue(s2v(func))->f);
        return NULL;
      case VT_LCF:
        vm_precallC(L, func, nresults, fvalue(s2v(func)));
        return NULL;
      case VT_LCL:
        return precallLua(L, func, nresults);
      default:
        if (l_unlikely(chain >= MAXCALLCHAIN)) callchainerror(L);
        func = vm_tryfuncTM(L, func);
        break;
    }
  }
}

/* A tail call from the Lua frame ci: the callee reuses the frame. Returns -1 for a Lua
 * callee (the interpreter continues with it) or the number of results of a C callee. delta
 * undoes the shift of a vararg caller's frame. */
int vm_pretailcall(lua_State *L, CallInfo *ci, StkId func, int narg1, int delta) {
  for (int chain = 0;; chain++) {
    switch (rawtt(s2v(func))) {
      case VT_CCL:
        return vm_precallC(L, func, LUA_MULTRET, clCvalue(s2v(func))->f);
      case VT_LCF:
        return vm_precallC(L, func, LUA_MULTRET, fvalue(s2v(func)));
      case VT_LCL: {
        Proto *p = clLvalue(s2v(func))->p;
        checkstackp(L, p->maxstacksize - delta, func);
        vm_pretailLua(L, ci, func, narg1, delta, p);
        return -1;
      }
      default:
        if (l_unlikely(chain >= MAXCALLCHAIN)) callchainerror(L);
        func = vm_tryfuncTM(L, func);
        narg1++;
        break;
    }
  }
}

/* A call from C (or a metamethod call) on a fresh interpreter frame. inc is added to
 * nCcalls: 1 for a yieldable call, plus 0x10000 for a non-yieldable one. */
/* A call from C or from OP_TFORCALL: a Lua closure (a comparator, a gsub replacement) or a
 * light C function (ipairs' and pairs' iterators) is entered without vm_precall's dispatch
 * on the callee's type. */
static inline __attribute__((always_inline)) void ccall(lua_State *L, StkId func, int nresults,
                                                        uint32_t inc) {
  L->nCcalls += inc;
  if (l_unlikely(getCcalls(L) >= LUAI_MAXCCALLS)) {
    checkstackp(L, 0, func);
    vm_state_checkcstack(L);
  }
  CallInfo *ci;
  if (ttisLclosure(s2v(func))) {
    ci = precallLua(L, func, nresults);
  } else if (ttislcf(s2v(func))) {  /* a light C function (an iterator, a handler) */
    vm_precallC(L, func, nresults, fvalue(s2v(func)));
    ci = NULL;
  } else {
    ci = vm_precall(L, func, nresults);
  }
  if (ci != NULL) {
    ci->callstatus = CIST_FRESH;
    vm_execute(L, ci);
  }
  L->nCcalls -= inc;
}

void vm_call(lua_State *L, StkId func, int nresults) {
  ccall(L, func, nresults, 1);
}

void vm_callnoyield(lua_State *L, StkId func, int nresults) {
  ccall(L, func, nresults, 0x10000 | 1);
}

void vm_incCcalls(lua_State *L) {
  L->nCcalls++;
  if (l_unlikely(getCcalls(L) >= LUAI_MAXCCALLS)) vm_state_checkcstack(L);
}

void vm_checkCstack(lua_State *L) {
  vm_state_checkcstack(L);
}

/* ------------------------------------------------------------------------------------------
 * Protected calls.
 */

struct CloseP {
  StkId level;
  int status;
};

static void closepaux(lua_State *L, void *ud) {
  struct CloseP *pcl = (struct CloseP *)ud;
  vm_func_close(L, pcl->level, pcl->status, 0);
}

/* Closes upvalues and tbc variables above level in protected mode; an error inside a
 * __close replaces the status and closing goes on with the rest. */
static int closeprotected(lua_State *L, ptrdiff_t level, int status) {
  CallInfo *old_ci = L->ci;
  uint8_t old_allowhook = L->allowhook;
  for (;;) {
    struct CloseP pcl;
    pcl.level = restorestack(L, level);
    pcl.status = status;
    status = vm_rawrunprotected(L, closepaux, &pcl);
    if (l_likely(status == LUA_OK)) return pcl.status;
    L->ci = old_ci;
    L->allowhook = old_allowhook;
  }
}

int vm_closeprotected(lua_State *L, ptrdiff_t level, int status) {
  return closeprotected(L, level, status);
}

int vm_pcall(lua_State *L, Pfunc f, void *u, ptrdiff_t oldtop, ptrdiff_t ef) {
  CallInfo *old_ci = L->ci;
  uint8_t old_allowhook = L->allowhook;
  ptrdiff_t old_errfunc = L->errfunc;
  L->errfunc = ef;
  int status = vm_rawrunprotected(L, f, u);
  if (l_unlikely(status != LUA_OK)) {
    L->ci = old_ci;
    L->allowhook = old_allowhook;
    status = closeprotected(L, oldtop, status);
    vm_seterrorobj(L, status, restorestack(L, oldtop));
    vm_shrinkstack(L);
  }
  L->errfunc = old_errfunc;
  return status;
}

/* ------------------------------------------------------------------------------------------
 * The public call API.
 */

#define adjustresults(L, nres) \
  do { if ((nres) <= LUA_MULTRET && (L)->ci->top < (L)->top) (L)->ci->top = (L)->top; } while (0)

LUA_API void lua_callk(lua_State *L, int nargs, int nresults, lua_KContext ctx, lua_KFunction k) {
  StkId func = L->top - (nargs + 1);
  if (k != NULL && yieldable(L)) {
    L->ci->u.c.k = k;
    L->ci->u.c.ctx = ctx;
    ccall(L, func, nresults, 1);
  } else {
    ccall(L, func, nresults, 0x10000 | 1);  /* vm_callnoyield */
  }
  adjustresults(L, nresults);
}

struct CallS {
  StkId func;
  int nresults;
};

static void f_call(lua_State *L, void *ud) {
  struct CallS *c = (struct CallS *)ud;
  vm_callnoyield(L, c->func, c->nresults);
}

LUA_API int lua_pcallk(lua_State *L, int nargs, int nresults, int errfunc, lua_KContext ctx,
                       lua_KFunction k) {
  ptrdiff_t func = 0;
  if (errfunc != 0) {
    StkId o = (errfunc > 0) ? L->ci->func + errfunc : L->top + errfunc;
    func = savestack(L, o);
  }
  struct CallS c;
  c.func = L->top - (nargs + 1);
  int status;
  if (k == NULL || !yieldable(L)) {
    c.nresults = nresults;
    status = vm_pcall(L, f_call, &c, savestack(L, c.func), func);
  } else {
    /* Yieldable: no setjmp here. An error is caught by the resume loop, which finds this
     * frame by CIST_YPCALL and continues in k with the error status. */
    CallInfo *ci = L->ci;
    ci->u.c.k = k;
    ci->u.c.ctx = ctx;
    ci->u2.funcidx = cast_int(savestack(L, c.func));
    ci->u.c.old_errfunc = L->errfunc;
    L->errfunc = func;
    ci->callstatus = (unsigned short)((ci->callstatus & ~CIST_OAH) | (L->allowhook ? CIST_OAH : 0));
    ci->callstatus |= CIST_YPCALL;
    vm_call(L, c.func, nresults);
    ci->callstatus &= ~CIST_YPCALL;
    L->errfunc = ci->u.c.old_errfunc;
    status = LUA_OK;
  }
  adjustresults(L, nresults);
  return status;
}

LUA_API int lua_error(lua_State *L) {
  Value *errobj = s2v(L->top - 1);
  if (ttisshrstring(errobj) && eqshrstr(tsvalue(errobj), G(L)->memerrmsg))
    vm_throw(L, LUA_ERRMEM);  /* re-raise a memory error as such */
  vm_debug_errormsg(L);
}

/* ------------------------------------------------------------------------------------------
 * Coroutines.
 */

#define getcistrecst(ci) (((ci)->callstatus >> CIST_RECST) & 7)
#define setcistrecst(ci, st) \
  ((ci)->callstatus = (unsigned short)(((ci)->callstatus & ~(7 << CIST_RECST)) | ((st) << CIST_RECST)))

/* Completes a lua_pcallk interrupted by a yield or (status saved in the ci) an error. */
static int finishpcallk(lua_State *L, CallInfo *ci) {
  int status = getcistrecst(ci);
  if (l_likely(status == LUA_OK)) {
    status = LUA_YIELD;
  } else {
    StkId func = restorestack(L, ci->u2.funcidx);
    L->allowhook = (ci->callstatus & CIST_OAH) ? 1 : 0;
    func = vm_func_close(L, func, status, 1);
    vm_seterrorobj(L, status, func);
    vm_shrinkstack(L);
    setcistrecst(ci, LUA_OK);
  }
  ci->callstatus &= ~CIST_YPCALL;
  L->errfunc = ci->u.c.old_errfunc;
  return status;
}

/* Completes a C function interrupted by a yield: its continuation runs, then the return. */
static void finishCcall(lua_State *L, CallInfo *ci) {
  int n;
  if (ci->callstatus & CIST_CLSRET) {  /* was closing tbc variables while returning */
    n = ci->u2.nres;
  } else {
    int status = LUA_YIELD;
    if (ci->callstatus & CIST_YPCALL) status = finishpcallk(L, ci);
    adjustresults(L, LUA_MULTRET);
    n = ci->u.c.k(L, status, ci->u.c.ctx);
  }
  vm_poscall(L, ci, n);
}

/* Finishes every frame interrupted by a yield, down to the coroutine's base, or until a
 * yield that returned (vm_coyield) suspends it again. Inline in resume, which runs it after
 * every yield. */
static inline __attribute__((always_inline)) void unrollframes(lua_State *L) {
  CallInfo *ci;
  while (L->status != LUA_YIELD && (ci = L->ci) != &L->base_ci) {
    if (!isLua(ci)) {
      finishCcall(L, ci);
    } else {
      /* a call (the usual yield: coroutine.yield called from Lua) has nothing left to do */
      if (vm_baseop(*(ci->u.l.savedpc - 1)) != OP_CALL) vm_finishOp(L);
      vm_execute(L, ci);
    }
  }
}

static void unroll(lua_State *L, void *ud) {
  (void)ud;
  unrollframes(L);
}

static CallInfo *findpcall(lua_State *L) {
  for (CallInfo *ci = L->ci; ci != NULL; ci = ci->previous)
    if (ci->callstatus & CIST_YPCALL) return ci;
  return NULL;
}

/* An error inside a coroutine: continue in the innermost yieldable pcall, if any. */
static int precover(lua_State *L, int status) {
  CallInfo *ci;
  while (errorstatus(status) && (ci = findpcall(L)) != NULL) {
    L->ci = ci;
    setcistrecst(ci, status);
    status = vm_rawrunprotected(L, unroll, NULL);
    if (status == LUA_OK) status = L->status;  /* LUA_YIELD after a yield that returned */
  }
  return status;
}

static void resume(lua_State *L, void *ud) {
  int n = *(int *)ud;
  StkId firstArg = L->top - n;
  CallInfo *ci = L->ci;
  if (L->status == LUA_OK) {  /* starting the body */
    ccall(L, firstArg - 1, LUA_MULTRET, 0);
  } else {  /* resuming from a yield */
    L->status = LUA_OK;
    if (isLua(ci)) {  /* yielded inside a hook: savedpc is already back on the instruction */
      L->top = firstArg;
      vm_execute(L, ci);
    } else {
      if (ci->u.c.k != NULL) n = ci->u.c.k(L, LUA_YIELD, ci->u.c.ctx);
      poscall(L, ci, n);  /* the values passed become coroutine.yield's results */
    }
    unrollframes(L);
  }
}

/* Errors before the coroutine runs: the message replaces the arguments. */
static int resume_error(lua_State *L, const char *msg, int narg) {
  L->top -= narg;
  setsvalue(L, s2v(L->top), vm_str_newz(L, msg));
  L->top++;
  return LUA_ERRRUN;
}

/* Why L, holding nargs values to pass, cannot be resumed (NULL: it can). */
static const char *resumeblocked(lua_State *L, int nargs) {
  if (l_likely(L->status == LUA_YIELD)) return NULL;
  if (L->status != LUA_OK) return "cannot resume dead coroutine";
  if (L->ci != &L->base_ci) return "cannot resume non-suspended coroutine";
  if (L->top - (L->ci->func + 1) == nargs) return "cannot resume dead coroutine";  /* no function */
  return NULL;
}

/* lua_resume once resumeblocked has passed L. */
static inline __attribute__((always_inline)) int doresume(lua_State *L, lua_State *from, int nargs,
                                                         int *nresults) {
  L->nCcalls = (from != NULL) ? getCcalls(from) : 0;
  if (getCcalls(L) >= LUAI_MAXCCALLS) return resume_error(L, "C stack overflow", nargs);
  L->nCcalls++;
  L->resumeCcalls = L->nCcalls;
  L->resumer = from;
  int status = vm_rawrunprotected(L, resume, &nargs);
  if (status == LUA_OK) status = L->status;  /* LUA_YIELD after a yield that returned */
  status = precover(L, status);
  if (l_unlikely(errorstatus(status))) {  /* the coroutine dies */
    L->status = cast_byte(status);
    vm_seterrorobj(L, status, L->top);
    L->ci->top = L->top;
  }
  *nresults = (status == LUA_YIELD) ? L->ci->u2.nyield : cast_int(L->top - (L->ci->func + 1));
  L->resumer = NULL;
  if (!(L->gcflags & GCF_TRACKED)) {
    vm_state_cleardead(L);
    if (++L->nstops == VM_CLEARSTOPS) gc_trackthread(L, L);
  }
  return status;
}

LUA_API int lua_resume(lua_State *L, lua_State *from, int nargs, int *nresults) {
  const char *msg = resumeblocked(L, nargs);
  if (l_unlikely(msg != NULL)) return resume_error(L, msg, nargs);
  return doresume(L, from, nargs, nresults);
}

/* Room for n more values on L's stack, as lua_checkstack gives it (0: the stack would pass
 * its limit). */
static inline __attribute__((always_inline)) int coroom(lua_State *L, int n) {
  if (l_unlikely(L->stack_last - L->top <= n)) {
    int inuse = cast_int(L->top - L->stack) + EXTRA_STACK;
    if (inuse > LUAI_MAXSTACK - n || !vm_growstack(L, n, 0)) return 0;
  }
  if (L->ci->top < L->top + n) L->ci->top = L->top + n;
  return 1;
}

/* Moves the n values at from's top to to's top (room checked by the caller), leaving no
 * stale copies in from (a suspended coroutine's dead stack part is not cleared again). */
static inline __attribute__((always_inline)) void comove(lua_State *from, lua_State *to, int n) {
  StkId src = from->top - n;
  StkId dst = to->top;
  from->top = src;
  for (int i = 0; i < n; i++) {
    setobjs2s(to, dst + i, src + i);
    setnilvalue(s2v(src + i));
  }
  to->top = dst + n;
}

int vm_coresume(lua_State *L, lua_State *co, int narg, int ok) {
  int nres = 0;  /* doresume leaves it unset when it fails */
  const char *msg = resumeblocked(co, 0);
  if (l_unlikely(msg != NULL)) {
    L->top -= narg;  /* the message replaces the arguments */
    goto error;
  }
  if (l_unlikely(!coroom(co, narg))) {
    msg = "too many arguments to resume";
    L->top -= narg;
    goto error;
  }
  comove(L, co, narg);
  int status = doresume(co, L, narg, &nres);
  if (l_likely(status == LUA_OK || status == LUA_YIELD)) {
    if (l_unlikely(!coroom(L, nres + 2))) {
      co->top -= nres;
      vm_state_cleardead(co);
      msg = "too many results to resume";
      goto error;
    }
    if (ok) setbtvalue(s2v(L->top++));
    comove(co, L, nres);
    return nres + ok;
  }
  comove(co, L, 1);  /* the error object */
  return -1;
error:
  setsvalue(L, s2v(L->top), vm_str_newz(L, msg));
  L->top++;
  return -1;
}

LUA_API int lua_isyieldable(lua_State *L) {
  return yieldable(L);
}

LUA_API int lua_status(lua_State *L) {
  return L->status;
}

LUA_API int lua_yieldk(lua_State *L, int nresults, lua_KContext ctx, lua_KFunction k) {
  CallInfo *ci = L->ci;
  if (l_unlikely(!yieldable(L))) {
    if (L != G(L)->mainthread)
      vm_debug_runerror(L, "attempt to yield across a C-call boundary");
    else
      vm_debug_runerror(L, "attempt to yield from outside a coroutine");
  }
  L->status = LUA_YIELD;
  ci->u2.nyield = nresults;
  if (isLua(ci)) {
    /* Inside a hook: the hook returns and vm_debug_traceexec does the yield. Hooks can
     * neither yield values nor continue. */
    return 0;
  }
  ci->u.c.k = k;
  if (k != NULL) ci->u.c.ctx = ctx;
  vm_throw(L, LUA_YIELD);
}

int vm_coyield(lua_State *L, int nresults) {
  CallInfo *ci = L->ci;
  CallInfo *caller = ci->previous;
  if (L->nCcalls == L->resumeCcalls && isLua(caller) &&
      vm_baseop(*(caller->u.l.savedpc - 1)) == OP_CALL) {
    L->status = LUA_YIELD;
    ci->u2.nyield = nresults;
    ci->u.c.k = NULL;
    caller->u.l.trap = 1;  /* the interpreter returns before its next instruction */
    return VM_COYIELDED;
  }
  return lua_yield(L, nresults);
}

/* ------------------------------------------------------------------------------------------
 * Loading chunks.
 */

struct SParser {
  ZIO *z;
  Mbuffer buff;
  const char *mode;
  const char *name;
};

static void checkmode(lua_State *L, const char *mode, const char *x) {
  if (mode != NULL && strchr(mode, x[0]) == NULL) {
    vm_pushfstring(L, "attempt to load a %s chunk (mode is '%s')", x, mode);
    vm_throw(L, LUA_ERRSYNTAX);
  }
}

/* Fuel for loading a chunk, per byte read (docs/sandbox.md): about what the same CPU time
 * costs in VM instructions (compiling source runs near 25 ns a byte, reading and verifying
 * a binary chunk near 6 ns, a loop back-edge near 3 ns). */
#define FUEL_PER_SOURCE_BYTE 8
#define FUEL_PER_BINARY_BYTE 2

/* Charges the block the first zgetc read (the rate depends on what it showed) and sets the
 * rate for the blocks that follow. */
static void charge_load(lua_State *L, ZIO *z, int rate) {
  vm_fuel(L, (int64_t)(z->n + 1) * rate);
  z->rate = rate;
}

static void f_parser(lua_State *L, void *ud) {
  struct SParser *p = (struct SParser *)ud;
  int c = zgetc(p->z);
  LClosure *cl;
#ifdef HAVE_BYTECODE
  if (c == (unsigned char)BC_SIGNATURE[0]) {
    checkmode(L, p->mode, "binary");
    charge_load(L, p->z, FUEL_PER_BINARY_BYTE);
    cl = bc_undump(L, p->z, p->name);
  } else
#else
  if (c == 0x1b) {  /* the escape byte that starts binary chunks */
    checkmode(L, p->mode, "binary");
    vm_pushfstring(L, "%s: binary chunks are not supported by this build", p->name);
    vm_throw(L, LUA_ERRSYNTAX);
  } else
#endif
  {
    checkmode(L, p->mode, "text");
    if (c != EOZ) charge_load(L, p->z, FUEL_PER_SOURCE_BYTE);
    cl = cc_parse(L, p->z, &p->buff, p->name, c);
  }
  vm_func_initupvals(L, cl);
}

int vm_protectedparser(lua_State *L, ZIO *z, const char *name, const char *mode) {
  struct SParser p;
  incnny(L);  /* loading cannot yield */
  p.z = z;
  p.name = name;
  p.mode = mode;
  vm_buf_init(&p.buff);
  int status = vm_pcall(L, f_parser, &p, savestack(L, L->top), L->errfunc);
  decnny(L);
  return status;
}
