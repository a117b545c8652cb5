/* The table library. Element access goes through lua_geti/lua_seti and lengths through luaL_len,
 * so __index/__newindex/__len are honoured as in 5.4. table.sort is 5.4's quicksort shape
 * (median of three, randomised pivot on bad partitions) and raises "invalid order function for
 * sorting" instead of running off the array when the comparator is inconsistent. */
#include <limits.h>
#include <string.h>
#include <time.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "nacre.h"
#include "vm/apiinline.h"
#include "vm/fastfn.h"

#define TAB_R 1 /* needs __index */
#define TAB_W 2 /* needs __newindex */
#define TAB_L 4 /* needs __len */
#define TAB_RW (TAB_R | TAB_W)

static int has_field(lua_State *L, const char *key, int n) {
  lua_pushstring(L, key);
  return lua_rawget(L, -n) != LUA_TNIL;
}

/* A non-table is accepted when its metatable provides every operation in `what`. */
static void check_tab(lua_State *L, int arg, int what) {
  if (lua_type(L, arg) == LUA_TTABLE) return;
  int n = 1;
  if (lua_getmetatable(L, arg) &&
      (!(what & TAB_R) || has_field(L, "__index", ++n)) &&
      (!(what & TAB_W) || has_field(L, "__newindex", ++n)) &&
      (!(what & TAB_L) || has_field(L, "__len", ++n))) {
    lua_pop(L, n);
  } else {
    luaL_checktype(L, arg, LUA_TTABLE); /* raises the usual error */
  }
}

static lua_Integer aux_getn(lua_State *L, int arg, int what) {
  check_tab(L, arg, what | TAB_L);
  return luaL_len(L, arg);
}

static int tinsert(lua_State *L) {
  lua_Integer pos;
  lua_Integer e = aux_getn(L, 1, TAB_RW);
  e = (lua_Integer)((lua_Unsigned)e + 1u); /* first empty slot */
  switch (lua_gettop(L)) {
  case 2:
    pos = e;
    break;
  case 3: {
    pos = luaL_checkinteger(L, 2);
    /* unsigned trick: 1 <= pos <= e in one comparison */
    luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
    for (lua_Integer i = e; i > pos; i--) {
      lua_geti(L, 1, i - 1);
      lua_seti(L, 1, i);
    }
    break;
  }
  default:
    return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);
  return 0;
}

static int tremove(lua_State *L) {
  lua_Integer size = aux_getn(L, 1, TAB_RW);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size) /* removing at size+1 or from an empty table is allowed */
    /* 5.4.4 (the oracle) blames argument 1 here */
    luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 1, "position out of bounds");
  lua_geti(L, 1, pos);
  for (; pos < size; pos++) {
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos);
  }
  lua_pushnil(L);
  lua_seti(L, 1, pos);
  return 1;
}

static int tmove(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  lua_Integer t = luaL_checkinteger(L, 4);
  int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
  check_tab(L, 1, TAB_R);
  check_tab(L, tt, TAB_W);
  if (e >= f) {
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    lua_Integer n = e - f + 1;
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    /* Copy upwards unless the ranges overlap with the destination after the source. */
    if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
      for (lua_Integer i = 0; i < n; i++) {
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    } else {
      for (lua_Integer i = n - 1; i >= 0; i--) {
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    }
  }
  lua_pushvalue(L, tt);
  return 1;
}

static void add_field(lua_State *L, luaL_Buffer *b, lua_Integer i) {
  lua_geti(L, 1, i);
  if (!lua_isstring(L, -1))
    luaL_error(L, "invalid value (%s) at index %I in table for 'concat'", luaL_typename(L, -1),
               (lua_Integer)i);
  luaL_addvalue(b);
}

/* Elements handled per fuel charge in table.concat. */
#define CONCAT_FUEL_BATCH 1024

/* table.concat of t[i..last] (i <= last) when every element is a string in t's array part,
 * where lua_geti reads raw: the length summed first, then one string made and filled in place
 * (no buffer). Returns 0, having done nothing, when some element is not such a string. */
static int concatarray(lua_State *L, const char *sep, size_t lsep, lua_Integer i,
                       lua_Integer last) {
  const Value *t = vm_api_arg(L, 1);
  if (!ttistable(t) || i < 1 || l_castS2U(last) > hvalue(t)->asize) return 0;
  const Value *a = hvalue(t)->array + (i - 1);
  size_t n = (size_t)(last - i) + 1, total = lsep * (n - 1);
  if (lsep != 0 && total / lsep != n - 1) return 0;  /* overflows: the buffer's error */
  for (size_t k = 0; k < n; k++) {
    if (!ttisstring(&a[k])) return 0;
    total += vslen(&a[k]);
    if (total < vslen(&a[k])) return 0;
  }
  nacre_charge(L, (lua_Integer)(n - 1));  /* what the loop below charges */
  char shortbuf[VM_MAXSHORTLEN];
  TString *ts = total > VM_MAXSHORTLEN ? vm_str_newlong(L, total) : NULL;
  char *p = ts != NULL ? getstr(ts) : shortbuf;
  a = hvalue(t)->array + (i - 1);  /* unchanged: no Lua code ran */
  for (size_t k = 0;; k++) {
    memcpy(p, svalue(&a[k]), vslen(&a[k]));
    p += vslen(&a[k]);
    if (k == n - 1) break;
    memcpy(p, sep, lsep);
    p += lsep;
  }
  if (ts == NULL) {
    lua_pushlstring(L, shortbuf, total);
  } else {
    setsvalue(L, s2v(L->top), ts);
    L->top++;
    gc_checkpoint(L);
  }
  return 1;
}

/* table.concat: one unit of fuel per element, charged in batches. */
static int tconcat(lua_State *L) {
  luaL_Buffer b;
  lua_Integer last = aux_getn(L, 1, TAB_R);
  size_t lsep;
  const char *sep = luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  last = luaL_optinteger(L, 4, last);
  if (i <= last && concatarray(L, sep, lsep, i, last)) return 1;
  luaL_buffinit(L, &b);
  lua_Integer uncharged = 0;
  for (; i < last; i++) {
    add_field(L, &b, i);
    luaL_addlstring(&b, sep, lsep);
    if (++uncharged == CONCAT_FUEL_BATCH) {
      nacre_charge(L, uncharged);
      uncharged = 0;
    }
  }
  nacre_charge(L, uncharged);
  if (i == last) add_field(L, &b, i);
  luaL_pushresult(&b);
  return 1;
}

static int tpack(lua_State *L) {
  int n = lua_gettop(L);
  lua_createtable(L, n, 1);
  lua_insert(L, 1);
  for (int i = n; i >= 1; i--) lua_seti(L, 1, i);
  lua_pushinteger(L, n);
  lua_setfield(L, 1, "n");
  return 1;
}

static int tunpack(lua_State *L) {
  lua_Integer i = luaL_optinteger(L, 2, 1);
  lua_Integer e = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
  if (i > e) return 0;
  lua_Unsigned n = (lua_Unsigned)e - (lua_Unsigned)i;
  if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n)))
    return luaL_error(L, "too many results to unpack");
  for (; i < e; i++) lua_geti(L, 1, i);
  lua_geti(L, 1, e);
  return (int)n;
}

/* ---- sort ---- */

typedef unsigned int IdxT;

/* Partitions smaller than this always use the middle element as pivot. */
#define RANLIMIT 100u

static unsigned int pivot_noise(void) {
  clock_t c = clock();
  time_t t = time(NULL);
  unsigned int buf[(sizeof c + sizeof t) / sizeof(unsigned int) + 1];
  unsigned int rnd = 0;
  memset(buf, 0, sizeof buf);
  memcpy(buf, &c, sizeof c);
  memcpy((char *)buf + sizeof c, &t, sizeof t);
  for (size_t i = 0; i < sizeof buf / sizeof buf[0]; i++) rnd += buf[i];
  return rnd;
}

/* a[i] = top, a[j] = top-1; pops both. */
static void set2(lua_State *L, IdxT i, IdxT j) {
  lua_seti(L, 1, i);
  lua_seti(L, 1, j);
}

/* Is the value at a "less than" the value at b, by the comparator at index 2 or by '<'?
 * hascmp (is there a comparator) is decided once per sort, in tsort. */
static int sort_less(lua_State *L, int hascmp, int a, int b) {
  if (!hascmp) return lua_compare(L, a, b, LUA_OPLT);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, a - 1); /* indices shifted by the pushed function */
  lua_pushvalue(L, b - 2);
  lua_call(L, 2, 1);
  int res = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return res;
}

/* Pivot P is at top and in a[up-1]; a[lo] <= P <= a[up]. Returns P's final index. The scans are
 * bounded: a comparator claiming impossible orders is reported instead of leaving the range. */
static IdxT partition(lua_State *L, int hascmp, IdxT lo, IdxT up) {
  IdxT i = lo;
  IdxT j = up - 1;
  for (;;) {
    while (lua_geti(L, 1, ++i), sort_less(L, hascmp, -1, -2)) {
      if (i == up - 1) luaL_error(L, "invalid order function for sorting");
      lua_pop(L, 1);
    }
    while (lua_geti(L, 1, --j), sort_less(L, hascmp, -3, -1)) {
      if (j < i) luaL_error(L, "invalid order function for sorting");
      lua_pop(L, 1);
    }
    if (j < i) {
      lua_pop(L, 1); /* a[j] */
      set2(L, up - 1, i);
      return i;
    }
    set2(L, i, j);
  }
}

static IdxT choose_pivot(IdxT lo, IdxT up, unsigned int rnd) {
  IdxT r4 = (up - lo) / 4;
  return rnd % (r4 * 2) + (lo + r4);
}

/* Fuel: each pass is charged its length (the comparisons partition will make). */
static void aux_sort(lua_State *L, int hascmp, IdxT lo, IdxT up, unsigned int rnd) {
  while (lo < up) {
    IdxT p, n;
    nacre_charge(L, (lua_Integer)(up - lo) + 1);
    lua_geti(L, 1, lo);
    lua_geti(L, 1, up);
    if (sort_less(L, hascmp, -1, -2))
      set2(L, lo, up);
    else
      lua_pop(L, 2);
    if (up - lo == 1) break;
    if (up - lo < RANLIMIT || rnd == 0)
      p = (lo + up) / 2;
    else
      p = choose_pivot(lo, up, rnd);
    lua_geti(L, 1, p);
    lua_geti(L, 1, lo);
    if (sort_less(L, hascmp, -2, -1)) {
      set2(L, p, lo);
    } else {
      lua_pop(L, 1);
      lua_geti(L, 1, up);
      if (sort_less(L, hascmp, -1, -2))
        set2(L, p, up);
      else
        lua_pop(L, 2);
    }
    if (up - lo == 2) break;
    lua_geti(L, 1, p); /* the pivot stays on the stack during partition */
    lua_pushvalue(L, -1);
    lua_geti(L, 1, up - 1);
    set2(L, p, up - 1);
    p = partition(L, hascmp, lo, up);
    /* Recurse into the smaller half, loop on the larger: stack depth stays logarithmic. */
    if (p - lo < up - p) {
      aux_sort(L, hascmp, lo, p - 1, rnd);
      n = p - lo;
      lo = p + 1;
    } else {
      aux_sort(L, hascmp, p + 1, up, rnd);
      n = up - p;
      up = p - 1;
    }
    if ((up - lo) / 128 > n) rnd = pivot_noise(); /* badly unbalanced: randomise pivots */
  }
}

static int tsort(lua_State *L) {
  lua_Integer n = aux_getn(L, 1, TAB_RW);
  if (n > 1) {
    luaL_argcheck(L, n < INT_MAX, 1, "array too big");
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    aux_sort(L, !lua_isnil(L, 2), 1, (IdxT)n, 0);
  }
  return 0;
}

static const luaL_Reg tab_funcs[] = {
  {"concat", tconcat}, {"insert", tinsert}, {"pack", tpack},   {"unpack", tunpack},
  {"remove", tremove}, {"move", tmove},     {"sort", tsort},   {NULL, NULL}
};

/* The functions the interpreter runs inline in the common case (vm/fastfn.h). */
static const VMFastReg tab_fast[] = {
  {"insert", tinsert, VM_FF_insert},
  {"unpack", tunpack, VM_FF_unpack},
  {"remove", tremove, VM_FF_remove},
  {NULL, NULL, 0}
};

int luaopen_table(lua_State *L) {
  luaL_newlib(L, tab_funcs);
  vm_ffsetfuncs(L, tab_fast);  /* over their entries, which keep the table's layout */
  return 1;
}
