/* Tables: array and hash parts, raw get/set, length border, traversal (vm/tab.c).
 * Lookups return a pointer to the value slot or to an absent-key sentinel (isabstkey). */
#ifndef VM_TAB_H
#define VM_TAB_H

#include "vm/core.h"

extern const Value vm_absentkey;

/* The index cache's epoch (GlobalState.idxcache): moved on by every store that could change
 * where a lookup through a TAB_WATCHED table ends (a key added or removed, a resize, a new
 * `__index` value, metatable or weak mode) and by every collection (a cached pointer must
 * never outlive its object). Shared by all states: any of them may move it. */
extern _Atomic uint64_t vm_idxepoch;
#define vm_idxbump() ((void)vm_idxepoch++)
#define vm_idxhide(p) (~(uintptr_t)(p))
/* The cache of a state that never filled one: every entry empty, never written. */
extern IdxCacheEntry vm_idxnone[VM_IDXCACHE];
static inline IdxCacheEntry *vm_idxentry(lua_State *L, const Table *mt, const TString *key) {
  return &G(L)->idxcache[(((uintptr_t)mt >> 4) ^ key->hash) & (VM_IDXCACHE - 1)];
}
/* The cached answer for short-string key missing from a value whose metatable is mt (a slot
 * of a table, or a nil), or NULL when the cache does not know it (vm_finishget then walks). */
static inline const Value *vm_idxlookup(lua_State *L, const Table *mt, const TString *key) {
  const IdxCacheEntry *e = vm_idxentry(L, mt, key);
  if (e->mt == vm_idxhide(mt) && e->key == vm_idxhide(key) && e->epoch == vm_idxepoch)
    return (const Value *)vm_idxhide(e->slot);
  return NULL;
}

Table *vm_tab_new(lua_State *L);
/* A table with room for nasize array slots and nhsize hash entries (OP_NEWTABLE's sizes). */
Table *vm_tab_newsized(lua_State *L, unsigned int nasize, unsigned int nhsize);
/* Resizes to nasize array slots and room for nhsize hash entries. */
void vm_tab_resize(lua_State *L, Table *t, unsigned int nasize, unsigned int nhsize);
void vm_tab_resizearray(lua_State *L, Table *t, unsigned int nasize);

const Value *vm_tab_get(Table *t, const Value *key);
const Value *vm_tab_getint(Table *t, lua_Integer key);
/* The value of node n, whose key matched: a weak value the collector cleared reads as absent. */
static inline const Value *vm_tab_nodeval(Node *n) {
  const Value *v = gval(n);
  return (iscollectable(v) && gcvalue(v) == NULL) ? &vm_absentkey : v;
}
/* The main position of short string key: an unsigned index, so no sign extension. */
#define vm_tab_mainstr(t, key) gnode(t, (key)->hash & (unsigned int)(sizenode(t) - 1))
/* The rest of a short-string lookup: the node of key in the chain after node n, which holds
 * another key, or NULL. */
Node *vm_tab_shortstr_chain(Node *n, TString *key);
/* Field access by short string is the interpreter's hottest table path: the main-position
 * probe and the first node of its chain (where a key displaced by one collision sits) are
 * inline, and so is the miss at a main position that starts no chain (a method looked up in
 * an instance first, a global missing from _ENV), so a lookup usually costs no call; longer
 * chains are walked out of line, which keeps the interpreter loop small. The node holding
 * key, or NULL. */
static inline Node *vm_tab_findshortstr(Table *t, TString *key) {
  Node *n = vm_tab_mainstr(t, key);
  if (keytt(n) == VT_SHRSTR && keyval(n).gc == (GCObject *)key) return n;
  if (gnext(n) == 0) return NULL;
  n += gnext(n);
  if (keytt(n) == VT_SHRSTR && keyval(n).gc == (GCObject *)key) return n;
  return vm_tab_shortstr_chain(n, key);
}
static inline const Value *vm_tab_getshortstr(Table *t, TString *key) {
  Node *n = vm_tab_findshortstr(t, key);
  return n != NULL ? vm_tab_nodeval(n) : &vm_absentkey;
}
/* vm_tab_getshortstr for a read of the value only (the interpreter's field reads): the value
 * when present, else NULL (absent, nil, or a weak value the collector cleared): a hit is
 * tested once, not as a slot and then as a value. */
static inline const Value *vm_tab_getshortstr_live(Table *t, TString *key) {
  Node *n = vm_tab_findshortstr(t, key);
  if (n == NULL) return NULL;
  const Value *v = gval(n);
  if (l_unlikely(iscollectable(v))) return gcvalue(v) != NULL ? v : NULL;
  return isempty(v) ? NULL : v;
}
/* vm_tab_getshortstr for a store into a table that is not weak (no value can have been
 * cleared): the slot as it is, else the absent-key sentinel. */
static inline const Value *vm_tab_getshortstr_raw(Table *t, TString *key) {
  Node *n = vm_tab_findshortstr(t, key);
  return n != NULL ? gval(n) : &vm_absentkey;
}
const Value *vm_tab_getstr(Table *t, TString *key);

/* The shared empty hash part of tables without one (never written). */
extern Node vm_tab_dummynode;
#define vm_tab_isdummy(t) ((t)->node == &vm_tab_dummynode)
/* The short way of a new field (a constructor or an object filling its fields, through
 * vm_finishset): a short-string key that a lookup just found absent goes into its main
 * position when that node was never used, as insertkey would put it there. Returns 0, storing
 * nothing, whenever insertkey might do anything else (a collision, no hash part, a nil value,
 * weak, read-only or watched tables); the caller then takes the generic path (vm_tab_newkey). */
static inline int vm_tab_addshortstr(Table *t, TString *key, const Value *val) {
  Node *n = vm_tab_mainstr(t, key);
  if (keytt(n) != VT_NIL || vm_tab_isdummy(t) || ttisnil(val) || t->weakmode || t->guards)
    return 0;
  keytt(n) = VT_SHRSTR;
  keyval(n).gc = (GCObject *)key;
  setobj(NULL, gval(n), val);
  t->flags &= (uint8_t)~0x3Fu;  /* the table may now hold a metamethod */
  return 1;
}

/* Raw assignment; creates the key when absent. Raises "index is nil" / "index is NaN".
 * Float keys with an integer value are normalised to integers. */
void vm_tab_set(lua_State *L, Table *t, const Value *key, const Value *val);
void vm_tab_setint(lua_State *L, Table *t, lua_Integer key, const Value *val);
/* vm_tab_set for a key that a lookup in t just found absent (the lookup returned the
 * absent-key sentinel): the same checks and normalisation, without looking it up again. */
void vm_tab_newkey(lua_State *L, Table *t, const Value *key, const Value *val);
/* Stores val into a slot returned by a vm_tab_get* call on the same table when the slot is
 * present (not absent): a plain store for ordinary tables, link bookkeeping for weak ones.
 * The interpreter's fast paths use this so weak tables stay correct. */
void vm_tab_setslot(lua_State *L, Table *t, const Value *slot, const Value *val);

/* Border for the length operator (# without __len). */
lua_Unsigned vm_tab_getn(Table *t);
/* vm_tab_getn for the length operator: starts from the border it found last (one table's,
 * kept in the global state), so `t[#t + 1] = v` in a loop costs no binary search. */
lua_Unsigned vm_tab_len(lua_State *L, Table *t);
/* Traversal for next(): key at *key is replaced by the next key and value stored at key+1;
 * returns 0 at the end. Raises "invalid key to 'next'" for a key not in the table. */
int vm_tab_next(lua_State *L, Table *t, StkId key);
/* vm_tab_next without the error: -1 (nothing stored) for a key not in the table. The hash
 * node it returned last is its guess where the next call's key is (GlobalState.nexthint). */
int vm_tab_trynext(lua_State *L, Table *t, StkId key);

/* A weak reference the collector cleared leaves its tag with a NULL payload. */
#define vm_tab_isdeadref(tt, p) (((tt) & BIT_COLLECTABLE) && (p) == NULL)
#define vm_tab_keydead(n) vm_tab_isdeadref(keytt(n), keyval(n).gc)
#define vm_tab_valdead(o) vm_tab_isdeadref(rawtt(o), (o)->v.gc)
/* A node holds no entry: no value, or one side of a weak entry was collected. */
#define vm_tab_nodefree(n) (isempty(gval(n)) || vm_tab_valdead(gval(n)) || vm_tab_keydead(n))
/* The node of key in t's hash part (a node whose value was cleared too), or NULL. */
Node *vm_tab_findnode(const Table *t, const Value *key);

/* One traversal step (vm_tab_trynext, and for-in loops over next inline: vm_tab_fornext):
 * the entry after key (nil: the first), in the order array part, then hash nodes, its key
 * and value stored at rk and rv. Returns 1, 0 past the last entry, -1 for a key not in the
 * table. *hint is the node where the key probably is (the one the last step returned),
 * checked before the lookup: the same tag and payload bits are the same key (floats are
 * never 0 nor NaN as keys; a long string that is another object with the same contents
 * takes the lookup); it gets the node returned. A float key is looked up as it is, never
 * converted: lua5.4 raises "invalid key to 'next'" for next(t, 1.0), since the table stores
 * that key as the integer 1. */
static inline __attribute__((always_inline)) int vm_tab_nextstep(Table *t, const Value *key,
                                                                 unsigned int *hint, Value *rk,
                                                                 Value *rv) {
  unsigned int i;
  Node *n, *end;
  if (ttisinteger(key) && l_castS2U(ivalue(key)) - 1u < t->asize) {
    i = (unsigned int)ivalue(key);
  } else if (ttisnil(key)) {
    i = 0;
  } else {
    if (vm_tab_isdummy(t)) return -1;
    n = gnode(t, *hint & (unsigned int)(sizenode(t) - 1));
    if (keytt(n) != rawtt(key) || keyval(n).p != key->v.p) {
      if ((n = vm_tab_findnode(t, key)) == NULL) return -1;
    }
    n++;
    goto hashpart;
  }
  for (; i < t->asize; i++) {
    if (!isempty(&t->array[i])) {
      setivalue(rk, (lua_Integer)i + 1);
      setobj(NULL, rv, &t->array[i]);
      return 1;
    }
  }
  if (vm_tab_isdummy(t)) return 0;
  n = t->node;
hashpart:
  end = gnode(t, sizenode(t));
  if (!t->weakmode) {  /* no collected side: a free node is an empty value */
    while (n < end && isempty(gval(n))) n++;
  } else {
    while (n < end && vm_tab_nodefree(n)) n++;
  }
  if (n == end) return 0;
  rk->tt = keytt(n);
  rk->v = keyval(n);
  setobj(NULL, rv, gval(n));
  *hint = (unsigned int)(n - t->node);
  return 1;
}

/* vm_tab_trynext for a for-in loop over next (OP_TFORCALL): the key after the control
 * variable's (at ctl) stored at res, its value at res + 1; the guess where the control
 * variable's key is lies in its slot (StackValue.tfor), so nested loops keep theirs. */
static inline __attribute__((always_inline)) int vm_tab_fornext(Table *t, StkId ctl, StkId res) {
  return vm_tab_nextstep(t, s2v(ctl), &ctl->tfor.nexthint, s2v(res), s2v(res + 1));
}

/* Switches the table's storage to weak keys and/or values (TAB_WEAK_* bits) when a
 * metatable with __mode is set. Entries then become disappearing links (see docs/gc.md). */
void vm_tab_setweakmode(lua_State *L, Table *t, int mode);

#endif
