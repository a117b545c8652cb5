/* The string library: simple string functions, the string metatable (method syntax and the 5.4
 * arithmetic-on-strings metamethods) and luaopen_string, which also registers the functions
 * implemented in strformat.c, pattern.c and strpack.c. Written against the public API (its
 * hot calls inline, vm/apiinline.h). */
#include <ctype.h>
#include <limits.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "nacre.h"
#include "stdlib/strlib.h"
#include "vm/apiinline.h"
#include "vm/fastfn.h"

/* Fuel for work proportional to a string length: one unit per 64 bytes (include/nacre.h). */
#define CHARGE_BYTES(L, n) nacre_charge(L, (lua_Integer)((n) / 64))

/* Results longer than this are refused: 5.4 caps string results at INT_MAX bytes. */
#define STR_MAXSIZE ((size_t)INT_MAX)

size_t lib_str_posrelat(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0) return 1;
  if (pos < -(lua_Integer)len) return 1;
  return len + (size_t)pos + 1;
}

/* An end position clipped to [0, len]. */
static inline size_t endclip(lua_Integer pos, size_t len) {
  if (pos > (lua_Integer)len) return len;
  if (pos >= 0) return (size_t)pos;
  if (pos < -(lua_Integer)len) return 0;
  return len + (size_t)pos + 1;
}

/* End position argument `arg` (default `def`), clipped to [0, len]. */
static size_t endpos(lua_State *L, int arg, lua_Integer def, size_t len) {
  return endclip(luaL_optinteger(L, arg, def), len);
}

static int str_len(lua_State *L) {
  size_t l;
  luaL_checklstring(L, 1, &l);
  lua_pushinteger(L, (lua_Integer)l);
  return 1;
}

/* string.sub(s, i [, j]) with integer positions: the general path below after its checks. */
static int str_sub(lua_State *L) {
  int n = lua_gettop(L);
  if (l_likely(n >= 2 && n <= 3 && ttisstring(vm_api_rawarg(L, 1)) &&
               ttisinteger(vm_api_rawarg(L, 2)) &&
               (n == 2 || ttisinteger(vm_api_rawarg(L, 3))))) {
    TString *ts = tsvalue(vm_api_rawarg(L, 1));
    size_t l = tsslen(ts);
    size_t start = lib_str_posrelat(ivalue(vm_api_rawarg(L, 2)), l);
    size_t end = n == 2 ? l : endclip(ivalue(vm_api_rawarg(L, 3)), l);
    if (start <= end)
      lua_pushlstring(L, getstr(ts) + start - 1, end - start + 1);
    else
      lua_pushlstring(L, "", 0);
    return 1;
  }
  size_t l;
  const char *s = luaL_checklstring(L, 1, &l);
  size_t start = lib_str_posrelat(luaL_checkinteger(L, 2), l);
  size_t end = endpos(L, 3, -1, l);
  if (start <= end)
    lua_pushlstring(L, s + start - 1, end - start + 1);
  else
    lua_pushliteral(L, "");
  return 1;
}

static int str_reverse(lua_State *L) {
  size_t l;
  luaL_Buffer b;
  const char *s = luaL_checklstring(L, 1, &l);
  CHARGE_BYTES(L, l);
  char *p = luaL_buffinitsize(L, &b, l);
  for (size_t i = 0; i < l; i++) p[i] = s[l - 1 - i];
  luaL_pushresultsize(&b, l);
  return 1;
}

/* lower and upper differ only in the byte mapping: ASCII letters in the C locale, else
 * <ctype.h>'s tolower/toupper as in PUC-Lua. */
static int mapcase(lua_State *L, int upper) {
  size_t l;
  luaL_Buffer b;
  const char *s = luaL_checklstring(L, 1, &l);
  CHARGE_BYTES(L, l);
  char *p = luaL_buffinitsize(L, &b, l);
  if (l >= 32 && lib_str_ctype_is_c()) { /* shorter: the locale check costs what it saves */
    unsigned from = upper ? 'a' : 'A';
    for (size_t i = 0; i < l; i++) {
      unsigned c = (unsigned char)s[i];
      p[i] = (char)(c - from < 26u ? c ^ 0x20 : c);
    }
  } else {
    int (*map)(int) = upper ? toupper : tolower;
    for (size_t i = 0; i < l; i++) p[i] = (char)map((unsigned char)s[i]);
  }
  luaL_pushresultsize(&b, l);
  return 1;
}

static int str_lower(lua_State *L) { return mapcase(L, 0); }
static int str_upper(lua_State *L) { return mapcase(L, 1); }

/* string.rep: charged for the whole result before anything is allocated, so a huge rep under
 * --fuel stops at once. */
static int str_rep(lua_State *L) {
  size_t l, lsep;
  const char *s = luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  const char *sep = luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  if (l + lsep < l || l + lsep > STR_MAXSIZE / (size_t)n)
    return luaL_error(L, "resulting string too large");
  size_t total = (size_t)n * l + (size_t)(n - 1) * lsep;
  if (total == 0) { /* ("").rep(s, 1e9): skip a billion empty copies */
    lua_pushliteral(L, "");
    return 1;
  }
  CHARGE_BYTES(L, total);
  luaL_Buffer b;
  char *p = luaL_buffinitsize(L, &b, total);
  while (n-- > 1) {
    memcpy(p, s, l);
    p += l;
    if (lsep > 0) {
      memcpy(p, sep, lsep);
      p += lsep;
    }
  }
  memcpy(p, s, l);
  luaL_pushresultsize(&b, total);
  return 1;
}

/* string.byte(s [, i]) with an integer i, one byte or none, in a function of its own that
 * needs no stack frame; anything else goes to byteany. */
static int byteany(lua_State *L);

static int str_byte(lua_State *L) {
  int n = lua_gettop(L);
  if (l_likely(n >= 1 && n <= 2 && ttisstring(vm_api_rawarg(L, 1)) &&
               (n == 1 || ttisinteger(vm_api_rawarg(L, 2))))) {
    TString *ts = tsvalue(vm_api_rawarg(L, 1));
    lua_Integer i = n == 1 ? 1 : ivalue(vm_api_rawarg(L, 2));
    size_t l = tsslen(ts);
    if (i < 0) i += (lua_Integer)l + 1; /* from the end; below 1 when before the start */
    if (l_castS2U(i) - 1u >= l) return 0; /* 0, or outside the string: no bytes */
    lua_pushinteger(L, (unsigned char)getstr(ts)[i - 1]);
    return 1;
  }
  return byteany(L);
}

static __attribute__((noinline)) int byteany(lua_State *L) {
  size_t l;
  const char *s = luaL_checklstring(L, 1, &l);
  lua_Integer pi = luaL_optinteger(L, 2, 1);
  size_t last = endpos(L, 3, pi, l); /* the default end is the raw start, before clipping */
  size_t first = lib_str_posrelat(pi, l);
  if (first > last) return 0;
  if (last - first >= (size_t)INT_MAX) return luaL_error(L, "string slice too long");
  int n = (int)(last - first) + 1;
  /* The common call reads one or a few bytes: a C function starts with LUA_MINSTACK free
   * slots, and under 64 bytes the charge is nothing (string.byte runs per character). */
  if (n >= 64) CHARGE_BYTES(L, (size_t)n);
  if (n > LUA_MINSTACK) luaL_checkstack(L, n, "string slice too long");
  for (int i = 0; i < n; i++) lua_pushinteger(L, (unsigned char)s[first + i - 1]);
  return n;
}

static int str_char(lua_State *L) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  CHARGE_BYTES(L, (size_t)n);
  char *p = luaL_buffinitsize(L, &b, (size_t)n);
  for (int i = 1; i <= n; i++) {
    lua_Unsigned c = (lua_Unsigned)luaL_checkinteger(L, i);
    luaL_argcheck(L, c <= (lua_Unsigned)UCHAR_MAX, i, "value out of range");
    p[i - 1] = (char)(unsigned char)c;
  }
  luaL_pushresultsize(&b, (size_t)n);
  return 1;
}

typedef struct DumpState {
  int started;
  luaL_Buffer b;
} DumpState;

/* The buffer is opened on the first chunk, so the function is still on top when lua_dump starts. */
static int dump_writer(lua_State *L, const void *p, size_t sz, void *ud) {
  DumpState *st = (DumpState *)ud;
  if (!st->started) {
    st->started = 1;
    luaL_buffinit(L, &st->b);
  }
  luaL_addlstring(&st->b, (const char *)p, sz);
  return 0;
}

static int str_dump(lua_State *L) {
  DumpState st;
  int strip = lua_toboolean(L, 2);
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  st.started = 0;
  if (lua_dump(L, dump_writer, &st, strip) != 0)
    return luaL_error(L, "unable to dump given function");
  if (!st.started) return luaL_error(L, "unable to dump given function");
  luaL_pushresult(&st.b);
  return 1;
}

/* ---- arithmetic on strings (5.4 moved string coercion for arithmetic into these metamethods) */

/* Pushes the numeric value of argument `arg` and returns 1, or returns 0 when it is not a number
 * or a string convertible to one. */
static int tonum(lua_State *L, int arg) {
  if (lua_type(L, arg) == LUA_TNUMBER) {
    lua_pushvalue(L, arg);
    return 1;
  }
  size_t len;
  const char *s = lua_tolstring(L, arg, &len);
  return s != NULL && lua_stringtonumber(L, s) == len + 1;
}

/* Neither operand converts: defer to the second operand's own metamethod if it has one. */
static void trymt(lua_State *L, const char *mtname) {
  lua_settop(L, 2);
  if (lua_type(L, 2) == LUA_TSTRING || !luaL_getmetafield(L, 2, mtname)) {
    luaL_error(L, "attempt to %s a '%s' with a '%s'", mtname + 2, luaL_typename(L, -2),
               luaL_typename(L, -1));
    return;
  }
  lua_insert(L, -3);
  lua_call(L, 2, 1);
}

static int arith(lua_State *L, int op, const char *mtname) {
  if (tonum(L, 1) && tonum(L, 2))
    lua_arith(L, op);
  else
    trymt(L, mtname);
  return 1;
}

static int arith_add(lua_State *L) { return arith(L, LUA_OPADD, "__add"); }
static int arith_sub(lua_State *L) { return arith(L, LUA_OPSUB, "__sub"); }
static int arith_mul(lua_State *L) { return arith(L, LUA_OPMUL, "__mul"); }
static int arith_mod(lua_State *L) { return arith(L, LUA_OPMOD, "__mod"); }
static int arith_pow(lua_State *L) { return arith(L, LUA_OPPOW, "__pow"); }
static int arith_div(lua_State *L) { return arith(L, LUA_OPDIV, "__div"); }
static int arith_idiv(lua_State *L) { return arith(L, LUA_OPIDIV, "__idiv"); }
static int arith_unm(lua_State *L) { return arith(L, LUA_OPUNM, "__unm"); }

static const luaL_Reg string_meta[] = {
  {"__add", arith_add}, {"__sub", arith_sub}, {"__mul", arith_mul}, {"__mod", arith_mod},
  {"__pow", arith_pow}, {"__div", arith_div}, {"__idiv", arith_idiv}, {"__unm", arith_unm},
  {"__index", NULL}, /* filled with the string table */
  {NULL, NULL}
};

static const luaL_Reg string_funcs[] = {
  {"byte", str_byte},       {"char", str_char},       {"dump", str_dump},
  {"find", lib_str_find},   {"format", lib_str_format}, {"gmatch", lib_str_gmatch},
  {"gsub", lib_str_gsub},   {"len", str_len},         {"lower", str_lower},
  {"match", lib_str_match}, {"rep", str_rep},         {"reverse", str_reverse},
  {"sub", str_sub},         {"upper", str_upper},     {"pack", lib_str_pack},
  {"packsize", lib_str_packsize}, {"unpack", lib_str_unpack},
  {NULL, NULL}
};

/* The functions the interpreter runs inline in the common case (vm/fastfn.h). */
static const VMFastReg string_fast[] = {
  {"byte", str_byte, VM_FF_byte},
  {"char", str_char, VM_FF_char},
  {"find", lib_str_find, VM_FF_find},
  {"len", str_len, VM_FF_len},
  {"sub", str_sub, VM_FF_sub},
  {NULL, NULL, 0}
};

int luaopen_string(lua_State *L) {
  luaL_newlib(L, string_funcs);
  vm_ffsetfuncs(L, string_fast);  /* over their entries, which keep the table's layout */
  luaL_newlibtable(L, string_meta);
  luaL_setfuncs(L, string_meta, 0);
  lua_pushliteral(L, "");
  lua_pushvalue(L, -2);
  lua_setmetatable(L, -2); /* every string shares this metatable */
  lua_pop(L, 1);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "__index"); /* metatable.__index = string */
  lua_pop(L, 1);
  return 1;
}
