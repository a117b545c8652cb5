/* Creating and closing Lua states and threads, the CallInfo list, the C-stack limit and
 * warnings. Memory comes from the Boehm seam (gc.h); the lua_Alloc given to lua_newstate is
 * only kept for lua_getallocf. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "vm/api.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/str.h"
#include "vm/tm.h"

/* Spare CallInfos kept after an error shrinks the list (deep recursion leaves many). */
#define CI_KEEP 16

CallInfo *vm_state_extendCI(lua_State *L) {
  CallInfo *ci = (CallInfo *)gc_alloc(L, sizeof(CallInfo));
  L->ci->next = ci;
  ci->previous = L->ci;
  ci->next = NULL;
  ci->u.l.trap = 0;
  L->nci++;
  return ci;
}

void vm_state_shrinkCI(lua_State *L) {
  CallInfo *ci = L->ci;
  for (int i = 0; i < CI_KEEP && ci->next != NULL; i++) ci = ci->next;
  ci->next = NULL;  /* the rest becomes garbage */
}

/* Called when nCcalls reaches the limit: an error at the limit itself, and a harder error
 * if the message handler keeps nesting well beyond it. */
void vm_state_checkcstack(lua_State *L) {
  if (getCcalls(L) == LUAI_MAXCCALLS)
    vm_debug_runerror(L, "C stack overflow");
  else if (getCcalls(L) >= (LUAI_MAXCCALLS / 10 * 11))
    vm_throw(L, LUA_ERRERR);
}

/* Sets up L1's first stack: `stack` (zeroed, size + EXTRA_STACK slots), or a new block when
 * it is NULL. */
static void stack_init(lua_State *L1, lua_State *L, StkId stack, int size) {
  /* gc_alloc zeroes the block: every slot is already nil (VT_NIL is 0), as a coroutine's
   * first resume expects (creating threads is the cost of short-lived generators) */
  _Static_assert(VT_NIL == 0, "a zeroed stack slot must be nil");
  if (stack == NULL) stack = (StkId)gc_alloc(L, sizeof(StackValue) * (size_t)(size + EXTRA_STACK));
  L1->stack = stack;
  L1->tbclist = L1->stack;
  L1->top = L1->stack;
  L1->stack_last = L1->stack + size;
  CallInfo *ci = &L1->base_ci;
  ci->next = ci->previous = NULL;
  ci->callstatus = CIST_C;
  ci->func = L1->top;
  ci->u.c.k = NULL;
  ci->nresults = 0;
  setnilvalue(s2v(L1->top));  /* the base frame's "function" */
  L1->top++;
  ci->top = L1->top + LUA_MINSTACK;
  L1->ci = ci;
}

static void preinit_thread(lua_State *L, GlobalState *g) {
  L->l_G = g;
  L->stack = NULL;
  L->ci = NULL;
  L->nci = 0;
  L->nCcalls = 0;
  L->resumeCcalls = 0;  /* never a running level: lua_resume sets it to 1 or more */
  L->resumer = NULL;
  L->errorJmp = NULL;
  L->hook = NULL;
  L->hookmask = 0;
  L->basehookcount = 0;
  L->allowhook = 1;
  resethookcount(L);
  L->openupval = NULL;
  L->status = LUA_OK;
  L->errfunc = 0;
  L->oldpc = 0;
}

static void f_luaopen(lua_State *L, void *ud) {
  (void)ud;
  stack_init(L, L, NULL, BASIC_STACK_SIZE);
  vm_str_init(L);
  vm_api_initregistry(L);
  vm_tm_init(L);
  setnilvalue(&G(L)->nilvalue);  /* the state is complete */
}

static void close_state(lua_State *L) {
  GlobalState *g = G(L);
  if (ttisnil(&g->nilvalue)) {  /* complete: close pending tbc variables, run finalizers */
    L->ci = &L->base_ci;
    L->errfunc = 0;
    vm_closeprotected(L, savestack(L, L->stack + 1), LUA_OK);
    L->top = L->stack + 1;
    gc_closestate(L);
  }
  gc_removeroot(L);
}

LUA_API lua_State *lua_newstate(lua_Alloc f, void *ud) {
  gc_init();
  lua_State *L = gc_newstate(sizeof(GlobalState));
  GlobalState *g;
  if (L != NULL) {
    g = L->l_G;
  } else {  /* no room for the arena: each object on its own */
    g = (GlobalState *)gc_alloc(NULL, sizeof(GlobalState));
    if (g == NULL) return NULL;
    size_t none = 0;
    L = gc_newthread(NULL, &none);
    if (L == NULL) return NULL;
  }
  gc_addroot(L);  /* the host may keep L where Boehm does not look */
  preinit_thread(L, g);
  incnny(L);  /* the main thread can never yield */
  g->frealloc = f;
  g->ud = ud;
  g->mainthread = L;
  g->seed = (unsigned int)(((uintptr_t)L >> 4) ^ (uintptr_t)time(NULL) ^ ((uintptr_t)&g >> 8));
  setivalue(&g->nilvalue, 0);  /* not nil until the state is complete */
  g->panic = NULL;
  g->warnf = NULL;
  g->ud_warn = NULL;
  if (vm_rawrunprotected(L, f_luaopen, NULL) != LUA_OK) {
    close_state(L);
    return NULL;
  }
  gc_arena_close(L);  /* the state's own objects are made */
  return L;
}

LUA_API void lua_close(lua_State *L) {
  close_state(G(L)->mainthread);
}

/* A coroutine is one block: the thread, the CallInfos of its body and of a C function the
 * body calls (coroutine.yield), and its first stack (a grown stack leaves these slots
 * behind, zeroed). Short-lived generators make many. */
struct NewThread {
  lua_State l;
  CallInfo ci[2];
  StackValue stack[];
};

lua_State *vm_state_newthread(lua_State *L, const Value *body) {
  /* A Lua body gets the slots it needs to start and to call a C function (the base frame's
   * slot, itself, its registers, LUA_MINSTACK for the C function) instead of the usual
   * BASIC_STACK_SIZE: a generator's stack is most of its memory. */
  const size_t fixed = sizeof(struct NewThread) - sizeof(lua_State);
  int size = BASIC_STACK_SIZE;
  if (body != NULL && ttisLclosure(body)) size = clLvalue(body)->p->maxstacksize + LUA_MINSTACK + 3;
  /* the rest of the block's size class goes to the stack too */
  size_t extra = fixed + sizeof(StackValue) * (size_t)(size + EXTRA_STACK);
  lua_State *L1 = gc_newthread(L, &extra);
  size = cast_int((extra - fixed) / sizeof(StackValue)) - EXTRA_STACK;
  struct NewThread *nt = (struct NewThread *)L1;
  preinit_thread(L1, G(L));
  L1->hookmask = L->hookmask;
  L1->basehookcount = L->basehookcount;
  L1->hook = L->hook;
  resethookcount(L1);
  memcpy(lua_getextraspace(L1), lua_getextraspace(G(L)->mainthread), LUA_EXTRASPACE);
  stack_init(L1, L, nt->stack, size);
  /* the block is zeroed: no trap, no next */
  L1->base_ci.next = &nt->ci[0];
  nt->ci[0].previous = &L1->base_ci;
  nt->ci[0].next = &nt->ci[1];
  nt->ci[1].previous = &nt->ci[0];
  L1->nci += 2;
  if (size > VM_CLEARIDLEMAX) gc_trackthread(L, L1);
  if (body != NULL) {
    setobj2s(L1, L1->top, body);
    L1->top++;
  }
  setthvalue(L, s2v(L->top), L1);  /* last: growing L's stack would move body */
  vm_inctop(L);
  return L1;
}

LUA_API lua_State *lua_newthread(lua_State *L) {
  return vm_state_newthread(L, NULL);
}

/* Unwinds a thread to its base and closes its pending tbc variables; the error object (if
 * closing raised or the thread had died with one) ends up above the base function. */
int vm_state_resetthread(lua_State *L, int status) {
  CallInfo *ci = L->ci = &L->base_ci;
  setnilvalue(s2v(L->stack));
  ci->func = L->stack;
  ci->callstatus = CIST_C;
  if (status == LUA_YIELD) status = LUA_OK;
  L->status = LUA_OK;  /* so __close handlers can run */
  L->errfunc = 0;      /* a handler left by a yield inside xpcall is gone with its frame (5.4.8) */
  status = vm_closeprotected(L, savestack(L, L->stack + 1), status);
  if (status != LUA_OK)
    vm_seterrorobj(L, status, L->stack + 1);
  else
    L->top = L->stack + 1;
  ci->top = L->top + LUA_MINSTACK;
  if (stacksize(L) > VM_CLEARIDLEMAX)
    vm_reallocstack(L, cast_int(ci->top - L->stack));
  else
    vm_state_cleardead(L);
  return status;
}

LUA_API int lua_closethread(lua_State *L, lua_State *from) {
  L->nCcalls = (from != NULL) ? getCcalls(from) : 0;
  return vm_state_resetthread(L, L->status);
}

LUA_API int lua_resetthread(lua_State *L) {
  return lua_closethread(L, NULL);
}

LUA_API lua_CFunction lua_atpanic(lua_State *L, lua_CFunction panicf) {
  lua_CFunction old = G(L)->panic;
  G(L)->panic = panicf;
  return old;
}

LUA_API lua_Number lua_version(lua_State *L) {
  (void)L;
  return LUA_VERSION_NUM;
}

void vm_state_warning(lua_State *L, const char *msg, int tocont) {
  lua_WarnFunction wf = G(L)->warnf;
  if (wf != NULL) wf(G(L)->ud_warn, msg, tocont);
}

/* Reports an error raised in a finalizer or __close as a warning ("error in __gc (msg)"). */
void vm_state_warnerror(lua_State *L, const char *where) {
  Value *errobj = s2v(L->top - 1);
  const char *msg = ttisstring(errobj) ? getstr(tsvalue(errobj)) : "error object is not a string";
  vm_state_warning(L, "error in ", 1);
  vm_state_warning(L, where, 1);
  vm_state_warning(L, " (", 1);
  vm_state_warning(L, msg, 1);
  vm_state_warning(L, ")", 0);
}
