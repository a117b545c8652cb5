/* Tables: an array part for keys 1..asize and a hash part of chained scatter nodes with
 * Brent's variation, sized by the same rule as Lua 5.4 so borders (#) and traversal order of
 * integer keys agree with lua5.4. Weak tables keep weak references as disappearing links in
 * node arrays the collector scans only partly (see docs/gc.md). */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include <gc/gc.h>
#include <gc/gc_typed.h>

#include "vm/tab.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/gc.h"
#include "vm/str.h"

const Value vm_absentkey = {{0}, VT_ABSTKEY};
_Atomic uint64_t vm_idxepoch;
IdxCacheEntry vm_idxnone[VM_IDXCACHE];

/* Largest array part: 2^MAXABITS slots; largest hash part: 2^MAXHBITS nodes. */
#define MAXABITS 31
#define MAXASIZE (1u << MAXABITS)
#define MAXHBITS 30

/* The hash part of every table without one; never written. */
Node vm_tab_dummynode = {{{0}, VT_EMPTY, VT_NIL, 0, {0}}};
#define dummynode (&vm_tab_dummynode)
#define isdummy(t) vm_tab_isdummy(t)

#define isdeadref(tt, p) vm_tab_isdeadref(tt, p)
#define keyisnil(n) (keytt(n) == VT_NIL)
#define keydead(n) vm_tab_keydead(n)
#define valdead(o) vm_tab_valdead(o)
#define valempty(o) (isempty(o) || valdead(o))
#define nodefree(n) vm_tab_nodefree(n)

static int ceillog2(unsigned int x) {  /* x >= 1 */
  return x <= 1 ? 0 : 32 - __builtin_clz(x - 1);
}

/* ---- hashing (the same main positions as Lua 5.4, so integer-key traversal matches) ----- */

static Node *hashmod(const Table *t, unsigned long long n) {
  return gnode(t, (int)(n % (unsigned long long)((sizenode(t) - 1) | 1)));
}

static Node *hashpow2(const Table *t, unsigned int h) {
  return gnode(t, (int)(h & (unsigned int)(sizenode(t) - 1)));
}

static int hashfloat(lua_Number n) {
  int e;
  lua_Integer ni;
  n = frexp(n, &e) * -(lua_Number)INT_MIN;
  if (!(n >= (lua_Number)LUA_MININTEGER && n < -(lua_Number)LUA_MININTEGER)) return 0;
  ni = (lua_Integer)n;
  {
    unsigned int u = (unsigned int)e + (unsigned int)ni;
    return (int)(u <= (unsigned int)INT_MAX ? u : ~u);
  }
}

static Node *mainpos(const Table *t, int tt, const ValueU *k) {
  switch (withvariant(tt)) {
    case VT_NUMINT & 0x3F: return hashmod(t, (unsigned long long)l_castS2U(k->i));
    case VT_NUMFLT & 0x3F: return hashmod(t, (unsigned int)hashfloat(k->n));
    case VT_SHRSTR & 0x3F: return hashpow2(t, ((TString *)k->gc)->hash);
    case VT_LNGSTR & 0x3F: return hashpow2(t, vm_str_hash((TString *)k->gc));
    case VT_FALSE: return hashpow2(t, 0);
    case VT_TRUE: return hashpow2(t, 1);
    case VT_LIGHTUD: return hashmod(t, (unsigned int)(uintptr_t)k->p);
    case VT_LCF: return hashmod(t, (unsigned int)(uintptr_t)k->f);
    default: return hashmod(t, (unsigned int)(uintptr_t)k->gc);
  }
}

/* Short strings (fields, methods) first, without the call and the switch. */
#define mainposof(t, tt, k) \
  ((tt) == VT_SHRSTR ? hashpow2(t, ((TString *)(k)->gc)->hash) : mainpos(t, tt, k))
#define mainposnode(t, n) mainposof(t, keytt(n), &keyval(n))

/* Raw equality of a lookup key with a node's key (dead keys match nothing). */
static int eqkey(const Value *k, const Node *n) {
  if (rawtt(k) != keytt(n)) return 0;
  switch (ttypetag(k)) {
    case VT_NIL & 0x3F: case VT_FALSE: case VT_TRUE: return 1;
    case VT_NUMINT & 0x3F: return ivalue(k) == keyval(n).i;
    case VT_NUMFLT & 0x3F: return fltvalue(k) == keyval(n).n;
    case VT_LIGHTUD: return pvalue(k) == keyval(n).p;
    case VT_LCF: return fvalue(k) == keyval(n).f;
    case VT_LNGSTR & 0x3F:
      return keyval(n).gc != NULL && vm_str_eqlng(tsvalue(k), (TString *)keyval(n).gc);
    default: return gcvalue(k) == keyval(n).gc;
  }
}

/* ---- weak tables ----------------------------------------------------------------------
 * The node array of a weak table is allocated typed, with only the strong word of each
 * node scanned (the key payload for weak values, only the tag word otherwise). Collectable
 * non-string references on a weak side are disappearing links (values: cleared when
 * unreachable; keys: cleared when reclaimed). Strings are values in Lua and never leave weak
 * tables, so strings on a weak side are kept alive by an "anchor" array: two words per node,
 * whose address sits in the scanned word of a header node placed just before node[0].
 *
 * A table with weak keys only is an ephemeron table: a value is reachable through it only
 * while its key is reachable. When the key is a table or a full userdata, the strong
 * reference to the value hangs off the key itself, in a cell of the key's `eph` list that
 * names the table (weakly); so the value is marked only if the key is. For other keys
 * (strings, numbers, functions, threads) the value is held by the anchor array. */

typedef struct EphCell {
  uintptr_t table;          /* hidden pointer to the table; a long link clears it to 0 */
  GCObject *value;          /* the strong reference */
  struct EphCell *next;
} EphCell;

static GC_descr weakdescr[4];

static int strongword(int mode) {
  return mode == TAB_WEAK_VALUES ? 2 : 1;
}

static void ***anchorslot(const Table *t) {
  return (void ***)((char *)(t->node - 1) + sizeof(void *) * (size_t)strongword(t->weakmode));
}

static void **anchors(const Table *t) {
  return *anchorslot(t);
}

#define isephemeron(t) ((t)->weakmode == TAB_WEAK_KEYS)

/* The eph list of a key that can hold its own values, or NULL. */
static EphCell **ephlist(int keytag, GCObject *k) {
  if (k == NULL) return NULL;
  if (keytag == VT_TABLE) return &((Table *)k)->eph;
  if (keytag == VT_USERDATA) return &((Udata *)k)->eph;
  return NULL;
}

static uintptr_t hidetable(const Table *t) {
  return ~(uintptr_t)t;
}

/* Finds t's cell in list l (dropping cells whose table was collected on the way). Returns the
 * link that points at it, or at the list's end. */
static EphCell **ephfind(EphCell **l, const Table *t) {
  EphCell *c;
  while ((c = *l) != NULL) {
    if (c->table == hidetable(t)) break;
    if (c->table == 0) *l = c->next;
    else l = &c->next;
  }
  return l;
}

/* Makes key k hold v for t. Allocates (so call it before the table changes). */
static void ephset(lua_State *L, Table *t, EphCell **l, GCObject *v) {
  EphCell **p = ephfind(l, t), *c = *p;
  if (c == NULL) {
    c = gc_alloc(L, sizeof(EphCell));
    c->table = hidetable(t);
    gc_weaklink_long((void **)&c->table, t);
    c->next = *l;
    *l = c;
  }
  c->value = v;
}

static void ephdrop(Table *t, EphCell **l) {
  EphCell **p = ephfind(l, t), *c = *p;
  if (c != NULL) {
    *p = c->next;
    gc_unweaklink((void **)&c->table);
  }
}

/* Before v is stored under key (tag, k) of t: for an ephemeron key, moves the strong
 * reference to v into the key's cell. Returns 1 if the key holds it. */
static int ephstore(lua_State *L, Table *t, int keytag, GCObject *k, const Value *v) {
  EphCell **l = isephemeron(t) ? ephlist(keytag, k) : NULL;
  if (l == NULL) return 0;
  if (iscollectable(v)) ephset(L, t, l, gcvalue(v));
  else ephdrop(t, l);
  return 1;
}

static Node *allocnodes(lua_State *L, Table *t, int size) {
  Node *n;
  if (!t->weakmode) {
    n = gc_alloc(L, (size_t)size * sizeof(Node));
  } else {
    int mode = t->weakmode;
    Node *block;
    void **anch;
    if (weakdescr[mode] == 0) {
      GC_word bm[1] = {0};
      GC_set_bit(bm, strongword(mode));
      weakdescr[mode] = GC_make_descriptor(bm, sizeof(Node) / sizeof(GC_word));
    }
    anch = gc_alloc(L, 2 * (size_t)size * sizeof(void *));
    block = GC_calloc_explicitly_typed((size_t)size + 1, sizeof(Node), weakdescr[mode]);
    if (block == NULL) vm_throw(L, LUA_ERRMEM);
    n = block + 1;
    *(void ***)((char *)block + sizeof(void *) * (size_t)strongword(mode)) = anch;
  }
  return n;
}

/* Registers the reference to node n's value in weak table t (after n got its value). */
static void linkvalue(Table *t, Node *n) {
  size_t i = (size_t)(n - t->node);
  if (!iscollectable(gval(n)) || gcvalue(gval(n)) == NULL) return;
  if (t->weakmode & TAB_WEAK_VALUES) {
    if (ttisstring(gval(n))) anchors(t)[2 * i + 1] = gcvalue(gval(n));
    else gc_weaklink((void **)&gval(n)->v.gc, gcvalue(gval(n)));
  } else if (ephlist(keytt(n), keyval(n).gc) == NULL) {
    anchors(t)[2 * i + 1] = gcvalue(gval(n));   /* ephemeron table, key without a list */
  }
}

/* Registers the weak references of node n of weak table t (after n got its contents). */
static void linknode(Table *t, Node *n) {
  size_t i = (size_t)(n - t->node);
  if ((t->weakmode & TAB_WEAK_KEYS) && (keytt(n) & BIT_COLLECTABLE) && keyval(n).gc != NULL) {
    if (novariant(keytt(n)) == LUA_TSTRING) anchors(t)[2 * i] = keyval(n).gc;
    else gc_weaklink_long((void **)&keyval(n).gc, keyval(n).gc);
  }
  linkvalue(t, n);
}

/* Drops the weak references of node n (before it is overwritten or moved). */
static void unlinknode(Table *t, Node *n) {
  size_t i = (size_t)(n - t->node);
  if ((keytt(n) & BIT_COLLECTABLE) && keyval(n).gc != NULL) gc_unweaklink((void **)&keyval(n).gc);
  if (iscollectable(gval(n)) && gcvalue(gval(n)) != NULL) gc_unweaklink((void **)&gval(n)->v.gc);
  anchors(t)[2 * i] = anchors(t)[2 * i + 1] = NULL;
}

static void unlinkvalue(Table *t, Node *n) {
  if (iscollectable(gval(n)) && gcvalue(gval(n)) != NULL) gc_unweaklink((void **)&gval(n)->v.gc);
  anchors(t)[2 * (size_t)(n - t->node) + 1] = NULL;
}

/* ---- creation and resizing ------------------------------------------------------------ */

static Table *newtable(lua_State *L, size_t size) {
  Table *t = (Table *)gc_newobj(L, VT_TABLE, size);
  t->flags = 0x3F;  /* no metamethod known present */
  t->lsizenode = 0;
  t->weakmode = 0;
  t->guards = 0;
  t->sizehint = 0;
  t->asize = 0;
  t->array = NULL;
  t->node = dummynode;
  t->lastfree = 0;
  t->eph = NULL;
  t->metatable = NULL;
  return t;
}

Table *vm_tab_new(lua_State *L) {
  return newtable(L, sizeof(Table));
}

static void initnodes(Table *t, int lsize) {
  int i, size = 1 << lsize;
  for (i = 0; i < size; i++) {
    Node *n = gnode(t, i);
    gnext(n) = 0;
    keytt(n) = VT_NIL;
    setempty(gval(n));
  }
  t->lsizenode = (uint8_t)lsize;
  t->lastfree = (unsigned int)size;
}

/* Parts a constructor asks for (`{x = x, y = y}`, `{left, right}`) of at most this many
 * slots or nodes are allocated in the table's own block, array part first: one allocation
 * per object instead of two or three. A later resize replaces them like any part (the inline
 * space then stays unused, emptied so it keeps nothing alive). */
#define INLINEPART 4u

Table *vm_tab_newsized(lua_State *L, unsigned int nasize, unsigned int nhsize) {
  Table *t;
  if (nasize <= INLINEPART && nhsize <= INLINEPART && (nasize | nhsize) != 0) {
    int lsize = nhsize ? ceillog2(nhsize) : 0;
    size_t nodes = nhsize ? (size_t)1 << lsize : 0;
    unsigned int i;
    t = newtable(L, sizeof(Table) + nasize * sizeof(Value) + nodes * sizeof(Node));
    if (nasize) {
      t->array = (Value *)(t + 1);
      t->asize = nasize;
      for (i = 0; i < nasize; i++) setempty(&t->array[i]);
    }
    if (nodes) {
      t->node = (Node *)((Value *)(t + 1) + nasize);
      initnodes(t, lsize);
    }
    return t;
  }
  t = vm_tab_new(L);
  if (nasize != 0 || nhsize != 0) vm_tab_resize(L, t, nasize, nhsize);
  return t;
}

static void setnodevector(lua_State *L, Table *t, unsigned int size) {
  if (size == 0) {
    t->node = dummynode;
    t->lsizenode = 0;
    t->lastfree = 0;
  } else {
    int lsize = ceillog2(size);
    if (lsize > MAXHBITS || (1u << lsize) > MAXASIZE / sizeof(Node))
      vm_debug_runerror(L, "table overflow");
    t->node = allocnodes(L, t, 1 << lsize);
    initnodes(t, lsize);
  }
}

static Node *getfreepos(Table *t) {
  while (t->lastfree > 0) {
    Node *n = gnode(t, --t->lastfree);
    if (keyisnil(n)) return n;
  }
  return NULL;
}

static void insertkey(lua_State *L, Table *t, const Value *key, const Value *val);

/* Before a store to a guarded table: the sandbox freezes library tables (every raw store
 * path refuses to touch them); a change to a watched table's keys or parts may change where
 * a cached __index lookup ends, so the index cache's epoch moves on. */
static void guarded(lua_State *L, const Table *t) {
  if (t->guards & TAB_READONLY) vm_debug_runerror(L, "attempt to modify a read-only table");
  vm_idxbump();
}
/* Before a key is added to t or its parts change. */
#define keychange(L, t) do { if (l_unlikely((t)->guards)) guarded(L, t); } while (0)

/* Moves array slots from..to-1 of arr (keys from+1..to) into t. */
static void reinsertarray(lua_State *L, Table *t, Value *arr, unsigned int from, unsigned int to) {
  unsigned int i;
  for (i = from; i < to; i++) {
    if (!isempty(&arr[i])) {
      Value k;
      setivalue(&k, (lua_Integer)i + 1);
      insertkey(L, t, &k, &arr[i]);
    }
  }
}

/* Moves the entries of old's hash part into t, in node order (as 5.4 does), dropping the weak
 * links of the old nodes first. old is a copy of t's fields before the change; ephemeron
 * cells name t itself. */
static void reinsertnodes(lua_State *L, Table *t, Table *old) {
  int i, osize = isdummy(old) ? 0 : sizenode(old);
  for (i = 0; i < osize; i++) {
    Node *n = gnode(old, i);
    if (!nodefree(n)) {
      Value k, v;
      k.tt = keytt(n);
      k.v = keyval(n);
      setobj(L, &v, gval(n));
      if (old->weakmode) unlinknode(old, n);
      if (!ttisshrstring(&k) || !vm_tab_addshortstr(t, tsvalue(&k), &v))
        insertkey(L, t, &k, &v);      /* else it took its free main position */
      if (isephemeron(old) && !isephemeron(t)) {   /* t's storage no longer needs the cell */
        EphCell **l = ephlist(k.tt, k.v.gc);
        if (l != NULL) ephdrop(t, l);
      }
    }
  }
}

/* Table parts of at least this many bytes are freed explicitly when a resize replaces them. */
#define BIGPART GC_BIGBLOCK

void vm_tab_resize(lua_State *L, Table *t, unsigned int nasize, unsigned int nhsize) {
  unsigned int oasize = t->asize, i;
  Value *oarray = t->array;
  Table old;
  keychange(L, t);
  if (t->weakmode & TAB_WEAK_VALUES) {
    nhsize += nasize;  /* weak values live only in the hash part (their links need nodes) */
    nasize = 0;
  }
  if (nasize > MAXASIZE)
    vm_debug_runerror(L, "table overflow");
  if (oasize == 0 && isdummy(t)) {  /* no parts yet (OP_NEWTABLE's sizes): nothing to move */
    Value *na = nasize ? gc_alloc(L, (size_t)nasize * sizeof(Value)) : NULL;
    for (i = 0; i < nasize; i++) setempty(&na[i]);
    setnodevector(L, t, nhsize);
    t->array = na;
    t->asize = nasize;
    return;
  }
  /* Keep the old parts in a private copy; the new parts are built in t. */
  /* Allocate both new parts before touching t, so a memory error leaves it intact; after
   * that, reinsertion into correctly sized parts allocates nothing. */
  if (nasize > oasize && (size_t)nasize * sizeof(Value) >= BIGPART) {
    /* A big array part grows (the old one is freed below, nothing reads it after the copy):
     * the new block comes uncleared and the copy releases the old pages as it goes, so the
     * resident peak is the new part, not old plus new (5.4's realloc moves it with mremap). */
    Value *na = gc_alloc_uncleared(L, (size_t)nasize * sizeof(Value));
    old = *t;
    setnodevector(L, t, nhsize);  /* the last allocation: t's array is still whole if it fails */
    gc_move_big(L, na, oarray, (size_t)oasize * sizeof(Value));
    memset(na + oasize, 0, (size_t)(nasize - oasize) * sizeof(Value));  /* padding too */
    for (i = oasize; i < nasize; i++) setempty(&na[i]);
    t->array = na;
    t->asize = nasize;
  } else if (nasize != oasize) {
    Value *na = nasize ? gc_alloc(L, (size_t)nasize * sizeof(Value)) : NULL;
    unsigned int keep = nasize < oasize ? nasize : oasize;
    if (keep) memcpy(na, oarray, keep * sizeof(Value));
    for (i = keep; i < nasize; i++) setempty(&na[i]);
    old = *t;
    setnodevector(L, t, nhsize);
    t->array = na;
    t->asize = nasize;
  } else {
    old = *t;
    setnodevector(L, t, nhsize);
  }
  /* Entries of the vanished array slice go to the hash part, then the old hash part. */
  reinsertarray(L, t, oarray, nasize, oasize);
  reinsertnodes(L, t, &old);
  /* Nothing refers to the old parts any more (as in 5.4, which frees them here). Big ones go
   * back at once, pages included, so the resident size follows the live parts as with 5.4's
   * malloc; small ones are left to the collector, emptied first: a stale pointer to one (C
   * frames, conservatively scanned) must not keep every value it held alive. */
  if (oarray != t->array && oasize > 0) {
    if (oasize * sizeof(Value) >= BIGPART) gc_free(L, oarray);
    else memset(oarray, 0, oasize * sizeof(Value));
  }
  if (old.node != t->node && !isdummy(&old) && !old.weakmode) {
    if (sizenode(&old) * sizeof(Node) >= BIGPART)
      gc_free(L, old.node);
    else
      memset(old.node, 0, sizenode(&old) * sizeof(Node));
  }
}

void vm_tab_resizearray(lua_State *L, Table *t, unsigned int nasize) {
  vm_tab_resize(L, t, nasize, isdummy(t) ? 0 : (unsigned int)sizenode(t));
}

/* Counts integer keys k in 1..MAXASIZE into nums[ceillog2(k)]; returns 1 if k counts. */
static int countint(lua_Integer k, unsigned int *nums) {
  if (l_castS2U(k) - 1u < MAXASIZE) {
    nums[ceillog2((unsigned int)k)]++;
    return 1;
  }
  return 0;
}

/* The largest n (a power of 2) such that more than half of 1..n would be in use, given the
 * counts per slice; *pna gets the number of keys that go to the array part. */
static unsigned int computesizes(const unsigned int *nums, unsigned int *pna) {
  unsigned int a = 0, na = 0, optimal = 0, twotoi;
  int i;
  for (i = 0, twotoi = 1; twotoi > 0 && *pna > twotoi / 2; i++, twotoi *= 2) {
    a += nums[i];
    if (a > twotoi / 2) {
      optimal = twotoi;
      na = a;
    }
  }
  *pna = na;
  return optimal;
}

/* Hash nodes a rehash for a new string key makes room for at least (see rehash). */
#define MINFIELDS 4u
/* Objects of one class (tables sharing a metatable) usually get the same fields: a rehash
 * for a new field of one records in the metatable the hash size it grew to, up to 2^MAXHINT
 * nodes, and the first rehash of the next object makes that room at once (`o.a = ...` up to
 * `o.h = ...` after `setmetatable({}, C)` then costs one allocation, not 0 -> 4 -> 8). */
#define MAXHINT 4
static void learnsize(Table *mt, unsigned int nh) {
  int lsize = ceillog2(nh);
  if (lsize > mt->sizehint && lsize <= MAXHINT) mt->sizehint = (uint8_t)lsize;
}

/* Counts the array part's keys in use per slice (2^(lg-1), 2^lg] into nums[lg], a slice at a
 * time (a tag test per slot, where a ceillog2 per key cost about 16 instructions: a growing
 * array rehashes at every doubling and counts all of it). Returns the total. */
static unsigned int numusearray(const Table *t, unsigned int *nums) {
  unsigned int total = 0, key = 1, ttlg = 1;  /* ttlg: 2^lg */
  for (int lg = 0; lg <= MAXABITS && key <= t->asize; lg++, ttlg *= 2) {
    unsigned int lim = ttlg < t->asize ? ttlg : t->asize, n = 0;
    for (; key <= lim; key++) n += !isempty(&t->array[key - 1]);
    nums[lg] += n;
    total += n;
  }
  return total;
}

static void rehash(lua_State *L, Table *t, const Value *extra) {
  unsigned int nums[MAXABITS + 1];
  unsigned int na, total, asize, nh;
  memset(nums, 0, sizeof(nums));
  na = numusearray(t, nums);
  total = na;
  if (!isdummy(t)) {
    int j;
    for (j = 0; j < sizenode(t); j++) {
      Node *n = gnode(t, j);
      if (!nodefree(n)) {
        if (keytt(n) == VT_NUMINT) na += (unsigned int)countint(keyval(n).i, nums);
        total++;
      }
    }
  }
  if (ttisinteger(extra)) na += (unsigned int)countint(ivalue(extra), nums);
  total++;
  asize = computesizes(nums, &na);
  /* An object filling its fields one by one (`o.x = ...; o.y = ...`) would rehash at 1, 2
   * and 3 keys: a new string key asks for room for 2 at once, or MINFIELDS in a table that
   * already has a metatable (`setmetatable({}, C)`: an object, which rarely stays at one
   * field; a plain table may, and 4 nodes for one key would cost 1.5x lua5.4's memory), or
   * the size the metatable's objects grew to (learnsize).
   * Only the hash part's size differs from 5.4, and only for tables that hold a string key,
   * whose traversal order 5.4 randomises anyway (per-run string hash seed). */
  nh = total - na;
  if (ttisshrstring(extra)) {
    Table *mt = t->metatable;
    unsigned int least = mt == NULL ? 2u : mt->sizehint ? 1u << mt->sizehint : MINFIELDS;
    if (nh < least) nh = least;
    else if (mt != NULL) learnsize(mt, nh);
  }
  vm_tab_resize(L, t, asize, nh);
}

/* ---- lookup --------------------------------------------------------------------------- */

static Node *findnode(const Table *t, const Value *key) {
  Node *n = mainpos(t, rawtt(key), &key->v);
  for (;;) {
    if (eqkey(key, n)) return n;
    if (gnext(n) == 0) return NULL;
    n += gnext(n);
  }
}

static const Value *nodevalue(const Node *n) {
  if (n == NULL || keydead(n) || valdead(gval(n))) return &vm_absentkey;
  return gval(n);
}

const Value *vm_tab_getint(Table *t, lua_Integer key) {
  if (l_castS2U(key) - 1u < t->asize) return &t->array[key - 1];
  {
    Node *n = hashmod(t, (unsigned long long)l_castS2U(key));
    for (;;) {
      if (keytt(n) == VT_NUMINT && keyval(n).i == key) return nodevalue(n);
      if (gnext(n) == 0) return &vm_absentkey;
      n += gnext(n);
    }
  }
}

Node *vm_tab_shortstr_chain(Node *n, TString *key) {
  for (;;) {
    if (gnext(n) == 0) return NULL;
    n += gnext(n);
    if (keytt(n) == VT_SHRSTR && keyval(n).gc == (GCObject *)key) return n;
  }
}

const Value *vm_tab_getstr(Table *t, TString *key) {
  Value k;
  if (key->tt == VT_SHRSTR) return vm_tab_getshortstr(t, key);
  setsvalue(NULL, &k, key);
  return nodevalue(findnode(t, &k));
}

const Value *vm_tab_get(Table *t, const Value *key) {
  switch (ttypetag(key)) {
    case VT_SHRSTR & 0x3F: return vm_tab_getshortstr(t, tsvalue(key));
    case VT_NUMINT & 0x3F: return vm_tab_getint(t, ivalue(key));
    case VT_NIL & 0x3F: case VT_EMPTY & 0x3F: case VT_ABSTKEY & 0x3F: return &vm_absentkey;
    case VT_NUMFLT & 0x3F: {
      lua_Number f = fltvalue(key), fl = floor(f);
      if (fl == f && f >= (lua_Number)LUA_MININTEGER && f < -(lua_Number)LUA_MININTEGER)
        return vm_tab_getint(t, (lua_Integer)f);
      return nodevalue(findnode(t, key));
    }
    default: return nodevalue(findnode(t, key));
  }
}

/* ---- assignment ----------------------------------------------------------------------- */

/* Stores val into node n's value slot (and keeps weak bookkeeping right). */
static void storenode(lua_State *L, Table *t, Node *n, const Value *val) {
  if (t->weakmode && !ephstore(L, t, keytt(n), keyval(n).gc, val)) {
    unlinkvalue(t, n);
    setobj(NULL, gval(n), val);
    linkvalue(t, n);
  } else {
    setobj(NULL, gval(n), val);
  }
}

/* Inserts a key known to be absent (and not nil/NaN, floats normalised). Mirrors 5.4's
 * newkey: a colliding node out of its main position moves to a free node. */
static void insertkey(lua_State *L, Table *t, const Value *key, const Value *val) {
  Node *mp;
  if (ttisnil(val)) return;        /* absent and nil: nothing to store */
  if (isephemeron(t) && iscollectable(key)) ephstore(L, t, rawtt(key), gcvalue(key), val);
  if (ttisinteger(key) && l_castS2U(ivalue(key)) - 1u < t->asize) {
    setobj(L, &t->array[ivalue(key) - 1], val);
    return;
  }
  mp = mainposof(t, rawtt(key), &key->v);
  if (isdummy(t) || !nodefree(mp)) {
    Node *f = getfreepos(t), *othern;
    if (f == NULL) {
      Value k = *key, v = *val;    /* key/val may point into this table */
      rehash(L, t, &k);
      insertkey(L, t, &k, &v);     /* still absent; the parts now have room */
      return;
    }
    othern = mainposnode(t, mp);
    if (othern != mp) {
      /* The colliding node is out of its main position: move it to the free node. */
      while (othern + gnext(othern) != mp) othern += gnext(othern);
      gnext(othern) = (int)(f - othern);
      if (t->weakmode) unlinknode(t, mp);
      *f = *mp;
      if (t->weakmode) linknode(t, f);
      if (gnext(mp) != 0) {
        gnext(f) += (int)(mp - f);
        gnext(mp) = 0;
      }
      setempty(gval(mp));
    } else {
      /* The colliding node is in its main position: the new key takes the free node. */
      if (gnext(mp) != 0) gnext(f) = (int)((mp + gnext(mp)) - f);
      gnext(mp) = (int)(f - mp);
      mp = f;
    }
  } else if (t->weakmode) {
    unlinknode(t, mp);             /* reusing a node whose entry is gone */
  }
  keytt(mp) = rawtt(key);
  keyval(mp) = key->v;
  setobj(L, gval(mp), val);
  if (t->weakmode) linknode(t, mp);
}

void vm_tab_newkey(lua_State *L, Table *t, const Value *key, const Value *val) {
  Value k;
  keychange(L, t);
  t->flags &= (uint8_t)~0x3Fu;     /* the table may now hold a metamethod */
  switch (ttypetag(key)) {
    case VT_NIL & 0x3F: case VT_EMPTY & 0x3F: case VT_ABSTKEY & 0x3F:
      vm_debug_runerror(L, "table index is nil");
      break;
    case VT_NUMFLT & 0x3F: {
      lua_Number f = fltvalue(key);
      if (f != f) vm_debug_runerror(L, "table index is NaN");
      if (floor(f) == f && f >= (lua_Number)LUA_MININTEGER && f < -(lua_Number)LUA_MININTEGER) {
        setivalue(&k, (lua_Integer)f);
        key = &k;
      }
      break;
    }
    default: break;
  }
  insertkey(L, t, key, val);
}

void vm_tab_set(lua_State *L, Table *t, const Value *key, const Value *val) {
  const Value *slot = vm_tab_get(t, key);
  if (isabstkey(slot)) {
    vm_tab_newkey(L, t, key, val);
  } else {
    vm_tab_setslot(L, t, slot, val);
    t->flags &= (uint8_t)~0x3Fu;   /* a present key without a value may get one */
  }
}

void vm_tab_setint(lua_State *L, Table *t, lua_Integer key, const Value *val) {
  const Value *slot = vm_tab_getint(t, key);
  if (!isabstkey(slot)) {
    vm_tab_setslot(L, t, slot, val);
  } else {
    Value k;
    keychange(L, t);
    setivalue(&k, key);
    insertkey(L, t, &k, val);
  }
  t->flags &= (uint8_t)~0x3Fu;
}

void vm_tab_setslot(lua_State *L, Table *t, const Value *slot, const Value *val) {
  /* A watched table's key appears or disappears, or its __index changes: */
  if (l_unlikely(t->guards) &&
      ((t->guards & TAB_READONLY) || isempty(slot) || ttisnil(val) ||
       slot == vm_tab_getshortstr(t, G(L)->tmname[TM_INDEX])))
    guarded(L, t);
  if (t->weakmode && !isdummy(t) && slot >= gval(t->node) && slot < gval(t->node + sizenode(t))) {
    storenode(L, t, (Node *)slot, val);  /* i_val is the node's first member */
    return;
  }
  setobj(L, (Value *)slot, val);
}

/* ---- length --------------------------------------------------------------------------- */

static lua_Unsigned hashborder(Table *t, lua_Unsigned j) {
  lua_Unsigned i;
  if (j == 0) j++;
  do {
    i = j;
    if (j <= l_castS2U(LUA_MAXINTEGER) / 2) {
      j *= 2;
    } else {
      j = LUA_MAXINTEGER;
      if (isempty(vm_tab_getint(t, (lua_Integer)j))) break;
      return j;
    }
  } while (!isempty(vm_tab_getint(t, (lua_Integer)j)));
  while (j - i > 1u) {             /* t[i] present, t[j] absent */
    lua_Unsigned m = (i + j) / 2;
    if (isempty(vm_tab_getint(t, (lua_Integer)m))) j = m;
    else i = m;
  }
  return i;
}

/* The border search; *hint is a border found earlier (any value: it is checked) and gets
 * the one found when it lies in the array part. */
static lua_Unsigned getn(Table *t, unsigned int *hint) {
  unsigned int limit = t->asize;
  if (limit > 0 && isempty(&t->array[limit - 1])) {
    /* A border lies inside the array part: below limit, since array[limit - 1] is empty. */
    unsigned int i = 0, j = limit, h = *hint;
    if (limit >= 2 && !isempty(&t->array[limit - 2])) return limit - 1;
    /* The border found last, or one beside it: a sequence grown (t[#t + 1] = v) or shrunk
     * (t[#t] = nil) by one since, without a binary search each time. */
    if (h < limit) {
      if (h == 0 || !isempty(&t->array[h - 1])) {
        if (isempty(&t->array[h])) return h;
        if (isempty(&t->array[h + 1])) return *hint = h + 1;  /* h + 1 < limit */
      } else if (h == 1 || !isempty(&t->array[h - 2])) {
        return *hint = h - 1;
      }
    }
    while (j - i > 1u) {
      unsigned int m = (i + j) / 2;
      if (isempty(&t->array[m - 1])) j = m;
      else i = m;
    }
    return *hint = i;
  }
  if (isdummy(t) || isempty(vm_tab_getint(t, (lua_Integer)limit + 1))) return limit;
  return hashborder(t, limit);
}

lua_Unsigned vm_tab_getn(Table *t) {
  unsigned int hint = 0;
  return getn(t, &hint);
}

lua_Unsigned vm_tab_len(lua_State *L, Table *t) {
  GlobalState *g = G(L);
  unsigned int hint = g->lentable == ~(uintptr_t)t ? g->lenhint : 0;
  lua_Unsigned n = getn(t, &hint);
  g->lentable = ~(uintptr_t)t;
  g->lenhint = hint;
  return n;
}

/* ---- traversal ------------------------------------------------------------------------ */

Node *vm_tab_findnode(const Table *t, const Value *key) {
  return findnode(t, key);
}

int vm_tab_trynext(lua_State *L, Table *t, StkId key) {
  return vm_tab_nextstep(t, s2v(key), &G(L)->nexthint, s2v(key), s2v(key + 1));
}

int vm_tab_next(lua_State *L, Table *t, StkId key) {
  int more = vm_tab_trynext(L, t, key);
  if (l_unlikely(more < 0)) vm_debug_runerror(L, "invalid key to 'next'");
  return more;
}

/* ---- weak mode ------------------------------------------------------------------------ */

void vm_tab_setweakmode(lua_State *L, Table *t, int mode) {
  Table old, nt;
  unsigned int nh = 0, j;
  int i;
  mode &= TAB_WEAK_KEYS | TAB_WEAK_VALUES;
  if (mode == t->weakmode) return;  /* the usual case (every setmetatable): before any copy */
  old = nt = *t;
  if (mode == TAB_WEAK_KEYS) {   /* the cells first: reinsertion below must not allocate */
    for (i = 0; i < (isdummy(t) ? 0 : sizenode(t)); i++) {
      Node *n = gnode(t, i);
      EphCell **l = nodefree(n) ? NULL : ephlist(keytt(n), keyval(n).gc);
      if (l != NULL && iscollectable(gval(n))) ephset(L, t, l, gcvalue(gval(n)));
    }
  }
  /* Rebuild the parts under the new storage discipline: count the entries, build the new
   * hash part aside (an error leaves t intact), then reinsert everything. */
  for (i = 0; i < (isdummy(t) ? 0 : sizenode(t)); i++)
    if (!nodefree(gnode(t, i))) nh++;
  if (mode & TAB_WEAK_VALUES)     /* the array part moves to the hash part */
    for (j = 0; j < t->asize; j++)
      if (!isempty(&t->array[j])) nh++;
  nt.weakmode = (uint8_t)mode;
  setnodevector(L, &nt, nh);
  t->weakmode = (uint8_t)mode;
  t->node = nt.node;
  t->lastfree = nt.lastfree;
  t->lsizenode = nt.lsizenode;
  if (mode & TAB_WEAK_VALUES) {
    t->array = NULL;
    t->asize = 0;
    reinsertarray(L, t, old.array, 0, old.asize);
  }
  reinsertnodes(L, t, &old);
  /* The replaced parts are emptied as vm_tab_resize empties them: nothing refers to them any
   * more, but parts in t's own block (vm_tab_newsized) would keep their values alive. */
  if (!isdummy(&old) && !old.weakmode) memset(old.node, 0, (size_t)sizenode(&old) * sizeof(Node));
  if (t->array != old.array && old.asize > 0) memset(old.array, 0, old.asize * sizeof(Value));
}
