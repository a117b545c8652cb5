/* `nacre build [-s] [-o app.pearl] main.lua [--module name=path.lua]...`: compiles a program
 * and every module it requires (literal `require "name"` calls, found through package.path)
 * into one app bundle (docs/bytecode.md). Running a bundle needs no code here: loading it goes
 * through the ordinary binary-chunk path, which registers the modules in package.preload. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "runtime/runtime.h"
#include "vm/bytecode/bytecode.h"

#define SHEBANG "#!/usr/bin/env nacre\n"

typedef struct Buf {
  unsigned char *p;
  size_t n, size;
} Buf;

static void bput(Buf *b, const void *data, size_t len) {
  if (b->size - b->n < len) {
    size_t ns = b->size ? b->size : 4096;
    while (ns - b->n < len) ns *= 2;
    unsigned char *np = realloc(b->p, ns);
    if (np == NULL) {
      fputs("nacre build: out of memory\n", stderr);
      exit(1);
    }
    b->p = np;
    b->size = ns;
  }
  memcpy(b->p + b->n, data, len);
  b->n += len;
}

static void bputu32(Buf *b, uint32_t v) {
  unsigned char q[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 24)};
  bput(b, q, 4);
}

static int bwriter(lua_State *L, const void *p, size_t sz, void *ud) {
  (void)L;
  bput(ud, p, sz);
  return 0;
}

typedef struct Module {
  char *name;
  char *path;
  Buf chunk;
} Module;

typedef struct Build {
  lua_State *L;
  Module *mods;
  int n, cap;
  int strip;
} Build;

static int findmodule(Build *b, const char *name) {
  for (int i = 0; i < b->n; i++)
    if (strcmp(b->mods[i].name, name) == 0) return i;
  return -1;
}

static Module *addmodule(Build *b, const char *name, const char *path) {
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 8;
    b->mods = realloc(b->mods, (size_t)b->cap * sizeof(Module));
    if (b->mods == NULL) {
      fputs("nacre build: out of memory\n", stderr);
      exit(1);
    }
  }
  Module *m = &b->mods[b->n++];
  m->name = strdup(name);
  m->path = strdup(path);
  memset(&m->chunk, 0, sizeof m->chunk);
  return m;
}

/* Collects the literal names of `require "x"` calls in a compiled function and its nested
 * functions: GETTABUP r _ENV "require"; LOADK r+1 "x"; CALL r 2 ... */
static void scanrequires(lua_State *L, const Proto *f, int list) {
  for (int pc = 2; pc < f->sizecode; pc++) {
    Instruction call = f->code[pc];
    if (GET_OPCODE(call) != OP_CALL || GETARG_B(call) != 2) continue;
    int a = GETARG_A(call);
    Instruction lk = f->code[pc - 1], gt = f->code[pc - 2];
    if (GET_OPCODE(lk) != OP_LOADK || GETARG_A(lk) != a + 1) continue;
    if (GET_OPCODE(gt) != OP_GETTABUP || GETARG_A(gt) != a) continue;
    int kn = GETARG_Bx(lk), kf = GETARG_C(gt), up = GETARG_B(gt);
    if (kn >= f->sizek || kf >= f->sizek || up >= f->sizeupvalues) continue;
    if (!ttisstring(&f->k[kn]) || !ttisstring(&f->k[kf])) continue;
    if (strcmp(svalue(&f->k[kf]), "require") != 0) continue;
    const TString *un = f->upvalues[up].name;
    if (un == NULL || strcmp(getstr(un), "_ENV") != 0) continue;
    lua_pushlstring(L, svalue(&f->k[kn]), vslen(&f->k[kn]));
    lua_rawseti(L, list, (lua_Integer)lua_rawlen(L, list) + 1);
  }
  for (int j = 0; j < f->sizep; j++) scanrequires(L, f->p[j], list);
}

/* Compiles path, dumps it into m->chunk and appends its required module names to the list
 * table at index `list`. Returns 0, or 1 after printing an error. */
static int compile(Build *b, Module *m, int list) {
  lua_State *L = b->L;
  if (luaL_loadfilex(L, m->path, "t") != LUA_OK) {
    fprintf(stderr, "nacre build: %s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
    return 1;
  }
  const Value *fv = s2v(L->top - 1);
  scanrequires(L, clLvalue(fv)->p, list);
  if (lua_dump(L, bwriter, &m->chunk, b->strip) != 0) {
    fprintf(stderr, "nacre build: cannot dump '%s'\n", m->path);
    return 1;
  }
  lua_pop(L, 1);
  return 0;
}

/* Where `require name` would find a Lua file: package.searchpath(name, package.path).
 * Returns the path (pushed) or NULL with the search message pushed. */
static const char *searchmodule(lua_State *L, const char *name, int *isc) {
  *isc = 0;
  int top = lua_gettop(L);
  int pkg = top + 1;
  lua_getglobal(L, "package");
  lua_getfield(L, pkg, "searchpath");
  lua_pushstring(L, name);
  lua_getfield(L, pkg, "path");
  lua_call(L, 2, 2);  /* top+2: path or nil, top+3: message */
  if (!lua_isnil(L, top + 2)) {
    lua_settop(L, top + 2);
    lua_remove(L, pkg);
    return lua_tostring(L, -1);
  }
  /* Not a Lua file: a C module found on package.cpath cannot be bundled, only noted. */
  lua_getfield(L, pkg, "searchpath");
  lua_pushstring(L, name);
  lua_getfield(L, pkg, "cpath");
  lua_call(L, 2, 1);
  if (!lua_isnil(L, -1)) *isc = 1;
  lua_settop(L, top + 3);
  lua_remove(L, top + 2);
  lua_remove(L, pkg);  /* leaves the search message */
  return NULL;
}

static int usage(void) {
  fputs("usage: nacre build [-s] [-o app.pearl] main.lua [--module name=path.lua]...\n"
        "       nacre build -p [--] FILE...   (parse only; - is stdin)\n", stderr);
  return 2;
}

/* `nacre build -p FILE...`: like `luac -p`, loads (compiles, or verifies a binary chunk) each
 * file in turn without running or writing anything, and stops at the first failure with
 * luac's message and status. */
static int parse_only(char **files, int n) {
  lua_State *L;
  int st = 0;
  if (n == 0) {
    fputs("nacre build: no input files given\n", stderr);
    return usage();
  }
  L = luaL_newstate();
  if (L == NULL) {
    fputs("nacre build: cannot create state\n", stderr);
    return 1;
  }
  for (int i = 0; i < n && st == 0; i++) {
    const char *f = strcmp(files[i], "-") == 0 ? NULL : files[i];
    if (luaL_loadfilex(L, f, "bt") != LUA_OK) {
      const char *msg = lua_tostring(L, -1);
      fprintf(stderr, "nacre build: %s\n", msg ? msg : "(error object is not a string)");
      st = 1;
    }
    lua_settop(L, 0);
  }
  lua_close(L);
  return st;
}

static int writefile(const char *out, const Buf *bundle) {
  FILE *fp = fopen(out, "wb");
  if (fp == NULL) {
    fprintf(stderr, "nacre build: cannot open %s: %s\n", out, strerror(errno));
    return 1;
  }
  int ok = fwrite(bundle->p, 1, bundle->n, fp) == bundle->n;
  if (fclose(fp) != 0) ok = 0;
  if (!ok) {
    fprintf(stderr, "nacre build: cannot write %s: %s\n", out, strerror(errno));
    return 1;
  }
  chmod(out, 0755);
  return 0;
}

static int run(Build *b, const char *mainpath, const char *out, char **extra, int nextra) {
  lua_State *L = b->L;
  lua_newtable(L);  /* list of module names still to resolve */
  int list = lua_gettop(L);
  const char *base = strrchr(mainpath, '/');
  base = base ? base + 1 : mainpath;
  Module *mainm = addmodule(b, base, mainpath);
  if (compile(b, mainm, list)) return 1;
  for (int i = 0; i < nextra; i++) {
    char *eq = strchr(extra[i], '=');
    if (eq == NULL || eq == extra[i] || eq[1] == '\0') return usage();
    *eq = '\0';
    if (findmodule(b, extra[i]) >= 0) continue;
    Module *m = addmodule(b, extra[i], eq + 1);
    if (compile(b, m, list)) return 1;
  }
  /* Breadth-first over required names; modules already known (or standard libraries
   * already in package.loaded) are skipped. */
  for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, list); i++) {
    lua_rawgeti(L, list, i);
    const char *name = lua_tostring(L, -1);
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    int builtin = lua_getfield(L, -1, name) != LUA_TNIL;
    lua_pop(L, 2);
    /* nacre's own modules (uv, luv, sandbox) are built in wherever the bundle runs */
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    builtin = builtin || lua_getfield(L, -1, name) != LUA_TNIL;
    lua_pop(L, 2);
    if (builtin || findmodule(b, name) >= 0) {
      lua_pop(L, 1);
      continue;
    }
    int isc;
    const char *path = searchmodule(L, name, &isc);
    if (path == NULL) {
      if (isc) {
        fprintf(stderr, "nacre build: note: C module '%s' is not bundled; it must be installed "
                "where the bundle runs\n", name);
        lua_pop(L, 2);
        continue;
      }
      fprintf(stderr, "nacre build: module '%s' not found:%s\n", name, lua_tostring(L, -1));
      return 1;
    }
    Module *m = addmodule(b, name, path);
    lua_pop(L, 2);
    if (compile(b, m, list)) return 1;
  }
  /* The bundle: shebang, then an envelope like a chunk's around the module table. */
  Buf bundle = {0};
  bput(&bundle, SHEBANG, strlen(SHEBANG));
  size_t start = bundle.n;
  bput(&bundle, BC_BUNDLE_SIGNATURE, BC_SIGLEN);
  unsigned char vf[2] = {BC_VERSION, (unsigned char)(b->strip ? BC_FLAG_STRIPPED : 0)};
  bput(&bundle, vf, 2);
  bputu32(&bundle, 0);  /* payload size, patched below */
  bputu32(&bundle, (uint32_t)b->n);
  for (int i = 0; i < b->n; i++) {
    Module *m = &b->mods[i];
    bputu32(&bundle, (uint32_t)strlen(m->name));
    bput(&bundle, m->name, strlen(m->name));
    bputu32(&bundle, (uint32_t)m->chunk.n);
    bput(&bundle, m->chunk.p, m->chunk.n);
  }
  size_t payload = bundle.n - start - BC_HEADER_SIZE;
  for (int i = 0; i < 4; i++) bundle.p[start + 8 + i] = (unsigned char)(payload >> (8 * i));
  bputu32(&bundle, bc_crc32(0, bundle.p + start, bundle.n - start));
  int st = writefile(out, &bundle);
  if (st == 0)
    fprintf(stderr, "nacre build: wrote %s (%d module%s, %zu bytes)\n", out, b->n,
            b->n == 1 ? "" : "s", bundle.n);
  free(bundle.p);
  return st;
}

int rt_build_main(int argc, char **argv) {
  Build b = {0};
  const char *out = NULL;
  const char *mainpath = NULL;
  char **extra = calloc((size_t)argc + 1, sizeof(char *));
  char **files = calloc((size_t)argc + 1, sizeof(char *));
  int nextra = 0, nfiles = 0, parse = 0, opts = 1;
  if (extra == NULL || files == NULL) {
    fputs("nacre build: out of memory\n", stderr);
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    if (!opts || strcmp(argv[i], "-") == 0 || argv[i][0] != '-') {
      files[nfiles++] = argv[i];
    } else if (strcmp(argv[i], "--") == 0) {
      opts = 0;
    } else if (strcmp(argv[i], "-p") == 0) {
      parse = 1;
    } else if (strcmp(argv[i], "-s") == 0) {
      b.strip = 1;
    } else if (strcmp(argv[i], "-o") == 0) {
      if (++i >= argc) return usage();
      out = argv[i];
    } else if (strcmp(argv[i], "--module") == 0) {
      if (++i >= argc) return usage();
      extra[nextra++] = argv[i];
    } else if (strncmp(argv[i], "--module=", 9) == 0) {
      extra[nextra++] = argv[i] + 9;
    } else {
      fprintf(stderr, "nacre build: unknown option '%s'\n", argv[i]);
      return usage();
    }
  }
  if (parse) {
    int st = (out || nextra) ? usage() : parse_only(files, nfiles);
    free(extra);
    free(files);
    return st;
  }
  if (nfiles != 1) return usage();
  mainpath = files[0];
  if (out == NULL) out = "main.pearl";
  b.L = luaL_newstate();
  if (b.L == NULL) {
    fputs("nacre build: cannot create state\n", stderr);
    return 1;
  }
  luaL_openlibs(b.L);
  int st = run(&b, mainpath, out, extra, nextra);
  lua_close(b.L);
  for (int i = 0; i < b.n; i++) {
    free(b.mods[i].name);
    free(b.mods[i].path);
    free(b.mods[i].chunk.p);
  }
  free(b.mods);
  free(extra);
  free(files);
  return st;
}
