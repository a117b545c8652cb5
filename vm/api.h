/* Internal entry points of the C API implementation (vm/api.c) used by the rest of the VM. */
#ifndef VM_API_H
#define VM_API_H

#include "vm/core.h"
#include "vm/str.h"
#include "vm/tab.h"

/* Completes a new state (called by lua_newstate once G(L), the main thread and its stack
 * exist, after vm_str_init): creates the registry with [LUA_RIDX_MAINTHREAD] = L and
 * [LUA_RIDX_GLOBALS] = a new globals table, and sets up the collector's per-state data. */
void vm_api_initregistry(lua_State *L);

/* The value at index idx of the running C function (pseudo-indices and upvalues included;
 * G(L)->nilvalue for an index past the top); vm/apiinline.h inlines the positive case. */
Value *vm_api_index2value(lua_State *L, int idx);

/* Whether luaL_tolstring of o, a string or a number, is o itself or its tostring text: its
 * type's metatable has no raw __tostring (luaL_callmeta's lookup). */
static inline int vm_api_plaintostring(lua_State *L, const Value *o) {
  Table *mt = G(L)->mt[ttype(o)];
  return mt == NULL || ttisnil(vm_tab_getshortstr(mt, G(L)->tostringname));
}

#endif
