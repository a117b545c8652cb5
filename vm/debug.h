/* Debug information and runtime errors: line numbers, variable names for messages
 * ("attempt to index a nil value (local 'x')"), hooks, and lua_getinfo/getlocal (vm/debug.c). */
#ifndef VM_DEBUG_H
#define VM_DEBUG_H

#include "vm/core.h"

#define pcRel(pc, p) ((int)((pc) - (p)->code) - 1)
#define ci_func(ci) (clLvalue(s2v((ci)->func)))
#define resethookcount(L) ((L)->hookcount = (L)->basehookcount)

int vm_debug_getline(const Proto *f, int pc);     /* -1 without line info */
int vm_debug_currentline(CallInfo *ci);
/* Name of local n of the frame ci ("(temporary)", "(C temporary)", "(vararg)" for n < 0 when
 * there is no debug name); *pos receives its stack slot. NULL if there is no such local. */
const char *vm_debug_findlocal(lua_State *L, CallInfo *ci, int n, StkId *pos);

l_noret vm_debug_typeerror(lua_State *L, const Value *o, const char *opname);
l_noret vm_debug_callerror(lua_State *L, const Value *o);
l_noret vm_debug_forerror(lua_State *L, const Value *o, const char *what);
l_noret vm_debug_concaterror(lua_State *L, const Value *p1, const Value *p2);
l_noret vm_debug_opinterror(lua_State *L, const Value *p1, const Value *p2, const char *msg);
l_noret vm_debug_tointerror(lua_State *L, const Value *p1, const Value *p2);
l_noret vm_debug_ordererror(lua_State *L, const Value *p1, const Value *p2);
/* Raises a runtime error with "chunk:line:" prefix added when the caller is a Lua function. */
l_noret vm_debug_runerror(lua_State *L, const char *fmt, ...);
const char *vm_debug_addinfo(lua_State *L, const char *msg, TString *src, int line);
l_noret vm_debug_errormsg(lua_State *L);          /* calls the message handler and throws */

/* Hooks: called by the interpreter when L->hookmask is set. */
int vm_debug_traceexec(lua_State *L, const Instruction *pc);
void vm_debug_hook(lua_State *L, int event, int line, int fTransfer, int nTransfer);
void vm_debug_hookcall(lua_State *L, CallInfo *ci);
void vm_debug_rethook(lua_State *L, CallInfo *ci, int nres);

#endif
