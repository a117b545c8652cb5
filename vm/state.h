/* Creating and destroying states and threads; CallInfo lists (vm/state.c). */
#ifndef VM_STATE_H
#define VM_STATE_H

#include "vm/core.h"

CallInfo *vm_state_extendCI(lua_State *L);
void vm_state_shrinkCI(lua_State *L);
void vm_state_checkcstack(lua_State *L);
/* lua_newthread, with `body` (a function, or NULL) already on the new thread's stack, which
 * is sized for it. */
lua_State *vm_state_newthread(lua_State *L, const Value *body);
/* Resets a thread after an error or for reuse: closes tbc variables, clears the stack. */
int vm_state_resetthread(lua_State *L, int status);
void vm_state_warning(lua_State *L, const char *msg, int tocont);
void vm_state_warnerror(lua_State *L, const char *where);

#endif
