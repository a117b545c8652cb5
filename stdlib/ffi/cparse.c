/* The C declaration parser behind ffi.cdef and the type strings of typeof/new/cast: a lexer
 * and a recursive-descent parser for declarations as real bindings write them (typedefs,
 * structs/unions, enums, function prototypes, arrays incl. [?], bit fields, attributes,
 * __asm__ redirections, #pragma pack) plus constant expressions. Errors are Lua errors that
 * name the token, its position and quote the declaration around it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"

/* Nesting bound of declarators, parameter lists, struct bodies and expressions: the parser
 * recurses, and garbage such as "((((((..." must not exhaust the C stack. */
#define MAX_DEPTH 100

enum {
  TK_EOF = 256, TK_IDENT, TK_INT, TK_STRING, TK_ELLIPSIS, TK_SHL, TK_SHR, TK_LE, TK_GE,
  TK_EQ, TK_NE, TK_AND, TK_OR
};

typedef struct Tok {
  int tok;
  const char *start, *p; /* the token's text, and where the lexer continues */
  const char *id;        /* identifiers and strings (strings: without quotes, raw) */
  size_t len;
  int64_t val;
} Tok;

typedef struct CP {
  CState *cs;
  lua_State *L;
  const char *src, *end;
  Tok t;
  int depth;
  int typeonly; /* a type string (typeof/new/cast): no implicit struct tags */
  int firstparam, nparams, nextparam; /* $ placeholders */
  unsigned pack, packstack[16];
  int npack;
} CP;

/* What the declaration specifiers said. */
typedef struct Spec {
  int type;
  int storage; /* 0, or 't' typedef, 'e' extern, 's' static */
  unsigned align;
} Spec;

typedef struct Decl {
  const char *name;
  size_t namelen;
  const char *asmname;
  size_t asmlen;
  unsigned align, packed;
} Decl;

__attribute__((noreturn)) static void cp_err(CP *P, const char *fmt, ...) {
  lua_State *L = P->L;
  va_list ap;
  size_t pos = (size_t)(P->t.start - P->src), total = (size_t)(P->end - P->src);
  size_t from = pos > 40 ? pos - 40 : 0, to = pos + 40 < total ? pos + 40 : total;
  int line = 1;
  const char *q;
  for (q = P->src; q < P->t.start; q++) line += *q == '\n';
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  if (P->t.tok == TK_EOF) {
    lua_pushliteral(L, " near '<eof>'");
  } else {
    size_t n = (size_t)(P->t.p - P->t.start);
    lua_pushliteral(L, " near '");
    lua_pushlstring(L, P->t.start, n > 40 ? 40 : n);
    lua_pushliteral(L, "'");
    lua_concat(L, 3);
  }
  lua_pushfstring(L, " at line %d, position %d of \"%s", line, (int)pos + 1, from ? "..." : "");
  lua_pushlstring(L, P->src + from, to - from);
  lua_pushstring(L, to < total ? "...\"" : "\"");
  lua_concat(L, 5);
  lua_error(L);
  for (;;) {}
}

/* ---- lexer ---- */

static int isident(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
}

static void pragma(CP *P, const char *s, const char *e) {
  /* #pragma pack(n) | pack(push[, n]) | pack(pop) | pack() */
  char buf[64];
  size_t n = (size_t)(e - s) < sizeof buf - 1 ? (size_t)(e - s) : sizeof buf - 1;
  char *q;
  unsigned v;
  memcpy(buf, s, n);
  buf[n] = '\0';
  q = strstr(buf, "pack");
  if (strncmp(buf, "pragma", 6) != 0 || q == NULL || (q = strchr(q, '(')) == NULL) return;
  q++;
  while (*q == ' ' || *q == '\t') q++;
  if (strncmp(q, "push", 4) == 0) {
    if (P->npack < 16) P->packstack[P->npack++] = P->pack;
    q = strchr(q, ',');
    if (q && sscanf(q + 1, " %u", &v) == 1) P->pack = v;
  } else if (strncmp(q, "pop", 3) == 0) {
    P->pack = P->npack > 0 ? P->packstack[--P->npack] : 0;
  } else if (sscanf(q, "%u", &v) == 1) {
    P->pack = v;
  } else {
    P->pack = 0;
  }
  if (P->pack & (P->pack - 1)) P->pack = 0; /* not a power of two: ignored, as GCC warns */
}

static void next(CP *P) {
  const char *p = P->t.p, *e = P->end;
  Tok *t = &P->t;
  for (;;) {
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
                     *p == '\v'))
      p++;
    if (p + 1 < e && p[0] == '/' && p[1] == '/') {
      while (p < e && *p != '\n') p++;
    } else if (p + 1 < e && p[0] == '/' && p[1] == '*') {
      p += 2;
      while (p + 1 < e && !(p[0] == '*' && p[1] == '/')) p++;
      p = p + 1 < e ? p + 2 : e;
    } else if (p < e && *p == '#') { /* preprocessor lines: #pragma pack, the rest skipped */
      const char *s = p + 1;
      while (p < e && *p != '\n') p++;
      while (s < p && (*s == ' ' || *s == '\t')) s++;
      pragma(P, s, p);
    } else {
      break;
    }
  }
  t->start = p;
  if (p >= e || *p == '\0') {
    t->tok = TK_EOF;
    t->p = p;
    return;
  }
  if (isident((unsigned char)*p) && !(*p >= '0' && *p <= '9')) {
    const char *s = p;
    while (p < e && isident((unsigned char)*p)) p++;
    t->tok = TK_IDENT;
    t->id = s;
    t->len = (size_t)(p - s);
  } else if (*p >= '0' && *p <= '9') {
    uint64_t v = 0;
    int base = 10;
    if (*p == '0' && p + 1 < e && (p[1] == 'x' || p[1] == 'X')) {
      base = 16;
      p += 2;
    } else if (*p == '0') {
      base = 8;
    }
    for (; p < e; p++) {
      int c = (unsigned char)*p, d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else break;
      if (d >= base) break;
      v = v * (uint64_t)base + (uint64_t)d;
    }
    while (p < e && (*p == 'u' || *p == 'U' || *p == 'l' || *p == 'L')) p++;
    t->tok = TK_INT;
    t->val = (int64_t)v;
    t->p = p;
    if (p < e && (isident((unsigned char)*p) || *p == '.')) cp_err(P, "malformed number");
  } else if (*p == '\'' || *p == '"') {
    char q = *p++;
    const char *s = p;
    int64_t v = 0;
    while (p < e && *p != q && *p != '\n') {
      if (*p == '\\' && p + 1 < e) {
        p++;
        switch (*p) {
          case 'n': v = '\n'; p++; break;
          case 't': v = '\t'; p++; break;
          case 'r': v = '\r'; p++; break;
          case 'a': v = '\a'; p++; break;
          case 'b': v = '\b'; p++; break;
          case 'f': v = '\f'; p++; break;
          case 'v': v = '\v'; p++; break;
          case 'x':
            v = 0;
            for (p++; p < e && isident((unsigned char)*p) && strchr("0123456789abcdefABCDEF", *p);
                 p++)
              v = v * 16 + (*p <= '9' ? *p - '0' : (*p | 32) - 'a' + 10);
            break;
          default:
            if (*p >= '0' && *p <= '7') {
              int k;
              for (v = 0, k = 0; k < 3 && p < e && *p >= '0' && *p <= '7'; k++, p++)
                v = v * 8 + (*p - '0');
            } else {
              v = (unsigned char)*p++;
            }
        }
      } else {
        v = (unsigned char)*p++;
      }
    }
    if (p >= e || *p != q) {
      t->p = p;
      cp_err(P, "unfinished %s", q == '"' ? "string" : "character constant");
    }
    t->id = s;
    t->len = (size_t)(p - s);
    p++;
    t->tok = q == '"' ? TK_STRING : TK_INT;
    t->val = (int64_t)(int8_t)v;
  } else {
    static const struct { char s[4]; int tok; } ops[] = {
        {"...", TK_ELLIPSIS}, {"<<", TK_SHL}, {">>", TK_SHR}, {"<=", TK_LE}, {">=", TK_GE},
        {"==", TK_EQ}, {"!=", TK_NE}, {"&&", TK_AND}, {"||", TK_OR}};
    size_t i;
    t->tok = (unsigned char)*p++;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
      size_t n = strlen(ops[i].s);
      if ((size_t)(e - t->start) >= n && memcmp(t->start, ops[i].s, n) == 0) {
        t->tok = ops[i].tok;
        p = t->start + n;
        break;
      }
    }
  }
  t->p = p;
}

static int is(CP *P, const char *kw) {
  return P->t.tok == TK_IDENT && strlen(kw) == P->t.len && memcmp(P->t.id, kw, P->t.len) == 0;
}

static int isany(CP *P, const char *const *kws) {
  for (; *kws; kws++)
    if (is(P, *kws)) return 1;
  return 0;
}

static const char *tokname(CP *P, int tok) {
  static char buf[2];
  switch (tok) {
    case TK_IDENT: return "<identifier>";
    case TK_INT: return "<integer>";
    case TK_STRING: return "<string>";
    case TK_EOF: return "<eof>";
    default:
      (void)P;
      buf[0] = (char)tok;
      return buf;
  }
}

static void expect(CP *P, int tok) {
  if (P->t.tok != tok) cp_err(P, "'%s' expected", tokname(P, tok));
  next(P);
}

static void enter(CP *P) {
  if (++P->depth > MAX_DEPTH) cp_err(P, "declaration nested too deeply");
}

/* The next $ placeholder's stack slot. */
static int param(CP *P) {
  if (P->nextparam >= P->nparams) cp_err(P, "missing value for '$'");
  return P->firstparam + P->nextparam++;
}

static const char *const QUAL_KW[] = {"const", "__const", "__const__", "volatile", "__volatile",
                                      "__volatile__", "restrict", "__restrict", "__restrict__",
                                      NULL};
static const char *const IGNORED_KW[] = {
    "__extension__", "inline", "__inline", "__inline__", "_Noreturn", "__cdecl", "__stdcall",
    "__fastcall", "__thiscall", "_Thread_local", "__thread", "register", "auto", "__ptr32",
    "__ptr64", NULL};
static const char *const TYPE_KW[] = {
    "void", "_Bool", "bool", "char", "short", "int", "long", "signed", "__signed", "__signed__",
    "unsigned", "float", "double", "struct", "union", "enum", "__int8", "__int16", "__int32",
    "__int64", "typedef", "extern", "static", "_Complex", "__complex__", NULL};

static uint32_t qualifier(CP *P) {
  const char *s = P->t.id;
  if (!isany(P, QUAL_KW)) return 0;
  while (*s == '_') s++;
  return *s == 'c' ? CF_CONST : *s == 'v' ? CF_VOLATILE : 0;
}

/* ---- constant expressions ---- */

static int64_t expr(CP *P);
static int parsetype_inner(CP *P);

static int istypestart(CP *P) {
  int s;
  if (P->t.tok == '$') return 1;
  if (P->t.tok != TK_IDENT) return 0;
  if (isany(P, TYPE_KW) || isany(P, QUAL_KW) || is(P, "__attribute__") || is(P, "__attribute"))
    return 1;
  {
    char name[256];
    if (P->t.len >= sizeof name) return 0;
    memcpy(name, P->t.id, P->t.len);
    name[P->t.len] = '\0';
    s = cf_map_get(&P->cs->names, name);
  }
  return s >= 0 && P->cs->sym[s].kind == SYM_TYPEDEF;
}

static int64_t primary(CP *P) {
  int64_t v;
  enter(P);
  switch (P->t.tok) {
    case TK_INT:
      v = P->t.val;
      next(P);
      break;
    case '-': next(P); v = (int64_t)(0 - (uint64_t)primary(P)); break;
    case '+': next(P); v = primary(P); break;
    case '~': next(P); v = ~primary(P); break;
    case '!': next(P); v = !primary(P); break;
    case '$': {
      int idx = param(P);
      if (!lua_isinteger(P->L, idx)) cp_err(P, "bad value for '$' (integer expected)");
      v = lua_tointeger(P->L, idx);
      next(P);
      break;
    }
    case '(': {
      next(P);
      if (istypestart(P)) { /* a cast: the value is not narrowed (only sizes are computed) */
        parsetype_inner(P);
        expect(P, ')');
        v = primary(P);
      } else {
        v = expr(P);
        expect(P, ')');
      }
      break;
    }
    case TK_IDENT:
      if (is(P, "sizeof") || is(P, "alignof") || is(P, "__alignof__") || is(P, "_Alignof") ||
          is(P, "__alignof")) {
        int size = P->t.id[0] == 's';
        CType *t;
        next(P);
        expect(P, '(');
        t = cf_raw(P->cs, parsetype_inner(P));
        expect(P, ')');
        if (t->size == CT_NOSIZE) cp_err(P, "size of incomplete type");
        v = size ? (int64_t)t->size : (int64_t)t->align;
        break;
      } else {
        char name[256];
        int s = -1;
        if (P->t.len < sizeof name) {
          memcpy(name, P->t.id, P->t.len);
          name[P->t.len] = '\0';
          s = cf_map_get(&P->cs->names, name);
        }
        if (s < 0 || P->cs->sym[s].kind != SYM_CONST) cp_err(P, "constant expected");
        v = P->cs->sym[s].value;
        next(P);
        break;
      }
    default:
      cp_err(P, "unexpected symbol");
  }
  P->depth--;
  return v;
}

static int prec(int tok) {
  switch (tok) {
    case '*': case '/': case '%': return 10;
    case '+': case '-': return 9;
    case TK_SHL: case TK_SHR: return 8;
    case '<': case '>': case TK_LE: case TK_GE: return 7;
    case TK_EQ: case TK_NE: return 6;
    case '&': return 5;
    case '^': return 4;
    case '|': return 3;
    case TK_AND: return 2;
    case TK_OR: return 1;
    default: return 0;
  }
}

static int64_t binop(CP *P, int minprec) {
  int64_t a = primary(P);
  int op, p;
  while ((p = prec(op = P->t.tok)) >= minprec && p > 0) {
    int64_t b;
    uint64_t ua, ub;
    next(P);
    enter(P);
    b = binop(P, p + 1);
    P->depth--;
    ua = (uint64_t)a;
    ub = (uint64_t)b;
    switch (op) {
      case '*': a = (int64_t)(ua * ub); break;
      case '/': case '%':
        if (b == 0) cp_err(P, "division by zero in constant expression");
        if (a == INT64_MIN && b == -1) a = op == '/' ? a : 0;
        else a = op == '/' ? a / b : a % b;
        break;
      case '+': a = (int64_t)(ua + ub); break;
      case '-': a = (int64_t)(ua - ub); break;
      case TK_SHL: a = (int64_t)(ua << (ub & 63)); break;
      case TK_SHR: a = a >> (ub & 63); break;
      case '<': a = a < b; break;
      case '>': a = a > b; break;
      case TK_LE: a = a <= b; break;
      case TK_GE: a = a >= b; break;
      case TK_EQ: a = a == b; break;
      case TK_NE: a = a != b; break;
      case '&': a &= b; break;
      case '^': a ^= b; break;
      case '|': a |= b; break;
      case TK_AND: a = a && b; break;
      case TK_OR: a = a || b; break;
    }
  }
  return a;
}

static int64_t expr(CP *P) {
  int64_t c;
  enter(P);
  c = binop(P, 1);
  if (P->t.tok == '?') {
    int64_t a, b;
    next(P);
    a = expr(P);
    expect(P, ':');
    b = expr(P);
    c = c ? a : b;
  }
  P->depth--;
  return c;
}

/* ---- attributes ---- */

/* Skips a balanced parenthesised group (the current token is its '('). */
static void skipgroup(CP *P) {
  int level = 0;
  do {
    if (P->t.tok == TK_EOF) cp_err(P, "')' expected");
    if (P->t.tok == '(') level++;
    else if (P->t.tok == ')') level--;
    next(P);
  } while (level > 0);
}

/* __attribute__((...)), __declspec(...), __asm__("name"), _Alignas(n): returns 1 when one
 * was consumed. */
static int attribute(CP *P, Decl *d) {
  if (is(P, "__attribute__") || is(P, "__attribute")) {
    next(P);
    expect(P, '(');
    expect(P, '(');
    while (P->t.tok != ')') {
      if (P->t.tok != TK_IDENT) cp_err(P, "attribute name expected");
      if (is(P, "packed") || is(P, "__packed__")) {
        d->packed = 1;
        next(P);
      } else if (is(P, "aligned") || is(P, "__aligned__")) {
        next(P);
        if (P->t.tok == '(') {
          int64_t a;
          next(P);
          a = expr(P);
          if (a <= 0 || a > 4096 || (a & (a - 1))) cp_err(P, "bad alignment");
          if ((unsigned)a > d->align) d->align = (unsigned)a;
          expect(P, ')');
        } else if (d->align < 16) {
          d->align = 16;
        }
      } else {
        next(P);
        if (P->t.tok == '(') skipgroup(P);
      }
      if (P->t.tok != ',') break;
      next(P);
    }
    expect(P, ')');
    expect(P, ')');
    return 1;
  }
  if (is(P, "__declspec")) {
    next(P);
    if (P->t.tok != '(') cp_err(P, "'(' expected");
    skipgroup(P);
    return 1;
  }
  if (is(P, "_Alignas")) {
    int64_t a;
    next(P);
    expect(P, '(');
    if (istypestart(P)) a = cf_raw(P->cs, parsetype_inner(P))->align;
    else a = expr(P);
    if (a <= 0 || a > 4096 || (a & (a - 1))) cp_err(P, "bad alignment");
    if ((unsigned)a > d->align) d->align = (unsigned)a;
    expect(P, ')');
    return 1;
  }
  if (is(P, "__asm__") || is(P, "__asm") || is(P, "asm")) {
    next(P);
    expect(P, '(');
    if (P->t.tok != TK_STRING) cp_err(P, "string expected");
    d->asmname = P->t.id;
    d->asmlen = P->t.len;
    while (P->t.tok == TK_STRING) next(P); /* adjacent strings: the first names the symbol */
    expect(P, ')');
    return 1;
  }
  return 0;
}

/* ---- declarations ---- */

static void specifiers(CP *P, Spec *s, int allowstorage);
static int declarator(CP *P, int base, Decl *d);

static const char *pushname(CP *P, const char *prefix, const char *s, size_t len) {
  return lua_pushfstring(P->L, "%s%s", prefix, lua_pushlstring(P->L, s, len));
}

static CSym *addsym(CP *P, const char *name, size_t len, int kind, int type) {
  CState *cs = P->cs;
  const char *key = pushname(P, "", name, len);
  int i = cf_map_get(&cs->names, key);
  if (i < 0) {
    if (cs->nsym == cs->capsym) {
      size_t ncap = cs->capsym ? cs->capsym * 2 : 64;
      CSym *ns = realloc(cs->sym, ncap * sizeof(CSym));
      if (ns == NULL) luaL_error(P->L, "not enough memory");
      cs->sym = ns;
      cs->capsym = ncap;
    }
    i = (int)cs->nsym++;
    if (cf_map_put(&cs->names, key, i) != 0) luaL_error(P->L, "not enough memory");
  }
  lua_pop(P->L, 2);
  cs->sym[i].kind = (uint8_t)kind;
  cs->sym[i].type = type;
  cs->sym[i].value = 0;
  cs->sym[i].asmname = NULL;
  return &cs->sym[i];
}

static void pushfield(CP *P, const CField *f) {
  CState *cs = P->cs;
  if (cs->nscratch == cs->capscratch) {
    size_t ncap = cs->capscratch ? cs->capscratch * 2 : 64;
    CField *n = realloc(cs->scratch, ncap * sizeof(CField));
    if (n == NULL) luaL_error(P->L, "not enough memory");
    cs->scratch = n;
    cs->capscratch = ncap;
  }
  cs->scratch[cs->nscratch++] = *f;
}

/* Moves scratch fields [from, end) to type id. */
static void takefields(CP *P, int id, size_t from) {
  CState *cs = P->cs;
  size_t n = cs->nscratch - from;
  int first = n ? cf_addfields(cs, P->L, cs->scratch + from, n) : (int)cs->nf;
  cs->t[id].field = first;
  cs->t[id].n = (uint32_t)(cs->nscratch - from);
  cs->nscratch = from;
}

static const char *dupname(CP *P, const char *s, size_t len) {
  return cf_strdup(P->cs, P->L, s, len);
}

/* A new incomplete struct or union, registered under its tag when it has one. */
static int newstruct(CP *P, int isunion, const char *tag, size_t taglen) {
  CState *cs = P->cs;
  CType t = {CT_STRUCT, CF_INCOMPLETE | (isunion ? CF_UNION : 0), CT_NOSIZE, 1, 0, 0, 0, 0,
             NULL, 0, NULL};
  int id = cf_newtype(cs, P->L, &t);
  if (tag) {
    cs->t[id].name = dupname(P, tag, taglen);
    if (cf_map_put(&cs->tags, pushname(P, isunion ? "union " : "struct ", tag, taglen), id))
      luaL_error(P->L, "not enough memory");
    lua_pop(P->L, 2);
  }
  return id;
}

/* struct/union [attrs] [tag] [{ members }] [attrs] */
static int structdef(CP *P, int isunion, Decl *outer) {
  CState *cs = P->cs;
  Decl attrs = {0};
  const char *tag = NULL;
  size_t taglen = 0;
  int id = -1;
  next(P);
  while (attribute(P, &attrs)) {}
  if (P->t.tok == TK_IDENT) {
    tag = P->t.id;
    taglen = P->t.len;
    next(P);
    id = cf_map_get(&cs->tags, pushname(P, isunion ? "union " : "struct ", tag, taglen));
    lua_pop(P->L, 2);
  } else if (P->t.tok == '$') {
    next(P); /* a $ tag names nothing (LuaJIT takes a string; anonymous here) */
  }
  while (attribute(P, &attrs)) {}
  if (P->t.tok == '{') {
    size_t from = cs->nscratch;
    if (id >= 0 && !(cs->t[id].flags & CF_INCOMPLETE))
      cp_err(P, "attempt to redefine '%s'", lua_pushlstring(P->L, tag, taglen));
    if (id < 0) id = newstruct(P, isunion, tag, taglen);
    enter(P);
    next(P);
    while (P->t.tok != '}') {
      Spec s;
      if (P->t.tok == ';') {
        next(P);
        continue;
      }
      specifiers(P, &s, 0);
      if (P->t.tok == ';') { /* an anonymous struct/union member, or nothing */
        if (cf_raw(cs, s.type)->kind == CT_STRUCT) {
          CField f = {NULL, s.type, 0, 0, 0, 0, 0, s.align};
          pushfield(P, &f);
        }
        next(P);
        continue;
      }
      for (;;) {
        Decl d = {0};
        CField f = {NULL, s.type, 0, 0, 0, 0, 0, s.align};
        CType *ft;
        if (P->t.tok != ':') f.type = declarator(P, s.type, &d);
        while (attribute(P, &d)) {}
        ft = cf_raw(cs, f.type);
        if (P->t.tok == ':') {
          int64_t w;
          next(P);
          w = expr(P);
          if (!cf_isinteger(ft))
            cp_err(P, "bit field of non-integer type");
          if (ft->size == CT_NOSIZE || w < 0 || w > (int64_t)ft->size * 8 || (w == 0 && d.name))
            cp_err(P, "bad bit field width");
          f.isbit = 1;
          f.bitsize = (uint8_t)w;
          while (attribute(P, &d)) {}
        } else if (ft->size == CT_NOSIZE || (ft->flags & CF_VLS) ||
                   (ft->kind == CT_ARRAY && (ft->flags & CF_VLA) && P->t.tok != ';')) {
          if (!(ft->kind == CT_ARRAY && (ft->flags & (CF_VLA | CF_INCOMPLETE))))
            cp_err(P, "member of incomplete type");
        }
        if (ft->kind == CT_FUNC) cp_err(P, "member of function type");
        if (d.name) f.name = dupname(P, d.name, d.namelen);
        if (d.align > f.align) f.align = d.align;
        pushfield(P, &f);
        if (P->t.tok != ',') break;
        next(P);
      }
      expect(P, ';');
      if (cs->nscratch > from && (cf_raw(cs, cs->scratch[cs->nscratch - 1].type)->flags & CF_VLA) &&
          P->t.tok != '}')
        cp_err(P, "[?] array must be the last member");
    }
    P->depth--;
    next(P);
    while (attribute(P, &attrs)) {}
    takefields(P, id, from);
    if (attrs.packed || (outer && outer->packed)) cs->t[id].flags |= CF_PACKED;
    cf_layout(cs, P->L, id, P->pack, attrs.align > (outer ? outer->align : 0) ? attrs.align
                                                           : (outer ? outer->align : 0));
    return id;
  }
  if (tag == NULL) cp_err(P, "'<identifier>' expected");
  if (id < 0 && P->typeonly)
    cp_err(P, "undeclared or implicit tag '%s'", lua_pushlstring(P->L, tag, taglen));
  if (id < 0) id = newstruct(P, isunion, tag, taglen);
  return id;
}

/* enum [tag] [{ A [= expr], ... }]: the constants join the ordinary namespace. */
static int enumdef(CP *P) {
  CState *cs = P->cs;
  Decl attrs = {0};
  const char *tag = NULL;
  size_t taglen = 0;
  int id = -1;
  next(P);
  while (attribute(P, &attrs)) {}
  if (P->t.tok == TK_IDENT) {
    tag = P->t.id;
    taglen = P->t.len;
    next(P);
    id = cf_map_get(&cs->tags, pushname(P, "enum ", tag, taglen));
    lua_pop(P->L, 2);
  }
  if (id < 0) {
    CType t = {CT_ENUM, CF_INCOMPLETE, 4, 4, CTID_UINT32, 0, 0, 0, NULL, 0, NULL};
    id = cf_newtype(cs, P->L, &t);
    if (tag) {
      cs->t[id].name = dupname(P, tag, taglen);
      if (cf_map_put(&cs->tags, pushname(P, "enum ", tag, taglen), id))
        luaL_error(P->L, "not enough memory");
      lua_pop(P->L, 2);
    }
  }
  if (P->t.tok == '{') {
    size_t from = cs->nscratch;
    int64_t v = 0, lo = 0, hi = 0;
    if (!(cs->t[id].flags & CF_INCOMPLETE))
      cp_err(P, "attempt to redefine '%s'", lua_pushlstring(P->L, tag, taglen));
    next(P);
    while (P->t.tok != '}') {
      CField f = {NULL, id, 0, 0, 0, 0, 0, 0};
      CSym *s;
      if (P->t.tok != TK_IDENT) cp_err(P, "'<identifier>' expected");
      f.name = dupname(P, P->t.id, P->t.len);
      next(P);
      while (attribute(P, &attrs)) {}
      if (P->t.tok == '=') {
        next(P);
        v = expr(P);
      }
      f.value = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      s = addsym(P, f.name, strlen(f.name), SYM_CONST, id);
      s->value = v;
      pushfield(P, &f);
      v = (int64_t)((uint64_t)v + 1);
      if (P->t.tok != ',') break;
      next(P);
    }
    expect(P, '}');
    takefields(P, id, from);
    cs->t[id].flags &= ~CF_INCOMPLETE;
    /* stored as int if any constant is negative, else unsigned int; wider when needed */
    if (lo < INT32_MIN || hi > (int64_t)UINT32_MAX) {
      cs->t[id].base = lo < 0 ? CTID_INT64 : CTID_UINT64;
      cs->t[id].size = cs->t[id].align = 8;
    } else {
      cs->t[id].base = lo < 0 || hi > INT32_MAX ? (lo < 0 ? CTID_INT32 : CTID_UINT32) : CTID_INT32;
    }
    if (lo >= 0 && hi <= (int64_t)UINT32_MAX && hi > INT32_MAX) cs->t[id].base = CTID_UINT32;
    while (attribute(P, &attrs)) {}
  }
  return id;
}

/* Declaration specifiers: storage class, qualifiers, one type (keywords, struct/union/enum,
 * a typedef name or $), attributes. */
static void specifiers(CP *P, Spec *s, int allowstorage) {
  CState *cs = P->cs;
  uint32_t qual = 0;
  int type = -1, nlong = 0, sign = 0, kw = 0; /* kw: 'v' 'b' 'c' 's' 'i' 'f' 'd' */
  Decl attrs = {0};
  s->storage = 0;
  s->align = 0;
  for (;;) {
    if (P->t.tok == '$' && type < 0 && !kw && !nlong && !sign) {
      CData *cd = cf_tocdata(cs, P->L, param(P));
      if (cd == NULL) cp_err(P, "bad value for '$' (ctype expected)");
      type = cd->id;
      next(P);
      continue;
    }
    if (P->t.tok != TK_IDENT) break;
    if (isany(P, QUAL_KW)) {
      qual |= qualifier(P);
      next(P);
    } else if (isany(P, IGNORED_KW)) {
      next(P);
    } else if (is(P, "typedef") || is(P, "extern") || is(P, "static")) {
      if (!allowstorage) cp_err(P, "storage class not allowed here");
      s->storage = P->t.id[0];
      next(P);
    } else if (attribute(P, &attrs)) {
    } else if (is(P, "struct") || is(P, "union")) {
      if (type >= 0 || kw || nlong || sign) cp_err(P, "too many types");
      type = structdef(P, P->t.id[0] == 'u', &attrs);
    } else if (is(P, "enum")) {
      if (type >= 0 || kw || nlong || sign) cp_err(P, "too many types");
      type = enumdef(P);
    } else if (is(P, "long")) {
      if (++nlong > 2) cp_err(P, "too many 'long'");
      next(P);
    } else if (is(P, "signed") || is(P, "__signed") || is(P, "__signed__") ||
               is(P, "unsigned")) {
      if (sign) cp_err(P, "too many sign specifiers");
      sign = P->t.id[0] == 'u' ? 'u' : 's';
      next(P);
    } else if (is(P, "_Complex") || is(P, "__complex__")) {
      cp_err(P, "complex types are not supported");
    } else {
      static const struct { const char *name; char kw; } kws[] = {
          {"void", 'v'}, {"_Bool", 'b'}, {"bool", 'b'}, {"char", 'c'}, {"short", 's'},
          {"int", 'i'}, {"float", 'f'}, {"double", 'd'}, {"__int8", '1'}, {"__int16", '2'},
          {"__int32", '4'}, {"__int64", '8'}};
      size_t i;
      for (i = 0; i < sizeof kws / sizeof kws[0]; i++)
        if (is(P, kws[i].name)) break;
      if (i < sizeof kws / sizeof kws[0]) {
        if (type >= 0 || (kw && !(kw == 's' && kws[i].kw == 'i'))) cp_err(P, "too many types");
        if (kw != 's') kw = kws[i].kw;
        next(P);
        continue;
      }
      if (type < 0 && !kw && !nlong && !sign) { /* a typedef name? */
        int k = cf_map_get(&cs->names, pushname(P, "", P->t.id, P->t.len));
        lua_pop(P->L, 2);
        if (k >= 0 && cs->sym[k].kind == SYM_TYPEDEF) {
          type = cs->sym[k].type;
          next(P);
          continue;
        }
        if (!(k >= 0)) cp_err(P, "declaration specifier expected");
      }
      break;
    }
  }
  if (type < 0) {
    switch (kw) {
      case 'v': type = CTID_VOID; break;
      case 'b': type = CTID_BOOL; break;
      case 'c': type = sign == 'u' ? CTID_UINT8 : CTID_INT8; break;
      case 's': type = sign == 'u' ? CTID_UINT16 : CTID_INT16; break;
      case '1': type = sign == 'u' ? CTID_UINT8 : CTID_INT8; break;
      case '2': type = sign == 'u' ? CTID_UINT16 : CTID_INT16; break;
      case '4': type = sign == 'u' ? CTID_UINT32 : CTID_INT32; break;
      case '8': type = sign == 'u' ? CTID_UINT64 : CTID_INT64; break;
      case 'f': type = CTID_FLOAT; break;
      case 'd': type = nlong ? CTID_LDOUBLE : CTID_DOUBLE; break;
      case 'i': case 0:
        if (!kw && !nlong && !sign) cp_err(P, "declaration specifier expected");
        type = nlong ? (sign == 'u' ? CTID_UINT64 : CTID_INT64)
                     : (sign == 'u' ? CTID_UINT32 : CTID_INT32);
        break;
    }
    if ((nlong && kw != 'i' && kw != 'd' && kw) || (nlong == 2 && kw == 'd') ||
        (sign && (kw == 'v' || kw == 'b' || kw == 'f' || kw == 'd')))
      cp_err(P, "invalid combination of type specifiers");
  } else if (kw || nlong || sign) {
    cp_err(P, "too many types");
  }
  s->type = cf_qualify(cs, P->L, type, qual);
  s->align = attrs.align;
}

/* Is the '(' at the current token the start of a nested declarator (not a parameter list)? */
static int nested(CP *P) {
  Tok save = P->t;
  int r;
  next(P);
  if (P->t.tok == '*' || P->t.tok == '&' || P->t.tok == '^' || P->t.tok == '(' ||
      P->t.tok == '[')
    r = 1;
  else if (P->t.tok == TK_IDENT)
    r = !istypestart(P) || is(P, "__attribute__") || isany(P, IGNORED_KW);
  else
    r = 0;
  P->t = save;
  return r;
}

static int params(CP *P, int ret) {
  CState *cs = P->cs;
  size_t from = cs->nscratch;
  uint32_t flags = 0;
  int id;
  CType *rt = cf_raw(cs, ret);
  if (rt->kind == CT_ARRAY || rt->kind == CT_FUNC) cp_err(P, "function returning array or function");
  enter(P);
  next(P); /* ( */
  if (is(P, "void")) {
    Tok save = P->t;
    next(P);
    if (P->t.tok != ')') P->t = save;
  }
  while (P->t.tok != ')') {
    Spec s;
    Decl d = {0};
    CField f = {NULL, 0, 0, 0, 0, 0, 0, 0};
    CType *pt;
    if (P->t.tok == TK_ELLIPSIS) {
      flags |= CF_VARARG;
      next(P);
      break;
    }
    specifiers(P, &s, 0);
    f.type = declarator(P, s.type, &d);
    while (attribute(P, &d)) {}
    pt = cf_raw(cs, f.type);
    if (pt->kind == CT_ARRAY) /* decay */
      f.type = cf_ptrto(cs, P->L, pt->base, 0);
    else if (pt->kind == CT_FUNC)
      f.type = cf_ptrto(cs, P->L, f.type, 0);
    else if (pt->kind == CT_VOID || ((pt->flags & CF_INCOMPLETE) && pt->kind == CT_STRUCT))
      cp_err(P, "parameter of incomplete type");
    if (d.name) f.name = dupname(P, d.name, d.namelen);
    pushfield(P, &f);
    if (P->t.tok != ',') break;
    next(P);
  }
  expect(P, ')');
  P->depth--;
  {
    CType t = {CT_FUNC, flags, CT_NOSIZE, 1, ret, 0, 0, 0, NULL, 0, NULL};
    id = cf_newtype(cs, P->L, &t);
  }
  takefields(P, id, from);
  return id;
}

/* Array and function suffixes; the rightmost binds first ("int a[2][3]" is 2 of 3 ints). */
static int suffixes(CP *P, int base) {
  if (P->t.tok == '[') {
    int64_t n = 0;
    uint32_t flags = 0;
    int elem;
    enter(P);
    next(P);
    while (isany(P, QUAL_KW) || is(P, "static")) next(P);
    if (P->t.tok == '?') {
      flags = CF_VLA;
      next(P);
    } else if (P->t.tok == ']') {
      flags = CF_INCOMPLETE;
    } else {
      n = expr(P);
      if (n < 0) cp_err(P, "negative array size");
    }
    expect(P, ']');
    elem = suffixes(P, base);
    P->depth--;
    if (cf_raw(P->cs, elem)->flags & (CF_VLA | CF_INCOMPLETE | CF_VLS) &&
        cf_raw(P->cs, elem)->kind != CT_STRUCT)
      cp_err(P, "array of incomplete type");
    if (cf_raw(P->cs, elem)->kind == CT_FUNC || cf_raw(P->cs, elem)->kind == CT_VOID ||
        cf_raw(P->cs, elem)->size == CT_NOSIZE || (cf_raw(P->cs, elem)->flags & CF_VLS))
      cp_err(P, "array of incomplete type");
    if (cf_raw(P->cs, elem)->size && (uint64_t)n > 0x7fffffffu / cf_raw(P->cs, elem)->size)
      cp_err(P, "array too large");
    return cf_arrayof(P->cs, P->L, elem, n, flags);
  }
  if (P->t.tok == '(') return params(P, base);
  return base;
}

static int declarator(CP *P, int base, Decl *d) {
  enter(P);
  for (;;) {
    if (P->t.tok == '*' || P->t.tok == '&' || P->t.tok == '^') {
      uint32_t fl = P->t.tok == '&' ? CF_REF : 0;
      if (cf_raw(P->cs, base)->flags & CF_REF && cf_raw(P->cs, base)->kind == CT_PTR)
        cp_err(P, "pointer to reference");
      next(P);
      while (isany(P, QUAL_KW) || isany(P, IGNORED_KW) || attribute(P, d)) {
        if (isany(P, QUAL_KW)) fl |= qualifier(P);
        if (P->t.tok == TK_IDENT && (isany(P, QUAL_KW) || isany(P, IGNORED_KW))) next(P);
      }
      base = cf_ptrto(P->cs, P->L, base, fl);
    } else if (P->t.tok == TK_IDENT && (isany(P, IGNORED_KW) || attribute(P, d))) {
      if (isany(P, IGNORED_KW)) next(P);
    } else {
      break;
    }
  }
  if (P->t.tok == '(' && nested(P)) {
    Tok inner, after;
    int t;
    next(P);
    inner = P->t;
    { /* skip the nested declarator to apply the suffixes first */
      int level = 1;
      while (level > 0) {
        if (P->t.tok == TK_EOF) cp_err(P, "')' expected");
        if (P->t.tok == '(') level++;
        if (P->t.tok == ')') level--;
        next(P);
      }
    }
    base = suffixes(P, base);
    after = P->t;
    P->t = inner;
    t = declarator(P, base, d);
    expect(P, ')');
    P->t = after;
    P->depth--;
    return t;
  }
  if (P->t.tok == TK_IDENT && !isany(P, TYPE_KW) && !isany(P, QUAL_KW)) {
    d->name = P->t.id;
    d->namelen = P->t.len;
    next(P);
  } else if (P->t.tok == '$') { /* a $ name (LuaJIT: a string parameter) */
    int idx = param(P);
    size_t len;
    d->name = lua_tolstring(P->L, idx, &len);
    if (d->name == NULL) cp_err(P, "bad value for '$' (name expected)");
    d->namelen = len;
    next(P);
  }
  base = suffixes(P, base);
  P->depth--;
  return base;
}

/* One external declaration: specifiers, then declarators separated by commas, then ';'. */
static void declaration(CP *P) {
  CState *cs = P->cs;
  Spec s;
  specifiers(P, &s, 1);
  if (P->t.tok == ';') {
    next(P);
    return;
  }
  for (;;) {
    Decl d = {0};
    int t = declarator(P, s.type, &d);
    CSym *sym;
    while (attribute(P, &d)) {}
    if (d.name == NULL) cp_err(P, "'<identifier>' expected");
    if (s.storage == 't') { /* a repeated typedef keeps the first meaning, as in LuaJIT */
      int k = cf_map_get(&cs->names, pushname(P, "", d.name, d.namelen));
      lua_pop(P->L, 2);
      if (k < 0 || cs->sym[k].kind != SYM_TYPEDEF) addsym(P, d.name, d.namelen, SYM_TYPEDEF, t);
    } else if (P->t.tok == '=') { /* static const int X = 1; */
      int64_t v;
      next(P);
      v = expr(P);
      if (!cf_isinteger(cf_raw(cs, t))) cp_err(P, "constant of non-integer type");
      sym = addsym(P, d.name, d.namelen, SYM_CONST, t);
      sym->value = v;
    } else {
      sym = addsym(P, d.name, d.namelen, SYM_EXTERN, t);
      if (d.asmname) sym->asmname = dupname(P, d.asmname, d.asmlen);
    }
    if (P->t.tok != ',') break;
    next(P);
  }
  if (P->t.tok != ';') cp_err(P, "';' expected");
  next(P);
}

static void cp_init(CP *P, CState *cs, lua_State *L, const char *src) {
  memset(P, 0, sizeof *P);
  P->cs = cs;
  P->L = L;
  P->src = src;
  P->end = src + strlen(src);
  P->t.p = src;
  cs->nscratch = 0; /* left over by a parse that raised an error */
  next(P);
}

void cf_cdef(CState *cs, lua_State *L, const char *src) {
  CP P;
  cp_init(&P, cs, L, src);
  while (P.t.tok != TK_EOF) {
    if (P.t.tok == ';') {
      next(&P);
      continue;
    }
    declaration(&P);
  }
}

static int parsetype_inner(CP *P) {
  Spec s;
  Decl d = {0};
  int t;
  specifiers(P, &s, 0);
  t = declarator(P, s.type, &d);
  while (attribute(P, &d)) {}
  return t;
}

int cf_parsetype(CState *cs, lua_State *L, const char *src, int firstparam, int nparams) {
  CP P;
  int t;
  cp_init(&P, cs, L, src);
  P.typeonly = 1;
  P.firstparam = firstparam;
  P.nparams = nparams;
  t = parsetype_inner(&P);
  if (P.t.tok != TK_EOF) cp_err(&P, "unexpected symbol");
  return t;
}
