/* Number conversions shared by the lexer, the constant folder, the interpreter and the C API:
 * numerals to values, values to text, float-to-integer modes, raw (metamethod-free)
 * arithmetic, pushfstring-style formatting and chunk names for messages. */
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/number.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/gc.h"
#include "vm/str.h"

/* ------------------------------------------------------------------------------------------
 * Numerals.
 */

int vm_hexavalue(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  return (tolower(c) - 'a') + 10;
}

static int isspace_c(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Integer numerals. Decimal ones that do not fit in 64 bits fail here so the caller reads
 * them as floats; hexadecimal ones wrap around modulo 2^64 (the manual says so). */
static const char *str2int(const char *s, lua_Integer *result) {
  lua_Unsigned a = 0;
  int empty = 1;
  int neg = 0;
  while (isspace_c((unsigned char)*s))
    s++;
  if (*s == '-') {
    s++;
    neg = 1;
  } else if (*s == '+') {
    s++;
  }
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    for (; isxdigit((unsigned char)*s); s++) {
      a = a * 16 + (lua_Unsigned)vm_hexavalue((unsigned char)*s);
      empty = 0;
    }
  } else {
    const lua_Unsigned maxby10 = (lua_Unsigned)LLONG_MAX / 10;
    const int maxlastd = (int)((lua_Unsigned)LLONG_MAX % 10);
    for (; isdigit((unsigned char)*s); s++) {
      int d = *s - '0';
      if (a >= maxby10 && (a > maxby10 || d > maxlastd + neg))
        return NULL;  /* overflow: let it be a float */
      a = a * 10 + (lua_Unsigned)d;
      empty = 0;
    }
  }
  while (isspace_c((unsigned char)*s))
    s++;
  if (empty || *s != '\0')
    return NULL;
  *result = l_castU2S(neg ? 0u - a : a);
  return s;
}

/* Float numerals, decimal or hexadecimal (strtod reads both). 'inf' and 'nan' are not
 * Lua numerals, so any 'n' rejects the string before strtod sees it. */
static const char *str2d_raw(const char *s, lua_Number *result) {
  char *end;
  *result = strtod(s, &end);
  if (end == s)
    return NULL;
  while (isspace_c((unsigned char)*end))
    end++;
  return *end == '\0' ? end : NULL;
}

/* Decimal numerals whose value one correctly rounded operation gives (Clinger's fast path):
 * at most 19 digits making an integer m <= 2^53, times or divided by 10^k for k <= 22, both
 * exact doubles, so the product or quotient is what strtod returns. NULL for anything else
 * (hex, longer mantissas, bigger exponents, malformed text), which strtod then reads. */
static const char *str2d_exact(const char *s, lua_Number *result) {
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  uint64_t m = 0;
  int ndig = 0, frac = 0, exp = 0, neg = 0;
  while (isspace_c((unsigned char)*s)) s++;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  for (; *s >= '0' && *s <= '9'; s++, ndig++) m = m * 10 + (uint64_t)(*s - '0');
  if (*s == '.') {
    for (s++; *s >= '0' && *s <= '9'; s++, ndig++, frac++) m = m * 10 + (uint64_t)(*s - '0');
  }
  if (ndig == 0 || ndig > 19) return NULL;
  if (*s == 'e' || *s == 'E') {
    int eneg = 0, edig = 0;
    s++;
    if (*s == '-' || *s == '+') eneg = *s++ == '-';
    for (; *s >= '0' && *s <= '9' && edig < 4; s++, edig++) exp = exp * 10 + (*s - '0');
    if (edig == 0 || edig == 4) return NULL;
    if (eneg) exp = -exp;
  }
  while (isspace_c((unsigned char)*s)) s++;
  if (*s != '\0' || m > ((uint64_t)1 << 53)) return NULL;
  exp -= frac;
  if (exp < -22 || exp > 22) return NULL;
  double d = exp < 0 ? (double)m / pow10[-exp] : (double)m * pow10[exp];
  *result = neg ? -d : d;
  return s;
}

/* strtod follows the C locale's decimal point; Lua numerals always use '.', so after
 * os.setlocale() a failed conversion is retried with '.' replaced by the locale's point. */
#define MAXNUMERAL 200
static const char *str2d(const char *s, lua_Number *result) {
  const char *e = str2d_exact(s, result);
  if (e != NULL) return e;
  if (strpbrk(s, "nN"))
    return NULL;
  e = str2d_raw(s, result);
  const char *pt = strchr(s, '.');
  if (e != NULL || pt == NULL)
    return e;
  size_t len = strlen(s);
  char point = localeconv()->decimal_point[0];
  if (point == '.' || len > MAXNUMERAL)
    return NULL;
  char buff[MAXNUMERAL + 1];
  memcpy(buff, s, len + 1);
  buff[pt - s] = point;
  e = str2d_raw(buff, result);
  return e == NULL ? NULL : s + (e - buff);
}

size_t vm_str2num(const char *s, Value *o) {
  lua_Integer i;
  lua_Number n;
  const char *e;
  if ((e = str2int(s, &i)) != NULL) {
    setivalue(o, i);
  } else if ((e = str2d(s, &n)) != NULL) {
    setfltvalue(o, n);
  } else {
    return 0;
  }
  return (size_t)(e - s) + 1;
}

/* ------------------------------------------------------------------------------------------
 * Numbers to text.
 */

static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

/* Decimal digits of u, at least mindigits of them (zero-padded), at buff; returns the count. */
static int u64digits(uint64_t u, char *buff, int mindigits) {
  char tmp[24];
  int n = 24;
  while (u >= 100) {
    unsigned r = (unsigned)(u % 100) * 2;
    u /= 100;
    tmp[--n] = digit_pairs[r + 1];
    tmp[--n] = digit_pairs[r];
  }
  if (u >= 10) {
    tmp[--n] = digit_pairs[u * 2 + 1];
    tmp[--n] = digit_pairs[u * 2];
  } else {
    tmp[--n] = (char)('0' + u);
  }
  while (24 - n < mindigits) tmp[--n] = '0';
  memcpy(buff, tmp + n, (size_t)(24 - n));
  return 24 - n;
}

/* Decimal digits of an integer, as "%lld" prints them (which is slow for such a common case). */
static int int2str(lua_Integer v, char *buff) {
  lua_Unsigned u = v < 0 ? 0u - (lua_Unsigned)v : (lua_Unsigned)v;
  int len = 0;
  if (v < 0) buff[len++] = '-';
  len += u64digits(u, buff + len, 1);
  buff[len] = '\0';
  return len;
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

static const uint64_t pow10_64[20] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
  1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
  100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
  1000000000000000000ull, 10000000000000000000ull
};

/* m * 2^e * 10^p (m < 2^53, 0 <= p <= 19) as an integer part *q and whether rounding it to
 * the nearest, ties to even, goes up (*up), computed exactly; 0 when *q would not fit 64 bits. */
static int scale10(uint64_t m, int e, int p, uint64_t *q, int *up) {
  u128 n = (u128)m * pow10_64[p]; /* < 2^117 */
  if (e >= 0) {
    if (e > 11 || (n >> (64 - e)) != 0) return 0;
    *q = (uint64_t)(n << e);
    *up = 0;
    return 1;
  }
  int k = -e;
  if (k > 120) { /* n < 2^117 <= 2^(k-4): below one sixteenth, rounds to 0 */
    *q = 0;
    *up = 0;
    return 1;
  }
  u128 quot = n >> k, rem = n - (quot << k), half = (u128)1 << (k - 1);
  if ((quot >> 64) != 0) return 0;
  *q = (uint64_t)quot;
  *up = rem > half || (rem == half && (quot & 1));
  return 1;
}

/* Whether LC_NUMERIC is the C locale: printf's decimal point is then '.'. */
static int numeric_is_c(void) {
  const char *name = setlocale(LC_NUMERIC, NULL);
  return name != NULL && ((name[0] == 'C' && name[1] == '\0') || strcmp(name, "POSIX") == 0);
}

/* Writes digits (the value times 10^-p) with the point p digits from the right. */
static int put_fixed(char *buff, int neg, uint64_t digits, int p) {
  int len = 0;
  if (neg) buff[len++] = '-';
  len += u64digits(digits, buff + len, p + 1);
  if (p > 0) {
    memmove(buff + len - p + 1, buff + len - p, (size_t)p);
    buff[len - p] = '.';
    len++;
  }
  buff[len] = '\0';
  return len;
}

int vm_fmtfloat(char *buff, lua_Number d, int conv, int prec) {
  uint64_t bits, m, q;
  int e, up;
  memcpy(&bits, &d, sizeof bits);
  int neg = (int)(bits >> 63), bexp = (int)((bits >> 52) & 0x7ff);
  if (bexp == 0x7ff || prec < 0 || !numeric_is_c()) return -1; /* inf, nan, other locales */
  m = bits & ((1ull << 52) - 1);
  if (bexp == 0) {
    e = -1074;
  } else {
    m |= 1ull << 52;
    e = bexp - 1075;
  }
  if (conv == 'f') {
    if (prec > 19 || !scale10(m, e, prec, &q, &up) || q + up < q) return -1;
    return put_fixed(buff, neg, q + (uint64_t)up, prec);
  }
  /* 'g': P significant digits, style f when the exponent X of the rounded value is in
   * [-4, P), trailing zeros removed; style e is left to printf. */
  int P = prec == 0 ? 1 : prec;
  if (P > 19) return -1;
  if (m == 0) { /* "0" or "-0" */
    return put_fixed(buff, neg, 0, 0);
  }
  int b = e + 63 - __builtin_clzll(m); /* floor(log2 |d|) */
  int X = b >= 0 ? (b * 78913) >> 18 : -((-b * 78913 + (1 << 18) - 1) >> 18);
  int tries = 0;
  for (;;) { /* find X = floor(log10 |d|): then the truncated digits number exactly P */
    int p = P - 1 - X;
    if (p < 0 || p > 19 || ++tries > 3 || !scale10(m, e, p, &q, &up)) return -1;
    if (q >= pow10_64[P]) {
      X++;
    } else if (q < pow10_64[P - 1]) {
      X--;
    } else {
      break;
    }
  }
  q += (uint64_t)up;
  if (q == pow10_64[P]) { /* rounding carried into a new digit */
    q = pow10_64[P - 1];
    X++;
  }
  if (X < -4 || X >= P) return -1;
  int p = P - 1 - X;
  while (p > 0 && q % 10 == 0) {
    q /= 10;
    p--;
  }
  return put_fixed(buff, neg, q, p);
}
#else
int vm_fmtfloat(char *buff, lua_Number d, int conv, int prec) {
  (void)buff, (void)d, (void)conv, (void)prec;
  return -1;
}
#endif

static int num2str_raw(const Value *o, char *buff) {
  int len;
  if (ttisinteger(o)) {
    len = int2str(ivalue(o), buff);
  } else {
    len = vm_fmtfloat(buff, fltvalue(o), 'g', 14);
    if (len < 0) len = snprintf(buff, VM_MAXNUMBER2STR, "%.14g", fltvalue(o));
    if (buff[strspn(buff, "-0123456789")] == '\0') {  /* looks like an integer? */
      buff[len++] = '.';
      buff[len++] = '0';
      buff[len] = '\0';
    }
  }
  return len;
}

int vm_num2str(const Value *o, char *buff) {
  return num2str_raw(o, buff);
}

void vm_tostring(lua_State *L, Value *o) {
  char buff[VM_MAXNUMBER2STR];
  int len = num2str_raw(o, buff);
  TString *ts = vm_str_new(L, buff, (size_t)len);
  setsvalue(L, o, ts);
}

/* ------------------------------------------------------------------------------------------
 * Conversions between floats, integers and strings.
 */

int vm_flttointns(lua_Number n, lua_Integer *p, F2Imod mode) {
  lua_Number f = floor(n);
  if (n != f) {
    if (mode == F2Ieq)
      return 0;
    if (mode == F2Iceil)
      f += 1;
  }
  /* -2^63 is exact as a double; 2^63 is the first value out of range */
  if (!(f >= (lua_Number)LLONG_MIN && f < -(lua_Number)LLONG_MIN))
    return 0;
  *p = (lua_Integer)f;
  return 1;
}

/* A string converts only when the whole of it (up to its length) is a numeral. */
static int str2value(const Value *o, Value *out) {
  if (!ttisstring(o))
    return 0;
  TString *ts = tsvalue(o);
  return vm_str2num(getstr(ts), out) == tsslen(ts) + 1;
}

int vm_tonumber_(const Value *o, lua_Number *n) {
  Value v;
  if (ttisinteger(o)) {
    *n = cast_num(ivalue(o));
    return 1;
  }
  if (ttisfloat(o)) {
    *n = fltvalue(o);
    return 1;
  }
  if (str2value(o, &v)) {
    *n = nvalue(&v);
    return 1;
  }
  return 0;
}

int vm_tointegerns(const Value *o, lua_Integer *p, F2Imod mode) {
  if (ttisfloat(o))
    return vm_flttointns(fltvalue(o), p, mode);
  if (ttisinteger(o)) {
    *p = ivalue(o);
    return 1;
  }
  return 0;
}

int vm_tointeger(const Value *o, lua_Integer *p, F2Imod mode) {
  Value v;
  if (str2value(o, &v))
    o = &v;
  return vm_tointegerns(o, p, mode);
}

/* ------------------------------------------------------------------------------------------
 * Raw arithmetic.
 */

/* The operations with Lua-specific rounding (floor division, modulo, shifts) are the
 * interpreter's own (vm/exec.h), so folding and lua_arith cannot disagree with run time.
 * Integer division and modulo by zero never get here (vm_rawarith refuses them). */

static lua_Number fltarith(lua_State *L, int op, lua_Number a, lua_Number b) {
  switch (op) {
  case LUA_OPADD: return a + b;
  case LUA_OPSUB: return a - b;
  case LUA_OPMUL: return a * b;
  case LUA_OPDIV: return a / b;
  case LUA_OPPOW: return (b == 2) ? a * a : pow(a, b);
  case LUA_OPIDIV: return floor(a / b);
  case LUA_OPUNM: return -a;
  case LUA_OPMOD: return vm_modf(L, a, b);
  default: return 0;
  }
}

static lua_Integer intarith(lua_State *L, int op, lua_Integer a, lua_Integer b) {
  lua_Unsigned ua = l_castS2U(a), ub = l_castS2U(b);
  switch (op) {
  case LUA_OPADD: return l_castU2S(ua + ub);
  case LUA_OPSUB: return l_castU2S(ua - ub);
  case LUA_OPMUL: return l_castU2S(ua * ub);
  case LUA_OPMOD: return vm_mod(L, a, b);
  case LUA_OPIDIV: return vm_idiv(L, a, b);
  case LUA_OPBAND: return l_castU2S(ua & ub);
  case LUA_OPBOR: return l_castU2S(ua | ub);
  case LUA_OPBXOR: return l_castU2S(ua ^ ub);
  case LUA_OPSHL: return vm_shiftl(a, b);
  case LUA_OPSHR: return vm_shiftl(a, l_castU2S(0u - ub));
  case LUA_OPUNM: return l_castU2S(0u - ua);
  case LUA_OPBNOT: return l_castU2S(~l_castS2U(0) ^ ua);
  default: return 0;
  }
}

int vm_rawarith(lua_State *L, int op, const Value *p1, const Value *p2, Value *res) {
  switch (op) {
  case LUA_OPBAND: case LUA_OPBOR: case LUA_OPBXOR:
  case LUA_OPSHL: case LUA_OPSHR: case LUA_OPBNOT: {
    lua_Integer i1, i2;
    if (vm_tointegerns(p1, &i1, F2Ieq) && vm_tointegerns(p2, &i2, F2Ieq)) {
      setivalue(res, intarith(L, op, i1, i2));
      return 1;
    }
    return 0;
  }
  case LUA_OPDIV: case LUA_OPPOW: {
    lua_Number n1, n2;
    if (ttisnumber(p1) && ttisnumber(p2)) {
      n1 = nvalue(p1);
      n2 = nvalue(p2);
      setfltvalue(res, fltarith(L, op, n1, n2));
      return 1;
    }
    return 0;
  }
  default: {
    if (ttisinteger(p1) && ttisinteger(p2)) {
      if ((op == LUA_OPIDIV || op == LUA_OPMOD) && ivalue(p2) == 0)
        return 0;  /* raises at run time ("attempt to perform 'n//0'") */
      setivalue(res, intarith(L, op, ivalue(p1), ivalue(p2)));
      return 1;
    }
    if (ttisnumber(p1) && ttisnumber(p2)) {
      setfltvalue(res, fltarith(L, op, nvalue(p1), nvalue(p2)));
      return 1;
    }
    return 0;
  }
  }
}

int vm_ceillog2(unsigned int x) {
  int l = 0;
  x--;
  while (x >= 256) {
    l += 8;
    x >>= 8;
  }
  while (x) {
    l++;
    x >>= 1;
  }
  return l;
}

/* ------------------------------------------------------------------------------------------
 * UTF-8 and formatted messages.
 */

/* Writes the encoding of x at the end of buff (backwards) and returns its length; values up
 * to 2^31 use the original 6-byte UTF-8 scheme, as Lua's "\u{...}" escape allows. */
int vm_utf8esc(char *buff, unsigned long x) {
  int n = 1;
  if (x < 0x80) {
    buff[UTF8BUFFSZ - 1] = (char)x;
  } else {
    unsigned int mfb = 0x3f;  /* largest value that still fits in the first byte */
    do {
      buff[UTF8BUFFSZ - (n++)] = (char)(0x80 | (x & 0x3f));
      x >>= 6;
      mfb >>= 1;
    } while (x > mfb);
    buff[UTF8BUFFSZ - n] = (char)((~mfb << 1) | x);
  }
  return n;
}

typedef struct FmtBuf {
  lua_State *L;
  char *b;
  size_t n, size;
  char init[256];
} FmtBuf;

static void fmt_add(FmtBuf *fb, const char *s, size_t len) {
  if (fb->n + len > fb->size) {
    size_t ns = fb->size * 2;
    while (ns < fb->n + len)
      ns *= 2;
    char *nb = gc_alloc_atomic(fb->L, ns);
    memcpy(nb, fb->b, fb->n);
    fb->b = nb;
    fb->size = ns;
  }
  memcpy(fb->b + fb->n, s, len);
  fb->n += len;
}

const char *vm_pushvfstring(lua_State *L, const char *fmt, va_list argp) {
  FmtBuf fb;
  fb.L = L;
  fb.b = fb.init;
  fb.n = 0;
  fb.size = sizeof(fb.init);
  const char *e;
  while ((e = strchr(fmt, '%')) != NULL) {
    char tmp[VM_MAXNUMBER2STR > UTF8BUFFSZ ? VM_MAXNUMBER2STR : UTF8BUFFSZ];
    fmt_add(&fb, fmt, (size_t)(e - fmt));
    switch (e[1]) {
    case 's': {
      const char *s = va_arg(argp, char *);
      if (s == NULL)
        s = "(null)";
      fmt_add(&fb, s, strlen(s));
      break;
    }
    case 'c': {
      char c = (char)(unsigned char)va_arg(argp, int);
      fmt_add(&fb, &c, 1);
      break;
    }
    case 'd': {
      Value v;
      setivalue(&v, va_arg(argp, int));
      fmt_add(&fb, tmp, (size_t)num2str_raw(&v, tmp));
      break;
    }
    case 'I': {
      Value v;
      setivalue(&v, (lua_Integer)va_arg(argp, long long));
      fmt_add(&fb, tmp, (size_t)num2str_raw(&v, tmp));
      break;
    }
    case 'f': {
      Value v;
      setfltvalue(&v, (lua_Number)va_arg(argp, double));
      fmt_add(&fb, tmp, (size_t)num2str_raw(&v, tmp));
      break;
    }
    case 'p': {
      void *p = va_arg(argp, void *);
      int len = snprintf(tmp, sizeof(tmp), "%p", p);
      fmt_add(&fb, tmp, (size_t)len);
      break;
    }
    case 'U': {
      char ub[UTF8BUFFSZ];
      int len = vm_utf8esc(ub, (unsigned long)va_arg(argp, long));
      fmt_add(&fb, ub + UTF8BUFFSZ - len, (size_t)len);
      break;
    }
    case '%':
      fmt_add(&fb, "%", 1);
      break;
    default:
      vm_debug_runerror(L, "invalid option '%%%c' to 'lua_pushfstring'", e[1]);
    }
    fmt = e + 2;
  }
  fmt_add(&fb, fmt, strlen(fmt));
  TString *ts = vm_str_new(L, fb.b, fb.n);
  setsvalue(L, s2v(L->top), ts);
  vm_inctop(L);
  return getstr(ts);
}

const char *vm_pushfstring(lua_State *L, const char *fmt, ...) {
  va_list argp;
  va_start(argp, fmt);
  const char *msg = vm_pushvfstring(L, fmt, argp);
  va_end(argp);
  return msg;
}

/* ------------------------------------------------------------------------------------------
 * Chunk names for messages: "=name" verbatim, "@file" (keeping the end of long paths),
 * otherwise the source text itself as [string "first line..."].
 */
#define RETS "..."
#define PRE "[string \""
#define POS "\"]"
#define LL(s) (sizeof(s) - 1)

void vm_chunkid(char *out, const char *source, size_t srclen) {
  size_t bufflen = LUA_IDSIZE;
  if (*source == '=') {
    if (srclen <= bufflen) {
      memcpy(out, source + 1, srclen);  /* includes the terminating NUL */
    } else {
      memcpy(out, source + 1, bufflen - 1);
      out[bufflen - 1] = '\0';
    }
  } else if (*source == '@') {
    if (srclen <= bufflen) {
      memcpy(out, source + 1, srclen);
    } else {
      memcpy(out, RETS, LL(RETS));
      bufflen -= LL(RETS);
      memcpy(out + LL(RETS), source + 1 + srclen - bufflen, bufflen);  /* with the NUL */
    }
  } else {
    const char *nl = strchr(source, '\n');
    memcpy(out, PRE, LL(PRE));
    out += LL(PRE);
    bufflen -= LL(PRE RETS POS) + 1;  /* room for the framing and the NUL */
    if (srclen < bufflen && nl == NULL) {
      memcpy(out, source, srclen);
      out += srclen;
    } else {
      if (nl != NULL)
        srclen = (size_t)(nl - source);
      if (srclen > bufflen)
        srclen = bufflen;
      memcpy(out, source, srclen);
      out += srclen;
      memcpy(out, RETS, LL(RETS));
      out += LL(RETS);
    }
    memcpy(out, POS, LL(POS) + 1);
  }
}
