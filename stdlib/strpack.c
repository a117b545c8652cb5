/* string.pack, string.packsize and string.unpack: the binary format language of 5.4
 * (endianness < > =, alignment !n, integers b B h H i[n] I[n] l L j J T, floats f d n,
 * strings s[n] z c[n], padding x X). Integers of 1..16 bytes, sign-extended or checked. */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "nacre.h"
#include "stdlib/strlib.h"

#define MAXINTSIZE 16 /* largest integer size a format may ask for */
#define NB CHAR_BIT
#define MC ((1 << NB) - 1)
#define SZINT ((int)sizeof(lua_Integer))
#define PACK_MAXSIZE ((size_t)INT_MAX)
#define PADBYTE 0x00

/* Natural alignment of the strictest basic type: the default and largest '!' alignment. */
struct AlignProbe {
  char c;
  union {
    double d;
    void *p;
    lua_Integer i;
    long l;
  } u;
};
#define MAXALIGN ((int)offsetof(struct AlignProbe, u))

static int native_little(void) {
  const int one = 1;
  return *(const char *)&one == 1;
}

typedef struct Header {
  lua_State *L;
  int islittle;
  int maxalign;
} Header;

typedef enum KOption {
  Kint, Kuint, Kfloat, Knumber, Kdouble, Kchar, Kstring, Kzstr, Kpadding, Kpaddalign, Knop
} KOption;

static int is_digit(int c) { return '0' <= c && c <= '9'; }

static int read_num(const char **fmt, int df) {
  if (!is_digit(**fmt)) return df;
  int a = 0;
  do {
    a = a * 10 + (*((*fmt)++) - '0');
  } while (is_digit(**fmt) && a <= ((int)PACK_MAXSIZE - 9) / 10);
  return a;
}

static int read_size(Header *h, const char **fmt, int df) {
  int sz = read_num(fmt, df);
  if (sz > MAXINTSIZE || sz <= 0)
    return luaL_error(h->L, "integral size (%d) out of limits [1,%d]", sz, MAXINTSIZE);
  return sz;
}

/* Reads one option; sets *size to its size in bytes. */
static KOption read_option(Header *h, const char **fmt, int *size) {
  int opt = *((*fmt)++);
  *size = 0;
  switch (opt) {
  case 'b': *size = 1; return Kint;
  case 'B': *size = 1; return Kuint;
  case 'h': *size = sizeof(short); return Kint;
  case 'H': *size = sizeof(short); return Kuint;
  case 'l': *size = sizeof(long); return Kint;
  case 'L': *size = sizeof(long); return Kuint;
  case 'j': *size = sizeof(lua_Integer); return Kint;
  case 'J': *size = sizeof(lua_Integer); return Kuint;
  case 'T': *size = sizeof(size_t); return Kuint;
  case 'f': *size = sizeof(float); return Kfloat;
  case 'n': *size = sizeof(lua_Number); return Knumber;
  case 'd': *size = sizeof(double); return Kdouble;
  case 'i': *size = read_size(h, fmt, sizeof(int)); return Kint;
  case 'I': *size = read_size(h, fmt, sizeof(int)); return Kuint;
  case 's': *size = read_size(h, fmt, sizeof(size_t)); return Kstring;
  case 'c':
    *size = read_num(fmt, -1);
    if (*size == -1) luaL_error(h->L, "missing size for format option 'c'");
    return Kchar;
  case 'z': return Kzstr;
  case 'x': *size = 1; return Kpadding;
  case 'X': return Kpaddalign;
  case ' ': break;
  case '<': h->islittle = 1; break;
  case '>': h->islittle = 0; break;
  case '=': h->islittle = native_little(); break;
  case '!': h->maxalign = read_size(h, fmt, MAXALIGN); break;
  default: luaL_error(h->L, "invalid format option '%c'", opt);
  }
  return Knop;
}

/* Reads an option and computes the padding needed before it at offset `total`. */
static KOption read_details(Header *h, size_t total, const char **fmt, int *size, int *ntoalign) {
  KOption opt = read_option(h, fmt, size);
  int align = *size;
  if (opt == Kpaddalign) {
    if (**fmt == '\0' || read_option(h, fmt, &align) == Kchar || align == 0)
      luaL_argerror(h->L, 1, "invalid next option for option 'X'");
  }
  if (align <= 1 || opt == Kchar) {
    *ntoalign = 0;
  } else {
    if (align > h->maxalign) align = h->maxalign;
    if ((align & (align - 1)) != 0) luaL_argerror(h->L, 1, "format asks for alignment not power of 2");
    *ntoalign = (align - (int)(total & (size_t)(align - 1))) & (align - 1);
  }
  return opt;
}

static void pack_int(luaL_Buffer *b, lua_Unsigned n, int islittle, int size, int neg) {
  char *buf = luaL_prepbuffsize(b, (size_t)size);
  for (int i = 0; i < size; i++) {
    unsigned char byte;
    if (i < SZINT)
      byte = (unsigned char)(n & MC), n >>= NB;
    else
      byte = neg ? MC : 0; /* sign extension beyond lua_Integer */
    buf[islittle ? i : size - 1 - i] = (char)byte;
  }
  luaL_addsize(b, (size_t)size);
}

static void copy_endian(char *dst, const char *src, int size, int islittle) {
  if (islittle == native_little()) {
    memcpy(dst, src, (size_t)size);
  } else {
    for (int i = 0; i < size; i++) dst[i] = src[size - 1 - i];
  }
}

int lib_str_pack(lua_State *L) {
  luaL_Buffer b;
  Header h = {L, native_little(), 1};
  const char *fmt = luaL_checkstring(L, 1);
  int arg = 1;
  size_t total = 0;
  lua_pushnil(L); /* separates the arguments from the buffer's stack slot */
  luaL_buffinit(L, &b);
  while (*fmt != '\0') {
    int size, ntoalign;
    KOption opt = read_details(&h, total, &fmt, &size, &ntoalign);
    total += (size_t)ntoalign + (size_t)size;
    while (ntoalign-- > 0) luaL_addchar(&b, PADBYTE);
    arg++;
    switch (opt) {
    case Kint: {
      lua_Integer n = luaL_checkinteger(L, arg);
      if (size < SZINT) {
        lua_Integer lim = (lua_Integer)1 << ((size * NB) - 1);
        luaL_argcheck(L, -lim <= n && n < lim, arg, "integer overflow");
      }
      pack_int(&b, (lua_Unsigned)n, h.islittle, size, n < 0);
      break;
    }
    case Kuint: {
      lua_Integer n = luaL_checkinteger(L, arg);
      if (size < SZINT)
        luaL_argcheck(L, (lua_Unsigned)n < ((lua_Unsigned)1 << (size * NB)), arg, "unsigned overflow");
      pack_int(&b, (lua_Unsigned)n, h.islittle, size, 0);
      break;
    }
    case Kfloat: {
      float f = (float)luaL_checknumber(L, arg);
      char *buf = luaL_prepbuffsize(&b, sizeof f);
      copy_endian(buf, (const char *)&f, sizeof f, h.islittle);
      luaL_addsize(&b, sizeof f);
      break;
    }
    case Knumber:
    case Kdouble: {
      double d = (double)luaL_checknumber(L, arg);
      char *buf = luaL_prepbuffsize(&b, sizeof d);
      copy_endian(buf, (const char *)&d, sizeof d, h.islittle);
      luaL_addsize(&b, sizeof d);
      break;
    }
    case Kchar: {
      size_t len;
      const char *s = luaL_checklstring(L, arg, &len);
      luaL_argcheck(L, len <= (size_t)size, arg, "string longer than given size");
      nacre_charge(L, size / 64); /* fuel: one unit per 64 bytes, before padding */
      luaL_addlstring(&b, s, len);
      while (len++ < (size_t)size) luaL_addchar(&b, PADBYTE);
      break;
    }
    case Kstring: {
      size_t len;
      const char *s = luaL_checklstring(L, arg, &len);
      luaL_argcheck(L, size >= (int)sizeof(size_t) || len < ((size_t)1 << (size * NB)), arg,
                    "string length does not fit in given size");
      nacre_charge(L, (lua_Integer)(len / 64));
      pack_int(&b, (lua_Unsigned)len, h.islittle, size, 0);
      luaL_addlstring(&b, s, len);
      total += len;
      break;
    }
    case Kzstr: {
      size_t len;
      const char *s = luaL_checklstring(L, arg, &len);
      luaL_argcheck(L, strlen(s) == len, arg, "string contains zeros");
      luaL_addlstring(&b, s, len);
      luaL_addchar(&b, '\0');
      total += len + 1;
      break;
    }
    case Kpadding:
      luaL_addchar(&b, PADBYTE);
      /* fall through */
    case Kpaddalign:
    case Knop:
      arg--; /* consumed no argument */
      break;
    }
  }
  luaL_pushresult(&b);
  return 1;
}

int lib_str_packsize(lua_State *L) {
  Header h = {L, native_little(), 1};
  const char *fmt = luaL_checkstring(L, 1);
  size_t total = 0;
  while (*fmt != '\0') {
    int size, ntoalign;
    KOption opt = read_details(&h, total, &fmt, &size, &ntoalign);
    luaL_argcheck(L, opt != Kstring && opt != Kzstr, 1, "variable-length format");
    size += ntoalign;
    luaL_argcheck(L, total <= PACK_MAXSIZE - (size_t)size, 1, "format result too large");
    total += (size_t)size;
  }
  lua_pushinteger(L, (lua_Integer)total);
  return 1;
}

static lua_Integer unpack_int(lua_State *L, const char *str, int islittle, int size, int issigned) {
  lua_Unsigned res = 0;
  int limit = (size <= SZINT) ? size : SZINT;
  for (int i = limit - 1; i >= 0; i--) {
    res <<= NB;
    res |= (lua_Unsigned)(unsigned char)str[islittle ? i : size - 1 - i];
  }
  if (size < SZINT) {
    if (issigned) {
      lua_Unsigned mask = (lua_Unsigned)1 << (size * NB - 1);
      res = ((res ^ mask) - mask);
    }
  } else if (size > SZINT) {
    /* The extra bytes must be a pure sign (or zero) extension. */
    int mask = (!issigned || (lua_Integer)res >= 0) ? 0 : MC;
    for (int i = limit; i < size; i++) {
      if ((unsigned char)str[islittle ? i : size - 1 - i] != mask)
        luaL_error(L, "%d-byte integer does not fit into Lua Integer", size);
    }
  }
  return (lua_Integer)res;
}

int lib_str_unpack(lua_State *L) {
  Header h = {L, native_little(), 1};
  const char *fmt = luaL_checkstring(L, 1);
  size_t ld;
  const char *data = luaL_checklstring(L, 2, &ld);
  size_t pos = lib_str_posrelat(luaL_optinteger(L, 3, 1), ld) - 1;
  int n = 0;
  luaL_argcheck(L, pos <= ld, 3, "initial position out of string");
  while (*fmt != '\0') {
    int size, ntoalign;
    KOption opt = read_details(&h, pos, &fmt, &size, &ntoalign);
    luaL_argcheck(L, (size_t)ntoalign + (size_t)size <= ld - pos, 2, "data string too short");
    pos += (size_t)ntoalign;
    luaL_checkstack(L, 2, "too many results");
    n++;
    switch (opt) {
    case Kint:
    case Kuint:
      lua_pushinteger(L, unpack_int(L, data + pos, h.islittle, size, opt == Kint));
      break;
    case Kfloat: {
      float f;
      copy_endian((char *)&f, data + pos, sizeof f, h.islittle);
      lua_pushnumber(L, (lua_Number)f);
      break;
    }
    case Knumber:
    case Kdouble: {
      double d;
      copy_endian((char *)&d, data + pos, sizeof d, h.islittle);
      lua_pushnumber(L, (lua_Number)d);
      break;
    }
    case Kchar:
      lua_pushlstring(L, data + pos, (size_t)size);
      break;
    case Kstring: {
      size_t len = (size_t)unpack_int(L, data + pos, h.islittle, size, 0);
      luaL_argcheck(L, len <= ld - pos - (size_t)size, 2, "data string too short");
      lua_pushlstring(L, data + pos + size, len);
      pos += len;
      break;
    }
    case Kzstr: {
      size_t len = strlen(data + pos);
      luaL_argcheck(L, pos + len < ld, 2, "unfinished string for format 'z'");
      lua_pushlstring(L, data + pos, len);
      pos += len + 1;
      break;
    }
    case Kpaddalign:
    case Kpadding:
    case Knop:
      n--;
      break;
    }
    pos += (size_t)size;
  }
  lua_pushinteger(L, (lua_Integer)pos + 1);
  return n + 1;
}
