/* Strings: seeded hashing, the intern table for short strings and long-string helpers.
 * The intern table must not keep strings alive: its slots live in unscanned memory and each
 * is a disappearing link, so Boehm clears a slot when its string dies (a tombstone). */
#include <string.h>

#include "vm/str.h"
#include "vm/do.h"
#include "vm/gc.h"

typedef struct StringTable {
  TString **slot;        /* atomic array: links cleared by the collector */
  unsigned int *hash;    /* atomic array: hash of the string a slot held */
  unsigned char *used;   /* atomic array: 0 = never used, 1 = live or tombstone */
  unsigned int size;     /* power of two */
  unsigned int nused;    /* live + tombstones */
} StringTable;

#define MINSTRTABSIZE 256u

/* FNV-1a over the bytes, started from the per-state seed and the length so equal prefixes
 * of different lengths spread. */
static unsigned int hashbytes(const char *s, size_t len, unsigned int seed) {
  unsigned int h = (seed ^ 2166136261u) ^ (unsigned int)len;
  size_t i;
  for (i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  h ^= h >> 15;
  return h;
}

static l_noret toobig(lua_State *L) {
  vm_throw(L, LUA_ERRMEM);
}

static void allocarrays(lua_State *L, StringTable *st, unsigned int size) {
  st->slot = gc_alloc_atomic(L, size * sizeof(TString *));
  st->hash = gc_alloc_atomic(L, size * sizeof(unsigned int));
  st->used = gc_alloc_atomic(L, size);
  memset(st->used, 0, size);
  st->size = size;
  st->nused = 0;
}

/* Puts a live string into a free slot of a table that has room and registers the link. */
static void place(StringTable *st, TString *ts) {
  unsigned int mask = st->size - 1, i = ts->hash & mask;
  while (st->used[i]) i = (i + 1) & mask;
  st->used[i] = 1;
  st->hash[i] = ts->hash;
  st->slot[i] = ts;
  st->nused++;
  gc_weaklink((void **)&st->slot[i], ts);
}

/* Rebuilds the table without tombstones, growing it when more than a quarter is live. The
 * old arrays become garbage; Boehm drops links that live in dead objects by itself. */
static void rehash(lua_State *L, StringTable *st) {
  TString **oslot = st->slot;
  unsigned char *oused = st->used;
  unsigned int osize = st->size, live = 0, i, nsize = MINSTRTABSIZE;
  for (i = 0; i < osize; i++)
    if (oused[i] && oslot[i] != NULL) live++;
  while (nsize < 4 * (live + 1)) nsize *= 2;
  {
    /* Keep every live string on the C stack while we allocate: a collection here must
     * not clear them between reading the old slots and linking the new ones. */
    StringTable nst;
    TString **keep = gc_alloc(L, (live ? live : 1) * sizeof(TString *));
    unsigned int k = 0;
    for (i = 0; i < osize; i++)
      if (oused[i] && oslot[i] != NULL) keep[k++] = oslot[i];
    allocarrays(L, &nst, nsize);
    for (i = 0; i < k; i++) place(&nst, keep[i]);
    *st = nst;
  }
}

static TString *internshort(lua_State *L, const char *s, size_t len) {
  StringTable *st = G(L)->strt;
  unsigned int h = hashbytes(s, len, G(L)->seed);
  unsigned int mask = st->size - 1, i = h & mask;
  TString *ts;
  while (st->used[i]) {
    TString *c = st->slot[i];
    if (c != NULL && st->hash[i] == h && c->len == len && memcmp(getstr(c), s, len) == 0)
      return c;
    i = (i + 1) & mask;
  }
  ts = (TString *)gc_newobj(L, VT_SHRSTR, sizeof(TString) + len + 1);
  ts->hash = h;
  ts->len = len;
  ts->extra = 0;
  memcpy(ts->data, s, len);
  ts->data[len] = '\0';
  if ((st->nused + 1) * 4 > st->size * 3) rehash(L, st);  /* ts is held by this frame */
  place(st, ts);
  return ts;
}

TString *vm_str_newlong(lua_State *L, size_t len) {
  TString *ts;
  if (len >= (size_t)-1 / 2 - sizeof(TString)) toobig(L);
  ts = (TString *)gc_newobj(L, VT_LNGSTR, sizeof(TString) + len + 1);
  ts->len = len;
  ts->extra = 0;
  ts->hash = G(L)->seed;
  ts->data[len] = '\0';
  return ts;
}

TString *vm_str_new(lua_State *L, const char *s, size_t len) {
  TString *ts;
  if (len <= VM_MAXSHORTLEN) return internshort(L, s, len);
  ts = vm_str_newlong(L, len);
  memcpy(ts->data, s, len);
  return ts;
}

/* Strings from C (lua_pushstring, lua_setfield...) often repeat the same literal; a small
 * cache keyed by the address skips hashing long ones. */
TString *vm_str_newz(lua_State *L, const char *s) {
  unsigned int i = (unsigned int)(((uintptr_t)s >> 3) % 53);
  TString **p = G(L)->strcache[i];
  size_t len;
  if (p[0] != NULL && strcmp(s, getstr(p[0])) == 0) return p[0];
  if (p[1] != NULL && strcmp(s, getstr(p[1])) == 0) return p[1];
  len = strlen(s);
  p[1] = p[0];
  p[0] = vm_str_new(L, s, len);
  return p[0];
}

unsigned int vm_str_hash(TString *ts) {
  if (ts->tt == VT_LNGSTR && !ts->extra) {
    ts->hash = hashbytes(ts->data, ts->len, ts->hash);
    ts->extra = 1;
  }
  return ts->hash;
}

int vm_str_eqlng(TString *a, TString *b) {
  return a == b || (a->len == b->len && memcmp(a->data, b->data, a->len) == 0);
}

/* Order of strings by the locale (strcoll), comparing NUL-separated pieces one at a time so
 * embedded zeros do not end the comparison early. */
int vm_str_cmp(TString *a, TString *b) {
  const char *l = getstr(a), *r = getstr(b);
  size_t ll = a->len, lr = b->len;
  for (;;) {
    int c = strcoll(l, r);
    size_t n;
    if (c != 0) return c;
    n = strlen(l);                    /* both pieces are equal up to their first NUL */
    if (n == lr) return n == ll ? 0 : 1;
    if (n == ll) return -1;
    n++;                              /* skip the NUL and compare the next piece */
    l += n; ll -= n;
    r += n; lr -= n;
  }
}

void vm_str_init(lua_State *L) {
  GlobalState *g = G(L);
  StringTable *st = gc_alloc(L, sizeof(StringTable));
  int i;
  allocarrays(L, st, MINSTRTABSIZE);
  g->strt = st;
  g->memerrmsg = vm_str_new(L, "not enough memory", 17);
  {
    static const char *const names[] = {
#define VM_TM_NAME(name, str) str,
      VM_TMS(VM_TM_NAME)
#undef VM_TM_NAME
    };
    for (i = 0; i < TM_N; i++) g->tmname[i] = vm_str_newz(L, names[i]);
  }
  for (i = 0; i < 53; i++) g->strcache[i][0] = g->strcache[i][1] = g->memerrmsg;
}
