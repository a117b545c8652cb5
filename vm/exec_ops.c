/* The slow paths the interpreter shares with the C API: arithmetic with metamethod
 * fallback, number comparisons across integer/float, equality, ordering, concatenation,
 * length and indexing through __index/__newindex chains. Kept out of vm/exec.c so the
 * interpreter loop stays readable and a JIT can call these directly. */
#include <math.h>
#include <string.h>

#include "vm/debug.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/tm.h"

/* Bound on __index/__newindex chains, so a loop of tables ends with an error. */
#define MAXTAGLOOP 2000

#define intop(op, a, b) l_castU2S(l_castS2U(a) op l_castS2U(b))

/* ------------------------------------------------------------------------------------------
 * Integer and float arithmetic with Lua's rules.
 */

lua_Integer vm_idiv(lua_State *L, lua_Integer m, lua_Integer n) {
  if (l_unlikely(l_castS2U(n) + 1u <= 1u)) {  /* n is 0 or -1 */
    if (n == 0) vm_debug_runerror(L, "attempt to divide by zero");
    return intop(-, 0, m);  /* m // -1 without overflow on mininteger */
  }
  return vm_idivcore(m, n);
}

lua_Integer vm_mod(lua_State *L, lua_Integer m, lua_Integer n) {
  if (l_unlikely(l_castS2U(n) + 1u <= 1u)) {
    if (n == 0) vm_debug_runerror(L, "attempt to perform 'n%%0'");
    return 0;  /* m % -1 == 0, avoiding overflow on mininteger */
  }
  return vm_modcore(m, n);
}

lua_Number vm_modf(lua_State *L, lua_Number m, lua_Number n) {
  (void)L;
  return vm_modfcore(m, n);
}

/* lua_arith: raw arithmetic (vm/number.c) or the metamethod. vm_rawarith declines integer
 * division and modulo by zero, which must raise here. */
void vm_arith(lua_State *L, int op, const Value *a, const Value *b, StkId res) {
  Value r;
  if (vm_rawarith(L, op, a, b, &r)) {
    setobj2s(L, res, &r);
  } else if ((op == LUA_OPIDIV || op == LUA_OPMOD) && ttisinteger(a) && ttisinteger(b)) {
    lua_Integer q = (op == LUA_OPIDIV) ? vm_idiv(L, ivalue(a), ivalue(b)) : vm_mod(L, ivalue(a), ivalue(b));
    setivalue(s2v(res), q);
  } else {
    vm_tm_trybin(L, a, b, res, (TMS)((op - LUA_OPADD) + TM_ADD));
  }
}

/* ------------------------------------------------------------------------------------------
 * Comparisons. Integers and floats compare by mathematical value: an integer that a double
 * cannot hold exactly is compared against the float rounded toward the right side.
 */

/* True if i converts to a double exactly (|i| <= 2^53). */
#define intfitsf(i) ((l_castS2U(i) + (1ull << 53)) <= (2ull << 53))

static int LTintfloat(lua_Integer i, lua_Number f) {
  if (intfitsf(i)) return cast_num(i) < f;
  lua_Integer fi;
  if (vm_flttointns(f, &fi, F2Iceil)) return i < fi;
  return f > 0;  /* f is out of integer range (or NaN: false) */
}

static int LEintfloat(lua_Integer i, lua_Number f) {
  if (intfitsf(i)) return cast_num(i) <= f;
  lua_Integer fi;
  if (vm_flttointns(f, &fi, F2Ifloor)) return i <= fi;
  return f > 0;
}

static int LTfloatint(lua_Number f, lua_Integer i) {
  if (intfitsf(i)) return f < cast_num(i);
  lua_Integer fi;
  if (vm_flttointns(f, &fi, F2Ifloor)) return fi < i;
  return f < 0;
}

static int LEfloatint(lua_Number f, lua_Integer i) {
  if (intfitsf(i)) return f <= cast_num(i);
  lua_Integer fi;
  if (vm_flttointns(f, &fi, F2Iceil)) return fi <= i;
  return f < 0;
}

int vm_LTnum(const Value *l, const Value *r) {
  if (ttisinteger(l)) {
    lua_Integer li = ivalue(l);
    if (ttisinteger(r)) return li < ivalue(r);
    return LTintfloat(li, fltvalue(r));
  }
  lua_Number lf = fltvalue(l);
  if (ttisfloat(r)) return lf < fltvalue(r);
  return LTfloatint(lf, ivalue(r));
}

int vm_LEnum(const Value *l, const Value *r) {
  if (ttisinteger(l)) {
    lua_Integer li = ivalue(l);
    if (ttisinteger(r)) return li <= ivalue(r);
    return LEintfloat(li, fltvalue(r));
  }
  lua_Number lf = fltvalue(l);
  if (ttisfloat(r)) return lf <= fltvalue(r);
  return LEfloatint(lf, ivalue(r));
}

int vm_lessthanothers(lua_State *L, const Value *l, const Value *r) {
  if (ttisstring(l) && ttisstring(r)) return vm_str_cmp(tsvalue(l), tsvalue(r)) < 0;
  return vm_tm_callorder(L, l, r, TM_LT);
}

int vm_lessequalothers(lua_State *L, const Value *l, const Value *r) {
  if (ttisstring(l) && ttisstring(r)) return vm_str_cmp(tsvalue(l), tsvalue(r)) <= 0;
  return vm_tm_callorder(L, l, r, TM_LE);
}

int vm_lessthan(lua_State *L, const Value *l, const Value *r) {
  if (ttisnumber(l) && ttisnumber(r)) return vm_LTnum(l, r);
  return vm_lessthanothers(L, l, r);
}

int vm_lessequal(lua_State *L, const Value *l, const Value *r) {
  if (ttisnumber(l) && ttisnumber(r)) return vm_LEnum(l, r);
  return vm_lessequalothers(L, l, r);
}

/* Equality; with L == NULL it is raw (no __eq). */
int vm_equalobj(lua_State *L, const Value *t1, const Value *t2) {
  const Value *tm;
  if (rawtt(t1) != rawtt(t2)) {
    if (ttype(t1) != ttype(t2) || ttype(t1) != LUA_TNUMBER) return 0;
    lua_Integer i1, i2;  /* an integer and a float: equal only if the float is integral */
    return vm_tointegerns(t1, &i1, F2Ieq) && vm_tointegerns(t2, &i2, F2Ieq) && i1 == i2;
  }
  switch (rawtt(t1)) {
    case VT_NIL: case VT_FALSE: case VT_TRUE: return 1;
    case VT_NUMINT: return ivalue(t1) == ivalue(t2);
    case VT_NUMFLT: return fltvalue(t1) == fltvalue(t2);
    case VT_LIGHTUD: return pvalue(t1) == pvalue(t2);
    case VT_LCF: return fvalue(t1) == fvalue(t2);
    case VT_SHRSTR: return eqshrstr(tsvalue(t1), tsvalue(t2));
    case VT_LNGSTR: return vm_str_eqlng(tsvalue(t1), tsvalue(t2));
    case VT_USERDATA:
      if (uvalue(t1) == uvalue(t2)) return 1;
      if (L == NULL) return 0;
      tm = fasttm(L, uvalue(t1)->metatable, TM_EQ);
      if (tm == NULL) tm = fasttm(L, uvalue(t2)->metatable, TM_EQ);
      break;
    case VT_TABLE:
      if (hvalue(t1) == hvalue(t2)) return 1;
      if (L == NULL) return 0;
      tm = fasttm(L, hvalue(t1)->metatable, TM_EQ);
      if (tm == NULL) tm = fasttm(L, hvalue(t2)->metatable, TM_EQ);
      break;
    default:
      return gcvalue(t1) == gcvalue(t2);
  }
  if (tm == NULL) return 0;
  vm_tm_callres(L, tm, t1, t2, L->top);
  return !l_isfalse(s2v(L->top));
}

/* ------------------------------------------------------------------------------------------
 * Concatenation and length.
 */

static int tostr(lua_State *L, Value *o) {
  if (ttisstring(o)) return 1;
  if (!ttisnumber(o)) return 0;
  vm_tostring(L, o);
  return 1;
}

#define isemptystr(o) (ttisshrstring(o) && tsvalue(o)->len == 0)
#define isstrnum(o) (ttisstring(o) || ttisnumber(o))

/* Numbers in a run are formatted here instead of becoming strings of their own (5.4 interns
 * each one); a run with more numbers than fit converts the rest in place. */
typedef struct NumText {
  char buf[8 * VM_MAXNUMBER2STR];
  unsigned char len[8];
  int n, used;
} NumText;

/* Copies the n values below top, bottom first; numbers take their text from nt in reverse
 * order of formatting (the gathering loop walked down from top). */
static void copy2buff(StkId top, int n, char *buff, const NumText *nt) {
  size_t tl = 0;
  int k = nt->n, off = nt->used;
  do {
    const Value *o = s2v(top - n);
    if (ttisstring(o)) {
      TString *ts = tsvalue(o);
      memcpy(buff + tl, getstr(ts), tsslen(ts));
      tl += tsslen(ts);
    } else {
      k--;
      off -= nt->len[k];
      memcpy(buff + tl, nt->buf + off, nt->len[k]);
      tl += nt->len[k];
    }
  } while (--n > 0);
}

/* Length of the string form of the string or number o; numbers are formatted into nt while
 * it has room, else converted in place. */
static size_t piecelen(lua_State *L, Value *o, NumText *nt) {
  if (ttisnumber(o)) {
    if (nt->n < 8 && nt->used + VM_MAXNUMBER2STR <= (int)sizeof(nt->buf)) {
      int l = vm_num2str(o, nt->buf + nt->used);
      nt->len[nt->n++] = (unsigned char)l;
      nt->used += l;
      return (size_t)l;
    }
    vm_tostring(L, o);
  }
  return vslen(o);
}

/* Concatenates the `total` values at the top, right to left in runs of strings/numbers,
 * using __concat for anything else; the result replaces them. A run builds one buffer. */
void vm_concat(lua_State *L, int total) {
  if (total == 1) return;
  do {
    StkId top = L->top;
    int n = 2;
    if (!isstrnum(s2v(top - 2)) || !isstrnum(s2v(top - 1))) {
      vm_tm_tryconcat(L);
    } else if (isemptystr(s2v(top - 1))) {
      tostr(L, s2v(top - 2));  /* result is the first operand, as a string */
    } else if (isemptystr(s2v(top - 2))) {
      tostr(L, s2v(top - 1));
      setobjs2s(L, top - 2, top - 1);
    } else {
      NumText nt;
      size_t tl;
      nt.n = nt.used = 0;
      tl = piecelen(L, s2v(top - 1), &nt);
      for (n = 1; n < total && isstrnum(s2v(top - n - 1)); n++) {
        size_t l = piecelen(L, s2v(top - n - 1), &nt);
        if (l_unlikely(l >= ((size_t)INT64_MAX) - tl)) {
          L->top = top - total;
          vm_debug_runerror(L, "string length overflow");
        }
        tl += l;
      }
      TString *ts;
      if (tl <= VM_MAXSHORTLEN) {  /* short results must be interned */
        char buff[VM_MAXSHORTLEN];
        copy2buff(top, n, buff, &nt);
        ts = vm_str_new(L, buff, tl);
      } else {
        ts = vm_str_newlong(L, tl);
        copy2buff(top, n, getstr(ts), &nt);
      }
      setsvalue(L, s2v(top - n), ts);
    }
    total -= n - 1;
    L->top -= n - 1;
  } while (total > 1);
}

void vm_objlen(lua_State *L, StkId ra, const Value *rb) {
  const Value *tm;
  switch (rawtt(rb)) {
    case VT_TABLE: {
      Table *h = hvalue(rb);
      tm = fasttm(L, h->metatable, TM_LEN);
      if (tm != NULL) break;
      setivalue(s2v(ra), l_castU2S(vm_tab_len(L, h)));
      return;
    }
    case VT_SHRSTR:
    case VT_LNGSTR:
      setivalue(s2v(ra), (lua_Integer)vslen(rb));
      return;
    default:
      tm = vm_tm_getbyobj(L, rb, TM_LEN);
      if (l_unlikely(ttisnil(tm))) vm_debug_typeerror(L, rb, "get length of");
      break;
  }
  vm_tm_callres(L, tm, rb, rb, ra);
}

/* ------------------------------------------------------------------------------------------
 * Indexing.
 */

/* Raw lookup when t is a table: returns the slot (maybe empty), or NULL if t is not one. */
static const Value *rawslot(const Value *t, const Value *key) {
  if (!ttistable(t)) return NULL;
  if (ttisshrstring(key)) return vm_tab_getshortstr(hvalue(t), tsvalue(key));  /* fields, methods */
  return vm_tab_get(hvalue(t), key);
}

/* The index cache (GlobalState.idxcache): a lookup of short-string key k that missed in a
 * value whose metatable is mt, and went through tables only (each `__index` a table, no
 * function), ends at the same slot, or at nil, as long as no table of that
 * chain changed a key, its parts, its `__index` or its metatable. Every table of the chain
 * is marked TAB_WATCHED, so vm/tab.c moves vm_idxepoch on for each such change (and vm/gc.c
 * at each collection); an entry holds the epoch it was filled at. A hit costs one probe of
 * the value itself (in the interpreter, before the call) and the entry's compares. */
static const Value idxnil = {{0}, VT_NIL};  /* the cached answer "not found" */

/* The first fill of a state's cache allocates it (unscanned: its pointers are hidden), and
 * returns the entry for (mt, key); NULL, and no caching, if memory is short. */
static IdxCacheEntry *idxalloc(lua_State *L, const Table *mt, const TString *key) {
  IdxCacheEntry *c = gc_alloc_atomic(NULL, VM_IDXCACHE * sizeof(IdxCacheEntry));
  if (c == NULL) return NULL;
  memset(c, 0, VM_IDXCACHE * sizeof(IdxCacheEntry));
  G(L)->idxcache = c;
  return vm_idxentry(L, mt, key);
}

/* Table h joins the chain of the entry being filled: watched from now on. (Weak tables may
 * join: the collector clears their entries only during a collection, which voids every
 * entry.) */
static void idxwatch(const IdxCacheEntry *e, Table *h) {
  if (e != NULL && h != NULL) h->guards |= TAB_WATCHED;
}

static void idxfill(IdxCacheEntry *e, const Table *mt, const TString *key, const Value *slot,
                    uint64_t epoch) {
  e->mt = vm_idxhide(mt);
  e->key = vm_idxhide(key);
  e->slot = vm_idxhide(slot);
  e->epoch = epoch;
}

/* A metamethod that is a Lua function, for the interpreter to enter inline (inl, from
 * vm_finishget_lua / vm_finishset_lua) when its frame fits above L->top and one more nested
 * C call is allowed (as OP_TFORCALL enters an iterator): f and the n arguments are pushed at
 * L->top, and their position returned. NULL: not so, the caller calls it through vm_call. */
static StkId pushmmcall(lua_State *L, int inl, const Value *f, const Value *p1,
                        const Value *p2, const Value *p3) {
  StkId func = L->top;
  if (!inl || !ttisLclosure(f) || L->ci->next == NULL ||
      func + 1 + clLvalue(f)->p->maxstacksize >= L->stack_last ||
      getCcalls(L) >= LUAI_MAXCCALLS - 1)
    return NULL;
  setobj2s(L, func, f);
  setobj2s(L, func + 1, p1);
  setobj2s(L, func + 2, p2);
  if (p3 != NULL) setobj2s(L, func + 3, p3);
  L->top = func + (p3 != NULL ? 4 : 3);
  return func;
}

StkId vm_trybin_lua(lua_State *L, const Value *p1, const Value *p2, StkId res, TMS event) {
  const Value *tm = vm_tm_getbyobj(L, p1, event);
  if (ttisnil(tm)) tm = vm_tm_getbyobj(L, p2, event);
  StkId func = pushmmcall(L, 1, tm, p1, p2, NULL);
  if (func == NULL) vm_tm_trybin(L, p1, p2, res, event);  /* a C function, or none: the error */
  return func;
}

/* The __index chain of t (slot: t's raw lookup, NULL if t is not a table), filling entry e
 * (for a short-string key whose first metatable is mt0; else NULL) when the walk meets only
 * tables. Returns pushmmcall's answer for a function __index (NULL when it was called). */
static __attribute__((noinline))
StkId finishget_walk(lua_State *L, const Value *t, const Value *key, StkId val, const Value *slot,
                     IdxCacheEntry *e, Table *mt0, uint64_t epoch, int inl) {
  idxwatch(e, mt0);
  for (int loop = 0; loop < MAXTAGLOOP; loop++) {
    const Value *tm;
    if (slot == NULL) {  /* t is not a table */
      tm = vm_tm_getbyobj(L, t, TM_INDEX);
      if (l_unlikely(ttisnil(tm))) vm_debug_typeerror(L, t, "index");
    } else {
      Table *mt = hvalue(t)->metatable;
      if (loop > 0) idxwatch(e, mt);  /* loop 0's is mt0 */
      tm = fasttm(L, mt, TM_INDEX);
      if (tm == NULL) {
        setnilvalue(s2v(val));
        if (e != NULL) idxfill(e, mt0, tsvalue(key), &idxnil, epoch);
        return NULL;
      }
    }
    if (ttisfunction(tm)) {
      StkId func = pushmmcall(L, inl, tm, t, key, NULL);
      if (func == NULL) vm_tm_callres(L, tm, t, key, val);
      return func;
    }
    t = tm;
    if (e != NULL) {
      if (ttistable(t)) idxwatch(e, hvalue(t));
      else e = NULL;  /* a string or userdata __index: its own metatable decides */
    }
    slot = rawslot(t, key);
    if (slot != NULL && !isempty(slot)) {
      setobj2s(L, val, slot);
      if (e != NULL) idxfill(e, mt0, tsvalue(key), slot, epoch);
      return NULL;
    }
  }
  vm_debug_runerror(L, "'__index' chain too long; possible loop");
}

static inline __attribute__((always_inline))
StkId finishget(lua_State *L, const Value *t, const Value *key, StkId val, const Value *slot,
                int inl) {
  if (slot != NULL && hvalue(t)->metatable == NULL) {  /* absent from a plain table */
    setnilvalue(s2v(val));
    return NULL;
  }
  if (ttisshrstring(key)) {
    Table *mt0 = slot != NULL ? hvalue(t)->metatable : vm_tm_getmetatable(L, t);
    if (mt0 != NULL) {
      uint64_t epoch = vm_idxepoch;  /* read before the walk: a change during it voids the entry */
      IdxCacheEntry *e = vm_idxentry(L, mt0, tsvalue(key));
      if (e->mt == vm_idxhide(mt0) && e->key == vm_idxhide(tsvalue(key)) && e->epoch == epoch) {
        setobj2s(L, val, (const Value *)vm_idxhide(e->slot));
        return NULL;
      }
      const Value *tm;
      if (slot != NULL && (tm = fasttm(L, mt0, TM_INDEX)) != NULL && ttisfunction(tm)) {
        StkId func = pushmmcall(L, inl, tm, t, key, NULL);  /* nothing to cache */
        if (func == NULL) vm_tm_callres(L, tm, t, key, val);
        return func;
      }
      if (l_unlikely(G(L)->idxcache == vm_idxnone)) e = idxalloc(L, mt0, tsvalue(key));
      return finishget_walk(L, t, key, val, slot, e, mt0, epoch, inl);
    }
  }
  return finishget_walk(L, t, key, val, slot, NULL, NULL, 0, inl);
}

void vm_finishget(lua_State *L, const Value *t, const Value *key, StkId val, const Value *slot) {
  finishget(L, t, key, val, slot, 0);
}

StkId vm_finishget_lua(lua_State *L, const Value *t, const Value *key, StkId val,
                       const Value *slot) {
  return finishget(L, t, key, val, slot, 1);
}

static inline __attribute__((always_inline))
StkId finishset(lua_State *L, const Value *t, const Value *key, const Value *val, const Value *slot,
                int inl) {
  for (int loop = 0; loop < MAXTAGLOOP; loop++) {
    const Value *tm;
    if (slot != NULL) {
      Table *h = hvalue(t);
      tm = fasttm(L, h->metatable, TM_NEWINDEX);
      if (tm == NULL) {  /* a raw store */
        if (!isabstkey(slot))
          vm_tab_setslot(L, h, slot, val);
        else if (!ttisshrstring(key) || !vm_tab_addshortstr(h, tsvalue(key), val))
          vm_tab_newkey(L, h, key, val);  /* else a new field took a free main position */
        invalidateTMcache(h);
        gc_barrier(L, h, val);
        return NULL;
      }
    } else {
      tm = vm_tm_getbyobj(L, t, TM_NEWINDEX);
      if (l_unlikely(ttisnil(tm))) vm_debug_typeerror(L, t, "index");
    }
    if (ttisfunction(tm)) {
      StkId func = pushmmcall(L, inl, tm, t, key, val);
      if (func == NULL) vm_tm_call(L, tm, t, key, val);
      return func;
    }
    t = tm;
    slot = rawslot(t, key);
    if (slot != NULL && !isempty(slot)) {
      vm_tab_setslot(L, hvalue(t), slot, val);
      return NULL;
    }
  }
  vm_debug_runerror(L, "'__newindex' chain too long; possible loop");
}

void vm_finishset(lua_State *L, const Value *t, const Value *key, const Value *val, const Value *slot) {
  finishset(L, t, key, val, slot, 0);
}

StkId vm_finishset_lua(lua_State *L, const Value *t, const Value *key, const Value *val,
                       const Value *slot) {
  return finishset(L, t, key, val, slot, 1);
}

void vm_gettable(lua_State *L, const Value *t, const Value *key, StkId val) {
  const Value *slot = rawslot(t, key);
  if (slot != NULL && !isempty(slot))
    setobj2s(L, val, slot);
  else
    vm_finishget(L, t, key, val, slot);
}

void vm_settable(lua_State *L, const Value *t, const Value *key, const Value *val) {
  const Value *slot = rawslot(t, key);
  if (slot != NULL && !isempty(slot))
    vm_tab_setslot(L, hvalue(t), slot, val);
  else
    vm_finishset(L, t, key, val, slot);
}
