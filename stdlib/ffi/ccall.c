/* Calls from Lua into C through libffi: the libffi type of every C type (structs by value
 * included), call interfaces prepared once per function type (per call for variadic ones),
 * argument conversion (variadic arguments take their type from the Lua value), and the
 * result converted back. errno is saved after every call for ffi.errno. */
#include <errno.h>
#include <ffi.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"

static ffi_type *scalar(CState *cs, CType *t) {
  if (t->kind == CT_ENUM) t = cf_raw(cs, t->base);
  switch (t->kind) {
    case CT_VOID: return &ffi_type_void;
    case CT_BOOL: return &ffi_type_uint8;
    case CT_INT: {
      int u = (t->flags & CF_UNSIGNED) != 0;
      switch (t->size) {
        case 1: return u ? &ffi_type_uint8 : &ffi_type_sint8;
        case 2: return u ? &ffi_type_uint16 : &ffi_type_sint16;
        case 4: return u ? &ffi_type_uint32 : &ffi_type_sint32;
        default: return u ? &ffi_type_uint64 : &ffi_type_sint64;
      }
    }
    case CT_FLOAT:
      return t->size == 4 ? &ffi_type_float : t->size == 8 ? &ffi_type_double : &ffi_type_longdouble;
    default: return &ffi_type_pointer;
  }
}

/* Leaves of a struct for the natural representation: every scalar and array element. */
static size_t countleaves(CState *cs, int id) {
  CType *t = cf_raw(cs, id);
  size_t n = 0;
  uint32_t i;
  if (t->kind == CT_ARRAY) return t->n * countleaves(cs, t->base);
  if (t->kind != CT_STRUCT) return 1;
  for (i = 0; i < t->n; i++) n += countleaves(cs, cs->f[t->field + i].type);
  return n;
}

/* Structs libffi cannot lay out as we do (unions, bit fields, packed, over-aligned, [?]):
 * described by their size only, as a run of integers (or floats/doubles when every leaf is
 * one), which classifies the same for the SysV and AAPCS64 calling conventions. */
static int needscover(CState *cs, int id, int *fl) {
  CType *t = cf_raw(cs, id);
  uint32_t i;
  if (t->kind == CT_ARRAY) return needscover(cs, t->base, fl);
  if (t->kind == CT_FLOAT) {
    *fl |= t->size == 4 ? 1 : t->size == 8 ? 2 : 4;
    return 0;
  }
  if (t->kind != CT_STRUCT) {
    *fl |= 4;
    return 0;
  }
  if (t->flags & (CF_UNION | CF_PACKED | CF_VLS)) {
    for (i = 0; i < t->n; i++) needscover(cs, cs->f[t->field + i].type, fl);
    return 1;
  }
  for (i = 0; i < t->n; i++) {
    CField *f = &cs->f[t->field + i];
    if (f->isbit || f->align) {
      *fl |= 4;
      return 1;
    }
    if (needscover(cs, f->type, fl)) return 1;
  }
  return t->align > 16;
}

static void fillleaves(CState *cs, lua_State *L, int id, ffi_type **el, size_t *k) {
  CType *t = cf_raw(cs, id);
  uint32_t i;
  if (t->kind == CT_ARRAY) {
    for (i = 0; i < t->n; i++) fillleaves(cs, L, t->base, el, k);
  } else if (t->kind == CT_STRUCT) {
    for (i = 0; i < t->n; i++) fillleaves(cs, L, cs->f[t->field + i].type, el, k);
  } else {
    el[(*k)++] = scalar(cs, t);
  }
}

/* A packed struct with a member off its natural alignment is passed and returned in memory
 * (SysV x86-64 ABI 3.2.3). libffi keeps a struct's size and alignment when they are preset,
 * and puts a struct in memory when an element is over 32 bytes: the element below. */
static int unaligned(CState *cs, int id) {
  CType *t = cf_raw(cs, id);
  uint32_t i;
  if (t->kind == CT_ARRAY) return unaligned(cs, t->base);
  if (t->kind != CT_STRUCT) return 0;
  for (i = 0; i < t->n; i++) {
    CField *f = &cs->f[t->field + i];
    CType *ft = cf_raw(cs, f->type);
    if ((!f->isbit && ft->align && f->offset % ft->align) || unaligned(cs, f->type)) return 1;
  }
  return 0;
}

static ffi_type *memclass_elems[] = {&ffi_type_uint8, NULL};
static ffi_type memclass = {33, 1, FFI_TYPE_STRUCT, memclass_elems};

void *cf_ffitype(CState *cs, lua_State *L, int id) {
  CType *t = cf_raw(cs, id);
  ffi_type *ft, **el;
  size_t n, k = 0;
  int fl = 0, cover;
  if (t->kind != CT_STRUCT) return scalar(cs, t);
  if (t->ffi) return t->ffi;
  if (t->size == CT_NOSIZE) luaL_error(L, "incomplete type '%s' passed by value", cf_pushrepr(cs, L, id));
  cover = needscover(cs, id, &fl);
  if (cover) {
    uint32_t unit = fl == 1 ? 4 : fl == 2 ? 8 : t->align < 8 ? t->align : 8;
    n = t->size / unit;
  } else {
    n = countleaves(cs, id);
  }
  if (n == 0) n = 1; /* an empty struct still has an element for libffi */
  ft = calloc(1, sizeof(ffi_type) + (n + 1) * sizeof(ffi_type *));
  if (ft == NULL) luaL_error(L, "not enough memory");
  el = (ffi_type **)(ft + 1);
  ft->type = FFI_TYPE_STRUCT;
  ft->elements = el;
  if (cover && (t->flags & CF_PACKED) && unaligned(cs, id)) {
#if defined(__x86_64__)
    ft->size = t->size;
    ft->alignment = (unsigned short)t->align;
    el[0] = &memclass;
    el[1] = NULL;
    t->ffi = ft;
    return ft;
#endif
  }
  if (cover) {
    uint32_t unit = fl == 1 ? 4 : fl == 2 ? 8 : t->align < 8 ? t->align : 8;
    ffi_type *e = fl == 1 ? &ffi_type_float : fl == 2 ? &ffi_type_double
                 : unit == 8 ? &ffi_type_uint64 : unit == 4 ? &ffi_type_uint32
                 : unit == 2 ? &ffi_type_uint16 : &ffi_type_uint8;
    for (k = 0; k < n; k++) el[k] = e;
    if (t->size == 0) el[0] = &ffi_type_uint8;
  } else if (countleaves(cs, id) == 0) {
    el[0] = &ffi_type_uint8;
  } else {
    fillleaves(cs, L, id, el, &k);
  }
  t = cf_raw(cs, id);
  t->ffi = ft;
  return ft;
}

/* The prepared interface of non-variadic function type fid (cached in the type). */
void cf_prepcif(CState *cs, lua_State *L, int fid) {
  CType *t = cf_raw(cs, fid);
  ffi_cif *cif;
  ffi_type **at, *rt;
  uint32_t i, n = t->n;
  if (t->ffi) return;
  cif = calloc(1, sizeof(ffi_cif) + (n + 1) * sizeof(ffi_type *));
  if (cif == NULL) luaL_error(L, "not enough memory");
  at = (ffi_type **)(cif + 1);
  for (i = 0; i < n; i++) at[i] = cf_ffitype(cs, L, cs->f[cf_raw(cs, fid)->field + i].type);
  rt = cf_ffitype(cs, L, cf_raw(cs, fid)->base);
  if (ffi_prep_cif(cif, FFI_DEFAULT_ABI, n, rt, at) != FFI_OK) {
    free(cif);
    luaL_error(L, "cannot prepare a call to '%s'", cf_pushrepr(cs, L, fid));
  }
  cf_raw(cs, fid)->ffi = cif;
}

/* The C type a variadic argument is passed as (C's default promotions). */
static int varargtype(CState *cs, lua_State *L, int idx) {
  CData *cd;
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER: return lua_isinteger(L, idx) ? CTID_INT64 : CTID_DOUBLE;
    case LUA_TBOOLEAN: return CTID_INT32;
    case LUA_TSTRING: return CTID_P_CCHAR;
    case LUA_TNIL: case LUA_TLIGHTUSERDATA: return CTID_P_VOID;
    case LUA_TUSERDATA:
      cd = cf_tocdata(cs, L, idx);
      if (cd == NULL) return CTID_P_VOID;
      if (!(cd->flags & CD_CTYPE)) {
        CType *t = cf_raw(cs, cd->id);
        if (t->kind == CT_ENUM) t = cf_raw(cs, t->base);
        switch (t->kind) {
          case CT_BOOL: return CTID_INT32;
          case CT_INT:
            return t->size < 4 ? CTID_INT32 : t->size == 4 ? ((t->flags & CF_UNSIGNED) ? CTID_UINT32 : CTID_INT32)
                                                     : ((t->flags & CF_UNSIGNED) ? CTID_UINT64 : CTID_INT64);
          case CT_FLOAT: return t->size == 4 ? CTID_DOUBLE : cf_unq(cs, cd->id);
          case CT_ARRAY: return cf_ptrto(cs, L, t->base, 0);
          case CT_FUNC: return cf_ptrto(cs, L, cd->id, 0);
          default: return cf_unq(cs, cd->id);
        }
      }
      /* fall through */
    default:
      return luaL_argerror(L, idx, lua_pushfstring(L, "cannot pass '%s' as a variadic argument",
                                                   luaL_typename(L, idx)));
  }
}

#define ARGBUF 512
#define LOCALARGS 16

int cf_call(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  CData *cd = lua_touserdata(L, 1);
  CType *t = cf_raw(cs, cd->id);
  int fid = t->kind == CT_FUNC ? cd->id : t->base;
  void (*fn)(void);
  CType *ft = cf_raw(cs, fid), *rt;
  int nargs = lua_gettop(L) - 1, i, vararg = (ft->flags & CF_VARARG) != 0, nfixed = (int)ft->n;
  ffi_cif vcif, *cif;
  ffi_type **atypes = NULL;
  void **avalues;
  int *argt;
  char *slots;
  size_t need = 0, off = 0;
  union { char b[ARGBUF]; long double align; } local;
  union { char b[64]; long double align; } ret;
  void *lavalues[LOCALARGS];
  ffi_type *latypes[LOCALARGS];
  int largt[LOCALARGS];
  lua_State *prev;
  memcpy(&fn, cd->p, sizeof fn);
  if (fn == NULL) return luaL_error(L, "attempt to call a NULL function pointer");
  if (nargs < nfixed || (nargs > nfixed && !vararg))
    return luaL_error(L, "wrong number of arguments for function call (%d expected, got %d)",
                      nfixed, nargs);
  /* argument types, then storage sized for them */
  if (nargs <= LOCALARGS) { /* the common case allocates nothing */
    avalues = lavalues;
    atypes = latypes;
    argt = largt;
  } else {
    avalues = lua_newuserdatauv(L, (size_t)nargs * (2 * sizeof(void *) + sizeof(int)), 0);
    atypes = (ffi_type **)(avalues + nargs);
    argt = (int *)(atypes + nargs);
  }
  for (i = 0; i < nargs; i++) {
    argt[i] = i < nfixed ? cs->f[ft->field + i].type : varargtype(cs, L, i + 2);
    ft = cf_raw(cs, fid);
    need += (cf_raw(cs, argt[i])->size + 15) & ~(size_t)15;
  }
  slots = need <= ARGBUF ? local.b : lua_newuserdatauv(L, need, 0);
  for (i = 0; i < nargs; i++) {
    CType *at = cf_raw(cs, argt[i]);
    avalues[i] = slots + off;
    off += (at->size + 15) & ~(size_t)15;
    if (at->kind == CT_INT && lua_isinteger(L, i + 2)) /* the common cases, directly */
      cf_storeint(avalues[i], at->size, lua_tointeger(L, i + 2));
    else if (at->kind == CT_FLOAT && at->size == 8 && lua_type(L, i + 2) == LUA_TNUMBER)
      *(double *)avalues[i] = lua_tonumber(L, i + 2);
    else
      cf_tocval(cs, L, argt[i], avalues[i], i + 2, CONV_ARG);
  }
  ft = cf_raw(cs, fid);
  rt = cf_raw(cs, ft->base);
  if (rt->size != CT_NOSIZE && rt->size > sizeof ret.b && rt->kind == CT_STRUCT)
    return luaL_error(L, "struct return larger than %d bytes", (int)sizeof ret.b);
  if (vararg) {
    for (i = 0; i < nargs; i++) atypes[i] = cf_ffitype(cs, L, argt[i]);
    if (ffi_prep_cif_var(&vcif, FFI_DEFAULT_ABI, (unsigned)nfixed, (unsigned)nargs,
                         cf_ffitype(cs, L, ft->base), atypes) != FFI_OK)
      return luaL_error(L, "cannot prepare a call to '%s'", cf_pushrepr(cs, L, fid));
    cif = &vcif;
  } else {
    cf_prepcif(cs, L, fid);
    cif = cf_raw(cs, fid)->ffi;
  }
  prev = cs->calling;
  cs->calling = L;
  errno = cs->saved_errno;
  ffi_call(cif, fn, ret.b, avalues);
  cs->saved_errno = errno;
  cs->calling = prev;
  rt = cf_raw(cs, cf_raw(cs, fid)->base);
  if (rt->kind == CT_VOID) return 0;
  if (cf_isinteger(rt) && (rt->kind == CT_ENUM ? cf_raw(cs, rt->base) : rt)->size < sizeof(ffi_arg)) {
    /* small integers come back widened to ffi_arg */
    CType *it = rt->kind == CT_ENUM ? cf_raw(cs, rt->base) : rt;
    ffi_arg v;
    memcpy(&v, ret.b, sizeof v);
    if (rt->kind == CT_BOOL) lua_pushboolean(L, (v & 0xff) != 0);
    else if (it->flags & CF_UNSIGNED) lua_pushinteger(L, (lua_Integer)(v & ((UINT64_C(1) << (it->size * 8)) - 1)));
    else {
      int64_t x = (int64_t)(v << (64 - it->size * 8)) >> (64 - it->size * 8);
      lua_pushinteger(L, (lua_Integer)x);
    }
    return 1;
  }
  cf_pushcval(cs, L, cf_raw(cs, fid)->base, ret.b, 1);
  return 1;
}
