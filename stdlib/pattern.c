/* Lua patterns: the backtracking matcher and the functions built on it (string.find, match,
 * gmatch, gsub). The matcher recurses at most MATCH_MAXDEPTH times ("pattern too complex"), so
 * hostile patterns cannot overflow the C stack; the scanning loops are in do_match/max_expand
 * and the callers' "try each start position" loops. Fuel: every match step (a do_match entry, a
 * character scanned by a repetition) counts, and each MATCH_FUEL_BATCH steps are charged with
 * nacre_charge, so --fuel also stops catastrophic backtracking. */
#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "nacre.h"
#include "stdlib/strlib.h"
#include "vm/apiinline.h"

#define ESC '%'
#define SPECIALS "^$*+?.([%-"
/* Same bound as 5.4's MAXCCALLS: each nested item in a pattern costs one level. */
#define MATCH_MAXDEPTH 200

#ifndef LUA_MAXCAPTURES
#define LUA_MAXCAPTURES 32
#endif

/* Match steps charged per nacre_charge call (one unit per step, batched to keep calls rare). */
#define MATCH_FUEL_BATCH 1024

#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)

typedef struct Capture {
  const char *init;
  ptrdiff_t len; /* or CAP_UNFINISHED / CAP_POSITION */
} Capture;

typedef struct Matcher {
  const char *src_init, *src_end; /* subject; *src_end is the string's trailing NUL */
  const char *p_end;              /* end of pattern; likewise NUL-terminated */
  lua_State *L;
  int depth; /* remaining recursion budget */
  int level; /* number of captures opened or closed */
  lua_Integer steps; /* match steps not yet charged as fuel */
  int c_locale; /* LC_CTYPE is "C": classes come from the tables below, not <ctype.h> */
  Capture cap[LUA_MAXCAPTURES];
} Matcher;

#define UC(c) ((unsigned char)(c))

static const char *do_match(Matcher *m, const char *s, const char *p);

static void count_steps(Matcher *m, lua_Integer n) {
  m->steps += n;
  if (m->steps >= MATCH_FUEL_BATCH) {
    lua_Integer charge = m->steps;
    m->steps = 0;
    nacre_charge(m->L, charge);
  }
}

static int check_capture(Matcher *m, int c) {
  int l = c - '1';
  if (l < 0 || l >= m->level || m->cap[l].len == CAP_UNFINISHED)
    return luaL_error(m->L, "invalid capture index %%%d", l + 1);
  return l;
}

static int capture_to_close(Matcher *m) {
  for (int l = m->level - 1; l >= 0; l--)
    if (m->cap[l].len == CAP_UNFINISHED) return l;
  return luaL_error(m->L, "invalid pattern capture");
}

/* Returns the end of the single-character class starting at p. */
static const char *class_end(Matcher *m, const char *p) {
  char c = *p++;
  if (c == ESC) {
    if (p >= m->p_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (c == '[') {
    if (*p == '^') p++;
    /* The first character of a set is never its closing ']' ("[]]" is a set of one). */
    do {
      if (p >= m->p_end) luaL_error(m->L, "malformed pattern (missing ']')");
      c = *p++;
      if (c == ESC && p < m->p_end) p++;
    } while (*p != ']');
    return p + 1;
  }
  return p;
}

/* Class bits of every byte in the C locale (what <ctype.h> answers there), and for every
 * pattern letter the bits of its class (CL_NEG for the upper-case complement); 0 for a byte
 * that names no class, which then matches itself. Built once; read without locks. */
enum {
  CL_ALPHA = 1 << 0, CL_CNTRL = 1 << 1, CL_DIGIT = 1 << 2, CL_GRAPH = 1 << 3,
  CL_LOWER = 1 << 4, CL_PUNCT = 1 << 5, CL_SPACE = 1 << 6, CL_UPPER = 1 << 7,
  CL_ALNUM = 1 << 8, CL_XDIGIT = 1 << 9, CL_ZERO = 1 << 10, CL_NEG = 1 << 15
};
static unsigned short c_classes[256], class_bits[256];
static pthread_once_t class_once = PTHREAD_ONCE_INIT;

static void class_init(void) {
  static const char letters[] = "acdglpsuwxz";
  for (int c = 0; c < 256; c++) {
    int up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z', dig = c >= '0' && c <= '9';
    int graph = c > ' ' && c < 127;
    unsigned bits = 0;
    if (up || low) bits |= CL_ALPHA;
    if (c < ' ' || c == 127) bits |= CL_CNTRL;
    if (dig) bits |= CL_DIGIT;
    if (graph) bits |= CL_GRAPH;
    if (low) bits |= CL_LOWER;
    if (graph && !up && !low && !dig) bits |= CL_PUNCT;
    if (c == ' ' || (c >= '\t' && c <= '\r')) bits |= CL_SPACE;
    if (up) bits |= CL_UPPER;
    if (up || low || dig) bits |= CL_ALNUM;
    if (dig || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) bits |= CL_XDIGIT;
    if (c == 0) bits |= CL_ZERO;
    c_classes[c] = (unsigned short)bits;
  }
  for (int i = 0; letters[i]; i++) {
    unsigned bit = 1u << i; /* same order as the enum */
    class_bits[UC(letters[i])] = (unsigned short)bit;
    class_bits[UC(letters[i]) - 'a' + 'A'] = (unsigned short)(bit | CL_NEG);
  }
}

int lib_str_plainmatch;

int lib_str_ctype_is_c(void) {
  const char *name = setlocale(LC_CTYPE, NULL);
  return name != NULL && ((name[0] == 'C' && name[1] == '\0') || strcmp(name, "POSIX") == 0);
}

/* Whether the class tables apply: LC_CTYPE is the C locale, where they give <ctype.h>'s
 * answers (and the shortcuts are on). */
static int ctype_is_c(void) {
  return !lib_str_plainmatch && lib_str_ctype_is_c();
}

/* Another locale: ask <ctype.h>, as PUC-Lua does. */
static int class_match_locale(int c, int cl) {
  int r;
  switch (tolower(cl)) {
  case 'a': r = isalpha(c); break;
  case 'c': r = iscntrl(c); break;
  case 'd': r = isdigit(c); break;
  case 'g': r = isgraph(c); break;
  case 'l': r = islower(c); break;
  case 'p': r = ispunct(c); break;
  case 's': r = isspace(c); break;
  case 'u': r = isupper(c); break;
  case 'w': r = isalnum(c); break;
  case 'x': r = isxdigit(c); break;
  case 'z': r = (c == 0); break; /* deprecated in 5.2 but still accepted */
  default: return cl == c;
  }
  if (isupper(cl)) r = !r;
  return r != 0;
}

/* Whether byte c is in the class %cl. */
static int class_match(const Matcher *m, int c, int cl) {
  if (!m->c_locale) return class_match_locale(c, cl);
  unsigned bits = class_bits[cl];
  if (bits == 0) return cl == c;
  return ((c_classes[c] & bits) != 0) ^ (int)(bits >> 15);
}

/* Set membership; p is at '[', close at the set's ']'. */
static int set_match(const Matcher *m, int c, const char *p, const char *close) {
  int want = 1;
  p++;
  if (*p == '^') {
    want = 0;
    p++;
  }
  while (p < close) {
    if (*p == ESC) {
      if (class_match(m, c, UC(p[1]))) return want;
      p += 2;
    } else if (p[1] == '-' && p + 2 < close) {
      if (UC(p[0]) <= c && c <= UC(p[2])) return want;
      p += 3;
    } else {
      if (UC(*p) == c) return want;
      p++;
    }
  }
  return !want;
}

static int single_match(const Matcher *m, const char *s, const char *p, const char *ep) {
  if (s >= m->src_end) return 0;
  int c = UC(*s);
  switch (*p) {
  case '.': return 1;
  case ESC: return class_match(m, c, UC(p[1]));
  case '[': return set_match(m, c, p, ep - 1);
  default: return UC(*p) == c;
  }
}

static const char *match_balance(Matcher *m, const char *s, const char *p) {
  if (p + 1 >= m->p_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= m->src_end || *s != p[0]) return NULL;
  char open = p[0], close = p[1];
  int depth = 1;
  while (++s < m->src_end) {
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      depth++;
    }
  }
  return NULL;
}

/* Length of the run of bytes at s that the single-character item p..ep matches. */
static ptrdiff_t match_run(const Matcher *m, const char *s, const char *p, const char *ep) {
  const char *q = s, *end = m->src_end;
  if (*p == '.') return end - s;
  if (*p == ESC && m->c_locale && class_bits[UC(p[1])] != 0) {
    unsigned bits = class_bits[UC(p[1])], neg = bits >> 15;
    while (q < end && ((c_classes[UC(*q)] & bits) != 0) != neg) q++;
  } else if (*p != ESC && *p != '[') {
    while (q < end && *q == *p) q++;
  } else {
    while (single_match(m, q, p, ep)) q++;
  }
  return q - s;
}

/* The byte that the rest of the pattern at p must match first, when it is a literal
 * character that has to be there (no '*', '?' or '-' after it), possibly after capture
 * closes; -1 otherwise. Lets the repetitions skip the positions where the rest cannot start.
 * A skipped position is charged the steps its failed attempt costs (one per do_match entry:
 * each ')' passed and the literal), and only when the depth left lets that attempt run
 * without "pattern too complex" and each ')' has a capture to close, so no error is skipped. */
static int next_literal(const Matcher *m, const char *p, int *steps) {
  int c;
  *steps = 1;
  if (p >= m->p_end || lib_str_plainmatch) return -1;
  if (*p == ')') {
    int open = 0;
    for (int l = 0; l < m->level; l++) open += m->cap[l].len == CAP_UNFINISHED;
    for (; p < m->p_end && *p == ')' && open > 0; p++, open--) (*steps)++;
    if (p >= m->p_end) return -1;
  }
  if (m->depth < *steps) return -1;
  switch (*p) {
  case ESC:
    if (p + 1 >= m->p_end || isalnum(UC(p[1]))) return -1;
    c = UC(p[1]);
    p += 2;
    break;
  case '^': case '$': case '*': case '+': case '?': case '.': case '(': case ')': case '[':
  case '-':
    return -1;
  default:
    c = UC(*p);
    p++;
  }
  if (*p == '*' || *p == '?' || *p == '-') return -1;
  return c;
}

/* Whether the rest of the pattern cannot start at s, by next_literal's lit. */
#define CANNOT_START(m, s, lit) ((lit) >= 0 && ((s) >= (m)->src_end || UC(*(s)) != (lit)))

/* Greedy repetition: take as many as possible, then give back one at a time. */
static const char *max_expand(Matcher *m, const char *s, const char *p, const char *ep) {
  ptrdiff_t i = match_run(m, s, p, ep);
  int steps, lit = next_literal(m, ep + 1, &steps);
  lua_Integer skipped = 0;
  count_steps(m, i);
  for (; i >= 0; i--) {
    if (CANNOT_START(m, s + i, lit)) {
      skipped += steps;
      continue;
    }
    const char *r = do_match(m, s + i, ep + 1);
    if (r) {
      count_steps(m, skipped);
      return r;
    }
  }
  count_steps(m, skipped);
  return NULL;
}

static const char *min_expand(Matcher *m, const char *s, const char *p, const char *ep) {
  int steps, lit = next_literal(m, ep + 1, &steps);
  if (lit >= 0 && *p == '.') { /* ".-x": jump to the next x; every byte before it matches '.' */
    const char *hit = memchr(s, lit, (size_t)(m->src_end - s));
    if (hit == NULL) {
      count_steps(m, ((m->src_end - s) + 1) * steps);
      return NULL;
    }
    count_steps(m, (hit - s) * steps);
    s = hit;
  }
  for (;;) {
    if (CANNOT_START(m, s, lit)) {
      count_steps(m, steps);
    } else {
      const char *r = do_match(m, s, ep + 1);
      if (r) return r;
    }
    if (!single_match(m, s, p, ep)) return NULL;
    s++;
  }
}

static const char *start_capture(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
  if (m->level >= LUA_MAXCAPTURES) luaL_error(m->L, "too many captures");
  m->cap[m->level].init = s;
  m->cap[m->level].len = what;
  m->level++;
  const char *r = do_match(m, s, p);
  if (!r) m->level--;
  return r;
}

static const char *end_capture(Matcher *m, const char *s, const char *p) {
  int l = capture_to_close(m);
  m->cap[l].len = s - m->cap[l].init;
  const char *r = do_match(m, s, p);
  if (!r) m->cap[l].len = CAP_UNFINISHED;
  return r;
}

static const char *match_backref(Matcher *m, const char *s, int c) {
  int l = check_capture(m, c);
  size_t len = (size_t)m->cap[l].len;
  if ((size_t)(m->src_end - s) >= len && memcmp(m->cap[l].init, s, len) == 0) return s + len;
  return NULL;
}

/* Matches pattern p against subject s; returns the end of the match or NULL. Tail positions
 * loop instead of recursing, so only nesting consumes depth. */
static const char *do_match(Matcher *m, const char *s, const char *p) {
  if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
  count_steps(m, 1);
  for (;;) {
    if (p == m->p_end) break;
    const char *ep;
    switch (*p) {
    case '(':
      if (p[1] == ')')
        s = start_capture(m, s, p + 2, CAP_POSITION);
      else
        s = start_capture(m, s, p + 1, CAP_UNFINISHED);
      goto done;
    case ')':
      s = end_capture(m, s, p + 1);
      goto done;
    case '$':
      if (p + 1 != m->p_end) goto single;
      if (s != m->src_end) s = NULL;
      goto done;
    case ESC:
      switch (p[1]) {
      case 'b':
        s = match_balance(m, s, p + 2);
        if (s) {
          p += 4;
          continue;
        }
        goto done;
      case 'f': {
        p += 2;
        if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
        ep = class_end(m, p);
        int prev = (s == m->src_init) ? 0 : UC(s[-1]);
        int cur = (s < m->src_end) ? UC(*s) : 0;
        if (!set_match(m, prev, p, ep - 1) && set_match(m, cur, p, ep - 1)) {
          p = ep;
          continue;
        }
        s = NULL;
        goto done;
      }
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        s = match_backref(m, s, UC(p[1]));
        if (s) {
          p += 2;
          continue;
        }
        goto done;
      default:
        goto single;
      }
    default:
    single:
      ep = class_end(m, p);
      if (!single_match(m, s, p, ep)) {
        if (*ep == '*' || *ep == '?' || *ep == '-') {
          p = ep + 1; /* the item may match zero times */
          continue;
        }
        s = NULL;
        goto done;
      }
      switch (*ep) {
      case '?': {
        const char *r = do_match(m, s + 1, ep + 1);
        if (r) {
          s = r;
          goto done;
        }
        p = ep + 1;
        continue;
      }
      case '+': s = max_expand(m, s + 1, p, ep); goto done;
      case '*': s = max_expand(m, s, p, ep); goto done;
      case '-': s = min_expand(m, s, p, ep); goto done;
      default:
        s++;
        p = ep;
        continue;
      }
    }
  }
done:
  m->depth++;
  return s;
}

/* ---- captures ---- */

/* Pushes capture i (or the whole match s..e when the pattern has no captures); returns its
 * length, or CAP_POSITION for a position capture. */
static ptrdiff_t get_capture(Matcher *m, int i, const char *s, const char *e, const char **out) {
  if (i >= m->level) {
    if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
    *out = s;
    return e - s;
  }
  ptrdiff_t len = m->cap[i].len;
  *out = m->cap[i].init;
  if (len == CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
  if (len == CAP_POSITION) lua_pushinteger(m->L, (m->cap[i].init - m->src_init) + 1);
  return len;
}

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
  const char *c;
  ptrdiff_t len = get_capture(m, i, s, e, &c);
  if (len != CAP_POSITION) lua_pushlstring(m->L, c, (size_t)len);
}

/* Pushes all captures (the whole match when there are none and s is given). */
static int push_captures(Matcher *m, const char *s, const char *e) {
  int n = (m->level == 0 && s) ? 1 : m->level;
  luaL_checkstack(m->L, n, "too many captures");
  for (int i = 0; i < n; i++) push_capture(m, i, s, e);
  return n;
}

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
  m->L = L;
  m->src_init = s;
  m->src_end = s + ls;
  m->p_end = p + lp;
  m->steps = 0;
  pthread_once(&class_once, class_init);
  m->c_locale = ctype_is_c();
}

static void matcher_reset(Matcher *m) {
  m->level = 0;
  m->depth = MATCH_MAXDEPTH;
}

/* ---- skipping start positions ----
 * find, gmatch and gsub try a match at every position. When the pattern (after its leading
 * captures) starts with an item that must match one byte, a position whose byte it rejects
 * fails right there; Lead finds the next position it accepts without entering the matcher.
 * A Lead is set up only after one attempt has run the pattern's start (so any error in it
 * was raised as PUC-Lua raises it), and each skipped position is charged the steps the
 * failed attempt costs: one per leading capture plus one for the item. */
typedef struct Lead {
  const char *p, *ep; /* the item, or p == NULL: no skipping */
  int steps;          /* match steps of a failed attempt; 0 until lead_init */
  int balance;        /* the item is %bxy */
} Lead;

static void lead_init(Matcher *m, Lead *ld, const char *p) {
  ld->p = NULL;
  ld->steps = 1;
  ld->balance = 0;
  if (lib_str_plainmatch) return;
  while (p < m->p_end && *p == '(') {
    p += (p[1] == ')') ? 2 : 1;
    ld->steps++;
  }
  if (p >= m->p_end || *p == ')' || *p == '.' || (*p == '$' && p + 1 == m->p_end)) return;
  if (*p == ESC) {
    if (p[1] == 'b') {
      if (p + 3 < m->p_end) { /* %bxy starts with x */
        ld->p = ld->ep = p;
        ld->balance = 1;
      }
      return;
    }
    if (p[1] == 'f' || isdigit(UC(p[1]))) return;
  }
  const char *ep = class_end(m, p); /* cannot raise: the first attempt passed it */
  if (*ep == '*' || *ep == '?' || *ep == '-') return;
  ld->p = p;
  ld->ep = ep;
}

/* The first position in [s, src_end) where the lead item can match, or src_end. */
static const char *lead_skip(const Matcher *m, const Lead *ld, const char *s) {
  const char *p = ld->p, *end = m->src_end;
  if (ld->balance) {
    const char *hit = memchr(s, p[2], (size_t)(end - s));
    return hit ? hit : end;
  }
  if (*p != ESC && *p != '[') {
    const char *hit = memchr(s, *p, (size_t)(end - s));
    return hit ? hit : end;
  }
  if (*p == ESC && m->c_locale && class_bits[UC(p[1])] != 0) {
    unsigned bits = class_bits[UC(p[1])], neg = bits >> 15;
    while (s < end && ((c_classes[UC(*s)] & bits) != 0) == neg) s++;
    return s;
  }
  while (s < end && !single_match(m, s, p, ld->ep)) s++;
  return s;
}

/* Moves *src past the positions the lead rejects and charges their steps (each one also
 * costs extra_steps in the caller's loop); returns how many were skipped. */
static ptrdiff_t lead_advance(Matcher *m, const Lead *ld, const char **src, int extra_steps) {
  if (ld->p == NULL || *src >= m->src_end) return 0;
  const char *next = lead_skip(m, ld, *src);
  ptrdiff_t k = next - *src;
  if (k > 0) count_steps(m, (lua_Integer)k * (ld->steps + extra_steps));
  *src = next;
  return k;
}

static int no_specials(const char *p, size_t lp) {
  for (size_t i = 0; i < lp; i++)
    if (p[i] != '\0' && strchr(SPECIALS, p[i])) return 0;
  return 1;
}

static const char *find_plain(const char *s, size_t ls, const char *p, size_t lp) {
  if (lp == 0) return s;
  if (lp > ls) return NULL;
  const char *last = s + (ls - lp);
  while (s <= last) {
    const char *hit = memchr(s, *p, (size_t)(last - s) + 1);
    if (!hit) return NULL;
    if (memcmp(hit + 1, p + 1, lp - 1) == 0) return hit;
    s = hit + 1;
  }
  return NULL;
}

static int find_aux(lua_State *L, int find) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = lib_str_posrelat(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
    nacre_charge(L, (lua_Integer)((ls - init) / 64));
    const char *hit = find_plain(s + init, ls - init, p, lp);
    if (hit) {
      lua_pushinteger(L, (hit - s) + 1);
      lua_pushinteger(L, (lua_Integer)((hit - s) + lp));
      return 2;
    }
  } else {
    Matcher m;
    const char *start = s + init;
    int anchor = (*p == '^');
    if (anchor) {
      p++;
      lp--;
    }
    matcher_init(&m, L, s, ls, p, lp);
    Lead ld = {NULL, NULL, 0, 0};
    for (;;) {
      matcher_reset(&m);
      const char *e = do_match(&m, start, p);
      if (e) {
        if (find) {
          lua_pushinteger(L, (start - s) + 1);
          lua_pushinteger(L, e - s);
          return push_captures(&m, NULL, NULL) + 2;
        }
        return push_captures(&m, start, e);
      }
      if (anchor || start >= m.src_end) break;
      if (ld.steps == 0) lead_init(&m, &ld, p);
      start++;
      lead_advance(&m, &ld, &start, 0);
    }
  }
  luaL_pushfail(L);
  return 1;
}

int lib_str_find(lua_State *L) { return find_aux(L, 1); }
int lib_str_match(lua_State *L) { return find_aux(L, 0); }

typedef struct GMatch {
  const char *src;       /* where the next search starts */
  const char *p;         /* pattern */
  const char *lastmatch; /* end of the last match, to skip an empty match there */
  Lead lead;
  Matcher m;
} GMatch;

static int gmatch_step(lua_State *L) {
  GMatch *g = (GMatch *)lua_touserdata(L, lua_upvalueindex(3));
  g->m.L = L; /* the iterator may run in another coroutine than the one that made it */
  g->m.c_locale = ctype_is_c(); /* and the locale may have changed since the last step */
  const char *src = g->src;
  if (src > g->m.src_end) return 0; /* init past the end */
  for (;;) {
    matcher_reset(&g->m);
    const char *e = do_match(&g->m, src, g->p);
    if (e != NULL && e != g->lastmatch) {
      g->src = g->lastmatch = e;
      return push_captures(&g->m, src, e);
    }
    if (src >= g->m.src_end) return 0;
    if (g->lead.steps == 0) lead_init(&g->m, &g->lead, g->p);
    src++;
    lead_advance(&g->m, &g->lead, &src, 0);
  }
}

int lib_str_gmatch(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = lib_str_posrelat(luaL_optinteger(L, 3, 1), ls) - 1;
  lua_settop(L, 2); /* the closure keeps both strings alive */
  GMatch *g = (GMatch *)lua_newuserdatauv(L, sizeof(GMatch), 0);
  if (init > ls) init = ls + 1;
  matcher_init(&g->m, L, s, ls, p, lp);
  g->src = s + init;
  g->p = p;
  g->lastmatch = NULL;
  g->lead.steps = 0;
  lua_pushcclosure(L, gmatch_step, 3);
  return 1;
}

/* Appends a string replacement with %0-%9 and %% expanded. */
static void add_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
  size_t l;
  lua_State *L = m->L;
  const char *r = lua_tolstring(L, 3, &l);
  const char *end = r + l;
  const char *pct;
  while ((pct = memchr(r, ESC, (size_t)(end - r))) != NULL) {
    luaL_addlstring(b, r, (size_t)(pct - r));
    pct++; /* *pct is the NUL terminator when '%' ends the template */
    if (*pct == ESC) {
      luaL_addchar(b, ESC);
    } else if (*pct == '0') {
      luaL_addlstring(b, s, (size_t)(e - s));
    } else if (isdigit(UC(*pct))) {
      push_capture(m, *pct - '1', s, e);
      luaL_tolstring(L, -1, NULL); /* position captures are integers */
      lua_remove(L, -2);
      luaL_addvalue(b);
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", ESC);
    }
    r = pct + 1;
  }
  luaL_addlstring(b, r, (size_t)(end - r));
}

/* Appends the replacement for match s..e; returns 0 when the original text was kept. */
static int add_value(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int tr) {
  lua_State *L = m->L;
  switch (tr) {
  case LUA_TFUNCTION: {
    lua_pushvalue(L, 3);
    int n = push_captures(m, s, e);
    lua_call(L, n, 1);
    break;
  }
  case LUA_TTABLE:
    push_capture(m, 0, s, e);
    lua_gettable(L, 3);
    break;
  default:
    add_template(m, b, s, e);
    return 1;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, (size_t)(e - s));
    return 0;
  }
  if (!lua_isstring(L, -1))
    return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return 1;
}

int lib_str_gsub(lua_State *L) {
  size_t srcl, lp;
  const char *src = luaL_checklstring(L, 1, &srcl);
  const char *p = luaL_checklstring(L, 2, &lp);
  const char *lastmatch = NULL;
  int tr = lua_type(L, 3);
  lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
  int anchor = (*p == '^');
  lua_Integer n = 0;
  int changed = 0;
  Matcher m;
  luaL_Buffer b;
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                       tr == LUA_TTABLE, 3, "string/function/table");
  luaL_buffinit(L, &b);
  if (anchor) {
    p++;
    lp--;
  }
  matcher_init(&m, L, src, srcl, p, lp);
  Lead ld = {NULL, NULL, 0, 0};
  while (n < max_s) {
    count_steps(&m, 1);
    matcher_reset(&m);
    const char *e = do_match(&m, src, p);
    if (e != NULL && e != lastmatch) {
      n++;
      changed = add_value(&m, &b, src, e, tr) | changed;
      src = lastmatch = e;
    } else if (src < m.src_end) {
      luaL_addchar(&b, *src++);
      if (anchor) break;
      if (ld.steps == 0) lead_init(&m, &ld, p);
      const char *from = src;
      if (lead_advance(&m, &ld, &src, 1) > 0) luaL_addlstring(&b, from, (size_t)(src - from));
    } else {
      break;
    }
    if (anchor) break;
  }
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, src, (size_t)(m.src_end - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}
