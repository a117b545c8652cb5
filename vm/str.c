/* Strings: seeded hashing, the intern table for short strings and long-string helpers.
 *
 * The intern table is one per process (Boehm's heap is one per process, and strings are
 * immutable values any state may share). It chains strings through TString.hnext from a
 * bucket array in unscanned memory, so it keeps no string alive. Short strings live in
 * their own Boehm kind whose sweep calls vm_str_disclaim for each dead one, after the
 * collector has marked everything finalizers can still reach; that unlinks the string.
 * A dead string still waiting for its block to be swept may be found by a lookup and handed
 * out again; the lookup stamps it with gc_cycle, and the sweep keeps any string stamped
 * since the last mark (the next cycle decides about it afresh).
 * Once states run on several OS threads (gc_threaded) a mutex guards the table. The sweep
 * disclaims under the collector's lock, so nothing allocates while holding this one. */
#include <locale.h>
#include <pthread.h>
#include <string.h>

#include "vm/str.h"
#include "vm/do.h"
#include "vm/gc.h"

typedef struct StringTable {
  TString **hash;        /* bucket array, atomic (never scanned) */
  unsigned int size;     /* power of two */
  unsigned int nuse;     /* strings in the table */
  unsigned int seed;
  unsigned int peak, lastpeak; /* most strings in this collection cycle and in the last */
  uint8_t cycle;               /* gc_cycle that peak belongs to */
} StringTable;

static StringTable strt; /* static data is a Boehm root: the bucket array stays allocated */
static pthread_mutex_t strlock = PTHREAD_MUTEX_INITIALIZER;

#define lock() do { if (gc_threaded) pthread_mutex_lock(&strlock); } while (0)
#define unlock() do { if (gc_threaded) pthread_mutex_unlock(&strlock); } while (0)

#define MINSTRTABSIZE 1024u

/* Word-at-a-time multiplicative hash seeded per process (so hash flooding needs the seed).
 * The last partial word is read without a variable-length copy: as the string's last 8 bytes
 * (overlapping the words before) when it has 8, else from two overlapping 4-byte or three
 * single-byte loads, which still cover every byte (the length is mixed in too). The bucket
 * is the hash's low bits, so the end mixes every input bit into them. */
static inline unsigned int hashbytes(const char *s, size_t len, unsigned int seed) {
  uint64_t h = ((uint64_t)seed << 32 | seed) ^ ((uint64_t)len * 0x9E3779B97F4A7C15ull);
  uint64_t w;
  size_t left = len;
  while (left >= 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
    s += 8;
    left -= 8;
  }
  if (left == 0) {
    w = 0;
  } else if (len >= 8) {
    memcpy(&w, s + left - 8, 8);
  } else if (left >= 4) {
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + left - 4, 4);
    w = a | (uint64_t)b << 32;
  } else {
    w = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[left / 2] << 8 |
        (uint64_t)(unsigned char)s[left - 1] << 16;
  }
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 32; /* a product's low bits depend only on its operands' low bits: mix twice */
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 32;
  return (unsigned int)h;
}

static l_noret toobig(lua_State *L) {
  vm_throw(L, LUA_ERRMEM);
}

/* Moves every string to a new bucket array of nsize, allocated before taking the lock (the
 * allocation may run a collection whose sweep unlinks strings from the old array). Called
 * and returns without the lock; another thread may have resized meanwhile. */
static void resize(lua_State *L, unsigned int oldsize, unsigned int nsize) {
  TString **nh = gc_alloc_atomic(L, nsize * sizeof(TString *));
  unsigned int i;
  memset(nh, 0, nsize * sizeof(TString *));
  lock();
  if (strt.size == oldsize) {
    for (i = 0; i < strt.size; i++) {
      TString *ts = strt.hash[i], *next;
      for (; ts != NULL; ts = next) {
        TString **b = &nh[ts->hash & (nsize - 1)];
        next = ts->hnext;
        ts->hnext = *b;
        *b = ts;
      }
    }
    strt.hash = nh;
    strt.size = nsize;
  }
  unlock();
}

int vm_str_disclaim(TString *ts) {
  TString **p;
  int keep = 0;
  lock();
  for (p = &strt.hash[ts->hash & (strt.size - 1)]; *p != NULL; p = &(*p)->hnext) {
    if (*p == ts) {
      if (ts->cycle == gc_cycle) {
        keep = 1;                           /* handed out after the mark: may be in use */
      } else {
        *p = ts->hnext;
        strt.nuse--;
      }
      break;
    }
  }
  unlock();
  return keep;                              /* 0 too when not an interned string */
}

/* Whether a and b, both len bytes (a short string's length), are equal: whole words, then
 * the last partial word by overlapping loads as in hashbytes (the caller already compared
 * hash and length, so this nearly always confirms a match). */
static inline int samebytes(const char *a, const char *b, size_t len) {
  if (len >= 8) {
    uint64_t x, y;
    size_t i;
    for (i = 0; i + 8 <= len; i += 8) {
      memcpy(&x, a + i, 8);
      memcpy(&y, b + i, 8);
      if (x != y) return 0;
    }
    if (i == len) return 1;
    memcpy(&x, a + len - 8, 8);
    memcpy(&y, b + len - 8, 8);
    return x == y;
  }
  if (len >= 4) {
    uint32_t x, y, u, v;
    memcpy(&x, a, 4);
    memcpy(&y, b, 4);
    memcpy(&u, a + len - 4, 4);
    memcpy(&v, b + len - 4, 4);
    return x == y && u == v;
  }
  return len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
}

/* The interned string of s[0..len) with hash h, stamped as handed out; NULL if none. Called
 * with the lock held (or single-threaded). */
static inline TString *lookup(const char *s, size_t len, unsigned int h) {
  TString *ts;
  for (ts = strt.hash[h & (strt.size - 1)]; ts != NULL; ts = ts->hnext) {
    if (ts->hash == h && ts->len == len && samebytes(getstr(ts), s, len)) {
      ts->cycle = gc_cycle;
      return ts;
    }
  }
  return NULL;
}

/* A short string not in the table: grows or shrinks the table when due, then allocates and
 * links the new string. The peak statistics change only here (nuse grows only here). */
static __attribute__((noinline)) TString *internnew(lua_State *L, const char *s, size_t len, unsigned int h) {
  unsigned int size;
  TString *ts, *found, **b;
  lock();
  size = strt.size;
  if (strt.cycle != gc_cycle) {
    strt.cycle = gc_cycle;
    strt.lastpeak = strt.peak;
    strt.peak = strt.nuse;
  }
  if (strt.nuse > strt.peak) strt.peak = strt.nuse;
  if (strt.nuse >= size) {
    unlock();
    resize(L, size, size * 2);
  } else if (strt.nuse < size / 8 && size > MINSTRTABSIZE && strt.peak < size / 4 &&
             strt.lastpeak < size / 4) {
    /* shrink only when the last cycles never needed the size: a program that makes and drops
     * many strings would otherwise halve and double the table every cycle */
    unlock();
    resize(L, size, size / 2);
  } else {
    unlock();
  }
  ts = (TString *)gc_newobj(L, VT_SHRSTR, sizeof(TString) + len + 1);
  ts->hash = h;
  ts->len = len;
  ts->extra = 0;
  memcpy(ts->data, s, len);
  ts->data[len] = '\0';
  lock();
  /* after the allocation, which may have swept; another thread may have made it meanwhile */
  if (gc_threaded && (found = lookup(s, len, h)) != NULL) {
    unlock();
    return found;
  }
  ts->cycle = gc_cycle;
  b = &strt.hash[h & (strt.size - 1)];
  ts->hnext = *b;
  *b = ts;
  strt.nuse++;
  strt.peak = strt.nuse > strt.peak ? strt.nuse : strt.peak;
  unlock();
  return ts;
}

static __attribute__((noinline)) TString *internlocked(lua_State *L, const char *s, size_t len,
                                        unsigned int h) {
  TString *found;
  lock();
  found = lookup(s, len, h);
  unlock();
  return found != NULL ? found : internnew(L, s, len, h);
}

/* The hit path takes no lock while one thread runs states (gc_threaded clear). */
static inline TString *internshort(lua_State *L, const char *s, size_t len) {
  unsigned int h = hashbytes(s, len, strt.seed);
  TString *ts;
  if (l_unlikely(gc_threaded)) return internlocked(L, s, len, h);
  ts = lookup(s, len, h);
  return ts != NULL ? ts : internnew(L, s, len, h);
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

/* One-byte strings (string.sub(s, i, i), string.char, tokenizers) come from a table in the
 * global state, which also keeps them interned for good. */
static __attribute__((noinline)) TString *newbyte(lua_State *L, const char *s) {
  TString *ts = internshort(L, s, 1);
  G(L)->char1[(unsigned char)*s] = ts;
  return ts;
}

TString *vm_str_new(lua_State *L, const char *s, size_t len) {
  TString *ts;
  if (len <= VM_MAXSHORTLEN) {
    if (len == 1) {
      ts = G(L)->char1[(unsigned char)*s];
      return l_likely(ts != NULL) ? ts : newbyte(L, s);
    }
    if (len == 0) s = "";            /* callers may pass NULL for an empty string */
    return internshort(L, s, len);
  }
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

/* Whether LC_COLLATE is "C" or "POSIX", where strcoll is strcmp: asked when a state is made
 * and after os.setlocale (vm_str_localechanged), not per comparison (setlocale's query costs
 * as much as the comparison). */
static int collate_c;

void vm_str_localechanged(void) {
  const char *name = setlocale(LC_COLLATE, NULL);
  collate_c = name != NULL && ((name[0] == 'C' && name[1] == '\0') || strcmp(name, "POSIX") == 0);
}

/* Order of strings by the locale (strcoll), comparing NUL-separated pieces one at a time so
 * embedded zeros do not end the comparison early. In the C locale that order is the bytes'
 * (NUL the least), which memcmp gives at once. */
int vm_str_cmp(TString *a, TString *b) {
  const char *l = getstr(a), *r = getstr(b);
  size_t ll = a->len, lr = b->len;
  if (a == b) return 0;
  if (collate_c) {
    int c = memcmp(l, r, ll < lr ? ll : lr);
    return c != 0 ? c : (ll > lr) - (ll < lr);
  }
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
  int i;
  int first;
  lock();
  first = strt.hash == NULL;
  unlock();
  vm_str_localechanged();
  if (first) {  /* the first state: no other thread runs yet */
    strt.seed = g->seed;
    strt.size = 0;
    resize(L, 0, MINSTRTABSIZE);
  }
  g->memerrmsg = vm_str_new(L, "not enough memory", 17);
  g->tostringname = vm_str_new(L, "__tostring", 10);
  g->pairsname = vm_str_new(L, "__pairs", 7);
  g->metatablename = vm_str_new(L, "__metatable", 11);
  {
    static const char *const names[] = {
#define VM_TM_NAME(name, str) str,
      VM_TMS(VM_TM_NAME)
#undef VM_TM_NAME
    };
    for (i = 0; i < TM_N; i++) g->tmname[i] = vm_str_newz(L, names[i]);
  }
  for (i = 0; i < 53; i++) g->strcache[i][0] = g->strcache[i][1] = g->memerrmsg;
  memset(g->char1, 0, sizeof g->char1);
}
