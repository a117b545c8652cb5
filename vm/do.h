/* The stack and calls: stack growth, calling Lua and C functions, errors (longjmp) and
 * protected calls, coroutines (resume/yield), and closing to-be-closed variables (vm/do.c). */
#ifndef VM_DO_H
#define VM_DO_H

#include "vm/core.h"

/* Ensure n free slots above top (may reallocate the stack; pointers into it become stale). */
#define vm_checkstack(L, n) \
  do { if ((L)->stack_last - (L)->top <= (n)) vm_growstack(L, n, 1); } while (0)
#define savestack(L, p) ((char *)(p) - (char *)(L)->stack)
#define restorestack(L, n) ((StkId)((char *)(L)->stack + (n)))

int vm_growstack(lua_State *L, int n, int raiseerror);
void vm_reallocstack(lua_State *L, int newsize);
void vm_shrinkstack(lua_State *L);
void vm_inctop(lua_State *L);

/* Calls the function at func with the values above it; nresults may be LUA_MULTRET. */
void vm_call(lua_State *L, StkId func, int nresults);
void vm_callnoyield(lua_State *L, StkId func, int nresults);
/* Prepares a call (used by the interpreter): returns the new CallInfo for a Lua function,
 * or NULL after running a C function to completion. */
CallInfo *vm_precall(lua_State *L, StkId func, int nresults);
/* Runs the C function f (the function at func) to completion; returns its number of results. */
int vm_precallC(lua_State *L, StkId func, int nresults, lua_CFunction f);
/* The Lua-closure case of vm_precall once the stack has room for the frame: fills the frame
 * ci (L->ci's successor) for the closure at func with prototype p, whose arguments end at
 * top and whose registers end at ftop (func + 1 + p->maxstacksize, below stack_last), and
 * makes it current. Inline so that the interpreter's OP_CALL enters a Lua function without a
 * call. The prototype's fields are read before the stores (which, without strict aliasing,
 * would otherwise make the compiler read them again). */
static inline CallInfo *vm_precallLua(lua_State *L, CallInfo *ci, StkId func, StkId top,
                                      StkId ftop, int nresults, Proto *p) {
  const Instruction *code = p->code;
  StkId lim = func + 1 + p->numparams;
  ci->func = func;
  ci->nresstatus = ci_nresstatus(nresults, 0);
  ci->top = ftop;
  ci->u.l.savedpc = code;
  L->ci = ci;
  for (; top < lim; top++) setnilvalue(s2v(top));
  L->top = top;
  return ci;
}
/* The Lua-closure case of vm_pretailcall once the stack has room for the callee's frame at
 * ci->func - delta (delta undoes the shift of a vararg caller's frame): moves the function at
 * func and its narg1 - 1 arguments down to that frame, nil-fills missing parameters and
 * restarts ci on p's code. Inline for the interpreter's OP_TAILCALL. */
static inline void vm_pretailLua(lua_State *L, CallInfo *ci, StkId func, int narg1, int delta,
                                 Proto *p) {
  StkId nf = ci->func - delta;
  const Instruction *code = p->code;
  int nparams = p->numparams;
  StkId ftop = nf + 1 + p->maxstacksize;
  for (int i = 0; i < narg1; i++) nf[i] = func[i];  /* whole slots; nf is below func */
  for (; narg1 <= nparams; narg1++) setnilvalue(s2v(nf + narg1));
  ci->func = nf;
  ci->top = ftop;
  ci->u.l.savedpc = code;
  ci->callstatus |= CIST_TAIL;
  L->top = nf + narg1;
}
int vm_pretailcall(lua_State *L, CallInfo *ci, StkId func, int narg1, int delta);
void vm_poscall(lua_State *L, CallInfo *ci, int nres);
/* Tries __call on a non-function at func; returns the (possibly moved) func. */
StkId vm_tryfuncTM(lua_State *L, StkId func);

/* Errors. vm_throw never returns; status is LUA_ERRRUN, LUA_ERRMEM, LUA_ERRERR, LUA_ERRSYNTAX.
 * The error object is at top - 1 (for LUA_ERRMEM the preallocated message is used). */
l_noret vm_throw(lua_State *L, int status);
typedef void (*Pfunc)(lua_State *L, void *ud);
int vm_rawrunprotected(lua_State *L, Pfunc f, void *ud);
/* Runs f protected, restoring the stack and closing upvalues/tbc variables above oldtop on
 * error, with ef as message handler; returns the status. */
int vm_pcall(lua_State *L, Pfunc f, void *u, ptrdiff_t oldtop, ptrdiff_t ef);
void vm_seterrorobj(lua_State *L, int errcode, StkId oldtop);
/* Closes upvalues and tbc variables above the saved stack offset `level` in protected mode,
 * retrying after errors in __close handlers; returns the final status. */
int vm_closeprotected(lua_State *L, ptrdiff_t level, int status);
/* A C function with to-be-closed slots (lua_toclose) has its expected results encoded
 * below LUA_MULTRET, so vm_poscall knows to close them before returning. */
#define hastocloseCfunc(n) ((n) < LUA_MULTRET)
#define codeNresults(n) (-(n) - 3)
#define decodeNresults(n) (-(n) - 3)
/* Resumes co with the narg values at L's top in their place (coroutine.resume and the
 * functions coroutine.wrap makes): returns how many results are now there (after a true when ok
 * is 1), or -1 with an error message or the coroutine's error object at L's top. */
int vm_coresume(lua_State *L, lua_State *co, int narg, int ok);
/* coroutine.yield's body: lua_yield(L, nresults), or, when the yielding C function was
 * called by an OP_CALL of a Lua frame that runs at the level lua_resume started (no C call
 * in between), the same yield without a longjmp: L is left suspended exactly as lua_yield
 * leaves it, the caller's frame is trapped so that the interpreter returns to lua_resume
 * before its next instruction, and VM_COYIELDED is returned (the C function returns it, and
 * vm_precallC passes it on without finishing the call). */
#define VM_COYIELDED (-1)
int vm_coyield(lua_State *L, int nresults);
/* Parses (text) or loads (binary, verified) a chunk from z in protected mode. */
struct Zio;
int vm_protectedparser(lua_State *L, struct Zio *z, const char *name, const char *mode);

/* Incremented/decremented around nested C calls; raises "C stack overflow" past the limit. */
void vm_incCcalls(lua_State *L);
void vm_checkCstack(lua_State *L);
#define vm_decCcalls(L) ((L)->nCcalls--)

#endif
