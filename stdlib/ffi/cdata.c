/* cdata objects of the ffi module: full userdata (Boehm heap) holding a type id and the data,
 * or a reference into other data, or a ctype; and their shared metatable: indexing and field
 * access, pointer arithmetic and comparison, 64-bit integer arithmetic, calls, tostring, and
 * dispatch to a struct's metatype (ffi.metatype) for every metamethod. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"


/* The registry ref of the metatype of cdata type id (through pointers and references). */
static int metatype_of(CState *cs, int id) {
  CType *t = cf_raw(cs, id);
  if (t->kind == CT_PTR) t = cf_raw(cs, t->base);
  return t->kind == CT_STRUCT ? t->mt : LUA_NOREF;
}

/* Sets the metatable of the new cdata on the stack top: the one with __gc for a struct whose
 * metatype has __gc (an owning cdata only: references to such structs are never finalized). */
static void setmt(CState *cs, lua_State *L, int id, int owner) {
  int gc = 0, ref = metatype_of(cs, id);
  if (owner && ref != LUA_NOREF && cf_raw(cs, id)->kind == CT_STRUCT) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    gc = lua_getfield(L, -1, "__gc") != LUA_TNIL;
    lua_pop(L, 2);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, gc ? cs->mtgcref : cs->mtref);
  lua_setmetatable(L, -2);
}

CData *cf_newcdata(CState *cs, lua_State *L, int id, size_t size) {
  uint32_t align = cf_raw(cs, id)->align;
  size_t extra = align > 16 ? align : 0;
  CData *cd;
  if (size > ((size_t)-1 >> 2)) luaL_error(L, "not enough memory");
  cd = lua_newuserdatauv(L, sizeof(CData) + size + extra, 1);
  cd->id = id;
  cd->flags = 0;
  cd->p = cd + 1;
  if (extra) cd->p = (void *)(((uintptr_t)cd->p + align - 1) & ~(uintptr_t)(align - 1));
  setmt(cs, L, id, 1);
  return cd;
}

CData *cf_newref(CState *cs, lua_State *L, int id, void *p) {
  CData *cd = lua_newuserdatauv(L, sizeof(CData), 1);
  cd->id = id;
  cd->flags = CD_REF;
  cd->p = p;
  setmt(cs, L, id, 0);
  return cd;
}

CData *cf_pushctype(CState *cs, lua_State *L, int id) {
  CData *cd = lua_newuserdatauv(L, sizeof(CData), 0);
  cd->id = id;
  cd->flags = CD_CTYPE;
  cd->p = NULL;
  lua_rawgeti(L, LUA_REGISTRYINDEX, cs->mtref);
  lua_setmetatable(L, -2);
  return cd;
}

CData *cf_tocdata(CState *cs, lua_State *L, int idx) {
  CData *cd;
  const void *mt;
  if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
  mt = lua_topointer(L, -1);
  lua_pop(L, 1);
  if (mt != cs->mt && mt != cs->mtgc) return NULL;
  cd = lua_touserdata(L, idx);
  return cd;
}

void cf_pushint64(CState *cs, lua_State *L, int64_t v, int isunsigned) {
  CData *cd = cf_newcdata(cs, L, isunsigned ? CTID_UINT64 : CTID_INT64, 8);
  memcpy(cd->p, &v, 8);
}

int cf_checkctype(CState *cs, lua_State *L, int idx, int firstparam) {
  CData *cd;
  if (lua_type(L, idx) == LUA_TSTRING) {
    /* Type strings repeat (ffi.new("char[?]", n) in a loop): parsed once, unless they take
     * $ parameters or define a struct (each definition is a new type, as in LuaJIT). */
    const char *s = lua_tostring(L, idx);
    int nparams = firstparam > 0 ? lua_gettop(L) - firstparam + 1 : 0, id;
    int cacheable = strchr(s, '{') == NULL && strchr(s, '$') == NULL && strlen(s) < 256;
    char key[260];
    if (cacheable) {
      snprintf(key, sizeof key, "T%s", s);
      if ((id = cf_map_get(&cs->interned, key)) >= 0) return id;
    }
    id = cf_parsetype(cs, L, s, firstparam, nparams);
    if (cacheable && cf_map_put(&cs->interned, key, id) != 0) luaL_error(L, "not enough memory");
    return id;
  }
  cd = cf_tocdata(cs, L, idx);
  if (cd == NULL) return luaL_typeerror(L, idx, "C type");
  return cd->id;
}

/* Pushes metamethod name of the metatype of the cdata at idx; returns 0 (nothing pushed)
 * when there is none. */
static int getmm(CState *cs, lua_State *L, int idx, const char *name) {
  CData *cd = cf_tocdata(cs, L, idx);
  int ref;
  if (cd == NULL) return 0;
  ref = metatype_of(cs, cd->id);
  if (ref == LUA_NOREF) return 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  if (lua_getfield(L, -1, name) == LUA_TNIL) {
    lua_pop(L, 2);
    return 0;
  }
  lua_remove(L, -2);
  return 1;
}

/* Calls metamethod name of operand 1 or else 2 with every argument, leaving nres results;
 * returns 0, or -1 when neither has it. */
static int callmm(CState *cs, lua_State *L, const char *name, int nres) {
  int n = lua_gettop(L), i;
  if (!getmm(cs, L, 1, name) && !(n >= 2 && getmm(cs, L, 2, name))) return -1;
  for (i = 1; i <= n; i++) lua_pushvalue(L, i);
  lua_call(L, n, nres);
  return 0;
}

/* ---- indexing ---- */

/* Where the cdata at 1 with key at 2 lives: sets *addr and returns the element/field type,
 * or -1 when the key is not an element or field (bit fields: *bf is set). */
static int locate(CState *cs, lua_State *L, CData *cd, void **addr, const CField **bf) {
  CType *t = cf_raw(cs, cd->id);
  int elem = -1;
  char *base = NULL;
  *bf = NULL;
  if (t->kind == CT_PTR && !(t->flags & CF_REF)) {
    base = *(char **)cd->p;
    elem = t->base;
  } else if (t->kind == CT_PTR) {
    base = cd->p;
    elem = t->base;
  } else if (t->kind == CT_ARRAY) {
    base = cd->p;
    elem = t->base;
  } else if (t->kind == CT_STRUCT) {
    base = cd->p;
    elem = cd->id;
  } else {
    return -1;
  }
  if (lua_type(L, 2) == LUA_TSTRING) {
    uint32_t off = 0;
    const CField *f;
    if (t->kind == CT_ARRAY) return -1;
    if (t->kind == CT_PTR) { /* p.field: through the pointer */
      if (cf_raw(cs, elem)->kind != CT_STRUCT) return -1;
    }
    f = cf_findfield(cs, elem, lua_tostring(L, 2), &off);
    if (f == NULL) return -1;
    *addr = base + off;
    if (f->isbit) *bf = f;
    return f->type;
  } else {
    int64_t i;
    CType *et;
    CData *kd;
    if (t->kind == CT_STRUCT) return -1;
    if (lua_isinteger(L, 2)) i = lua_tointeger(L, 2);
    else if (lua_type(L, 2) == LUA_TNUMBER) i = (int64_t)lua_tonumber(L, 2);
    else if ((kd = cf_tocdata(cs, L, 2)) && cf_isinteger(cf_raw(cs, kd->id)))
      i = cf_loadint(kd->p, cf_raw(cs, kd->id)->size, 0);
    else return -1;
    et = cf_raw(cs, elem);
    if (et->size == CT_NOSIZE || et->kind == CT_FUNC) return -1;
    *addr = base + i * (int64_t)et->size;
    return elem;
  }
}

static int badkey(CState *cs, lua_State *L, CData *cd) {
  CType *t = cf_raw(cs, cd->id);
  if (lua_type(L, 2) == LUA_TSTRING &&
      (t->kind == CT_STRUCT || (t->kind == CT_PTR && cf_raw(cs, t->base)->kind == CT_STRUCT)))
    return luaL_error(L, "'%s' has no member named '%s'",
                      cf_pushrepr(cs, L, t->kind == CT_PTR ? t->base : cd->id),
                      lua_tostring(L, 2));
  return luaL_error(L, "'%s' cannot be indexed with '%s'", cf_pushrepr(cs, L, cd->id),
                    luaL_typename(L, 2));
}

static int mm_index(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = lua_touserdata(L, 1);
  void *addr;
  const CField *bf;
  int id;
  if (!(cd->flags & CD_CTYPE)) {
    id = locate(cs, L, cd, &addr, &bf);
    if (id >= 0) {
      if (bf) {
        CType *ft = cf_raw(cs, bf->type);
        uint64_t v = cf_getbits(addr, bf->bitpos, bf->bitsize);
        if (ft->kind == CT_BOOL) lua_pushboolean(L, v != 0);
        else if (!(ft->flags & CF_UNSIGNED) && bf->bitsize < 64 && (v >> (bf->bitsize - 1)) & 1)
          lua_pushinteger(L, (lua_Integer)(v | (~(uint64_t)0 << bf->bitsize)));
        else lua_pushinteger(L, (lua_Integer)v);
      } else {
        cf_pushcval(cs, L, id, addr, 0);
      }
      return 1;
    }
    if (lua_type(L, 2) == LUA_TSTRING && cf_callback_method(L, cd, lua_tostring(L, 2))) return 1;
  }
  if (getmm(cs, L, 1, "__index")) {
    if (lua_isfunction(L, -1)) {
      lua_pushvalue(L, 1);
      lua_pushvalue(L, 2);
      lua_call(L, 2, 1);
    } else {
      lua_pushvalue(L, 2);
      lua_gettable(L, -2);
    }
    return 1;
  }
  if (cd->flags & CD_CTYPE)
    return luaL_error(L, "'%s' cannot be indexed", lua_pushfstring(L, "ctype<%s>", cf_pushrepr(cs, L, cd->id)));
  return badkey(cs, L, cd);
}

static int mm_newindex(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = lua_touserdata(L, 1);
  void *addr;
  const CField *bf;
  int id = (cd->flags & CD_CTYPE) ? -1 : locate(cs, L, cd, &addr, &bf);
  if (id >= 0) {
    if (cf_ct(cs, id)->flags & CF_CONST) return luaL_error(L, "attempt to write to constant location");
    if (bf) {
      cf_storebitfield(L, bf, (char *)addr - bf->offset, 3);
    } else {
      cf_tocval(cs, L, id, addr, 3, 0);
    }
    return 0;
  }
  if (getmm(cs, L, 1, "__newindex")) {
    if (lua_isfunction(L, -1)) {
      lua_pushvalue(L, 1);
      lua_pushvalue(L, 2);
      lua_pushvalue(L, 3);
      lua_call(L, 3, 0);
    } else {
      lua_pushvalue(L, 2);
      lua_pushvalue(L, 3);
      lua_settable(L, -3);
    }
    return 0;
  }
  if (cd->flags & CD_CTYPE) return luaL_error(L, "attempt to write to a ctype");
  return badkey(cs, L, cd);
}

/* ---- arithmetic ---- */

enum { OP_INT, OP_FLOAT, OP_PTR, OP_OTHER };
typedef struct Operand {
  int kind, isunsigned, iscdata;
  int64_t i;
  double d;
  char *addr;
  int elem;
} Operand;

static void operand(CState *cs, lua_State *L, int idx, Operand *o) {
  CData *cd;
  memset(o, 0, sizeof *o);
  o->kind = OP_OTHER;
  if (lua_isinteger(L, idx)) {
    o->kind = OP_INT;
    o->i = lua_tointeger(L, idx);
  } else if (lua_type(L, idx) == LUA_TNUMBER) {
    o->kind = OP_FLOAT;
    o->d = lua_tonumber(L, idx);
  } else if ((cd = cf_tocdata(cs, L, idx)) && !(cd->flags & CD_CTYPE)) {
    CType *t = cf_raw(cs, cd->id);
    o->iscdata = 1;
    if (cf_isinteger(t)) {
      CType *it = t->kind == CT_ENUM ? cf_raw(cs, t->base) : t;
      o->kind = OP_INT;
      o->isunsigned = it->size == 8 && (it->flags & CF_UNSIGNED);
      o->i = cf_loadint(cd->p, it->size, it->flags & CF_UNSIGNED);
    } else if (t->kind == CT_FLOAT) {
      o->kind = OP_FLOAT;
      o->d = t->size == 4 ? *(float *)cd->p : t->size == 8 ? *(double *)cd->p
                                                          : (double)*(long double *)cd->p;
    } else if (t->kind == CT_PTR && !(t->flags & CF_REF)) {
      o->kind = OP_PTR;
      o->addr = *(char **)cd->p;
      o->elem = t->base;
    } else if (t->kind == CT_ARRAY) {
      o->kind = OP_PTR;
      o->addr = cd->p;
      o->elem = t->base;
    } else if (t->kind == CT_FUNC) {
      o->kind = OP_PTR;
      o->addr = *(char **)cd->p;
      o->elem = cd->id;
    } else if (t->kind == CT_STRUCT) {
      o->addr = cd->p; /* identity for == */
    }
  }
}

static int64_t toint(const Operand *o) {
  if (o->kind == OP_INT) return o->i;
  if (o->d != o->d || o->d >= 9223372036854775808.0 || o->d < -9223372036854775808.0)
    return INT64_MIN;
  return (int64_t)o->d;
}

static int arith_error(CState *cs, lua_State *L) {
  const char *a, *b;
  CData *cd = cf_tocdata(cs, L, 1);
  a = cd ? cf_pushrepr(cs, L, cd->id) : luaL_typename(L, 1);
  cd = cf_tocdata(cs, L, 2);
  b = cd ? cf_pushrepr(cs, L, cd->id) : luaL_typename(L, 2);
  return luaL_error(L, "attempt to perform arithmetic on a '%s' and a '%s'", a, b);
}

enum { A_ADD, A_SUB, A_MUL, A_DIV, A_MOD, A_POW, A_UNM, A_IDIV, A_BAND, A_BOR, A_BXOR,
       A_SHL, A_SHR, A_BNOT };
static const char *const ARITH_MM[] = {"__add", "__sub", "__mul", "__div", "__mod", "__pow",
                                       "__unm", "__idiv", "__band", "__bor", "__bxor", "__shl",
                                       "__shr", "__bnot"};

static uint64_t ipow(uint64_t b, int64_t e, int isunsigned) {
  uint64_t r = 1;
  if (e < 0 && !isunsigned) return b == 1 ? 1 : (int64_t)b == -1 ? ((e & 1) ? b : 1) : 0;
  for (uint64_t ue = (uint64_t)e; ue; ue >>= 1, b *= b)
    if (ue & 1) r *= b;
  return r;
}

static int arith(lua_State *L, int op) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  Operand a, b;
  if (callmm(cs, L, ARITH_MM[op], 1) >= 0) return 1;
  operand(cs, L, 1, &a);
  operand(cs, L, 2, &b);
  if (op == A_UNM || op == A_BNOT) b = a;
  if (a.kind == OP_PTR || b.kind == OP_PTR) {
    if (op == A_ADD || op == A_SUB) {
      CType *et = cf_raw(cs, a.kind == OP_PTR ? a.elem : b.elem);
      if (et->size == CT_NOSIZE || et->size == 0 || et->kind == CT_FUNC) return arith_error(cs, L);
      if (op == A_SUB && a.kind == OP_PTR && b.kind == OP_PTR) {
        lua_pushinteger(L, (lua_Integer)((a.addr - b.addr) / (ptrdiff_t)et->size));
        return 1;
      }
      if (a.kind == OP_PTR && b.kind == OP_INT) {
        char *p = a.addr + (op == A_ADD ? b.i : -b.i) * (int64_t)et->size;
        memcpy(cf_newcdata(cs, L, cf_ptrto(cs, L, a.elem, 0), sizeof p)->p, &p, sizeof p);
        return 1;
      }
      if (op == A_ADD && b.kind == OP_PTR && a.kind == OP_INT) {
        char *p = b.addr + a.i * (int64_t)et->size;
        memcpy(cf_newcdata(cs, L, cf_ptrto(cs, L, b.elem, 0), sizeof p)->p, &p, sizeof p);
        return 1;
      }
    }
    return arith_error(cs, L);
  }
  if (a.kind == OP_OTHER || b.kind == OP_OTHER) return arith_error(cs, L);
  if ((a.kind == OP_INT && a.iscdata) || (b.kind == OP_INT && b.iscdata)) {
    int u = a.isunsigned || b.isunsigned;
    uint64_t x = (uint64_t)toint(&a), y = (uint64_t)toint(&b), r = 0;
    switch (op) {
      case A_ADD: r = x + y; break;
      case A_SUB: r = x - y; break;
      case A_MUL: r = x * y; break;
      case A_DIV: case A_MOD: case A_IDIV:
        if (y == 0) r = UINT64_C(0x8000000000000000); /* LuaJIT's result */
        else if (u) r = op == A_MOD ? x % y : x / y;
        else if ((int64_t)x == INT64_MIN && (int64_t)y == -1) r = op == A_MOD ? 0 : x;
        else {
          int64_t q = (int64_t)x / (int64_t)y, m = (int64_t)x % (int64_t)y;
          if (op == A_IDIV && m != 0 && ((m < 0) != ((int64_t)y < 0))) q--;
          r = (uint64_t)(op == A_MOD ? m : q);
        }
        break;
      case A_POW: r = ipow(x, (int64_t)y, u); break;
      case A_UNM: r = 0 - x; break;
      case A_BAND: r = x & y; break;
      case A_BOR: r = x | y; break;
      case A_BXOR: r = x ^ y; break;
      case A_SHL: r = (int64_t)y >= 64 || (int64_t)y <= -64 ? 0 : (int64_t)y >= 0 ? x << y : x >> -y; break;
      case A_SHR: r = (int64_t)y >= 64 || (int64_t)y <= -64 ? 0 : (int64_t)y >= 0 ? x >> y : x << -y; break;
      case A_BNOT: r = ~x; break;
    }
    cf_pushint64(cs, L, (int64_t)r, u);
    return 1;
  }
  { /* float cdata: Lua arithmetic on the converted numbers */
    lua_pushnumber(L, a.kind == OP_INT ? (lua_Number)a.i : a.d);
    lua_pushnumber(L, b.kind == OP_INT ? (lua_Number)b.i : b.d);
    if (op >= A_BAND && op != A_IDIV) return arith_error(cs, L);
    lua_arith(L, op == A_ADD ? LUA_OPADD : op == A_SUB ? LUA_OPSUB : op == A_MUL ? LUA_OPMUL
                 : op == A_DIV ? LUA_OPDIV : op == A_MOD ? LUA_OPMOD : op == A_POW ? LUA_OPPOW
                 : op == A_IDIV ? LUA_OPIDIV : LUA_OPUNM);
    return 1;
  }
}

#define ARITH_FN(name, op) static int name(lua_State *L) { return arith(L, op); }
ARITH_FN(mm_add, A_ADD)
ARITH_FN(mm_sub, A_SUB)
ARITH_FN(mm_mul, A_MUL)
ARITH_FN(mm_div, A_DIV)
ARITH_FN(mm_mod, A_MOD)
ARITH_FN(mm_pow, A_POW)
ARITH_FN(mm_unm, A_UNM)
ARITH_FN(mm_idiv, A_IDIV)
ARITH_FN(mm_band, A_BAND)
ARITH_FN(mm_bor, A_BOR)
ARITH_FN(mm_bxor, A_BXOR)
ARITH_FN(mm_shl, A_SHL)
ARITH_FN(mm_shr, A_SHR)
ARITH_FN(mm_bnot, A_BNOT)

/* ---- comparison ---- */

enum { C_EQ, C_LT, C_LE };

static int compare(lua_State *L, int op) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *ca = cf_tocdata(cs, L, 1), *cb = cf_tocdata(cs, L, 2);
  Operand a, b;
  int r;
  if (callmm(cs, L, op == C_EQ ? "__eq" : op == C_LT ? "__lt" : "__le", 1) >= 0) {
    lua_pushboolean(L, lua_toboolean(L, -1));
    return 1;
  }
  if ((ca && (ca->flags & CD_CTYPE)) || (cb && (cb->flags & CD_CTYPE))) {
    if (op != C_EQ) return luaL_error(L, "attempt to compare ctypes");
    lua_pushboolean(L, ca && cb && (ca->flags & cb->flags & CD_CTYPE) &&
                           cf_unq(cs, ca->id) == cf_unq(cs, cb->id));
    return 1;
  }
  operand(cs, L, 1, &a);
  operand(cs, L, 2, &b);
  if (a.kind == OP_PTR || b.kind == OP_PTR || (a.kind == OP_OTHER && b.kind == OP_OTHER)) {
    if (a.kind == OP_INT && a.iscdata) a.addr = (char *)(intptr_t)a.i;
    if (b.kind == OP_INT && b.iscdata) b.addr = (char *)(intptr_t)b.i;
    if ((a.kind == OP_PTR || a.iscdata) && (b.kind == OP_PTR || b.iscdata)) {
      r = op == C_EQ ? a.addr == b.addr : op == C_LT ? (uintptr_t)a.addr < (uintptr_t)b.addr
                                                    : (uintptr_t)a.addr <= (uintptr_t)b.addr;
      lua_pushboolean(L, r);
      return 1;
    }
  } else if (a.kind != OP_OTHER && b.kind != OP_OTHER) {
    if ((a.kind == OP_INT && a.iscdata) || (b.kind == OP_INT && b.iscdata)) {
      int64_t x = toint(&a), y = toint(&b);
      if (a.isunsigned || b.isunsigned)
        r = op == C_EQ ? x == y : op == C_LT ? (uint64_t)x < (uint64_t)y : (uint64_t)x <= (uint64_t)y;
      else
        r = op == C_EQ ? x == y : op == C_LT ? x < y : x <= y;
    } else {
      double x = a.kind == OP_INT ? (double)a.i : a.d, y = b.kind == OP_INT ? (double)b.i : b.d;
      r = op == C_EQ ? x == y : op == C_LT ? x < y : x <= y;
    }
    lua_pushboolean(L, r);
    return 1;
  }
  if (op == C_EQ) {
    lua_pushboolean(L, 0);
    return 1;
  }
  return luaL_error(L, "attempt to compare '%s' with '%s'",
                    ca ? cf_pushrepr(cs, L, ca->id) : luaL_typename(L, 1),
                    cb ? cf_pushrepr(cs, L, cb->id) : luaL_typename(L, 2));
}

static int mm_eq(lua_State *L) { return compare(L, C_EQ); }
static int mm_lt(lua_State *L) { return compare(L, C_LT); }
static int mm_le(lua_State *L) { return compare(L, C_LE); }

/* ---- the rest ---- */

static int mm_tostring(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = lua_touserdata(L, 1);
  CType *t;
  if (callmm(cs, L, "__tostring", 1) >= 0) return 1;
  if (cd->flags & CD_CTYPE) {
    lua_pushfstring(L, "ctype<%s>", cf_pushrepr(cs, L, cd->id));
    return 1;
  }
  t = cf_raw(cs, cd->id);
  if (t->kind == CT_INT && t->size == 8 && !(cd->flags & CD_REF)) {
    char buf[32];
    int64_t v;
    memcpy(&v, cd->p, 8);
    if (t->flags & CF_UNSIGNED) snprintf(buf, sizeof buf, "%" PRIu64 "ULL", (uint64_t)v);
    else snprintf(buf, sizeof buf, "%" PRId64 "LL", v);
    lua_pushstring(L, buf);
    return 1;
  }
  {
    void *addr = (t->kind == CT_PTR || t->kind == CT_FUNC) ? *(void **)cd->p : cd->p;
    char buf[32];
    if (addr == NULL) snprintf(buf, sizeof buf, "NULL");
    else snprintf(buf, sizeof buf, "0x%08" PRIxPTR, (uintptr_t)addr);
    lua_pushfstring(L, "cdata<%s%s>: %s", cf_pushrepr(cs, L, cd->id),
                    (cd->flags & CD_REF) ? " &" : "", buf);
    return 1;
  }
}

static int mm_call(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = lua_touserdata(L, 1);
  CType *t;
  if (cd->flags & CD_CTYPE) { /* ct(...) is ffi.new(ct, ...) */
    if (getmm(cs, L, 1, "__new")) {
      lua_insert(L, 1);
      lua_call(L, lua_gettop(L) - 1, 1);
      return 1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, "nacre.ffi.new");
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
  }
  t = cf_raw(cs, cd->id);
  if (t->kind == CT_FUNC || (t->kind == CT_PTR && cf_raw(cs, t->base)->kind == CT_FUNC))
    return cf_call(L);
  if (getmm(cs, L, 1, "__call")) {
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
  }
  return luaL_error(L, "'%s' is not callable", cf_pushrepr(cs, L, cd->id));
}

static int mm_len(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = lua_touserdata(L, 1);
  if (callmm(cs, L, "__len", 1) >= 0) return 1;
  return luaL_error(L, "attempt to get length of '%s'", cf_pushrepr(cs, L, cd->id));
}

static int mm_concat(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = cf_tocdata(cs, L, 1);
  if (callmm(cs, L, "__concat", 1) >= 0) return 1;
  if (cd == NULL) cd = cf_tocdata(cs, L, 2);
  return luaL_error(L, "attempt to concatenate '%s'", cf_pushrepr(cs, L, cd->id));
}

/* Metamethods only a metatype can give (no meaning for plain cdata). */
static int mm_close(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  callmm(cs, L, "__close", 0);
  return 0;
}

static int mm_pairs(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  int top = lua_gettop(L);
  if (callmm(cs, L, "__pairs", LUA_MULTRET) < 0)
    return luaL_error(L, "attempt to iterate over '%s'",
                      cf_pushrepr(cs, L, ((CData *)lua_touserdata(L, 1))->id));
  return lua_gettop(L) - top;
}

/* ffi.gc finalizers (user value 1) and metatype __gc. */
static int mm_gc(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  if (lua_getiuservalue(L, 1, 1) != LUA_TNIL) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
    return 0;
  }
  lua_pop(L, 1);
  if (getmm(cs, L, 1, "__gc")) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
  }
  return 0;
}

void cf_register_mt(CState *cs, lua_State *L) {
  static const luaL_Reg mms[] = {
      {"__index", mm_index}, {"__newindex", mm_newindex}, {"__call", mm_call},
      {"__add", mm_add}, {"__sub", mm_sub}, {"__mul", mm_mul}, {"__div", mm_div},
      {"__mod", mm_mod}, {"__pow", mm_pow}, {"__unm", mm_unm}, {"__idiv", mm_idiv},
      {"__band", mm_band}, {"__bor", mm_bor}, {"__bxor", mm_bxor}, {"__shl", mm_shl},
      {"__shr", mm_shr}, {"__bnot", mm_bnot}, {"__eq", mm_eq}, {"__lt", mm_lt},
      {"__le", mm_le}, {"__tostring", mm_tostring}, {"__len", mm_len},
      {"__concat", mm_concat}, {"__close", mm_close}, {"__pairs", mm_pairs}, {NULL, NULL}};
  int i;
  for (i = 0; i < 2; i++) {
    lua_newtable(L);
    lua_pushlightuserdata(L, cs);
    luaL_setfuncs(L, mms, 1);
    if (i == 1) {
      lua_pushlightuserdata(L, cs);
      lua_pushcclosure(L, mm_gc, 1);
      lua_setfield(L, -2, "__gc");
    }
    lua_pushliteral(L, "cdata");
    lua_setfield(L, -2, "__name");
    lua_getfield(L, LUA_REGISTRYINDEX, "nacre.ffi.tonumber");
    lua_setfield(L, -2, "__tonumber");
    lua_pushliteral(L, "ffi");
    lua_setfield(L, -2, "__metatable");
    if (i == 0) cs->mt = lua_topointer(L, -1);
    else cs->mtgc = lua_topointer(L, -1);
    *(i == 0 ? &cs->mtref : &cs->mtgcref) = luaL_ref(L, LUA_REGISTRYINDEX);
  }
}
