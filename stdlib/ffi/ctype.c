/* The C type table of the ffi module: one CState per Lua state holds every type (by id), the
 * fields of structs, unions, enums and functions, the namespaces that cdef fills, interning of
 * derived types (pointers, arrays, qualified types), struct layout (the SysV rules GCC follows,
 * bit fields, packed and aligned) and the C spelling of a type for messages and tostring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"

static void *grow(lua_State *L, void *p, size_t *cap, size_t need, size_t elem) {
  size_t ncap;
  void *np;
  if (need <= *cap) return p;
  ncap = *cap ? *cap * 2 : 16;
  while (ncap < need) ncap *= 2;
  np = realloc(p, ncap * elem);
  if (np == NULL) luaL_error(L, "not enough memory");
  *cap = ncap;
  return np;
}

/* ---- string -> int maps ---- */

static size_t hash(const char *s) {
  size_t h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

int cf_map_get(const CMap *m, const char *key) {
  size_t i;
  if (m->cap == 0) return -1;
  for (i = hash(key) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
    if (strcmp(m->key[i], key) == 0) return m->val[i];
  return -1;
}

/* Inserts or replaces; returns 0, or -1 when out of memory. */
int cf_map_put(CMap *m, const char *key, int val) {
  size_t i;
  if ((m->n + 1) * 2 > m->cap) {
    size_t ncap = m->cap ? m->cap * 2 : 64, j;
    char **nk = calloc(ncap, sizeof(char *));
    int *nv = calloc(ncap, sizeof(int));
    if (nk == NULL || nv == NULL) {
      free(nk);
      free(nv);
      return -1;
    }
    for (j = 0; j < m->cap; j++) {
      if (m->key[j] == NULL) continue;
      for (i = hash(m->key[j]) & (ncap - 1); nk[i]; i = (i + 1) & (ncap - 1)) {}
      nk[i] = m->key[j];
      nv[i] = m->val[j];
    }
    free(m->key);
    free(m->val);
    m->key = nk;
    m->val = nv;
    m->cap = ncap;
  }
  for (i = hash(key) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
    if (strcmp(m->key[i], key) == 0) {
      m->val[i] = val;
      return 0;
    }
  m->key[i] = strdup(key);
  if (m->key[i] == NULL) return -1;
  m->val[i] = val;
  m->n++;
  return 0;
}

static void map_free(CMap *m) {
  size_t i;
  for (i = 0; i < m->cap; i++) free(m->key[i]);
  free(m->key);
  free(m->val);
}

const char *cf_strdup(CState *cs, lua_State *L, const char *s, size_t len) {
  char *d = malloc(len + 1);
  if (d == NULL) luaL_error(L, "not enough memory");
  memcpy(d, s, len);
  d[len] = '\0';
  cs->strs = grow(L, cs->strs, &cs->capstrs, cs->nstrs + 1, sizeof(char *));
  cs->strs[cs->nstrs++] = d;
  return d;
}

/* ---- types ---- */

int cf_newtype(CState *cs, lua_State *L, const CType *proto) {
  int id;
  if (cs->nt >= 0x7fffff00) luaL_error(L, "too many C types");
  cs->t = grow(L, cs->t, &cs->capt, cs->nt + 1, sizeof(CType));
  id = (int)cs->nt++;
  cs->t[id] = *proto;
  cs->t[id].uq = id;
  cs->t[id].mt = LUA_NOREF;
  cs->t[id].ffi = NULL;
  return id;
}

int cf_addfields(CState *cs, lua_State *L, const CField *fs, size_t n) {
  int first = (int)cs->nf;
  if (n == 0) return first;
  cs->f = grow(L, cs->f, &cs->capf, cs->nf + n, sizeof(CField));
  memcpy(cs->f + cs->nf, fs, n * sizeof(CField));
  cs->nf += n;
  return first;
}

/* Looks up or creates a derived type described by proto under a textual key. */
static int intern(CState *cs, lua_State *L, const char *key, const CType *proto) {
  int id = cf_map_get(&cs->interned, key);
  if (id >= 0) return id;
  id = cf_newtype(cs, L, proto);
  if (cf_map_put(&cs->interned, key, id) != 0) luaL_error(L, "not enough memory");
  return id;
}

int cf_ptrto(CState *cs, lua_State *L, int base, uint32_t flags) {
  char key[64];
  CType t = {CT_PTR, flags, sizeof(void *), sizeof(void *), base, 0, 0, 0, NULL, 0, NULL};
  snprintf(key, sizeof key, "P%d:%u", base, (unsigned)flags);
  return intern(cs, L, key, &t);
}

int cf_arrayof(CState *cs, lua_State *L, int base, int64_t n, uint32_t flags) {
  char key[80];
  CType *e = cf_raw(cs, base);
  CType t = {CT_ARRAY, flags, 0, e->align, base, 0, 0, 0, NULL, 0, NULL};
  if (e->size == CT_NOSIZE || (e->flags & CF_VLS)) luaL_error(L, "array of incomplete type");
  if (n < 0 || (e->size && (uint64_t)n > 0x7fffffffu / e->size)) luaL_error(L, "array too large");
  t.n = (uint32_t)n;
  t.size = (flags & (CF_VLA | CF_INCOMPLETE)) ? 0 : (uint32_t)n * e->size;
  snprintf(key, sizeof key, "A%d:%u:%lld", base, (unsigned)flags, (long long)n);
  return intern(cs, L, key, &t);
}

/* The type id with qualifiers qual added (the same id when it has them already). */
int cf_qualify(CState *cs, lua_State *L, int id, uint32_t qual) {
  char key[64];
  CType t;
  uint32_t fl = cs->t[id].flags & CF_QUAL;
  if ((fl | qual) == fl || cs->t[id].kind == CT_FUNC) return id;
  t = *cf_raw(cs, id);
  t.flags = (t.flags & ~CF_QUAL) | fl | qual;
  snprintf(key, sizeof key, "Q%d:%u", cs->t[id].uq, (unsigned)(fl | qual));
  {
    int nid = cf_map_get(&cs->interned, key), uq = cs->t[id].uq;
    if (nid >= 0) return nid;
    nid = intern(cs, L, key, &t);
    cs->t[nid].uq = uq;
    return nid;
  }
}

static void builtin(CState *cs, lua_State *L, uint8_t kind, uint32_t flags, uint32_t size,
                    uint32_t align) {
  CType t = {kind, flags, size, align, 0, 0, 0, 0, NULL, 0, NULL};
  cf_newtype(cs, L, &t);
}

/* The built-in types, in the order of the CTID_ constants. */
static void builtins(CState *cs, lua_State *L) {
  builtin(cs, L, CT_VOID, 0, CT_NOSIZE, 1);
  builtin(cs, L, CT_BOOL, CF_UNSIGNED, 1, 1);
  builtin(cs, L, CT_INT, 0, 1, 1);
  builtin(cs, L, CT_INT, CF_UNSIGNED, 1, 1);
  builtin(cs, L, CT_INT, 0, 2, 2);
  builtin(cs, L, CT_INT, CF_UNSIGNED, 2, 2);
  builtin(cs, L, CT_INT, 0, 4, 4);
  builtin(cs, L, CT_INT, CF_UNSIGNED, 4, 4);
  builtin(cs, L, CT_INT, 0, 8, _Alignof(int64_t));
  builtin(cs, L, CT_INT, CF_UNSIGNED, 8, _Alignof(uint64_t));
  builtin(cs, L, CT_FLOAT, 0, 4, 4);
  builtin(cs, L, CT_FLOAT, 0, 8, _Alignof(double));
  builtin(cs, L, CT_FLOAT, 0, sizeof(long double), _Alignof(long double));
  cf_qualify(cs, L, CTID_VOID, CF_CONST);
  cf_qualify(cs, L, CTID_INT8, CF_CONST);
  cf_ptrto(cs, L, CTID_VOID, 0);
  cf_ptrto(cs, L, CTID_CVOID, 0);
  cf_ptrto(cs, L, CTID_CCHAR, 0);
}

static int state_gc(lua_State *L) {
  CState *cs = lua_touserdata(L, 1);
  cf_state_free(cs);
  return 0;
}

static const char STATE_KEY[] = "nacre.ffi.state";

/* Creates the state's CState on first use (anchored in the registry) and returns it. */
CState *cf_state(lua_State *L) {
  CState *cs;
  if (lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY) == LUA_TUSERDATA) {
    cs = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return cs;
  }
  lua_pop(L, 1);
  cs = lua_newuserdatauv(L, sizeof(CState), 0);
  memset(cs, 0, sizeof *cs);
  lua_newtable(L);
  lua_pushcfunction(L, state_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
  builtins(cs, L);
  return cs;
}

void cf_state_free(CState *cs) {
  size_t i;
  cf_callbacks_free(cs);
  for (i = 0; i < cs->nt; i++) free(cs->t[i].ffi);
  for (i = 0; i < cs->nstrs; i++) free(cs->strs[i]);
  free(cs->strs);
  free(cs->t);
  free(cs->f);
  free(cs->scratch);
  free(cs->sym);
  map_free(&cs->names);
  map_free(&cs->tags);
  map_free(&cs->interned);
  memset(cs, 0, sizeof *cs);
}

int cf_isinteger(const CType *t) {
  return t->kind == CT_INT || t->kind == CT_BOOL || t->kind == CT_ENUM;
}

int cf_isnumeric(const CType *t) {
  return cf_isinteger(t) || t->kind == CT_FLOAT;
}

/* ---- layout ---- */

static uint64_t roundup(uint64_t x, uint64_t a) {
  return a ? (x + a - 1) / a * a : x;
}

/* Computes offsets, size and alignment of struct/union id from its fields: members at their
 * natural alignment (at most pack, for #pragma pack; 1 when packed), bit fields in storage
 * units of their type without straddling one (packed: bitwise), at least minalign. */
void cf_layout(CState *cs, lua_State *L, int id, unsigned pack, unsigned minalign) {
  CType *st = cf_ct(cs, id);
  int isunion = (st->flags & CF_UNION) != 0, packed = (st->flags & CF_PACKED) != 0;
  uint64_t bit = 0, maxbits = 0, align = 1;
  uint32_t i;
  for (i = 0; i < st->n; i++) {
    CField *f = &cs->f[st->field + i];
    CType *ft = cf_raw(cs, f->type);
    uint64_t fa = ft->align, fsize = ft->size;
    if (ft->kind == CT_ARRAY && (ft->flags & CF_VLA)) {
      st = cf_ct(cs, id);
      st->flags |= CF_VLS;
      fsize = 0;
    }
    if (packed) fa = 1;
    if (pack && fa > pack) fa = pack;
    if (f->align > fa) fa = f->align;
    if (f->isbit) {
      uint64_t unit = ft->size * 8, w = f->bitsize;
      if (isunion) bit = 0;
      if (w == 0) { /* zero width: next unit */
        bit = roundup(bit, unit);
        f->offset = (uint32_t)(bit / 8);
        f->bitpos = 0;
        continue;
      }
      if (!packed && bit / unit != (bit + w - 1) / unit) bit = roundup(bit, unit);
      if (packed) {
        f->offset = (uint32_t)(bit / 8);
        f->bitpos = (uint8_t)(bit % 8);
      } else {
        f->offset = (uint32_t)(bit / unit * ft->size);
        f->bitpos = (uint8_t)(bit - (uint64_t)f->offset * 8);
      }
      if (f->name != NULL && fa > align) align = fa;
      bit += w;
    } else {
      if (isunion) bit = 0;
      bit = roundup(roundup(bit, 8), fa * 8);
      f->offset = (uint32_t)(bit / 8);
      f->bitpos = 0;
      if (fa > align) align = fa;
      bit += fsize * 8;
    }
    if (bit > maxbits) maxbits = bit;
    if (maxbits > 0x7fffffffull * 8) luaL_error(L, "struct too large");
  }
  if (minalign > align) align = minalign;
  st = cf_ct(cs, id);
  st->align = (uint32_t)align;
  st->size = (uint32_t)roundup(roundup(maxbits, 8) / 8, align);
  st->flags &= ~CF_INCOMPLETE;
}

uint64_t cf_vlasize(CState *cs, int id, int64_t nelem) {
  CType *t = cf_raw(cs, id);
  if (nelem < 0) nelem = 0;
  if (t->kind == CT_ARRAY) return (uint64_t)nelem * cf_raw(cs, t->base)->size;
  if (t->kind == CT_STRUCT && (t->flags & CF_VLS)) {
    CField *last = &cs->f[t->field + t->n - 1];
    CType *arr = cf_raw(cs, last->type);
    return roundup(last->offset + (uint64_t)nelem * cf_raw(cs, arr->base)->size, t->align);
  }
  return t->size;
}

const CField *cf_findfield(CState *cs, int id, const char *name, uint32_t *offset) {
  CType *t = cf_raw(cs, id);
  uint32_t i;
  if (t->kind != CT_STRUCT) return NULL;
  for (i = 0; i < t->n; i++) {
    const CField *f = &cs->f[t->field + i];
    if (f->name != NULL) {
      if (strcmp(f->name, name) == 0) {
        *offset += f->offset;
        return f;
      }
    } else if (cf_raw(cs, f->type)->kind == CT_STRUCT) {
      uint32_t off = *offset + f->offset;
      const CField *inner = cf_findfield(cs, f->type, name, &off);
      if (inner) {
        *offset = off;
        return inner;
      }
    }
  }
  return NULL;
}

/* ---- spelling ---- */

static void addqual(luaL_Buffer *b, uint32_t flags) {
  if (flags & CF_CONST) luaL_addstring(b, "const ");
  if (flags & CF_VOLATILE) luaL_addstring(b, "volatile ");
}

/* inner: the declarator built so far (at the stack top); replaces it with the full spelling. */
static void repr(CState *cs, lua_State *L, int id) {
  CType *t = cf_ct(cs, id);
  luaL_Buffer b;
  switch (t->kind) {
    case CT_PTR: {
      int bk = cf_ct(cs, t->base)->kind;
      const char *inner = lua_tostring(L, -1);
      luaL_buffinit(L, &b);
      if (bk == CT_ARRAY || bk == CT_FUNC) luaL_addchar(&b, '(');
      luaL_addchar(&b, (t->flags & CF_REF) ? '&' : '*');
      if (t->flags & CF_CONST) luaL_addstring(&b, "const");
      if (t->flags & CF_VOLATILE) luaL_addstring(&b, "volatile");
      luaL_addstring(&b, inner);
      if (bk == CT_ARRAY || bk == CT_FUNC) luaL_addchar(&b, ')');
      luaL_pushresult(&b);
      lua_remove(L, -2);
      repr(cs, L, t->base);
      return;
    }
    case CT_ARRAY:
      if (t->flags & CF_VLA) lua_pushstring(L, "[?]");
      else if (t->flags & CF_INCOMPLETE) lua_pushstring(L, "[]");
      else lua_pushfstring(L, "[%d]", (int)t->n);
      lua_concat(L, 2);
      repr(cs, L, t->base);
      return;
    case CT_FUNC:
      lua_pushstring(L, "()");
      lua_concat(L, 2);
      repr(cs, L, t->base);
      return;
    default: {
      const char *inner = lua_tostring(L, -1);
      luaL_buffinit(L, &b);
      addqual(&b, t->flags);
      switch (t->kind) {
        case CT_VOID: luaL_addstring(&b, "void"); break;
        case CT_BOOL: luaL_addstring(&b, "bool"); break;
        case CT_FLOAT:
          luaL_addstring(&b, t->size == 4 ? "float" : t->size == 8 ? "double" : "long double");
          break;
        case CT_INT: {
          static const char *const names[2][4] = {
              {"char", "short", "int", "int64_t"},
              {"unsigned char", "unsigned short", "unsigned int", "uint64_t"}};
          int k = t->size == 1 ? 0 : t->size == 2 ? 1 : t->size == 4 ? 2 : 3;
          luaL_addstring(&b, names[(t->flags & CF_UNSIGNED) != 0][k]);
          break;
        }
        default: {
          const CType *r = cf_raw(cs, id);
          luaL_addstring(&b, r->kind == CT_ENUM ? "enum " : (r->flags & CF_UNION) ? "union "
                                                                                   : "struct ");
          if (r->name) luaL_addstring(&b, r->name);
          else {
            lua_pushinteger(L, t->uq);
            luaL_addvalue(&b);
          }
        }
      }
      if (*inner) {
        luaL_addchar(&b, ' ');
        luaL_addstring(&b, inner);
      }
      luaL_pushresult(&b);
      lua_remove(L, -2);
    }
  }
}

const char *cf_pushrepr(CState *cs, lua_State *L, int id) {
  lua_pushliteral(L, "");
  repr(cs, L, id);
  return lua_tostring(L, -1);
}
