/* Internal interface of the `ffi` module (LuaJIT's FFI API on libffi): the C type table and
 * its namespaces (ctype.c), the declaration parser (cparse.c), cdata objects (cdata.c),
 * conversions between Lua values and C data (cconv.c), calls and callbacks (ccall.c,
 * callback.c), libraries (clib.c) and the module table (ffilib.c). Internal names: cf_. */
#ifndef NACRE_FFI_H
#define NACRE_FFI_H

#include <stddef.h>
#include <stdint.h>

#include "lua.h"

/* Kinds of C types. */
enum {
  CT_VOID,
  CT_BOOL,
  CT_INT,    /* size 1, 2, 4, 8; CF_UNSIGNED */
  CT_FLOAT,  /* size 4 (float), 8 (double), 16 (long double) */
  CT_PTR,    /* base: pointee; CF_REF for C++ references */
  CT_ARRAY,  /* base: element; n elements, CF_VLA for [?] */
  CT_STRUCT, /* CF_UNION for unions; fields; CF_VLS when the last field is a [?] array */
  CT_ENUM,   /* base: the integer type it is stored as; fields are its constants */
  CT_FUNC    /* base: return type; fields are parameters; CF_VARARG */
};

/* Flags of a type. */
#define CF_CONST 0x01u
#define CF_VOLATILE 0x02u
#define CF_QUAL (CF_CONST | CF_VOLATILE)
#define CF_UNSIGNED 0x04u
#define CF_UNION 0x08u
#define CF_VLA 0x10u      /* array [?] */
#define CF_VLS 0x20u      /* struct ending in a [?] array */
#define CF_VARARG 0x40u
#define CF_INCOMPLETE 0x80u /* declared, not defined (struct, enum), or array [] */
#define CF_REF 0x100u
#define CF_PACKED 0x200u

#define CT_NOSIZE 0xffffffffu

typedef struct CType {
  uint8_t kind;
  uint32_t flags;
  uint32_t size;   /* bytes (CT_NOSIZE for incomplete and void) */
  uint32_t align;  /* bytes */
  int32_t base;    /* see the kinds */
  int32_t uq;      /* the unqualified type (itself when unqualified) */
  uint32_t n;      /* array elements; number of fields */
  int32_t field;   /* index of the first field in CState.f */
  const char *name; /* struct/union/enum tag, or NULL */
  int mt;          /* metatype: a reference in the module's registry table, or LUA_NOREF */
  void *ffi;       /* calls: prepared call interface (CT_FUNC), libffi type (others) */
} CType;

/* A struct/union field, a function parameter or an enum constant. */
typedef struct CField {
  const char *name; /* NULL for anonymous struct/union members and unnamed parameters */
  int32_t type;
  uint32_t offset;  /* byte offset (of the storage unit, for bit fields) */
  uint8_t bitpos, bitsize; /* bit fields: first bit in the unit, width */
  uint8_t isbit;    /* a bit field (also ":0", which has bitsize 0) */
  uint32_t align;   /* aligned(n) on the member, or 0 */
  int64_t value;    /* enum constants */
} CField;

/* Entries of the ordinary namespace (typedefs, declared functions and variables, constants). */
enum { SYM_TYPEDEF, SYM_EXTERN, SYM_CONST };
typedef struct CSym {
  uint8_t kind;
  int32_t type;
  int64_t value;
  const char *asmname; /* __asm__("name") redirection, or NULL */
} CSym;

/* A string -> int map (open addressing); keys are owned by the map. */
typedef struct CMap {
  char **key;
  int *val;
  size_t cap, n;
} CMap;

/* One per Lua state, held by a full userdata in the registry. */
typedef struct CState {
  CType *t;
  size_t nt, capt;
  CField *f;
  size_t nf, capf;
  CField *scratch; /* fields of structs being parsed (a stack) */
  size_t nscratch, capscratch;
  CSym *sym;
  size_t nsym, capsym;
  CMap names;   /* identifier -> index in sym */
  CMap tags;    /* "struct X" / "union X" / "enum X" -> type id */
  CMap interned; /* derived types (pointers, arrays, qualified) -> type id */
  char **strs;  /* names owned by the state */
  size_t nstrs, capstrs;
  const void *mt, *mtgc; /* the two cdata metatables (plain, and with __gc) */
  int mtref, mtgcref;    /* their registry references */
  int saved_errno;
  lua_State *calling; /* the state running an FFI call (callbacks run on it) */
  lua_State *main;    /* the main thread (callbacks when no call is running) */
  struct CCallback **cb; /* callbacks (callback.c) */
  size_t ncb, capcb;
} CState;

/* Fixed ids of the built-in types. */
enum {
  CTID_VOID, CTID_BOOL, CTID_INT8, CTID_UINT8, CTID_INT16, CTID_UINT16, CTID_INT32,
  CTID_UINT32, CTID_INT64, CTID_UINT64, CTID_FLOAT, CTID_DOUBLE, CTID_LDOUBLE,
  CTID_CVOID, CTID_CCHAR, CTID_P_VOID, CTID_P_CVOID, CTID_P_CCHAR, CTID_BUILTIN_END
};

/* cdata objects: full userdata with this header; the data is at p. */
typedef struct CData {
  int32_t id;
  uint32_t flags;
  void *p;
} CData;
#define CD_CTYPE 0x1u /* a ctype object (ffi.typeof), no data */
#define CD_REF 0x2u   /* p points into another object (a field, an element) */

/* ---- ctype.c ---- */
CState *cf_state(lua_State *L); /* the state's CState (from upvalue 1 of every module function) */
void cf_state_free(CState *cs);
int cf_newtype(CState *cs, lua_State *L, const CType *proto);
static inline CType *cf_ct(CState *cs, int id) { return &cs->t[id]; }
static inline int cf_unq(CState *cs, int id) { return cs->t[id].uq; }
static inline CType *cf_raw(CState *cs, int id) { return &cs->t[cs->t[id].uq]; }
int cf_ptrto(CState *cs, lua_State *L, int base, uint32_t flags);
int cf_arrayof(CState *cs, lua_State *L, int base, int64_t n, uint32_t flags);
int cf_qualify(CState *cs, lua_State *L, int id, uint32_t qual);
int cf_addfields(CState *cs, lua_State *L, const CField *fs, size_t n);
const char *cf_strdup(CState *cs, lua_State *L, const char *s, size_t len);
int cf_map_get(const CMap *m, const char *key);
int cf_map_put(CMap *m, const char *key, int val);
void cf_layout(CState *cs, lua_State *L, int id, unsigned pack, unsigned minalign);
const char *cf_pushrepr(CState *cs, lua_State *L, int id); /* "int *", "struct foo" */
int cf_isinteger(const CType *t);
int cf_isnumeric(const CType *t); /* bool, int, float, enum */
/* Finds field name in struct id (anonymous members searched too); offset accumulated. */
const CField *cf_findfield(CState *cs, int id, const char *name, uint32_t *offset);
uint64_t cf_vlasize(CState *cs, int id, int64_t nelem); /* size of a [?] array or VLS */

/* ---- cparse.c ---- */
/* Parses declarations (ffi.cdef). Raises a Lua error quoting the source and position. */
void cf_cdef(CState *cs, lua_State *L, const char *src);
/* Parses a type for typeof/new/cast; $ placeholders take Lua values from stack slots
 * firstparam.. (ctypes, numbers, strings). Returns the type id. */
int cf_parsetype(CState *cs, lua_State *L, const char *src, int firstparam, int nparams);

/* ---- cdata.c ---- */
CData *cf_newcdata(CState *cs, lua_State *L, int id, size_t size);
CData *cf_newref(CState *cs, lua_State *L, int id, void *p);
CData *cf_pushctype(CState *cs, lua_State *L, int id);
CData *cf_tocdata(CState *cs, lua_State *L, int idx); /* NULL when not cdata */
void cf_register_mt(CState *cs, lua_State *L);
/* The ctype id of a type argument: ctype/cdata object or a type string. */
int cf_checkctype(CState *cs, lua_State *L, int idx, int firstparam);
/* Pushes a 64-bit integer cdata or a Lua integer. */
void cf_pushint64(CState *cs, lua_State *L, int64_t v, int isunsigned);

/* ---- cconv.c ---- */
#define CONV_CAST 0x1 /* ffi.cast: anything numeric/pointer goes */
#define CONV_ARG 0x2  /* a call argument: arrays and functions decay */
#define CONV_INIT 0x4 /* ffi.new initializer: tables fill aggregates */
/* Stores the Lua value at idx into C data of type id at p. */
void cf_tocval(CState *cs, lua_State *L, int id, void *p, int idx, int flags);
/* Pushes the Lua value of C data of type id at p; aggregates become references unless copy. */
void cf_pushcval(CState *cs, lua_State *L, int id, void *p, int copy);
/* Initialises fresh (zeroed) data of type id from stack values first..last (ffi.new). */
void cf_init(CState *cs, lua_State *L, int id, void *p, int first, int last);
/* Reads/writes an integer of size bytes (signed unless isunsigned). */
int64_t cf_loadint(const void *p, uint32_t size, int isunsigned);
void cf_storeint(void *p, uint32_t size, int64_t v);
uint64_t cf_getbits(const void *p, unsigned pos, unsigned width);
void cf_setbits(void *p, unsigned pos, unsigned width, uint64_t v);
void cf_storebitfield(lua_State *L, const CField *f, void *p, int idx); /* p: the struct */
/* Converts the value at idx to an address for pointer comparisons and ffi.string. */
void *cf_topointer(CState *cs, lua_State *L, int idx, int *ok);

/* ---- ccall.c ---- */
int cf_call(lua_State *L); /* __call of function cdata (upvalue 1: CState) */
void *cf_ffitype(CState *cs, lua_State *L, int id); /* ffi_type * for id */
void cf_prepcif(CState *cs, lua_State *L, int fid);

/* ---- callback.c ---- */
/* Creates a callback of function-pointer type id calling the Lua function at idx; returns the
 * code address. */
void *cf_newcallback(CState *cs, lua_State *L, int id, int idx);
int cf_callback_method(lua_State *L, CData *cd, const char *name); /* cb:free / cb:set */
void cf_callbacks_free(CState *cs);

/* ---- clib.c ---- */
void cf_clib_open(CState *cs, lua_State *L); /* pushes ffi.C */
int cf_clib_load(lua_State *L);              /* ffi.load (upvalue 1: CState) */

/* Raises a Lua error "cannot convert 'from' to 'to'". */
int cf_converr(CState *cs, lua_State *L, int idx, int to);

#endif
