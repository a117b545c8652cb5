/* Creating and destroying states and threads; CallInfo lists (vm/state.c). */
#ifndef VM_STATE_H
#define VM_STATE_H

#include <string.h>

#include "vm/core.h"

CallInfo *vm_state_extendCI(lua_State *L);
void vm_state_shrinkCI(lua_State *L);
void vm_state_checkcstack(lua_State *L);
/* Boehm scans whole stack blocks, so slots above a thread's top (registers of returned calls,
 * popped values) would keep objects alive that 5.4's atomic phase clears. A coroutine with a
 * stack of up to VM_CLEARIDLEMAX slots is cleared above its top the first VM_CLEARSTOPS times
 * it stops running (vm/do.c doresume) and at safe points while it runs or resumes another
 * (vm/gc.c): a short-lived generator costs the collector nothing. Bigger and longer-lived ones
 * are tracked by the collector (GCF_TRACKED, a weak link) and cleared once after each cycle. */
#define VM_CLEARIDLEMAX 64
#define VM_CLEARSTOPS 4
static inline void vm_state_cleardead(lua_State *L) {
  _Static_assert(VT_NIL == 0, "a zeroed stack slot must be nil");
  memset(L->top, 0, (size_t)((char *)(L->stack_last + EXTRA_STACK) - (char *)L->top));
}

/* lua_newthread, with `body` (a function, or NULL) already on the new thread's stack, which
 * is sized for it. */
lua_State *vm_state_newthread(lua_State *L, const Value *body);
/* Resets a thread after an error or for reuse: closes tbc variables, clears the stack. */
int vm_state_resetthread(lua_State *L, int status);
void vm_state_warning(lua_State *L, const char *msg, int tocont);
void vm_state_warnerror(lua_State *L, const char *where);

#endif
