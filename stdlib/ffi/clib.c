/* C library namespaces: ffi.C (the process's own symbols, dlsym(RTLD_DEFAULT)) and the
 * libraries ffi.load opens. Indexing one finds the symbol's cdef declaration and resolves it:
 * functions become cached function cdata, variables are read and written in place, enum and
 * static const constants are numbers. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gnu/lib-names.h>
#include <stdio.h>
#include <string.h>

#include "lauxlib.h"
#include "stdlib/ffi/ffi.h"

typedef struct CLib {
  void *handle;
} CLib;

static const char CLIB_MT[] = "nacre.ffi.clib";

/* The declaration of the symbol named at 2, and its address (NULL for constants). */
static CSym *resolve(CState *cs, lua_State *L, void **addr) {
  CLib *lib = luaL_checkudata(L, 1, CLIB_MT);
  const char *name = luaL_checkstring(L, 2);
  int i = cf_map_get(&cs->names, name);
  CSym *s;
  if (i < 0 || cs->sym[i].kind == SYM_TYPEDEF)
    luaL_error(L, "missing declaration for symbol '%s'", name);
  s = &cs->sym[i];
  *addr = NULL;
  if (s->kind == SYM_EXTERN) {
    dlerror();
    *addr = dlsym(lib->handle, s->asmname ? s->asmname : name);
    if (*addr == NULL && lib->handle == RTLD_DEFAULT) {
      /* The nacre executable loads libm when first needed (runtime/libm.c); ffi.C has its
       * functions, as in a process that links it. */
      dlopen(LIBM_SO, RTLD_NOW | RTLD_GLOBAL);
      dlerror();
      *addr = dlsym(lib->handle, s->asmname ? s->asmname : name);
    }
    if (*addr == NULL) {
      const char *e = dlerror();
      luaL_error(L, "%s", e ? e : lua_pushfstring(L, "undefined symbol: %s", name));
    }
  }
  return s;
}

static int clib_index(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  void *addr;
  CSym *s;
  lua_getiuservalue(L, 1, 1); /* cache of functions */
  lua_pushvalue(L, 2);
  if (lua_rawget(L, -2) != LUA_TNIL) return 1;
  lua_pop(L, 2);
  s = resolve(cs, L, &addr);
  if (s->kind == SYM_CONST) {
    lua_pushinteger(L, (lua_Integer)s->value);
    return 1;
  }
  if (cf_raw(cs, s->type)->kind == CT_FUNC) {
    cf_pushcval(cs, L, s->type, addr, 0);
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return 1;
  }
  cf_pushcval(cs, L, s->type, addr, 0);
  return 1;
}

static int clib_newindex(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  void *addr;
  CSym *s = resolve(cs, L, &addr);
  if (s->kind != SYM_EXTERN || cf_raw(cs, s->type)->kind == CT_FUNC ||
      (cf_ct(cs, s->type)->flags & CF_CONST))
    return luaL_error(L, "attempt to write to constant location");
  cf_tocval(cs, L, s->type, addr, 3, 0);
  return 0;
}

static int clib_gc(lua_State *L) {
  CLib *lib = lua_touserdata(L, 1);
  if (lib->handle != NULL && lib->handle != RTLD_DEFAULT) dlclose(lib->handle);
  lib->handle = NULL;
  return 0;
}

static int clib_tostring(lua_State *L) {
  CLib *lib = lua_touserdata(L, 1);
  lua_pushfstring(L, "library: %p", lib->handle);
  return 1;
}

static void pushclib(CState *cs, lua_State *L, void *handle) {
  CLib *lib = lua_newuserdatauv(L, sizeof(CLib), 1);
  lib->handle = handle;
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);
  if (luaL_newmetatable(L, CLIB_MT)) {
    static const luaL_Reg mms[] = {{"__index", clib_index}, {"__newindex", clib_newindex},
                                   {"__gc", clib_gc}, {"__tostring", clib_tostring},
                                   {NULL, NULL}};
    lua_pushlightuserdata(L, cs);
    luaL_setfuncs(L, mms, 1);
    lua_pushliteral(L, "ffi");
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
}

void cf_clib_open(CState *cs, lua_State *L) {
  pushclib(cs, L, RTLD_DEFAULT);
}

/* A GNU ld script (libm.so, libc.so on glibc): dlopen fails with "invalid ELF header"; the
 * first file of its GROUP ( ... ) is the real library. Returns 1 with the path pushed. */
static int ldscript(lua_State *L, const char *path) {
  char buf[4096], *p, *e;
  size_t n;
  FILE *f = fopen(path, "r");
  if (f == NULL) return 0;
  n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  p = strstr(buf, "GROUP");
  if (p == NULL || (p = strchr(p, '(')) == NULL) return 0;
  p++;
  while (*p == ' ' || *p == '\t') p++;
  for (e = p; *e && *e != ' ' && *e != ')' && *e != '\n'; e++) {}
  if (e == p) return 0;
  lua_pushlstring(L, p, (size_t)(e - p));
  return 1;
}

/* ffi.load(name [, global]): "z" -> "libz.so"; a name with a '/' or a ".so" is used as is. */
int cf_clib_load(lua_State *L) {
  CState *cs = lua_touserdata(L, lua_upvalueindex(1));
  const char *name = luaL_checkstring(L, 1);
  int mode = RTLD_LAZY | (lua_toboolean(L, 2) ? RTLD_GLOBAL : RTLD_LOCAL);
  const char *path = name;
  void *h;
  if (strchr(name, '/') == NULL && strstr(name, ".so") == NULL)
    path = lua_pushfstring(L, "%s%s.so", strncmp(name, "lib", 3) == 0 ? "" : "lib", name);
  h = dlopen(path, mode);
  if (h == NULL) {
    const char *err = lua_pushstring(L, dlerror());
    if (strstr(err, "invalid ELF header") && strchr(path, '/') == NULL) {
      /* an ld script in the library directories: find it the way ld does */
      static const char *const dirs[] = {"/usr/lib/x86_64-linux-gnu/", "/lib/x86_64-linux-gnu/",
                                         "/usr/lib/aarch64-linux-gnu/", "/usr/lib64/", "/usr/lib/",
                                         "/lib/", NULL};
      int i;
      for (i = 0; dirs[i] && h == NULL; i++) {
        const char *full = lua_pushfstring(L, "%s%s", dirs[i], path);
        if (ldscript(L, full)) {
          h = dlopen(lua_tostring(L, -1), mode);
          lua_pop(L, 1);
        }
        lua_pop(L, 1);
      }
    } else if (strstr(err, "invalid ELF header") && ldscript(L, path)) {
      h = dlopen(lua_tostring(L, -1), mode);
    }
    if (h == NULL) return luaL_error(L, "%s", err);
  }
  pushclib(cs, L, h);
  return 1;
}
