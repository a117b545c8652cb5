/* The package library: require with its four searchers (preload, Lua files, C libraries,
 * C root libraries), package.path/cpath from the environment, searchpath and loadlib.
 * C modules are loaded with dlopen; they find the Lua API in the nacre executable, which
 * exports it (-rdynamic), so modules built for Lua 5.4 load unmodified. */
#include <dlfcn.h>
#include <fcntl.h>
#include <gnu/lib-names.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "runtime/sandbox.h"

#ifndef l_unlikely
#define l_likely(x) __builtin_expect(((x) != 0), 1)
#define l_unlikely(x) __builtin_expect(((x) != 0), 0)
#endif

/* Defaults as in Debian's lua5.4, so the same modules are found. */
#define PK_ROOT "/usr/local/"
#define PK_ROOT2 "/usr/"
#define PK_VDIR "5.4"
#define PK_LDIR PK_ROOT "share/lua/" PK_VDIR "/"
#define PK_LDIR2 PK_ROOT2 "share/lua/" PK_VDIR "/"
#define PK_CDIR PK_ROOT "lib/lua/" PK_VDIR "/"
/* Debian's multiarch directory (DEB_HOST_MULTIARCH in its build) */
#if defined(__x86_64__)
#define PK_MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define PK_MULTIARCH "aarch64-linux-gnu"
#elif defined(__i386__)
#define PK_MULTIARCH "i386-linux-gnu"
#elif defined(__arm__)
#define PK_MULTIARCH "arm-linux-gnueabihf"
#elif defined(__riscv) && __riscv_xlen == 64
#define PK_MULTIARCH "riscv64-linux-gnu"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PK_MULTIARCH "powerpc64le-linux-gnu"
#else
#define PK_MULTIARCH "unknown-linux-gnu"
#endif
#define PK_CDIR2 PK_ROOT2 "lib/" PK_MULTIARCH "/lua/" PK_VDIR "/"
#define PK_CDIR3 PK_ROOT2 "lib/lua/" PK_VDIR "/"
#define PK_PATH_DEFAULT                                                                   \
  PK_LDIR "?.lua;" PK_LDIR "?/init.lua;" PK_CDIR "?.lua;" PK_CDIR "?/init.lua;" PK_LDIR2 \
          "?.lua;" PK_LDIR2 "?/init.lua;" "./?.lua;" "./?/init.lua"
#define PK_CPATH_DEFAULT \
  PK_CDIR "?.so;" PK_CDIR2 "?.so;" PK_CDIR3 "?.so;" PK_CDIR "loadall.so;" "./?.so"

#define PK_DIRSEP "/"
#define PK_PATH_SEP ";"
#define PK_PATH_MARK "?"
#define PK_EXEC_DIR "!"
#define PK_IGMARK "-"
#define PK_OPEN_PREFIX "luaopen_"
#define PK_OPEN_SEP "_"
#define PK_VERSUFFIX "_5_4"

/* lookfor_func results */
enum { LOAD_OK = 0, LOAD_ERRLIB = 1, LOAD_ERRFUNC = 2 };

/* Registry key of the table path -> dlopen handle, so a library is opened once. Handles
 * stay open until the process exits (PUC-Lua closes them in lua_close; with Boehm there is
 * no ordering guarantee between that and finalizers still using the code). */
static const char CLIBS_KEY = 0;

static void *clib_lookup(lua_State *L, const char *path) {
  void *handle;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &CLIBS_KEY);
  lua_getfield(L, -1, path);
  handle = lua_touserdata(L, -1);
  lua_pop(L, 2);
  return handle;
}

static void clib_remember(lua_State *L, const char *path, void *handle) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &CLIBS_KEY);
  lua_pushlightuserdata(L, handle);
  lua_setfield(L, -2, path);
  lua_pop(L, 1);
}

/* Opens the library at path (once) and pushes its function sym; sym "*" only links the
 * library (globally, so other libraries can use its symbols) and pushes true. On failure
 * pushes the dynamic linker's message. */
static int lookfor_func(lua_State *L, const char *path, const char *sym) {
  void *lib = clib_lookup(L, path);
  if (lib == NULL) {
    if (rt_policy_ask(L, RT_FFI, path) != 0)  /* native code needs the FFI grant */
      return LOAD_ERRLIB;
    /* Modules may use libm without linking it, as lua(1) links it: the nacre executable loads
     * libm only when first needed (runtime/libm.c). */
    dlopen(LIBM_SO, RTLD_NOW | RTLD_GLOBAL);
    lib = dlopen(path, RTLD_NOW | (*sym == '*' ? RTLD_GLOBAL : RTLD_LOCAL));
    if (lib == NULL) {
      lua_pushstring(L, dlerror());
      return LOAD_ERRLIB;
    }
    clib_remember(L, path, lib);
  }
  if (*sym == '*') {
    lua_pushboolean(L, 1);
    return LOAD_OK;
  } else {
    lua_CFunction f = (lua_CFunction)(void (*)(void))dlsym(lib, sym);
    if (f == NULL) {
      lua_pushstring(L, dlerror());
      return LOAD_ERRFUNC;
    }
    lua_pushcfunction(L, f);
    return LOAD_OK;
  }
}

static int pk_loadlib(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *init = luaL_checkstring(L, 2);
  int stat = lookfor_func(L, path, init);
  if (stat == LOAD_OK)
    return 1;
  luaL_pushfail(L);
  lua_insert(L, -2);
  lua_pushstring(L, stat == LOAD_ERRLIB ? "open" : "init");
  return 3;
}

/* A candidate the policy does not let us read counts as absent, so a sandboxed script
 * cannot probe for files through require. */
static int readable(lua_State *L, const char *filename) {
  int fd = rt_sandbox_open(L, filename, O_RDONLY | O_CLOEXEC, 0);
  if (fd == RT_DENIED)
    lua_pop(L, 1);  /* the denial message */
  if (fd < 0)
    return 0;
  close(fd);
  return 1;
}

/* Splits the NUL-separated list in place: returns the next template or NULL at the end. */
static const char *next_filename(char **path, char *end) {
  char *name = *path;
  char *sep;
  if (name == end)
    return NULL;
  if (*name == '\0') {  /* the separator we overwrote last time */
    *name = *PK_PATH_SEP;
    name++;
  }
  sep = strchr(name, *PK_PATH_SEP);
  if (sep == NULL)
    sep = end;
  *sep = '\0';
  *path = sep;
  return name;
}

static void push_notfound(lua_State *L, const char *path) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "no file '");
  luaL_addgsub(&b, path, PK_PATH_SEP, "'\n\tno file '");
  luaL_addstring(&b, "'");
  luaL_pushresult(&b);
}

/* Tries each template of path with '?' replaced by name (its sep characters turned into
 * dirsep). Pushes and returns the first readable file name, or pushes the list of files
 * tried and returns NULL. */
static const char *search_path(lua_State *L, const char *name, const char *path, const char *sep,
                               const char *dirsep) {
  luaL_Buffer buff;
  char *pathname, *endpathname;
  const char *filename;
  if (*sep != '\0' && strchr(name, *sep) != NULL)
    name = luaL_gsub(L, name, sep, dirsep);
  luaL_buffinit(L, &buff);
  luaL_addgsub(&buff, path, PK_PATH_MARK, name);
  luaL_addchar(&buff, '\0');
  pathname = luaL_buffaddr(&buff);
  endpathname = pathname + luaL_bufflen(&buff) - 1;
  while ((filename = next_filename(&pathname, endpathname)) != NULL) {
    if (readable(L, filename))
      return lua_pushstring(L, filename);
  }
  luaL_pushresult(&buff);
  push_notfound(L, lua_tostring(L, -1));
  return NULL;
}

static int pk_searchpath(lua_State *L) {
  /* checked right to left, the order gcc gives Debian's lua5.4, so that
   * searchpath() complains about argument #2 exactly as it does */
  const char *dirsep = luaL_optstring(L, 4, PK_DIRSEP);
  const char *sep = luaL_optstring(L, 3, ".");
  const char *path = luaL_checkstring(L, 2);
  const char *name = luaL_checkstring(L, 1);
  const char *f = search_path(L, name, path, sep, dirsep);
  if (f != NULL)
    return 1;
  luaL_pushfail(L);
  lua_insert(L, -2);
  return 2;
}

/* package.<pname> (the package table is upvalue 1 of every searcher). */
static const char *find_file(lua_State *L, const char *name, const char *pname,
                             const char *dirsep) {
  const char *path;
  lua_getfield(L, lua_upvalueindex(1), pname);
  path = lua_tostring(L, -1);
  if (l_unlikely(path == NULL))
    luaL_error(L, "'package.%s' must be a string", pname);
  return search_path(L, name, path, ".", dirsep);
}

static int check_load(lua_State *L, int ok, const char *filename) {
  if (l_likely(ok)) {
    lua_pushstring(L, filename);  /* the loader's second argument */
    return 2;
  }
  return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", lua_tostring(L, 1),
                    filename, lua_tostring(L, -1));
}

static int searcher_lua(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *filename = find_file(L, name, "path", PK_DIRSEP);
  if (filename == NULL)
    return 1;  /* the list of files tried */
  /* opened again, in one step with the check: what was found may have changed since */
  return check_load(L, lib_loadfile_sandboxed(L, filename, NULL) == LUA_OK, filename);
}

/* Finds luaopen_<name> in the library (dots become '_'; with a '-' in the name, first the
 * part before it, then the part after it, as 5.4 does for versioned modules). */
static int load_cfunc(lua_State *L, const char *filename, const char *modname) {
  const char *openfunc;
  const char *mark;
  modname = luaL_gsub(L, modname, ".", PK_OPEN_SEP);
  mark = strchr(modname, *PK_IGMARK);
  if (mark) {
    int stat;
    openfunc = lua_pushlstring(L, modname, (size_t)(mark - modname));
    openfunc = lua_pushfstring(L, PK_OPEN_PREFIX "%s", openfunc);
    stat = lookfor_func(L, filename, openfunc);
    if (stat != LOAD_ERRFUNC)
      return stat;
    modname = mark + 1;
  }
  openfunc = lua_pushfstring(L, PK_OPEN_PREFIX "%s", modname);
  return lookfor_func(L, filename, openfunc);
}

static int searcher_c(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *filename = find_file(L, name, "cpath", PK_DIRSEP);
  if (filename == NULL)
    return 1;
  return check_load(L, load_cfunc(L, filename, name) == LOAD_OK, filename);
}

static int searcher_croot(lua_State *L) {
  const char *filename;
  const char *name = luaL_checkstring(L, 1);
  const char *p = strchr(name, '.');
  int stat;
  if (p == NULL)
    return 0;  /* a root name: searcher_c already tried it */
  lua_pushlstring(L, name, (size_t)(p - name));
  filename = find_file(L, lua_tostring(L, -1), "cpath", PK_DIRSEP);
  if (filename == NULL)
    return 1;
  if ((stat = load_cfunc(L, filename, name)) != LOAD_OK) {
    if (stat != LOAD_ERRFUNC)
      return check_load(L, 0, filename);
    lua_pushfstring(L, "no module '%s' in file '%s'", name, filename);
    return 1;
  }
  lua_pushstring(L, filename);
  return 2;
}

static int searcher_preload(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  if (lua_type(L, -1) != LUA_TTABLE)
    luaL_error(L, "'package.preload' must be a table");
  if (lua_getfield(L, -1, name) == LUA_TNIL) {
    lua_pushfstring(L, "no field package.preload['%s']", name);
    return 1;
  }
  lua_pushliteral(L, ":preload:");
  return 2;
}

/* Runs the searchers in order; leaves loader and loader data on the stack, or raises
 * "module 'x' not found:" with every searcher's explanation. */
static void find_loader(lua_State *L, const char *name) {
  luaL_Buffer msg;
  if (l_unlikely(lua_getfield(L, lua_upvalueindex(1), "searchers") != LUA_TTABLE))
    luaL_error(L, "'package.searchers' must be a table");
  luaL_buffinit(L, &msg);
  for (int i = 1;; i++) {
    luaL_addstring(&msg, "\n\t");
    if (l_unlikely(lua_rawgeti(L, 3, i) == LUA_TNIL)) {
      lua_pop(L, 1);
      luaL_buffsub(&msg, 2);
      luaL_pushresult(&msg);
      luaL_error(L, "module '%s' not found:%s", name, lua_tostring(L, -1));
    }
    lua_pushstring(L, name);
    lua_call(L, 1, 2);
    if (lua_isfunction(L, -2))
      return;
    if (lua_isstring(L, -2)) {
      lua_pop(L, 1);
      luaL_addvalue(&msg);
    } else {
      lua_pop(L, 2);
      luaL_buffsub(&msg, 2);
    }
  }
}

static int pk_require(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);  /* index 2 */
  lua_getfield(L, 2, name);
  if (lua_toboolean(L, -1))
    return 1;  /* already loaded */
  lua_pop(L, 1);
  find_loader(L, name);  /* index 3: searchers; then loader, data */
  lua_rotate(L, -2, 1);  /* data, loader */
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -3);
  lua_call(L, 2, 1);     /* loader(name, data) */
  if (!lua_isnil(L, -1))
    lua_setfield(L, 2, name);
  else
    lua_pop(L, 1);
  if (lua_getfield(L, 2, name) == LUA_TNIL) {  /* nothing stored: the module is `true` */
    lua_pushboolean(L, 1);
    lua_copy(L, -1, -2);
    lua_setfield(L, 2, name);
  }
  lua_rotate(L, -2, 1);  /* module, data */
  return 2;
}

static int no_env(lua_State *L) {
  int b;
  lua_getfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  b = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return b;
}

/* package[field] from $ENVVAR_5_4 or $ENVVAR; ";;" in the value stands for the default. */
static void set_path(lua_State *L, const char *field, const char *envname, const char *dft) {
  const char *dftmark;
  const char *nver = lua_pushfstring(L, "%s%s", envname, PK_VERSUFFIX);
  const char *path = getenv(nver);
  if (path == NULL)
    path = getenv(envname);
  if (path == NULL || no_env(L)) {
    lua_pushstring(L, dft);
  } else if ((dftmark = strstr(path, PK_PATH_SEP PK_PATH_SEP)) == NULL) {
    lua_pushstring(L, path);
  } else {
    size_t len = strlen(path);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (path < dftmark) {
      luaL_addlstring(&b, path, (size_t)(dftmark - path));
      luaL_addchar(&b, *PK_PATH_SEP);
    }
    luaL_addstring(&b, dft);
    if (dftmark < path + len - 2) {
      luaL_addchar(&b, *PK_PATH_SEP);
      luaL_addlstring(&b, dftmark + 2, (size_t)((path + len - 2) - dftmark));
    }
    luaL_pushresult(&b);
  }
  lua_setfield(L, -3, field);
  lua_pop(L, 1);  /* nver */
}

static const luaL_Reg pk_funcs[] = {
  {"loadlib", pk_loadlib},
  {"searchpath", pk_searchpath},
  {"preload", NULL},  /* placeholders */
  {"cpath", NULL},
  {"path", NULL},
  {"searchers", NULL},
  {"loaded", NULL},
  {NULL, NULL}
};

static const luaL_Reg global_funcs[] = {
  {"require", pk_require},
  {NULL, NULL}
};

static void create_searchers(lua_State *L) {
  static const lua_CFunction searchers[] = {searcher_preload, searcher_lua, searcher_c,
                                            searcher_croot, NULL};
  lua_createtable(L, 4, 0);
  for (int i = 0; searchers[i] != NULL; i++) {
    lua_pushvalue(L, -2);  /* the package table */
    lua_pushcclosure(L, searchers[i], 1);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "searchers");
}

LUAMOD_API int luaopen_package(lua_State *L) {
  lua_newtable(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CLIBS_KEY);
  luaL_newlib(L, pk_funcs);
  create_searchers(L);
  set_path(L, "path", "LUA_PATH", PK_PATH_DEFAULT);
  set_path(L, "cpath", "LUA_CPATH", PK_CPATH_DEFAULT);
  lua_pushliteral(L, PK_DIRSEP "\n" PK_PATH_SEP "\n" PK_PATH_MARK "\n" PK_EXEC_DIR "\n"
                     PK_IGMARK "\n");
  lua_setfield(L, -2, "config");
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_setfield(L, -2, "loaded");
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_setfield(L, -2, "preload");
  lua_pushglobaltable(L);
  lua_pushvalue(L, -2);  /* require's upvalue: the package table */
  luaL_setfuncs(L, global_funcs, 1);
  lua_pop(L, 1);
  return 1;
}
