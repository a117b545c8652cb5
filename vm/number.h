/* Number conversions and raw arithmetic shared by the lexer, the constant folder, the
 * interpreter and the C API (vm/number.c). No metamethods here. */
#ifndef VM_NUMBER_H
#define VM_NUMBER_H

#include <stdarg.h>

#include "vm/core.h"

/* How to convert a float to an integer. */
typedef enum {
  F2Ieq,     /* no rounding; accepts only integral values */
  F2Ifloor,  /* takes the floor */
  F2Iceil,   /* takes the ceiling */
} F2Imod;

/* Converts a numeral string (Lua syntax: decimal, hex, hex floats, leading/trailing spaces)
 * to a value; returns strlen+1 on success, 0 if not a numeral. Integer numerals that
 * overflow become floats (decimal) or wrap around (hex), as Lua 5.4 does. */
size_t vm_str2num(const char *s, Value *o);
/* Formats a number the way tostring does ("%.14g", adding ".0" to integral floats,
 * "inf", "-inf", "nan"/"-nan"); returns the length. buff must hold VM_MAXNUMBER2STR. */
#define VM_MAXNUMBER2STR 64
int vm_num2str(const Value *o, char *buff);
/* printf's "%.<prec>f" (conv 'f') or "%.<prec>g" (conv 'g', no '#') of d, byte for byte, in
 * the common cases: finite values whose digits fit 64 bits with prec <= 19, style f for 'g',
 * LC_NUMERIC "C". Returns the length written at buff (48 bytes), or -1: use snprintf. */
int vm_fmtfloat(char *buff, lua_Number d, int conv, int prec);
/* Replaces a number at o by its string in place. */
void vm_tostring(lua_State *L, Value *o);

int vm_flttointns(lua_Number n, lua_Integer *p, F2Imod mode);
/* To number / integer with string coercion; return 1 on success. */
int vm_tonumber_(const Value *o, lua_Number *n);
int vm_tointeger(const Value *o, lua_Integer *p, F2Imod mode);   /* with string coercion */
int vm_tointegerns(const Value *o, lua_Integer *p, F2Imod mode); /* no string coercion */
#define vm_tonumber(o, n) (ttisfloat(o) ? (*(n) = fltvalue(o), 1) : vm_tonumber_(o, n))

/* Raw arithmetic (LUA_OPADD...) for the constant folder and lua_arith: returns 1 and sets
 * res if it is possible without metamethods and without raising errors (so no folding of
 * integer division or modulo by zero, nor of operations whose result is not a number). */
int vm_rawarith(lua_State *L, int op, const Value *p1, const Value *p2, Value *res);

/* Ceiling of log2 (table sizing) and the "fb" float-byte encodings used by the code generator. */
int vm_ceillog2(unsigned int x);
/* Push a formatted string like lua_pushfstring (%% %s %f %I %p %d %c %U); returns it. */
const char *vm_pushvfstring(lua_State *L, const char *fmt, va_list argp);
const char *vm_pushfstring(lua_State *L, const char *fmt, ...);
/* Chunk id for messages: "file.lua", "stdin", [string "..."] (bufflen LUA_IDSIZE). */
void vm_chunkid(char *out, const char *source, size_t srclen);
/* Hex digit value, and UTF-8 encoding of a code point into buff (backwards, returns bytes). */
int vm_hexavalue(int c);
#define UTF8BUFFSZ 8
int vm_utf8esc(char *buff, unsigned long x);

#endif
