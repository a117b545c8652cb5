/* The interpreter loop and the operations it shares with the C API: arithmetic with
 * metamethod fallback, comparisons, equality, concatenation, length, indexing with
 * __index/__newindex chains, and number conversions with string coercion (vm/exec.c). */
#ifndef VM_EXEC_H
#define VM_EXEC_H

#include <math.h>

#include "vm/core.h"

/* Runs the Lua function of ci until it returns to a C frame (CIST_FRESH). */
void vm_execute(lua_State *L, CallInfo *ci);
/* Finishes an opcode interrupted by a yield inside a metamethod (coroutine resume). */
void vm_finishOp(lua_State *L);

/* t[key] with metamethods; result stored at val. slot is the result of a failed fast
 * lookup (NULL if t is not a table). */
void vm_finishget(lua_State *L, const Value *t, const Value *key, StkId val, const Value *slot);
void vm_finishset(lua_State *L, const Value *t, const Value *key, const Value *val, const Value *slot);
/* The same for the interpreter's GETFIELD, SELF, GETTABUP, SETFIELD and SETTABUP: a
 * metamethod that is a Lua function is not called but pushed with its arguments at L->top
 * (L->top after them) when its frame fits and one more nested C call is allowed; the
 * position of the function is returned, and the interpreter enters it inline (CIST_TFOR, and
 * CIST_MMGET for __index, whose result it then stores at val). NULL: the access is done. */
StkId vm_finishget_lua(lua_State *L, const Value *t, const Value *key, StkId val,
                       const Value *slot);
StkId vm_finishset_lua(lua_State *L, const Value *t, const Value *key, const Value *val,
                       const Value *slot);
/* MMBIN*'s metamethod call (p1 op p2, result at res): a Lua function metamethod is pushed
 * as vm_finishget_lua pushes one and its position returned, for the interpreter to enter it
 * inline (CIST_MMGET: its result goes to res); else it is called, or the error raised, as
 * vm_tm_trybin does, and NULL returned. */
StkId vm_trybin_lua(lua_State *L, const Value *p1, const Value *p2, StkId res, TMS event);
void vm_gettable(lua_State *L, const Value *t, const Value *key, StkId val);
void vm_settable(lua_State *L, const Value *t, const Value *key, const Value *val);

int vm_equalobj(lua_State *L, const Value *a, const Value *b);   /* L NULL: raw equality */
#define vm_rawequalobj(a, b) vm_equalobj(NULL, a, b)
int vm_lessthan(lua_State *L, const Value *a, const Value *b);
int vm_lessequal(lua_State *L, const Value *a, const Value *b);
/* Number-only ordering (both operands numbers) and the string/metamethod cases. */
int vm_LTnum(const Value *l, const Value *r);
int vm_LEnum(const Value *l, const Value *r);
int vm_lessthanothers(lua_State *L, const Value *l, const Value *r);
int vm_lessequalothers(lua_State *L, const Value *l, const Value *r);
void vm_concat(lua_State *L, int total);                         /* concat top `total` values */
void vm_objlen(lua_State *L, StkId ra, const Value *rb);

/* Arithmetic on two values with metamethods (op is LUA_OPADD...); result at res. */
void vm_arith(lua_State *L, int op, const Value *a, const Value *b, StkId res);

/* The cores of Lua's floor division and modulo, inline for the interpreter's fast paths.
 * The integer ones need a divisor other than 0 and -1 (vm_idiv/vm_mod handle those). */
static inline lua_Integer vm_idivcore(lua_Integer m, lua_Integer n) {
  lua_Integer q = m / n;  /* C truncates toward zero; Lua floors */
  if ((m ^ n) < 0 && m % n != 0) q -= 1;
  return q;
}
static inline lua_Integer vm_modcore(lua_Integer m, lua_Integer n) {
  lua_Integer r = m % n;
  if (r != 0 && (r ^ n) < 0) r += n;  /* the result takes the divisor's sign */
  return r;
}
static inline lua_Number vm_modfcore(lua_Number m, lua_Number n) {
  lua_Number r = fmod(m, n);
  if ((r > 0) ? n < 0 : (r < 0 && n > 0)) r += n;  /* signs differ: truncation -> floor */
  return r;
}

/* Integer division and modulo with Lua's signs; division by zero raises ("attempt to
 * divide by zero", "attempt to perform 'n%%0'", as lua5.4 says). */
lua_Integer vm_idiv(lua_State *L, lua_Integer m, lua_Integer n);
lua_Integer vm_mod(lua_State *L, lua_Integer m, lua_Integer n);
lua_Number vm_modf(lua_State *L, lua_Number m, lua_Number n);
/* x shifted left by y (right for negative y; 64 or more either way gives 0), inline: the
 * interpreter's shift instructions use it on every run. */
static inline lua_Integer vm_shiftl(lua_Integer x, lua_Integer y) {
  if (y < 0) {
    if (y <= -64) return 0;
    return l_castU2S(l_castS2U(x) >> l_castS2U(-y));
  }
  if (y >= 64) return 0;
  return l_castU2S(l_castS2U(x) << l_castS2U(y));
}

#endif
