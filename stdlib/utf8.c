/* The utf8 library: encoding and decoding UTF-8 with 5.4's rules (strict mode rejects
 * surrogates and code points above U+10FFFF; "lax" accepts the original 31-bit UTF-8). */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "nacre.h"

/* Fuel for scanning n bytes: one unit per 64 (include/nacre.h). */
#define CHARGE_BYTES(L, n) nacre_charge(L, (lua_Integer)(n) / 64)

#define MAXUNICODE 0x10FFFFu
#define MAXUTF 0x7FFFFFFFu
#define MSG_INVALID "invalid UTF-8 code"

#define IS_CONT(p) ((*(const unsigned char *)(p) & 0xC0) == 0x80)

/* Relative position: negative counts back from the end; too negative clips to 0. */
static lua_Integer u_posrelat(lua_Integer pos, size_t len) {
  if (pos >= 0) return pos;
  if (0u - (size_t)pos > len) return 0;
  return (lua_Integer)len + pos + 1;
}

/* Decodes one sequence at s; returns the byte after it, or NULL if it is invalid (including
 * overlong forms). Reading stops at the string's trailing NUL, which is never a continuation. */
static const char *utf8_decode(const char *s, uint32_t *val, int strict) {
  static const uint32_t min_for_len[] = {~(uint32_t)0, 0x80, 0x800, 0x10000u, 0x200000u, 0x4000000u};
  unsigned int c = (unsigned char)s[0];
  uint32_t res = 0;
  if (c < 0x80) {
    res = c;
  } else {
    int count = 0;
    for (; c & 0x40; c <<= 1) {
      unsigned int cc = (unsigned char)s[++count];
      if ((cc & 0xC0) != 0x80) return NULL;
      res = (res << 6) | (cc & 0x3F);
    }
    res |= ((uint32_t)(c & 0x7F) << (count * 5));
    if (count > 5 || res > MAXUTF || res < min_for_len[count]) return NULL;
    s += count;
  }
  if (strict && (res > MAXUNICODE || (0xD800u <= res && res <= 0xDFFFu))) return NULL;
  if (val) *val = res;
  return s + 1;
}

static int utf8_len(lua_State *L) {
  lua_Integer n = 0;
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer posi = u_posrelat(luaL_optinteger(L, 2, 1), len);
  lua_Integer posj = u_posrelat(luaL_optinteger(L, 3, -1), len);
  int lax = lua_toboolean(L, 4);
  luaL_argcheck(L, 1 <= posi && --posi <= (lua_Integer)len, 2, "initial position out of bounds");
  luaL_argcheck(L, --posj < (lua_Integer)len, 3, "final position out of bounds");
  if (posj >= posi) CHARGE_BYTES(L, posj - posi + 1);
  while (posi <= posj) {
    const char *next = utf8_decode(s + posi, NULL, !lax);
    if (next == NULL) {
      luaL_pushfail(L);
      lua_pushinteger(L, posi + 1);
      return 2;
    }
    posi = next - s;
    n++;
  }
  lua_pushinteger(L, n);
  return 1;
}

static int utf8_codepoint(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer posi = u_posrelat(luaL_optinteger(L, 2, 1), len);
  lua_Integer pose = u_posrelat(luaL_optinteger(L, 3, posi), len);
  int lax = lua_toboolean(L, 4);
  luaL_argcheck(L, posi >= 1, 2, "out of bounds");
  luaL_argcheck(L, pose <= (lua_Integer)len, 3, "out of bounds");
  if (posi > pose) return 0;
  if (pose - posi >= INT_MAX) return luaL_error(L, "string slice too long");
  int n = (int)(pose - posi) + 1;
  CHARGE_BYTES(L, n);
  luaL_checkstack(L, n, "string slice too long");
  n = 0;
  const char *se = s + pose;
  for (s += posi - 1; s < se;) {
    uint32_t code;
    s = utf8_decode(s, &code, !lax);
    if (s == NULL) return luaL_error(L, MSG_INVALID);
    lua_pushinteger(L, code);
    n++;
  }
  return n;
}

/* Encodes x (up to 31 bits, the original UTF-8) into buf; returns the byte count. */
static int utf8_encode(char *buf, uint32_t x) {
  if (x < 0x80) {
    buf[0] = (char)x;
    return 1;
  }
  char tmp[8];
  int n = 0;
  uint32_t first_max = 0x3f; /* payload that still fits in the lead byte */
  do {
    tmp[n++] = (char)(0x80 | (x & 0x3f));
    x >>= 6;
    first_max >>= 1;
  } while (x > first_max);
  /* lead byte: n+1 leading ones, then the remaining bits */
  buf[0] = (char)((~first_max << 1) | x);
  for (int i = 0; i < n; i++) buf[1 + i] = tmp[n - 1 - i];
  return n + 1;
}

static void push_utfchar(lua_State *L, int arg) {
  lua_Unsigned code = (lua_Unsigned)luaL_checkinteger(L, arg);
  luaL_argcheck(L, code <= MAXUTF, arg, "value out of range");
  char buf[8];
  int n = utf8_encode(buf, (uint32_t)code);
  lua_pushlstring(L, buf, (size_t)n);
}

static int utf8_char(lua_State *L) {
  int n = lua_gettop(L);
  CHARGE_BYTES(L, n);
  if (n == 1) {
    push_utfchar(L, 1);
  } else {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
      push_utfchar(L, i);
      luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
  }
  return 1;
}

static int utf8_offset(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = luaL_checkinteger(L, 2);
  lua_Integer posi = (n >= 0) ? 1 : (lua_Integer)len + 1;
  posi = u_posrelat(luaL_optinteger(L, 3, posi), len);
  luaL_argcheck(L, 1 <= posi && --posi <= (lua_Integer)len, 3, "position out of bounds");
  if (n == 0) {
    while (posi > 0 && IS_CONT(s + posi)) posi--; /* start of the current character */
  } else {
    if (IS_CONT(s + posi)) return luaL_error(L, "initial position is a continuation byte");
    if (n < 0) {
      while (n < 0 && posi > 0) {
        do {
          posi--;
        } while (posi > 0 && IS_CONT(s + posi));
        n++;
      }
    } else {
      n--; /* the character at posi is the first */
      while (n > 0 && posi < (lua_Integer)len) {
        do {
          posi++;
        } while (IS_CONT(s + posi)); /* stops at the trailing NUL */
        n--;
      }
    }
  }
  CHARGE_BYTES(L, len); /* at most one pass over the string */
  if (n == 0)
    lua_pushinteger(L, posi + 1);
  else
    luaL_pushfail(L);
  return 1;
}

/* The control value is the 1-based position of the previous character, i.e. the 0-based index
 * of the byte after its lead byte; its continuation bytes are skipped. A continuation byte right
 * after a decoded character is an error (5.4.5; 5.4.4 skipped such stray bytes silently). */
static int iter_aux(lua_State *L, int strict) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Unsigned n = (lua_Unsigned)lua_tointeger(L, 2);
  if (n < len) {
    while (IS_CONT(s + n)) n++;
  }
  if (n >= len) return 0; /* also when the control value was negative */
  uint32_t code;
  const char *next = utf8_decode(s + n, &code, strict);
  if (next == NULL || IS_CONT(next)) return luaL_error(L, MSG_INVALID);
  lua_pushinteger(L, (lua_Integer)n + 1);
  lua_pushinteger(L, code);
  return 2;
}

static int iter_strict(lua_State *L) { return iter_aux(L, 1); }
static int iter_lax(lua_State *L) { return iter_aux(L, 0); }

static int utf8_codes(lua_State *L) {
  int lax = lua_toboolean(L, 2);
  const char *s = luaL_checkstring(L, 1);
  luaL_argcheck(L, !IS_CONT(s), 1, MSG_INVALID);  /* a string may not start mid-character */
  lua_pushcfunction(L, lax ? iter_lax : iter_strict);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

/* Matches exactly one UTF-8 byte sequence (lax: lead byte then continuations). */
#define UTF8PATT "[\0-\x7F\xC2-\xFD][\x80-\xBF]*"

static const luaL_Reg utf8_funcs[] = {
  {"offset", utf8_offset}, {"codepoint", utf8_codepoint}, {"char", utf8_char},
  {"len", utf8_len},       {"codes", utf8_codes},         {"charpattern", NULL},
  {NULL, NULL}
};

int luaopen_utf8(lua_State *L) {
  luaL_newlib(L, utf8_funcs);
  lua_pushlstring(L, UTF8PATT, sizeof(UTF8PATT) / sizeof(char) - 1);
  lua_setfield(L, -2, "charpattern");
  return 1;
}
