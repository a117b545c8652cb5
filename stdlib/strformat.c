/* string.format: C-printf conversions with per-conversion flag checking as 5.4 does, and %q,
 * which writes a value as Lua source that reads back to the same value (integers, floats
 * including inf/nan, strings with control characters and NULs). */
#include <ctype.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "nacre.h"
#include "stdlib/strlib.h"
#include "vm/number.h"
#include "vm/apiinline.h"

/* Largest item a conversion can produce: widths and precisions have at most two digits. */
#define MAX_ITEM 120
/* '%99.99f' of DBL_MAX needs ~308 digits before the point. */
#define MAX_ITEMF (110 + DBL_MAX_10_EXP)
#define MAX_FORMAT 32

#define FLAGS_ALL "-+ #0"
#define FLAGS_CHAR "-"

static void add_quoted(luaL_Buffer *b, const char *s, size_t len) {
  luaL_addchar(b, '"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\' || c == '\n') {
      luaL_addchar(b, '\\');
      luaL_addchar(b, (char)c);
    } else if (iscntrl(c)) {
      char buf[10];
      /* A following digit would be read as part of the escape, so pad to three digits. */
      int next_digit = (i + 1 < len) && isdigit((unsigned char)s[i + 1]);
      snprintf(buf, sizeof buf, next_digit ? "\\%03d" : "\\%d", (int)c);
      luaL_addstring(b, buf);
    } else {
      luaL_addchar(b, (char)c);
    }
  }
  luaL_addchar(b, '"');
}

/* Floats are written in hex so they read back exactly; inf and nan as expressions. */
static int quote_float(char *buf, lua_Number r) {
  if (r == (lua_Number)HUGE_VAL) return snprintf(buf, MAX_ITEM, "1e9999");
  if (r == -(lua_Number)HUGE_VAL) return snprintf(buf, MAX_ITEM, "-1e9999");
  if (r != r) return snprintf(buf, MAX_ITEM, "(0/0)");
  int n = snprintf(buf, MAX_ITEM, "%a", r);
  /* A locale with another decimal point must still produce Lua syntax. */
  if (memchr(buf, '.', (size_t)n) == NULL) {
    char point = localeconv()->decimal_point[0];
    char *pp = memchr(buf, point, (size_t)n);
    if (pp) *pp = '.';
  }
  return n;
}

static void add_literal(lua_State *L, luaL_Buffer *b, int arg) {
  switch (lua_type(L, arg)) {
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, arg, &len);
    add_quoted(b, s, len);
    break;
  }
  case LUA_TNUMBER: {
    char *buf = luaL_prepbuffsize(b, MAX_ITEM);
    int n;
    if (!lua_isinteger(L, arg)) {
      n = quote_float(buf, lua_tonumber(L, arg));
    } else {
      lua_Integer i = lua_tointeger(L, arg);
      /* -9223372036854775808 would read back as a float; hex wraps around to the integer. */
      n = snprintf(buf, MAX_ITEM, i == LUA_MININTEGER ? "0x%llx" : "%lld", (long long)i);
    }
    luaL_addsize(b, (size_t)n);
    break;
  }
  case LUA_TNIL:
  case LUA_TBOOLEAN:
    luaL_tolstring(L, arg, NULL);
    luaL_addvalue(b);
    break;
  default:
    luaL_argerror(L, arg, "value has no literal form");
  }
}

static const char *skip2digits(const char *s) {
  if (isdigit((unsigned char)*s)) {
    s++;
    if (isdigit((unsigned char)*s)) s++;
  }
  return s;
}

/* Validates a conversion spec: only the listed flags, a width of at most two digits and, when
 * allowed, a precision of at most two digits. */
static void check_spec(lua_State *L, const char *form, const char *flags, int precision) {
  const char *spec = form + 1;
  spec += strspn(spec, flags);
  if (*spec != '0') {
    spec = skip2digits(spec);
    if (*spec == '.' && precision) {
      spec++;
      spec = skip2digits(spec);
    }
  }
  if (!isalpha((unsigned char)*spec))
    luaL_error(L, "invalid conversion specification: '%s'", form);
}

/* Copies the spec starting at fmt (after '%') into form, with a leading '%'; returns a pointer
 * to the conversion letter in fmt. */
static const char *get_spec(lua_State *L, const char *fmt, char *form) {
  size_t len = strspn(fmt, FLAGS_ALL "123456789.");
  len++; /* the conversion letter */
  if (len >= MAX_FORMAT - 10) luaL_error(L, "invalid format (too long)");
  form[0] = '%';
  memcpy(form + 1, fmt, len);
  form[len + 1] = '\0';
  return fmt + len - 1;
}

/* Inserts a length modifier before the conversion letter. */
static void add_lenmod(char *form, const char *mod) {
  size_t l = strlen(form), lm = strlen(mod);
  char conv = form[l - 1];
  memcpy(form + l - 1, mod, lm);
  form[l + lm - 1] = conv;
  form[l + lm] = '\0';
}

/* A validated conversion spec's flags, width and precision (-1: none). */
typedef struct Spec {
  int left, zero, plus, space, alt, width, prec;
} Spec;

/* Clears sp and reads the flags at f into it; returns what follows them. */
static const char *spec_flags(const char *f, Spec *sp) {
  memset(sp, 0, sizeof *sp);
  for (;; f++) {
    if (*f == '-') sp->left = 1;
    else if (*f == '0') sp->zero = 1;
    else if (*f == '+') sp->plus = 1;
    else if (*f == ' ') sp->space = 1;
    else if (*f == '#') sp->alt = 1;
    else return f;
  }
}

static void parse_spec(const char *form, Spec *sp) {
  const char *f = spec_flags(form + 1, sp);
  while (isdigit((unsigned char)*f)) sp->width = sp->width * 10 + (*f++ - '0');
  sp->prec = -1;
  if (*f == '.') {
    sp->prec = 0;
    for (f++; isdigit((unsigned char)*f); f++) sp->prec = sp->prec * 10 + (*f - '0');
  }
}

/* Writes sign (0 for none) and body padded to the spec's width as printf does: spaces on the
 * left, on the right with '-', or zeros after the sign with '0'. Returns the length. */
static int pad(char *buf, const Spec *sp, char sign, const char *body, int len) {
  int n = 0, fill = sp->width - len - (sign != 0);
  if (!sp->left && !sp->zero)
    for (; fill > 0; fill--) buf[n++] = ' ';
  if (sign) buf[n++] = sign;
  if (!sp->left)
    for (; fill > 0; fill--) buf[n++] = '0';
  memcpy(buf + n, body, (size_t)len);
  n += len;
  for (; fill > 0; fill--) buf[n++] = ' ';
  return n;
}

/* %d %i %x %X %o without '#' or precision; -1 to leave the rest (and %u) to printf. */
static int fmt_integer(char *buf, const Spec *sp, int conv, lua_Integer v) {
  char digits[32];
  int len = 0;
  char sign = 0;
  if (sp->alt || sp->prec >= 0 || conv == 'u') return -1;
  if (conv == 'd' || conv == 'i') {
    lua_Unsigned u = v < 0 ? 0u - (lua_Unsigned)v : (lua_Unsigned)v;
    sign = v < 0 ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
    do {
      digits[31 - len++] = (char)('0' + u % 10);
      u /= 10;
    } while (u != 0);
  } else {
    lua_Unsigned u = (lua_Unsigned)v;
    unsigned shift = conv == 'o' ? 3 : 4, mask = (1u << shift) - 1;
    const char *hex = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
      digits[31 - len++] = hex[u & mask];
      u >>= shift;
    } while (u != 0);
  }
  return pad(buf, sp, sign, digits + 32 - len, len);
}

/* %f and %g without '#'; -1 to leave the rest (and other locales) to printf. */
static int fmt_float(char *buf, const Spec *sp, int conv, lua_Number n) {
  char body[64];
  if (sp->alt) return -1;
  int len = vm_fmtfloat(body, n, conv, sp->prec < 0 ? 6 : sp->prec);
  if (len < 0) return -1;
  const char *digits = body;
  char sign = sp->plus ? '+' : sp->space ? ' ' : 0;
  if (*digits == '-') {
    sign = '-';
    digits++;
    len--;
  }
  return pad(buf, sp, sign, digits, len);
}

/* A spec at fmt (after '%') that check_spec accepts for a numeric conversion the writers above
 * handle: flags, at most two width digits, '.' and at most two precision digits, then one of
 * d i x X o f g with flags it allows (what get_spec, check_spec and parse_spec would find).
 * Fills sp and returns the conversion letter's address; NULL leaves the spec to them. */
static const char *quick_spec(const char *fmt, Spec *sp) {
  const char *f = spec_flags(fmt, sp);
  for (int i = 0; i < 2 && *f >= '0' && *f <= '9'; i++) sp->width = sp->width * 10 + (*f++ - '0');
  sp->prec = -1;
  if (*f == '.') {
    sp->prec = 0;
    f++;
    for (int i = 0; i < 2 && *f >= '0' && *f <= '9'; i++) sp->prec = sp->prec * 10 + (*f++ - '0');
  }
  if (f - fmt >= MAX_FORMAT - 11) return NULL;  /* get_spec's "too long" */
  switch (*f) {
  case 'd': case 'i': return sp->alt ? NULL : f;                      /* flags "-+0 " */
  case 'x': case 'X': case 'o': return sp->plus || sp->space ? NULL : f; /* flags "-#0" */
  case 'f': case 'g': return f;                                          /* every flag */
  default: return NULL;
  }
}

/* The output loop: widths are bounded (two digits), so each item has a fixed worst-case size.
 * Fuel: one unit per conversion plus one per 64 bytes of format, charged once at the end. */
int lib_str_format(lua_State *L) {
  int top = lua_gettop(L);
  int arg = 1;
  size_t sfl;
  const char *fmt = luaL_checklstring(L, arg, &sfl);
  const char *fmt_end = fmt + sfl;
  luaL_Buffer b;
  lua_Integer items = 0;
  luaL_buffinit(L, &b);
  while (fmt < fmt_end) {
    if (*fmt != '%') {
      luaL_addchar(&b, *fmt++);
      continue;
    }
    if (*++fmt == '%') {
      luaL_addchar(&b, *fmt++);
      continue;
    }
    char form[MAX_FORMAT];
    int maxitem = MAX_ITEM;
    char *buf = luaL_prepbuffsize(&b, (size_t)maxitem);
    int nb = 0;
    const char *flags;
    items++;
    if (++arg > top) return luaL_argerror(L, arg, "no value");
    if (*fmt == 'd') { /* the commonest conversion, bare: no spec to copy or check */
      static const Spec bare = {0, 0, 0, 0, 0, 0, -1};
      nb = fmt_integer(buf, &bare, 'd', luaL_checkinteger(L, arg));
      luaL_addsize(&b, (size_t)nb);
      fmt++;
      continue;
    }
    {
      Spec sp;
      const char *conv = quick_spec(fmt, &sp);
      if (conv != NULL) {
        if (*conv == 'f' || *conv == 'g')
          nb = fmt_float(buf, &sp, *conv, luaL_checknumber(L, arg));
        else
          nb = fmt_integer(buf, &sp, *conv, luaL_checkinteger(L, arg));
        if (nb >= 0) {
          luaL_addsize(&b, (size_t)nb);
          fmt = conv + 1;
          continue;
        }
      }
    }
    fmt = get_spec(L, fmt, form);
    switch (*fmt++) {
    case 'c':
      check_spec(L, form, FLAGS_CHAR, 0);
      nb = snprintf(buf, (size_t)maxitem, form, (int)luaL_checkinteger(L, arg));
      break;
    case 'd': case 'i':
      flags = "-+0 ";
      goto integer;
    case 'u':
      flags = "-0";
      goto integer;
    case 'o': case 'x': case 'X':
      flags = "-#0";
    integer: {
      lua_Integer n = luaL_checkinteger(L, arg);
      Spec sp;
      check_spec(L, form, flags, 1);
      parse_spec(form, &sp);
      nb = fmt_integer(buf, &sp, fmt[-1], n);
      if (nb < 0) {
        add_lenmod(form, "ll");
        nb = snprintf(buf, (size_t)maxitem, form, (long long)n);
      }
      break;
    }
    case 'a': case 'A':
      check_spec(L, form, FLAGS_ALL, 1);
      nb = snprintf(buf, (size_t)maxitem, form, (double)luaL_checknumber(L, arg));
      break;
    case 'f': case 'e': case 'E': case 'g': case 'G': {
      lua_Number n = luaL_checknumber(L, arg);
      Spec sp;
      check_spec(L, form, FLAGS_ALL, 1);
      parse_spec(form, &sp);
      nb = (fmt[-1] == 'f' || fmt[-1] == 'g') ? fmt_float(buf, &sp, fmt[-1], n) : -1;
      if (nb < 0) {
        maxitem = MAX_ITEMF;
        buf = luaL_prepbuffsize(&b, (size_t)maxitem);
        nb = snprintf(buf, (size_t)maxitem, form, (double)n);
      }
      break;
    }
    case 'p': {
      const void *p = lua_topointer(L, arg);
      check_spec(L, form, FLAGS_CHAR, 0);
      if (p == NULL) { /* values without identity print as "(null)", padded like %s */
        form[strlen(form) - 1] = 's';
        nb = snprintf(buf, (size_t)maxitem, form, "(null)");
      } else {
        nb = snprintf(buf, (size_t)maxitem, form, p);
      }
      break;
    }
    case 'q':
      if (form[2] != '\0') return luaL_error(L, "specifier '%%q' cannot have modifiers");
      add_literal(L, &b, arg);
      break;
    case 's': {
      size_t l;
      const char *s;
      char num[VM_MAXNUMBER2STR];
      const Value *o = vm_api_arg(L, arg);
      int pushed = 0;  /* whether s is a value luaL_tolstring pushed */
      if (ttisstring(o) && vm_api_plaintostring(L, o)) {
        s = svalue(o);
        l = vslen(o);
      } else if (ttisnumber(o) && vm_api_plaintostring(L, o)) {
        l = (size_t)vm_num2str(o, num);
        s = num;
      } else {
        s = luaL_tolstring(L, arg, &l);
        pushed = 1;
      }
      if (form[2] != '\0') {
        luaL_argcheck(L, l == strlen(s), arg, "string contains zeros");
        check_spec(L, form, FLAGS_CHAR, 1);
      }
      if (form[2] == '\0' || (strchr(form, '.') == NULL && l >= 100)) {
        /* no modifiers (the whole string, NULs included), or no precision and longer than
         * any width (no padding) */
        if (pushed) luaL_addvalue(&b); else luaL_addlstring(&b, s, l);
      } else {  /* what snprintf writes: at most prec bytes, padded to the width */
        Spec sp;
        parse_spec(form, &sp);
        nb = pad(buf, &sp, 0, s, sp.prec >= 0 && (size_t)sp.prec < l ? sp.prec : (int)l);
        if (pushed) lua_pop(L, 1);
      }
      break;
    }
    default:
      return luaL_error(L, "invalid conversion '%s' to 'format'", form);
    }
    luaL_addsize(&b, (size_t)nb);
  }
  nacre_charge(L, items + (lua_Integer)(sfl / 64));
  luaL_pushresult(&b);
  return 1;
}
