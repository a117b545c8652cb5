/* Conversions between Lua values and C data for the ffi module: Lua -> C when storing a field,
 * an element, an argument or an initializer (numbers, booleans, strings, nil, tables for
 * aggregates, functions for callbacks, cdata), C -> Lua when reading (integers of every width
 * become Lua integers, see docs/ffi.md; aggregates become references or copies). */
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"

int64_t cf_loadint(const void *p, uint32_t size, int isunsigned) {
  switch (size) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return isunsigned ? (int64_t)v : (int64_t)(int8_t)v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return isunsigned ? (int64_t)v : (int64_t)(int16_t)v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return isunsigned ? (int64_t)v : (int64_t)(int32_t)v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
  }
}

void cf_storeint(void *p, uint32_t size, int64_t v) {
  switch (size) {
    case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8);
  }
}

/* Bit fields, little-endian: bit pos of the bytes at p is the field's bit 0. */
uint64_t cf_getbits(const void *p, unsigned pos, unsigned width) {
  const uint8_t *b = p;
  uint64_t v = 0;
  unsigned i;
  for (i = 0; i < width; i++) v |= (uint64_t)((b[(pos + i) / 8] >> ((pos + i) % 8)) & 1) << i;
  return v;
}

void cf_setbits(void *p, unsigned pos, unsigned width, uint64_t v) {
  uint8_t *b = p;
  unsigned i;
  for (i = 0; i < width; i++) {
    unsigned k = pos + i;
    b[k / 8] = (uint8_t)((b[k / 8] & ~(1u << (k % 8))) | (((v >> i) & 1) << (k % 8)));
  }
}

/* Stores the Lua value at idx (an integer or a boolean) into bit field f of the struct at p. */
void cf_storebitfield(lua_State *L, const CField *f, void *p, int idx) {
  int64_t v = lua_isboolean(L, idx) ? lua_toboolean(L, idx) : (int64_t)luaL_checkinteger(L, idx);
  cf_setbits((char *)p + f->offset, f->bitpos, f->bitsize, (uint64_t)v);
}

int cf_converr(CState *cs, lua_State *L, int idx, int to) {
  CData *cd = cf_tocdata(cs, L, idx);
  const char *from = cd ? cf_pushrepr(cs, L, cd->id) : luaL_typename(L, idx);
  return luaL_error(L, "cannot convert '%s' to '%s'", from, cf_pushrepr(cs, L, to));
}

/* A numeric source value: an integer (isint) or a double. */
typedef struct Num {
  int isint, isunsigned;
  int64_t i;
  double d;
} Num;

static void num_fromc(CState *cs, int id, const void *p, Num *n) {
  CType *t = cf_raw(cs, id);
  if (t->kind == CT_ENUM) t = cf_raw(cs, t->base);
  n->isunsigned = (t->flags & CF_UNSIGNED) != 0;
  if (t->kind == CT_FLOAT) {
    n->isint = 0;
    n->d = t->size == 4 ? *(const float *)p
           : t->size == 8 ? *(const double *)p
                          : (double)*(const long double *)p;
  } else {
    n->isint = 1;
    n->i = cf_loadint(p, t->size, n->isunsigned);
  }
}

/* Double to integer as C would cast it, but defined for every input (NaN and out of range
 * give the minimum, as x86-64 does). */
static int64_t dtoi(double d, int isunsigned) {
  if (d != d) return INT64_MIN;
  if (isunsigned && d >= 9223372036854775808.0 && d < 18446744073709551616.0)
    return (int64_t)(uint64_t)d;
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return (int64_t)d;
  return INT64_MIN;
}

static void storenum(CState *cs, CType *t, void *p, const Num *n) {
  if (t->kind == CT_ENUM) t = cf_raw(cs, t->base);
  if (t->kind == CT_BOOL) {
    *(uint8_t *)p = n->isint ? n->i != 0 : n->d != 0;
  } else if (t->kind == CT_INT) {
    cf_storeint(p, t->size, n->isint ? n->i : dtoi(n->d, t->flags & CF_UNSIGNED));
  } else {
    double d = n->isint ? (n->isunsigned ? (double)(uint64_t)n->i : (double)n->i) : n->d;
    if (t->size == 4) *(float *)p = (float)d;
    else if (t->size == 8) *(double *)p = d;
    else *(long double *)p = (n->isint && !n->isunsigned) ? (long double)n->i : (long double)d;
  }
}

/* Value of the enum constant named s in enum id, or error. */
static int64_t enumconst(CState *cs, lua_State *L, int id, const char *s) {
  CType *t = cf_raw(cs, id);
  uint32_t i;
  for (i = 0; i < t->n; i++)
    if (strcmp(cs->f[t->field + i].name, s) == 0) return cs->f[t->field + i].value;
  return luaL_error(L, "invalid value '%s' for '%s'", s, cf_pushrepr(cs, L, id));
}

/* Two pointee types a pointer conversion accepts without a cast. */
static int compatible(CState *cs, int to, int from) {
  CType *a = cf_raw(cs, to), *b = cf_raw(cs, from);
  if (a->kind == CT_VOID || b->kind == CT_VOID || cf_unq(cs, to) == cf_unq(cs, from)) return 1;
  if (a->kind == CT_INT && b->kind == CT_INT && a->size == b->size) return 1;
  if (a->kind == CT_ENUM || b->kind == CT_ENUM)
    return cf_raw(cs, a->kind == CT_ENUM ? a->base : to)->size ==
           cf_raw(cs, b->kind == CT_ENUM ? b->base : from)->size;
  if (a->kind == CT_PTR && b->kind == CT_PTR) return compatible(cs, a->base, b->base);
  if (a->kind == CT_FUNC && b->kind == CT_FUNC) return 1;
  return 0;
}

/* Table initializer for an array or struct: t[0] present means 0-based. */
static void inittable(CState *cs, lua_State *L, int id, void *p, int idx) {
  CType *t = cf_raw(cs, id);
  int base = lua_rawgeti(L, idx, 0) != LUA_TNIL ? 0 : 1;
  lua_pop(L, 1);
  if (t->kind == CT_ARRAY) {
    CType *e = cf_raw(cs, t->base);
    uint32_t i;
    for (i = 0; i < t->n; i++) {
      if (lua_rawgeti(L, idx, (lua_Integer)i + base) == LUA_TNIL) {
        lua_pop(L, 1);
        break;
      }
      cf_tocval(cs, L, t->base, (char *)p + (size_t)i * e->size, -1, CONV_INIT);
      lua_pop(L, 1);
    }
  } else {
    uint32_t i;
    int pos = base;
    for (i = 0; i < t->n; i++) {
      CField *f = &cs->f[t->field + i];
      if (f->isbit && f->bitsize == 0) continue;
      if (f->name == NULL || lua_getfield(L, idx, f->name) == LUA_TNIL) {
        if (f->name) lua_pop(L, 1);
        lua_rawgeti(L, idx, pos);
      }
      pos++;
      if (!lua_isnil(L, -1)) {
        if (f->isbit) cf_storebitfield(L, f, p, -1);
        else cf_tocval(cs, L, f->type, (char *)p + f->offset, -1, CONV_INIT);
      }
      lua_pop(L, 1);
      if (t->flags & CF_UNION) break;
      t = cf_raw(cs, id);
    }
  }
}

void cf_tocval(CState *cs, lua_State *L, int id, void *p, int idx, int flags) {
  CType *t = cf_raw(cs, id);
  int lt = lua_type(L, idx);
  CData *cd = lt == LUA_TUSERDATA ? cf_tocdata(cs, L, idx) : NULL;
  idx = lua_absindex(L, idx);
  if (cd && (cd->flags & CD_CTYPE)) cf_converr(cs, L, idx, id);
  switch (t->kind) {
    case CT_BOOL: case CT_INT: case CT_FLOAT: case CT_ENUM: {
      Num n = {1, 0, 0, 0};
      if (lt == LUA_TNUMBER) {
        if (lua_isinteger(L, idx)) n.i = lua_tointeger(L, idx);
        else {
          n.isint = 0;
          n.d = lua_tonumber(L, idx);
        }
      } else if (lt == LUA_TBOOLEAN) {
        n.i = lua_toboolean(L, idx);
      } else if (lt == LUA_TSTRING && t->kind == CT_ENUM) {
        n.i = enumconst(cs, L, id, lua_tostring(L, idx));
      } else if (cd) {
        CType *s = cf_raw(cs, cd->id);
        if (cf_isnumeric(s)) num_fromc(cs, cd->id, cd->p, &n);
        else if ((flags & CONV_CAST) && s->kind == CT_PTR) n.i = (int64_t)(intptr_t)*(void **)cd->p;
        else if ((flags & CONV_CAST) && (s->kind == CT_ARRAY || s->kind == CT_STRUCT))
          n.i = (int64_t)(intptr_t)cd->p;
        else if ((flags & CONV_CAST) && s->kind == CT_FUNC) n.i = (int64_t)(intptr_t)*(void **)cd->p;
        else cf_converr(cs, L, idx, id);
      } else if ((flags & CONV_CAST) && (lt == LUA_TLIGHTUSERDATA || lt == LUA_TSTRING)) {
        n.i = (int64_t)(intptr_t)(lt == LUA_TSTRING ? (const void *)lua_tostring(L, idx)
                                                    : lua_touserdata(L, idx));
      } else {
        cf_converr(cs, L, idx, id);
      }
      storenum(cs, t, p, &n);
      return;
    }
    case CT_PTR: {
      void *v = NULL;
      if (t->flags & CF_REF) { /* a reference: store into the referenced object */
        cf_tocval(cs, L, t->base, *(void **)p, idx, flags);
        return;
      }
      switch (lt) {
        case LUA_TNIL: break;
        case LUA_TLIGHTUSERDATA: v = lua_touserdata(L, idx); break;
        case LUA_TSTRING: v = (void *)lua_tostring(L, idx); break;
        case LUA_TNUMBER:
          if (!(flags & CONV_CAST)) cf_converr(cs, L, idx, id);
          v = (void *)(intptr_t)(lua_isinteger(L, idx) ? lua_tointeger(L, idx)
                                                      : dtoi(lua_tonumber(L, idx), 1));
          break;
        case LUA_TFUNCTION:
          if (cf_raw(cs, t->base)->kind != CT_FUNC) cf_converr(cs, L, idx, id);
          v = cf_newcallback(cs, L, id, idx);
          break;
        case LUA_TUSERDATA:
          if (cd == NULL) {
            v = lua_touserdata(L, idx);
            break;
          } else {
            CType *s = cf_raw(cs, cd->id);
            int ok = 1;
            switch (s->kind) {
              case CT_PTR:
                v = *(void **)cd->p;
                if (s->flags & CF_REF) v = cd->p;
                else ok = compatible(cs, t->base, s->base);
                break;
              case CT_ARRAY: v = cd->p; ok = compatible(cs, t->base, s->base); break;
              case CT_STRUCT: v = cd->p; ok = compatible(cs, t->base, cd->id); break;
              case CT_FUNC: v = *(void **)cd->p; ok = compatible(cs, t->base, cd->id); break;
              case CT_INT: case CT_ENUM: case CT_BOOL:
                if (!(flags & CONV_CAST)) cf_converr(cs, L, idx, id);
                v = (void *)(intptr_t)cf_loadint(cd->p, s->size, s->flags & CF_UNSIGNED);
                break;
              default: ok = 0;
            }
            if (!ok && !(flags & CONV_CAST)) cf_converr(cs, L, idx, id);
          }
          break;
        default:
          cf_converr(cs, L, idx, id);
      }
      memcpy(p, &v, sizeof v);
      return;
    }
    case CT_ARRAY: case CT_STRUCT:
      if (lt == LUA_TTABLE) {
        memset(p, 0, t->size);
        inittable(cs, L, id, p, idx);
        return;
      }
      if (lt == LUA_TSTRING && t->kind == CT_ARRAY && cf_raw(cs, t->base)->kind == CT_INT &&
          cf_raw(cs, t->base)->size == 1) {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        if (len > t->size) len = t->size;
        memcpy(p, s, len);
        if (len < t->size) ((char *)p)[len] = '\0';
        return;
      }
      if (cd && cf_unq(cs, cd->id) == cf_unq(cs, id)) {
        memmove(p, cd->p, t->size);
        return;
      }
      if (cd && t->kind == CT_ARRAY && cf_raw(cs, cd->id)->kind == CT_ARRAY &&
          compatible(cs, t->base, cf_raw(cs, cd->id)->base)) {
        uint32_t n = cf_raw(cs, cd->id)->size;
        memmove(p, cd->p, n < t->size ? n : t->size);
        return;
      }
      cf_converr(cs, L, idx, id);
      return;
    default:
      cf_converr(cs, L, idx, id);
  }
}

void cf_pushcval(CState *cs, lua_State *L, int id, void *p, int copy) {
  CType *t = cf_raw(cs, id);
  switch (t->kind) {
    case CT_VOID: lua_pushnil(L); return;
    case CT_BOOL: lua_pushboolean(L, *(uint8_t *)p != 0); return;
    case CT_INT: case CT_ENUM: case CT_FLOAT: {
      Num n;
      num_fromc(cs, id, p, &n);
      if (n.isint) lua_pushinteger(L, n.i);
      else lua_pushnumber(L, n.d);
      return;
    }
    case CT_PTR:
      if (t->flags & CF_REF) {
        cf_pushcval(cs, L, t->base, *(void **)p, copy);
        return;
      }
      memcpy(cf_newcdata(cs, L, id, sizeof(void *))->p, p, sizeof(void *));
      return;
    case CT_FUNC:
      memcpy(cf_newcdata(cs, L, id, sizeof(void *))->p, &p, sizeof(void *));
      return;
    default:
      if (copy) memcpy(cf_newcdata(cs, L, id, t->size)->p, p, t->size);
      else cf_newref(cs, L, id, p);
  }
}

void cf_init(CState *cs, lua_State *L, int id, void *p, int first, int last) {
  CType *t = cf_raw(cs, id);
  int n = last - first + 1;
  if (n <= 0) return;
  if (t->kind == CT_ARRAY) {
    CType *e = cf_raw(cs, t->base);
    uint32_t i;
    if (n == 1 && (lua_istable(L, first) || lua_type(L, first) == LUA_TSTRING ||
                   (cf_tocdata(cs, L, first) &&
                    cf_raw(cs, cf_tocdata(cs, L, first)->id)->kind == CT_ARRAY))) {
      cf_tocval(cs, L, id, p, first, CONV_INIT);
      return;
    }
    if ((uint32_t)n > t->n) luaL_error(L, "too many initializers for '%s'", cf_pushrepr(cs, L, id));
    for (i = 0; i < (uint32_t)n; i++)
      cf_tocval(cs, L, t->base, (char *)p + (size_t)i * e->size, first + (int)i, CONV_INIT);
    for (; n == 1 && i < t->n; i++) /* one initializer fills every element */
      memcpy((char *)p + (size_t)i * e->size, p, e->size);
    return;
  }
  if (t->kind == CT_STRUCT) {
    uint32_t i;
    int k = first;
    CData *cd = cf_tocdata(cs, L, first);
    if (n == 1 && (lua_istable(L, first) || (cd && cf_unq(cs, cd->id) == cf_unq(cs, id)))) {
      cf_tocval(cs, L, id, p, first, CONV_INIT);
      return;
    }
    for (i = 0; i < t->n && k <= last; i++) {
      CField *f = &cs->f[t->field + i];
      if (f->isbit && f->bitsize == 0) continue;
      if (f->isbit)
        cf_storebitfield(L, f, p, k);
      else
        cf_tocval(cs, L, f->type, (char *)p + f->offset, k, CONV_INIT);
      k++;
      if (t->flags & CF_UNION) break;
      t = cf_raw(cs, id);
    }
    if (k <= last) luaL_error(L, "too many initializers for '%s'", cf_pushrepr(cs, L, id));
    return;
  }
  if (n > 1) luaL_error(L, "too many initializers for '%s'", cf_pushrepr(cs, L, id));
  cf_tocval(cs, L, id, p, first, CONV_INIT);
}

void *cf_topointer(CState *cs, lua_State *L, int idx, int *ok) {
  CData *cd = cf_tocdata(cs, L, idx);
  *ok = 1;
  if (cd) {
    CType *t = cf_raw(cs, cd->id);
    if (t->kind == CT_PTR || t->kind == CT_FUNC) return *(void **)cd->p;
    if (t->kind == CT_ARRAY || t->kind == CT_STRUCT) return cd->p;
    if (cf_isinteger(t)) return (void *)(intptr_t)cf_loadint(cd->p, t->size, 1);
  } else if (lua_type(L, idx) == LUA_TSTRING) {
    return (void *)lua_tostring(L, idx);
  } else if (lua_type(L, idx) == LUA_TLIGHTUSERDATA || lua_type(L, idx) == LUA_TUSERDATA) {
    return lua_touserdata(L, idx);
  } else if (lua_isnil(L, idx)) {
    return NULL;
  }
  *ok = 0;
  return NULL;
}
