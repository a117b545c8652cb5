/* Strings: seeded hashing, the intern table for short strings and long-string helpers.
 * The intern table must not keep strings alive: its slots live in unscanned memory and each
 * is a disappearing link, so Boehm clears a slot when its string dies (a tombstone). */
#include <string.h>

#include "vm/str.h"
#include "vm/do.h"
#include "vm/gc.h"

/* One slot of the intern table. `s` is a disappearing link: the collector clears it when
 * the string dies, leaving a tombstone (used but NULL) that probing steps over. */
typedef struct StrSlot {
  TString *s;
  unsigned int hash;
  unsigned int used;
} StrSlot;

typedef struct StringTable {
  StrSlot *slot;         /* atomic array (never scanned, so it keeps nothing alive) */
  unsigned int size;     /* power of two */
  unsigned int nused;    /* live + tombstones */
} StringTable;

#define MINSTRTABSIZE 256u

/* Word-at-a-time multiplicative hash seeded per state (so hash flooding needs the seed). */
static unsigned int hashbytes(const char *s, size_t len, unsigned int seed) {
  uint64_t h = ((uint64_t)seed << 32 | seed) ^ ((uint64_t)len * 0x9E3779B97F4A7C15ull);
  uint64_t w;
  while (len >= 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
    s += 8;
    len -= 8;
  }
  w = 0;
  memcpy(&w, s, len);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 32;
  return (unsigned int)h;
}

static l_noret toobig(lua_State *L) {
  vm_throw(L, LUA_ERRMEM);
}

static void allocslots(lua_State *L, StringTable *st, unsigned int size) {
  st->slot = gc_alloc_atomic(L, size * sizeof(StrSlot));
  memset(st->slot, 0, size * sizeof(StrSlot));
  st->size = size;
  st->nused = 0;
}

/* Puts a live string into a free slot of a table that has room and registers the link. */
static void place(StringTable *st, TString *ts) {
  unsigned int mask = st->size - 1, i = ts->hash & mask;
  while (st->slot[i].used) i = (i + 1) & mask;
  st->slot[i].used = 1;
  st->slot[i].hash = ts->hash;
  st->slot[i].s = ts;
  st->nused++;
  gc_weaklink((void **)&st->slot[i].s, ts);
}

/* Rebuilds the table without tombstones, at most a quarter full. The old array becomes
 * garbage; Boehm drops links that live in dead objects by itself. */
static void rehash(lua_State *L, StringTable *st) {
  StrSlot *old = st->slot;
  unsigned int osize = st->size, live = 0, i, k = 0, nsize = MINSTRTABSIZE;
  TString **keep;
  for (i = 0; i < osize; i++)
    if (old[i].s != NULL) live++;
  while (nsize < 4 * (live + 1)) nsize *= 2;
  /* Hold every live string in scanned memory while allocating: a collection here must not
   * clear them between reading the old slots and linking the new ones. */
  keep = gc_alloc(L, (live ? live : 1) * sizeof(TString *));
  for (i = 0; i < osize; i++)
    if (old[i].s != NULL) keep[k++] = old[i].s;
  allocslots(L, st, nsize);
  for (i = 0; i < k; i++) place(st, keep[i]);
}

static TString *internshort(lua_State *L, const char *s, size_t len) {
  StringTable *st = G(L)->strt;
  unsigned int h = hashbytes(s, len, G(L)->seed);
  unsigned int mask = st->size - 1, i = h & mask;
  TString *ts;
  StrSlot *e;
  while ((e = &st->slot[i])->used) {
    TString *c = e->s;
    if (e->hash == h && c != NULL && c->len == len && memcmp(getstr(c), s, len) == 0)
      return c;
    i = (i + 1) & mask;
  }
  ts = (TString *)gc_newobj(L, VT_SHRSTR, sizeof(TString) + len + 1);
  ts->hash = h;
  ts->len = len;
  ts->extra = 0;
  memcpy(ts->data, s, len);
  ts->data[len] = '\0';
  if ((st->nused + 1) * 2 > st->size) rehash(L, st);  /* ts is held by this frame */
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
  if (len == 0) s = "";            /* callers may pass NULL for an empty string */
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
  allocslots(L, st, MINSTRTABSIZE);
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
