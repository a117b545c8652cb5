/* Fast functions: builtins that OP_CALL, OP_TAILCALL and OP_TFORCALL run without a C frame
 * when the arguments are the common case, as LuaJIT's interpreter does. A library registers
 * such a builtin as a C closure carrying its id (CClosure.ffid); the interpreter tests the id
 * and calls the inline version, which completes the call or declines (vm/fastfn.c). */
#ifndef VM_FASTFN_H
#define VM_FASTFN_H

#include "vm/core.h"
#include "vm/do.h"
#include "vm/tm.h"

/* The fast functions, one line each: id suffix, then what the inline version does (every
 * other case declines to the C function, which then raises the errors). */
#define VM_FASTFNS(X) \
  X(next)        /* next(t [, k]) of a table, keys found as lua_next finds them */ \
  X(ipairs_step) /* ipairs' iterator over a table: raw read, or nil without __index */ \
  X(pairs)       /* pairs(t) of a table without __pairs: next, t, nil */ \
  X(ipairs)      /* ipairs(v): ipairs' iterator, v, 0 */ \
  X(select)      /* select('#', ...) and select(n, ...) with an integer n in range */ \
  X(type)        /* type(v) */ \
  X(rawget)      /* rawget(t, k) of a table */ \
  X(rawlen)      /* rawlen(v) of a table or a string */ \
  X(tonumber)    /* tonumber(v) of a number or a string, without a base */ \
  X(tostring)    /* tostring(v) of a number or a string without __tostring */ \
  X(floor)       /* math.floor(x) of a number */ \
  X(ceil)        /* math.ceil(x) of a number */ \
  X(abs)         /* math.abs(x) of a number */ \
  X(sqrt)        /* math.sqrt(x) of a number */ \
  X(min)         /* math.min(x, ...) of numbers */ \
  X(max)         /* math.max(x, ...) of numbers */ \
  X(len)         /* string.len(s) of a string */ \
  X(byte)        /* string.byte(s [, i [, j]]) of a string, integer positions, few bytes */ \
  X(sub)         /* string.sub(s, i [, j]) of a string, integer positions */ \
  X(char)        /* string.char(...) of a few integers in 0..255 */ \
  X(setmetatable) /* setmetatable(t, mt) asking for no __gc or __mode, none protected */ \
  X(insert)      /* table.insert(t, v), and (t, pos, v) within the array part, raw */ \
  X(unpack)      /* table.unpack(t [, i [, j]]) of a few elements, raw */ \
  X(remove)      /* table.remove(t [, pos]) within the array part, raw */ \
  X(assert)      /* assert(v, ...) of a true v */ \
  X(getmetatable) /* getmetatable(v) */ \
  X(find)        /* string.find(s, p [, init [, plain]]) of a plain p */

enum {
  VM_FF_NONE,  /* 0: an ordinary C closure */
#define VM_FF_ENUM(name) VM_FF_##name,
  VM_FASTFNS(VM_FF_ENUM)
#undef VM_FF_ENUM
  VM_FF_N
};

/* A library's fast function: its name in the library table, its C function (the fallback,
 * and what lua_tocfunction returns) and its id. */
typedef struct VMFastReg {
  const char *name;
  lua_CFunction f;
  int id;
} VMFastReg;

/* Pushes the fast function id (one closure per state: made with f on first use). */
void vm_ffpush(lua_State *L, int id, lua_CFunction f);
/* Sets each function of l (up to a NULL name) into the table at the top of the stack. */
void vm_ffsetfuncs(lua_State *L, const VMFastReg *l);

/* Calls the fast function c at func with the arguments up to L->top, as vm_precallC would:
 * the results end at func adjusted to nresults (LUA_MULTRET: top after them). Runs the inline
 * version unless a hook is set or the stack is short (where the C call could grow it or
 * raise), else, or when it declines, the C function. Returns the number of results. */
int vm_ffcall(lua_State *L, StkId func, int nresults, CClosure *c);
/* The inline versions, by id (vm/fastfn.c); entry 0 is NULL. */
typedef int (*vm_FastFn)(lua_State *L, StkId func, int nargs, int nresults, CClosure *c);
extern const vm_FastFn vm_fastfns[VM_FF_N];
/* Calls the C closure c at func (OP_CALL, OP_TAILCALL): its fast function when it has one,
 * else its C function (vm_precallC); vm_ffcall's test inline, so that a fast function costs
 * one call. Returns the number of results. */
static inline int vm_callCclosure(lua_State *L, StkId func, int nresults, CClosure *c) {
  if (c->ffid != 0 && l_likely(!L->hookmask && L->stack_last - L->top > LUA_MINSTACK))
    return vm_fastfns[c->ffid](L, func, cast_int(L->top - func) - 1, nresults, c);
  return vm_precallC(L, func, nresults, c->f);
}

/* ipairs' step reading t[i]: the raw value (empty: the loop ends), or NULL when a raw read
 * does not answer (nothing found where the metatable may have __index: lua_geti's call; a
 * weak table). */
static inline const Value *vm_ffipairsget(lua_State *L, Table *t, lua_Integer i) {
  const Value *v = (l_castS2U(i) - 1u < t->asize) ? &t->array[i - 1] : vm_tab_getint(t, i);
  if (isempty(v) && (t->weakmode || fasttm(L, t->metatable, TM_INDEX) != NULL)) return NULL;
  return v;
}

#endif
