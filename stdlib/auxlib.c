/* The auxiliary library (lauxlib): argument checking, error reporting with positions,
 * tracebacks, string buffers, references, metatables by name and file/string loading.
 * Written against the public API (lua.h), like any C module, so it proves the API is complete;
 * the one exception is the string buffers' blocks, freed early through the collector seam
 * (vm/gc.h). Every message follows Lua 5.4's wording because scripts match on them. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lauxlib.h"
#include "lua.h"
#include "runtime/sandbox.h"
#include "vm/api.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"

/* Traceback elision: show this many levels at the top and at the bottom of a deep stack. */
#define TB_HEAD_LEVELS 10
#define TB_TAIL_LEVELS 11

#ifndef l_unlikely
#define l_likely(x) __builtin_expect(((x) != 0), 1)
#define l_unlikely(x) __builtin_expect(((x) != 0), 0)
#endif

/* ---------------------------------------------------------------------------------------
 * Finding a printable name for a function: search package.loaded, one module deep.
 */

/* Looks for the value at the top among the string keys of the table at top - 1, descending
 * `depth` levels; on success leaves the dotted name on top of the stack. */
static int find_field(lua_State *L, int objidx, int depth) {
  if (depth == 0 || !lua_istable(L, -1))
    return 0;
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      if (lua_rawequal(L, objidx, -1)) {
        lua_pop(L, 1);  /* keep the key */
        return 1;
      }
      if (find_field(L, objidx, depth - 1)) {
        /* stack: key, value, subname -> "key.subname" */
        lua_pushliteral(L, ".");
        lua_replace(L, -3);
        lua_concat(L, 3);
        return 1;
      }
    }
    lua_pop(L, 1);
  }
  return 0;
}

/* Pushes "mod.name" (or "name" for globals) of the function described by ar, if found. */
static int push_global_funcname(lua_State *L, lua_Debug *ar) {
  int top = lua_gettop(L);
  lua_getinfo(L, "f", ar);
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  luaL_checkstack(L, 6, "not enough stack");
  if (find_field(L, top + 1, 2)) {
    const char *name = lua_tostring(L, -1);
    if (strncmp(name, LUA_GNAME ".", sizeof(LUA_GNAME)) == 0) {
      lua_pushstring(L, name + sizeof(LUA_GNAME));
      lua_remove(L, -2);
    }
    lua_copy(L, -1, top + 1);
    lua_settop(L, top + 1);
    return 1;
  }
  lua_settop(L, top);
  return 0;
}

static void push_funcname(lua_State *L, lua_Debug *ar) {
  if (push_global_funcname(L, ar)) {
    lua_pushfstring(L, "function '%s'", lua_tostring(L, -1));
    lua_remove(L, -2);
  } else if (*ar->namewhat != '\0') {
    lua_pushfstring(L, "%s '%s'", ar->namewhat, ar->name);
  } else if (*ar->what == 'm') {
    lua_pushliteral(L, "main chunk");
  } else if (*ar->what != 'C') {
    lua_pushfstring(L, "function <%s:%d>", ar->short_src, ar->linedefined);
  } else {
    lua_pushliteral(L, "?");
  }
}

/* Index of the deepest existing level of L1, found by exponential then binary search. */
static int last_level(lua_State *L1) {
  lua_Debug ar;
  int lo = 1, hi = 1;
  while (lua_getstack(L1, hi, &ar)) {
    lo = hi;
    hi *= 2;
  }
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (lua_getstack(L1, mid, &ar))
      lo = mid + 1;
    else
      hi = mid;
  }
  return hi - 1;
}

LUALIB_API void luaL_traceback(lua_State *L, lua_State *L1, const char *msg, int level) {
  luaL_Buffer b;
  lua_Debug ar;
  int last = last_level(L1);
  int shown_before_gap = (last - level > TB_HEAD_LEVELS + TB_TAIL_LEVELS) ? TB_HEAD_LEVELS : -1;
  luaL_buffinit(L, &b);
  if (msg) {
    luaL_addstring(&b, msg);
    luaL_addchar(&b, '\n');
  }
  luaL_addstring(&b, "stack traceback:");
  while (lua_getstack(L1, level++, &ar)) {
    if (shown_before_gap-- == 0) {
      int skip = last - level - TB_TAIL_LEVELS + 1;
      lua_pushfstring(L, "\n\t...\t(skipping %d levels)", skip);
      luaL_addvalue(&b);
      level += skip;
      continue;
    }
    lua_getinfo(L1, "Slnt", &ar);
    if (ar.currentline <= 0)
      lua_pushfstring(L, "\n\t%s: in ", ar.short_src);
    else
      lua_pushfstring(L, "\n\t%s:%d: in ", ar.short_src, ar.currentline);
    luaL_addvalue(&b);
    push_funcname(L, &ar);
    luaL_addvalue(&b);
    if (ar.istailcall)
      luaL_addstring(&b, "\n\t(...tail calls...)");
  }
  luaL_pushresult(&b);
}

/* ---------------------------------------------------------------------------------------
 * Errors.
 */

LUALIB_API int luaL_argerror(lua_State *L, int arg, const char *extramsg) {
  lua_Debug ar;
  if (!lua_getstack(L, 0, &ar))
    return luaL_error(L, "bad argument #%d (%s)", arg, extramsg);
  lua_getinfo(L, "n", &ar);
  if (ar.namewhat && strcmp(ar.namewhat, "method") == 0) {
    arg--;  /* self does not count */
    if (arg == 0)
      return luaL_error(L, "calling '%s' on bad self (%s)", ar.name, extramsg);
  }
  if (ar.name == NULL)
    ar.name = push_global_funcname(L, &ar) ? lua_tostring(L, -1) : "?";
  return luaL_error(L, "bad argument #%d to '%s' (%s)", arg, ar.name, extramsg);
}

LUALIB_API int luaL_typeerror(lua_State *L, int arg, const char *tname) {
  const char *actual;
  if (luaL_getmetafield(L, arg, "__name") == LUA_TSTRING)
    actual = lua_tostring(L, -1);
  else if (lua_type(L, arg) == LUA_TLIGHTUSERDATA)
    actual = "light userdata";
  else
    actual = luaL_typename(L, arg);
  return luaL_argerror(L, arg, lua_pushfstring(L, "%s expected, got %s", tname, actual));
}

static int tag_error(lua_State *L, int arg, int tag) {
  return luaL_typeerror(L, arg, lua_typename(L, tag));
}

LUALIB_API void luaL_where(lua_State *L, int level) {
  lua_Debug ar;
  if (lua_getstack(L, level, &ar)) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

LUALIB_API int luaL_error(lua_State *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  luaL_where(L, 1);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  return lua_error(L);
}

LUALIB_API int luaL_fileresult(lua_State *L, int stat, const char *fname) {
  int en = errno;  /* before any call that could change it */
  if (stat) {
    lua_pushboolean(L, 1);
    return 1;
  }
  luaL_pushfail(L);
  if (fname)
    lua_pushfstring(L, "%s: %s", fname, strerror(en));
  else
    lua_pushstring(L, strerror(en));
  lua_pushinteger(L, en);
  return 3;
}

LUALIB_API int luaL_execresult(lua_State *L, int stat) {
  const char *what = "exit";
  if (stat != 0 && errno != 0)  /* system() itself failed */
    return luaL_fileresult(L, 0, NULL);
  if (WIFEXITED(stat)) {
    stat = WEXITSTATUS(stat);
  } else if (WIFSIGNALED(stat)) {
    stat = WTERMSIG(stat);
    what = "signal";
  }
  if (*what == 'e' && stat == 0)
    lua_pushboolean(L, 1);
  else
    luaL_pushfail(L);
  lua_pushstring(L, what);
  lua_pushinteger(L, stat);
  return 3;
}

/* ---------------------------------------------------------------------------------------
 * Metatables by name (the registry maps a type name to its metatable).
 */

LUALIB_API int luaL_newmetatable(lua_State *L, const char *tname) {
  if (luaL_getmetatable(L, tname) != LUA_TNIL)
    return 0;  /* already there; leave it on the stack */
  lua_pop(L, 1);
  lua_createtable(L, 0, 2);
  lua_pushstring(L, tname);
  lua_setfield(L, -2, "__name");
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, tname);
  return 1;
}

LUALIB_API void luaL_setmetatable(lua_State *L, const char *tname) {
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
}

LUALIB_API void *luaL_testudata(lua_State *L, int ud, const char *tname) {
  /* The common case without pushes: a full userdata at a stack index, against the registry's
   * raw entry for tname (what lua_getfield reads when the entry is present). */
  if (ud > 0 && L->ci->func + ud < L->top && ttisfulluserdata(s2v(L->ci->func + ud))) {
    Udata *u = uvalue(s2v(L->ci->func + ud));
    const Value *mt;
    if (u->metatable == NULL) return NULL;
    mt = vm_tab_getstr(hvalue(&G(L)->l_registry), vm_str_newz(L, tname));
    if (!ttisnil(mt)) return ttistable(mt) && hvalue(mt) == u->metatable ? getudatamem(u) : NULL;
  }
  void *p = lua_touserdata(L, ud);
  if (p == NULL || !lua_getmetatable(L, ud))
    return NULL;
  luaL_getmetatable(L, tname);
  if (!lua_rawequal(L, -1, -2))
    p = NULL;
  lua_pop(L, 2);
  return p;
}

LUALIB_API void *luaL_checkudata(lua_State *L, int ud, const char *tname) {
  void *p = luaL_testudata(L, ud, tname);
  if (p == NULL)
    luaL_typeerror(L, ud, tname);
  return p;
}

/* ---------------------------------------------------------------------------------------
 * Argument checks.
 */

LUALIB_API int luaL_checkoption(lua_State *L, int arg, const char *def, const char *const lst[]) {
  const char *name = def ? luaL_optstring(L, arg, def) : luaL_checkstring(L, arg);
  for (int i = 0; lst[i]; i++)
    if (strcmp(lst[i], name) == 0)
      return i;
  return luaL_argerror(L, arg, lua_pushfstring(L, "invalid option '%s'", name));
}

LUALIB_API void luaL_checkstack(lua_State *L, int space, const char *msg) {
  if (l_unlikely(!lua_checkstack(L, space))) {
    if (msg)
      luaL_error(L, "stack overflow (%s)", msg);
    else
      luaL_error(L, "stack overflow");
  }
}

LUALIB_API void luaL_checktype(lua_State *L, int arg, int t) {
  if (l_unlikely(lua_type(L, arg) != t))
    tag_error(L, arg, t);
}

LUALIB_API void luaL_checkany(lua_State *L, int arg) {
  if (l_unlikely(lua_type(L, arg) == LUA_TNONE))
    luaL_argerror(L, arg, "value expected");
}

LUALIB_API const char *luaL_checklstring(lua_State *L, int arg, size_t *len) {
  const char *s = lua_tolstring(L, arg, len);
  if (l_unlikely(s == NULL))
    tag_error(L, arg, LUA_TSTRING);
  return s;
}

LUALIB_API const char *luaL_optlstring(lua_State *L, int arg, const char *def, size_t *len) {
  if (lua_isnoneornil(L, arg)) {
    if (len)
      *len = def ? strlen(def) : 0;
    return def;
  }
  return luaL_checklstring(L, arg, len);
}

LUALIB_API lua_Number luaL_checknumber(lua_State *L, int arg) {
  int isnum;
  lua_Number d = lua_tonumberx(L, arg, &isnum);
  if (l_unlikely(!isnum))
    tag_error(L, arg, LUA_TNUMBER);
  return d;
}

LUALIB_API lua_Number luaL_optnumber(lua_State *L, int arg, lua_Number def) {
  return luaL_opt(L, luaL_checknumber, arg, def);
}

LUALIB_API lua_Integer luaL_checkinteger(lua_State *L, int arg) {
  int isnum;
  lua_Integer d = lua_tointegerx(L, arg, &isnum);
  if (l_unlikely(!isnum)) {
    if (lua_isnumber(L, arg))
      luaL_argerror(L, arg, "number has no integer representation");
    else
      tag_error(L, arg, LUA_TNUMBER);
  }
  return d;
}

LUALIB_API lua_Integer luaL_optinteger(lua_State *L, int arg, lua_Integer def) {
  return luaL_opt(L, luaL_checkinteger, arg, def);
}

/* ---------------------------------------------------------------------------------------
 * String buffers. The first LUAL_BUFFERSIZE bytes live inside the luaL_Buffer itself; past
 * that they move to an unscanned block held by a small full userdata (the box) in the
 * buffer's stack slot; a light userdata holds that slot while the buffer is still in its
 * initial storage. A replaced block and the last one are freed at once, as PUC-Lua's box does:
 * waiting for the collector would let a stale pointer on the C stack keep megabytes alive.
 */

typedef struct BufBox {
  char *mem;  /* the current block (NULL once the result was pushed) */
} BufBox;

/* Makes room for sz more bytes; the buffer's slot is at stack index boxidx. */
static char *prep_space(luaL_Buffer *B, size_t sz, int boxidx) {
  lua_State *L = B->L;
  size_t newsize;
  char *nb;
  BufBox *box;
  if (B->size - B->n >= sz)
    return B->b + B->n;
  if (l_unlikely(((size_t)-1) - B->n < sz))
    luaL_error(L, "buffer too large");
  newsize = B->size / 2 * 3;
  if (newsize < B->n + sz)
    newsize = B->n + sz;
  if (B->b == B->init.b) {  /* first spill: a box replaces the placeholder */
    box = (BufBox *)lua_newuserdatauv(L, sizeof(BufBox), 0);
    box->mem = NULL;
    lua_replace(L, boxidx < 0 ? boxidx - 1 : boxidx);
  } else {
    box = (BufBox *)lua_touserdata(L, boxidx);
  }
  nb = (char *)gc_alloc_atomic(L, newsize);
  memcpy(nb, B->b, B->n);
  if (box->mem != NULL) gc_free(L, box->mem);
  box->mem = B->b = nb;
  B->size = newsize;
  return B->b + B->n;
}

LUALIB_API char *luaL_prepbuffsize(luaL_Buffer *B, size_t sz) {
  return prep_space(B, sz, -1);
}

LUALIB_API void luaL_addlstring(luaL_Buffer *B, const char *s, size_t l) {
  if (l > 0) {
    char *p = prep_space(B, l, -1);
    memcpy(p, s, l);
    luaL_addsize(B, l);
  }
}

LUALIB_API void luaL_addstring(luaL_Buffer *B, const char *s) {
  luaL_addlstring(B, s, strlen(s));
}

/* The result replaces the buffer's slot (the placeholder or box on top), which keeps the
 * box's block alive until the string is made. */
LUALIB_API void luaL_pushresult(luaL_Buffer *B) {
  lua_State *L = B->L;
  TString *ts = vm_str_new(L, B->b, B->n);
  if (B->b != B->init.b) {  /* the bytes are in the box's block: release it now */
    BufBox *box = (BufBox *)lua_touserdata(L, -1);
    gc_free(L, box->mem);
    box->mem = NULL;
  }
  setsvalue(L, s2v(L->top - 1), ts);
  gc_checkpoint(L);
}

LUALIB_API void luaL_pushresultsize(luaL_Buffer *B, size_t sz) {
  luaL_addsize(B, sz);
  luaL_pushresult(B);
}

/* Adds the value on top of the stack (below it sits the buffer's slot). */
LUALIB_API void luaL_addvalue(luaL_Buffer *B) {
  lua_State *L = B->L;
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  char *p;
  if (s == NULL)  /* API misuse; an error beats copying from nowhere */
    luaL_error(L, "attempt to add a %s value to a string buffer", luaL_typename(L, -1));
  p = prep_space(B, len, -2);
  memcpy(p, s, len);
  luaL_addsize(B, len);
  lua_pop(L, 1);
}

LUALIB_API void luaL_buffinit(lua_State *L, luaL_Buffer *B) {
  B->L = L;
  B->b = B->init.b;
  B->n = 0;
  B->size = LUAL_BUFFERSIZE;
  lua_pushlightuserdata(L, (void *)B);
}

LUALIB_API char *luaL_buffinitsize(lua_State *L, luaL_Buffer *B, size_t sz) {
  luaL_buffinit(L, B);
  return prep_space(B, sz, -1);
}

LUALIB_API void luaL_addgsub(luaL_Buffer *b, const char *s, const char *p, const char *r) {
  size_t plen = strlen(p);
  const char *wild;
  while ((wild = strstr(s, p)) != NULL) {
    luaL_addlstring(b, s, (size_t)(wild - s));
    luaL_addstring(b, r);
    s = wild + plen;
  }
  luaL_addstring(b, s);
}

LUALIB_API const char *luaL_gsub(lua_State *L, const char *s, const char *p, const char *r) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addgsub(&b, s, p, r);
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

/* ---------------------------------------------------------------------------------------
 * References: t[ref] = value, with free slots chained through t[0].
 */
#define FREELIST_KEY 0

LUALIB_API int luaL_ref(lua_State *L, int t) {
  int ref;
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return LUA_REFNIL;
  }
  t = lua_absindex(L, t);
  lua_rawgeti(L, t, FREELIST_KEY);
  ref = (int)lua_tointeger(L, -1);  /* 0 (or nil) when no slot is free */
  lua_pop(L, 1);
  if (ref != 0) {
    lua_rawgeti(L, t, ref);  /* the next free slot */
    lua_rawseti(L, t, FREELIST_KEY);
  } else {
    ref = (int)lua_rawlen(L, t) + 1;
  }
  lua_rawseti(L, t, ref);
  return ref;
}

LUALIB_API void luaL_unref(lua_State *L, int t, int ref) {
  if (ref < 0)
    return;
  t = lua_absindex(L, t);
  lua_rawgeti(L, t, FREELIST_KEY);
  lua_rawseti(L, t, ref);
  lua_pushinteger(L, ref);
  lua_rawseti(L, t, FREELIST_KEY);
}

/* ---------------------------------------------------------------------------------------
 * Loading chunks.
 */

typedef struct FileReader {
  int n;              /* bytes pre-read into buff (a newline, the first character) */
  FILE *f;
  char buff[BUFSIZ];
} FileReader;

static const char *read_file(lua_State *L, void *ud, size_t *size) {
  FileReader *fr = (FileReader *)ud;
  (void)L;
  if (fr->n > 0) {
    *size = (size_t)fr->n;
    fr->n = 0;
    return fr->buff;
  }
  if (feof(fr->f))
    return NULL;
  *size = fread(fr->buff, 1, sizeof(fr->buff), fr->f);
  return fr->buff;
}

static int file_error(lua_State *L, const char *what, int fnameindex) {
  const char *err = strerror(errno);
  const char *filename = lua_tostring(L, fnameindex) + 1;  /* past '@' */
  lua_pushfstring(L, "cannot %s %s: %s", what, filename, err);
  lua_remove(L, fnameindex);
  return LUA_ERRFILE;
}

/* Skips a UTF-8 byte-order mark; returns the first character after it. */
static int skip_bom(FILE *f) {
  int c = getc(f);
  if (c == 0xEF && getc(f) == 0xBB && getc(f) == 0xBF)
    return getc(f);
  return c;  /* no BOM (a partial one is not valid Lua text anyway) */
}

/* Skips an optional BOM and a first line starting with '#' (a Unix "#!" line). Returns 1 if
 * a comment was skipped (a newline then stands in for it to keep line numbers right). */
static int skip_comment(FILE *f, int *cp) {
  int c = *cp = skip_bom(f);
  if (c != '#')
    return 0;
  do {
    c = getc(f);
  } while (c != EOF && c != '\n');
  *cp = getc(f);
  return 1;
}

/* Loads the chunk in f, whose name (or "=stdin") is at fnameindex; closes f unless it is
 * stdin. A binary chunk is read again from the start, untouched. */
static int load_stream(lua_State *L, FILE *f, int fnameindex, const char *mode) {
  FileReader fr;
  int status, readstatus, c;
  fr.f = f;
  fr.n = 0;
  if (skip_comment(fr.f, &c))
    fr.buff[fr.n++] = '\n';
  if (c == LUA_SIGNATURE[0]) {  /* binary chunk: read it from the start, untouched */
    fr.n = 0;
    if (f != stdin) {
      errno = 0;
      if (fseek(fr.f, 0, SEEK_SET) != 0) {
        fclose(fr.f);
        return file_error(L, "reopen", fnameindex);
      }
      skip_comment(fr.f, &c);
    }
  }
  if (c != EOF)
    fr.buff[fr.n++] = (char)c;
  errno = 0;
  status = lua_load(L, read_file, &fr, lua_tostring(L, -1), mode);
  readstatus = ferror(fr.f);
  if (f != stdin)
    fclose(fr.f);
  if (readstatus) {
    lua_settop(L, fnameindex);
    return file_error(L, "read", fnameindex);
  }
  lua_remove(L, fnameindex);
  return status;
}

LUALIB_API int luaL_loadfilex(lua_State *L, const char *filename, const char *mode) {
  FILE *f;
  int fnameindex = lua_gettop(L) + 1;
  if (filename == NULL) {
    lua_pushliteral(L, "=stdin");
    f = stdin;
  } else {
    lua_pushfstring(L, "@%s", filename);
    errno = 0;
    f = fopen(filename, "r");
    if (f == NULL)
      return file_error(L, "open", fnameindex);
  }
  return load_stream(L, f, fnameindex, mode);
}

int lib_loadfile_sandboxed(lua_State *L, const char *filename, const char *mode) {
  FILE *f;
  int fnameindex = lua_gettop(L) + 1, denied;
  if (filename == NULL)
    return luaL_loadfilex(L, NULL, mode);
  lua_pushfstring(L, "@%s", filename);
  errno = 0;
  f = rt_sandbox_fopen(L, filename, "r", &denied);
  if (denied) {  /* the denial is the message */
    lua_remove(L, fnameindex);
    return LUA_ERRFILE;
  }
  if (f == NULL)
    return file_error(L, "open", fnameindex);
  return load_stream(L, f, fnameindex, mode);
}

typedef struct StringReader {
  const char *s;
  size_t size;
} StringReader;

static const char *read_string(lua_State *L, void *ud, size_t *size) {
  StringReader *sr = (StringReader *)ud;
  (void)L;
  if (sr->size == 0)
    return NULL;
  *size = sr->size;
  sr->size = 0;
  return sr->s;
}

LUALIB_API int luaL_loadbufferx(lua_State *L, const char *buff, size_t sz, const char *name,
                                const char *mode) {
  StringReader sr = {buff, sz};
  return lua_load(L, read_string, &sr, name, mode);
}

LUALIB_API int luaL_loadstring(lua_State *L, const char *s) {
  return luaL_loadbuffer(L, s, strlen(s), s);
}

/* ---------------------------------------------------------------------------------------
 * Metafields, length, tostring.
 */

LUALIB_API int luaL_getmetafield(lua_State *L, int obj, const char *event) {
  int tt;
  if (!lua_getmetatable(L, obj))
    return LUA_TNIL;  /* nothing pushed */
  lua_pushstring(L, event);
  tt = lua_rawget(L, -2);
  if (tt == LUA_TNIL)
    lua_pop(L, 2);
  else
    lua_remove(L, -2);
  return tt;
}

LUALIB_API int luaL_callmeta(lua_State *L, int obj, const char *event) {
  obj = lua_absindex(L, obj);
  if (luaL_getmetafield(L, obj, event) == LUA_TNIL)
    return 0;
  lua_pushvalue(L, obj);
  lua_call(L, 1, 1);
  return 1;
}

LUALIB_API lua_Integer luaL_len(lua_State *L, int idx) {
  int isnum;
  lua_Integer n;
  lua_len(L, idx);
  n = lua_tointegerx(L, -1, &isnum);
  if (!isnum)
    luaL_error(L, "object length is not an integer");
  lua_pop(L, 1);
  return n;
}

LUALIB_API const char *luaL_tolstring(lua_State *L, int idx, size_t *len) {
  if (idx > 0 && L->ci->func + idx < L->top) {
    const Value *o = s2v(L->ci->func + idx);
    if ((ttisstring(o) || ttisnumber(o)) && vm_api_plaintostring(L, o)) {
      /* no __tostring: the value itself, numbers converted on the stack (no call, no pushes) */
      setobj2s(L, L->top, o);
      L->top++;
      if (ttisnumber(s2v(L->top - 1))) vm_tostring(L, s2v(L->top - 1));
      if (len != NULL) *len = vslen(s2v(L->top - 1));
      return svalue(s2v(L->top - 1));
    }
  }
  idx = lua_absindex(L, idx);
  if (luaL_callmeta(L, idx, "__tostring")) {
    if (!lua_isstring(L, -1))
      luaL_error(L, "'__tostring' must return a string");
  } else {
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
    case LUA_TSTRING:
      lua_pushvalue(L, idx);  /* lua_tolstring below formats numbers the 5.4 way */
      break;
    case LUA_TBOOLEAN:
      lua_pushstring(L, lua_toboolean(L, idx) ? "true" : "false");
      break;
    case LUA_TNIL:
      lua_pushliteral(L, "nil");
      break;
    default: {
      int tt = luaL_getmetafield(L, idx, "__name");
      const char *kind = (tt == LUA_TSTRING) ? lua_tostring(L, -1) : luaL_typename(L, idx);
      lua_pushfstring(L, "%s: %p", kind, lua_topointer(L, idx));
      if (tt != LUA_TNIL)
        lua_remove(L, -2);
      break;
    }
    }
  }
  return lua_tolstring(L, -1, len);
}

/* ---------------------------------------------------------------------------------------
 * Registering functions and modules.
 */

LUALIB_API void luaL_setfuncs(lua_State *L, const luaL_Reg *l, int nup) {
  luaL_checkstack(L, nup, "too many upvalues");
  for (; l->name != NULL; l++) {
    if (l->func == NULL) {
      lua_pushboolean(L, 0);  /* a placeholder field */
    } else {
      for (int i = 0; i < nup; i++)
        lua_pushvalue(L, -nup);
      lua_pushcclosure(L, l->func, nup);
    }
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}

LUALIB_API int luaL_getsubtable(lua_State *L, int idx, const char *fname) {
  if (lua_getfield(L, idx, fname) == LUA_TTABLE)
    return 1;
  lua_pop(L, 1);
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  lua_pushvalue(L, -1);
  lua_setfield(L, idx, fname);
  return 0;
}

LUALIB_API void luaL_requiref(lua_State *L, const char *modname, lua_CFunction openf, int glb) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, modname);
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    lua_pushcfunction(L, openf);
    lua_pushstring(L, modname);
    lua_call(L, 1, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, modname);  /* loaded[modname] = module */
  }
  lua_remove(L, -2);
  if (glb) {
    lua_pushvalue(L, -1);
    lua_setglobal(L, modname);
  }
}

LUALIB_API void luaL_checkversion_(lua_State *L, lua_Number ver, size_t sz) {
  lua_Number v = lua_version(L);
  if (sz != LUAL_NUMSIZES)
    luaL_error(L, "core and library have incompatible numeric types");
  else if (v != ver)
    luaL_error(L, "version mismatch: app. needs %f, Lua core provides %f", (LUAI_UACNUMBER)ver,
               (LUAI_UACNUMBER)v);
}

/* ---------------------------------------------------------------------------------------
 * A standard state: allocator, panic handler, warnings to stderr.
 */

static void *default_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

static int default_panic(lua_State *L) {
  const char *msg = (lua_type(L, -1) == LUA_TSTRING) ? lua_tostring(L, -1)
                                                      : "error object is not a string";
  lua_writestringerror("PANIC: unprotected error in call to Lua API (%s)\n", msg);
  return 0;
}

/* Warnings: a small state machine of three warn functions, as in 5.4 (off, on, continuing
 * a multi-part message). Control messages start with '@'. */
static void warn_off(void *ud, const char *msg, int tocont);
static void warn_on(void *ud, const char *msg, int tocont);
static void warn_cont(void *ud, const char *msg, int tocont);

static int warn_control(lua_State *L, const char *msg, int tocont) {
  if (tocont || *msg != '@')
    return 0;
  if (strcmp(msg, "@off") == 0)
    lua_setwarnf(L, warn_off, L);
  else if (strcmp(msg, "@on") == 0)
    lua_setwarnf(L, warn_on, L);
  return 1;  /* unknown control messages are ignored */
}

static void warn_off(void *ud, const char *msg, int tocont) {
  warn_control((lua_State *)ud, msg, tocont);
}

static void warn_cont(void *ud, const char *msg, int tocont) {
  lua_State *L = (lua_State *)ud;
  lua_writestringerror("%s", msg);
  if (tocont) {
    lua_setwarnf(L, warn_cont, L);
  } else {
    lua_writestringerror("%s", "\n");
    lua_setwarnf(L, warn_on, L);
  }
}

static void warn_on(void *ud, const char *msg, int tocont) {
  if (warn_control((lua_State *)ud, msg, tocont))
    return;
  lua_writestringerror("%s", "Lua warning: ");
  warn_cont(ud, msg, tocont);
}

LUALIB_API lua_State *luaL_newstate(void) {
  lua_State *L = lua_newstate(default_alloc, NULL);
  if (l_likely(L)) {
    lua_atpanic(L, default_panic);
    lua_setwarnf(L, warn_off, L);
  }
  return L;
}
