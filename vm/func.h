/* Prototypes, closures, upvalues and to-be-closed variables (vm/func.c). */
#ifndef VM_FUNC_H
#define VM_FUNC_H

#include "vm/core.h"

/* Special status for vm_func_close: close upvalues without running __close. */
#define CLOSEKTOP (-1)
#define NOCLOSINGMETH (-1)

Proto *vm_func_newproto(lua_State *L);
CClosure *vm_func_newCclosure(lua_State *L, int nupvalues);
LClosure *vm_func_newLclosure(lua_State *L, int nupvalues);
void vm_func_initupvals(lua_State *L, LClosure *cl);
UpVal *vm_func_findupval(lua_State *L, StkId level);
void vm_func_newtbcupval(lua_State *L, StkId level);
void vm_func_closeupval(lua_State *L, StkId level);
/* Closes upvalues and runs __close of tbc variables at or above level; returns level
 * (possibly moved by stack reallocation). status is the error status (LUA_OK if none). */
StkId vm_func_close(lua_State *L, StkId level, int status, int yy);
/* Name of local variable number local_number active at pc, or NULL. */
const char *vm_func_getlocalname(const Proto *f, int local_number, int pc);

#endif
