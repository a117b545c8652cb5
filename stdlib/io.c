/* The io library over C stdio. File handles are luaL_Stream userdata (5.4 layout, metatable
 * "FILE*"), so C modules that share FILE* handles interoperate. Opening files and starting
 * processes asks the policy first (runtime/policy.h). */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "runtime/sandbox.h"
#include "vm/apiinline.h"
#include "vm/number.h"

#define IO_PREFIX "_IO_"
#define IO_INPUT (IO_PREFIX "input")
#define IO_OUTPUT (IO_PREFIX "output")
#define IO_PREFIX_LEN (sizeof(IO_PREFIX) - 1)

/* io.lines and file:lines keep their formats as upvalues; 5.4 caps them at 250. */
#define MAX_LINE_ARGS 250
/* Longest numeral read by read("n"). */
#define MAX_NUMERAL 200

typedef luaL_Stream LStream;

#define to_stream(L) ((LStream *)luaL_checkudata(L, 1, LUA_FILEHANDLE))
#define is_closed(p) ((p)->closef == NULL)

static int deny(lua_State *L) {
  luaL_pushfail(L);
  lua_insert(L, -2);
  lua_pushinteger(L, RT_POLICY_ERRNO);
  return 3;
}

/* "r", "w", "a", optionally '+', then only 'b's. */
static int mode_ok(const char *mode) {
  if (*mode == '\0' || strchr("rwa", *mode) == NULL) return 0;
  mode++;
  if (*mode == '+') mode++;
  return strspn(mode, "b") == strlen(mode);
}

static int io_type(lua_State *L) {
  luaL_checkany(L, 1);
  LStream *p = (LStream *)luaL_testudata(L, 1, LUA_FILEHANDLE);
  if (p == NULL)
    luaL_pushfail(L);
  else if (is_closed(p))
    lua_pushliteral(L, "closed file");
  else
    lua_pushliteral(L, "file");
  return 1;
}

static int f_tostring(lua_State *L) {
  LStream *p = to_stream(L);
  if (is_closed(p))
    lua_pushliteral(L, "file (closed)");
  else
    lua_pushfstring(L, "file (%p)", (void *)p->f);
  return 1;
}

static FILE *to_file(lua_State *L) {
  LStream *p = to_stream(L);
  if (is_closed(p)) luaL_error(L, "attempt to use a closed file");
  return p->f;
}

/* A handle that is not open yet: a __gc before fopen succeeds must not close anything. */
static LStream *new_prefile(lua_State *L) {
  LStream *p = (LStream *)lua_newuserdatauv(L, sizeof(LStream), 0);
  p->f = NULL;
  p->closef = NULL;
  luaL_setmetatable(L, LUA_FILEHANDLE);
  return p;
}

static int aux_close(lua_State *L) {
  LStream *p = to_stream(L);
  lua_CFunction cf = p->closef;
  p->closef = NULL; /* closed even if closing fails */
  return (*cf)(L);
}

static int f_close(lua_State *L) {
  to_file(L);
  return aux_close(L);
}

static int io_close(lua_State *L) {
  if (lua_isnone(L, 1)) lua_getfield(L, LUA_REGISTRYINDEX, IO_OUTPUT);
  return f_close(L);
}

static int f_gc(lua_State *L) {
  LStream *p = to_stream(L);
  if (!is_closed(p) && p->f != NULL) aux_close(L);
  return 0;
}

static int io_fclose(lua_State *L) {
  LStream *p = to_stream(L);
  errno = 0;
  return luaL_fileresult(L, fclose(p->f) == 0, NULL);
}

static LStream *new_file(lua_State *L) {
  LStream *p = new_prefile(L);
  p->closef = &io_fclose;
  return p;
}

/* Opens a file or raises an error (io.lines, io.input, io.output); a denial is raised as is. */
static void open_or_raise(lua_State *L, const char *fname, const char *mode) {
  int denied;
  LStream *p = new_file(L);
  p->f = rt_sandbox_fopen(L, fname, mode, &denied);
  if (denied) lua_error(L);
  if (p->f == NULL) luaL_error(L, "cannot open file '%s' (%s)", fname, strerror(errno));
}

/* The file is opened in one step with the policy's check (runtime/policy.h): no name is
 * looked up again after it was checked. */
static int io_open(lua_State *L) {
  const char *filename = luaL_checkstring(L, 1);
  const char *mode = luaL_optstring(L, 2, "r");
  int denied;
  luaL_argcheck(L, mode_ok(mode), 2, "invalid mode");
  LStream *p = new_file(L);
  errno = 0;
  p->f = rt_sandbox_fopen(L, filename, mode, &denied);
  if (denied) return deny(L);
  return (p->f == NULL) ? luaL_fileresult(L, 0, filename) : 1;
}

static int io_pclose(lua_State *L) {
  LStream *p = to_stream(L);
  int stat;
  errno = 0;
  stat = pclose(p->f);
  rt_limits_proc_end();
  return luaL_execresult(L, stat);
}

static int io_popen(lua_State *L) {
  const char *cmd = luaL_checkstring(L, 1);
  const char *mode = luaL_optstring(L, 2, "r");
  luaL_argcheck(L, (mode[0] == 'r' || mode[0] == 'w') && mode[1] == '\0', 2, "invalid mode");
  if (rt_policy_ask(L, RT_RUN, cmd) != 0 || rt_sandbox_proc_begin(L, cmd) != 0) return deny(L);
  LStream *p = new_prefile(L);
  errno = 0;
  fflush(NULL); /* the child must not see our unwritten output */
  p->f = popen(cmd, mode);
  if (p->f == NULL) {
    rt_limits_proc_end();
    return luaL_fileresult(L, 0, cmd);
  }
  p->closef = &io_pclose;
  return 1;
}

static int io_tmpfile(lua_State *L) {
  int denied;
  LStream *p = new_file(L);
  errno = 0;
  p->f = rt_sandbox_tmpfile(L, &denied);
  if (denied) return deny(L);
  return (p->f == NULL) ? luaL_fileresult(L, 0, NULL) : 1;
}

static FILE *get_iofile(lua_State *L, const char *findex) {
  lua_getfield(L, LUA_REGISTRYINDEX, findex);
  LStream *p = (LStream *)lua_touserdata(L, -1);
  if (p == NULL || is_closed(p))
    luaL_error(L, "default %s file is closed", findex + IO_PREFIX_LEN);
  return p->f;
}

static int g_iofile(lua_State *L, const char *f, const char *mode) {
  if (!lua_isnoneornil(L, 1)) {
    const char *filename = lua_tostring(L, 1);
    if (filename) {
      open_or_raise(L, filename, mode);
    } else {
      to_file(L); /* must be an open file handle */
      lua_pushvalue(L, 1);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, f);
  }
  lua_getfield(L, LUA_REGISTRYINDEX, f);
  return 1;
}

static int io_input(lua_State *L) { return g_iofile(L, IO_INPUT, "r"); }
static int io_output(lua_State *L) { return g_iofile(L, IO_OUTPUT, "w"); }

static int io_readline(lua_State *L);

/* Pushes the lines iterator for the file at index 1 with the formats after it. */
static void aux_lines(lua_State *L, int toclose) {
  int n = lua_gettop(L) - 1;
  luaL_argcheck(L, n <= MAX_LINE_ARGS, MAX_LINE_ARGS + 2, "too many arguments");
  lua_pushvalue(L, 1);
  lua_pushinteger(L, n);
  lua_pushboolean(L, toclose);
  lua_rotate(L, 2, 3); /* upvalues: file, n, toclose, formats... */
  lua_pushcclosure(L, io_readline, 3 + n);
}

static int f_lines(lua_State *L) {
  to_file(L);
  aux_lines(L, 0);
  return 1;
}

static int io_lines(lua_State *L) {
  int toclose;
  if (lua_isnone(L, 1)) lua_pushnil(L);
  if (lua_isnil(L, 1)) {
    lua_getfield(L, LUA_REGISTRYINDEX, IO_INPUT);
    lua_replace(L, 1);
    to_file(L);
    toclose = 0;
  } else {
    const char *filename = luaL_checkstring(L, 1);
    open_or_raise(L, filename, "r");
    lua_replace(L, 1);
    toclose = 1;
  }
  aux_lines(L, toclose);
  if (toclose) {
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushvalue(L, 1); /* to-be-closed value for the generic for */
    return 4;
  }
  return 1;
}

/* ---- reading ---- */

typedef struct NumReader {
  FILE *f;
  int c;   /* look-ahead character */
  int n;   /* characters in buf */
  char buf[MAX_NUMERAL + 1];
} NumReader;

static int nr_next(NumReader *rn) {
  if (rn->n >= MAX_NUMERAL) { /* too long to be a numeral */
    rn->buf[0] = '\0';
    return 0;
  }
  rn->buf[rn->n++] = (char)rn->c;
  rn->c = getc(rn->f);
  return 1;
}

static int nr_accept(NumReader *rn, const char *set) {
  if (rn->c == set[0] || rn->c == set[1]) return nr_next(rn);
  return 0;
}

static int nr_digits(NumReader *rn, int hex) {
  int count = 0;
  while ((hex ? isxdigit(rn->c) : isdigit(rn->c)) && nr_next(rn)) count++;
  return count;
}

/* read("n"): reads the longest prefix that can start a numeral (at most MAX_NUMERAL chars),
 * then lets lua_stringtonumber judge it, like 5.4. */
static int read_number(lua_State *L, FILE *f) {
  NumReader rn;
  int count = 0;
  int hex = 0;
  char decp[2];
  rn.f = f;
  rn.n = 0;
  decp[0] = localeconv()->decimal_point[0];
  decp[1] = '.';
  do {
    rn.c = getc(rn.f);
  } while (isspace(rn.c));
  nr_accept(&rn, "-+");
  if (nr_accept(&rn, "00")) {
    if (nr_accept(&rn, "xX"))
      hex = 1;
    else
      count = 1;
  }
  count += nr_digits(&rn, hex);
  if (nr_accept(&rn, decp)) count += nr_digits(&rn, hex);
  if (count > 0 && nr_accept(&rn, hex ? "pP" : "eE")) {
    nr_accept(&rn, "-+");
    nr_digits(&rn, 0);
  }
  ungetc(rn.c, rn.f);
  rn.buf[rn.n] = '\0';
  if (lua_stringtonumber(L, rn.buf)) return 1;
  lua_pushnil(L); /* placeholder result, removed by the caller */
  return 0;
}

static int test_eof(lua_State *L, FILE *f) {
  int c = getc(f);
  ungetc(c, f);
  lua_pushliteral(L, "");
  return c != EOF;
}

static int read_line(lua_State *L, FILE *f, int chop) {
  luaL_Buffer b;
  int c;
  luaL_buffinit(L, &b);
  do {
    char *buf = luaL_prepbuffsize(&b, LUAL_BUFFERSIZE);
    int i = 0;
    while (i < LUAL_BUFFERSIZE && (c = getc(f)) != EOF && c != '\n') buf[i++] = (char)c;
    luaL_addsize(&b, (size_t)i);
  } while (c != EOF && c != '\n');
  if (!chop && c == '\n') luaL_addchar(&b, (char)c);
  luaL_pushresult(&b);
  return c == '\n' || lua_rawlen(L, -1) > 0;
}

static void read_all(lua_State *L, FILE *f) {
  size_t nr;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  do {
    char *p = luaL_prepbuffsize(&b, LUAL_BUFFERSIZE);
    nr = fread(p, 1, LUAL_BUFFERSIZE, f);
    luaL_addsize(&b, nr);
  } while (nr == LUAL_BUFFERSIZE);
  luaL_pushresult(&b);
}

static int read_chars(lua_State *L, FILE *f, size_t n) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  char *p = luaL_prepbuffsize(&b, n);
  size_t nr = fread(p, 1, n, f);
  luaL_addsize(&b, nr);
  luaL_pushresult(&b);
  return nr > 0;
}

/* Reads with the formats from index `first` on; returns the number of results. */
static int g_read(lua_State *L, FILE *f, int first) {
  int nargs = lua_gettop(L) - 1;
  int n, success;
  clearerr(f);
  errno = 0;
  if (nargs == 0) {
    success = read_line(L, f, 1);
    n = first + 1;
  } else {
    luaL_checkstack(L, nargs + LUA_MINSTACK, "too many arguments");
    success = 1;
    for (n = first; nargs-- && success; n++) {
      if (lua_type(L, n) == LUA_TNUMBER) {
        size_t l = (size_t)luaL_checkinteger(L, n);
        success = (l == 0) ? test_eof(L, f) : read_chars(L, f, l);
      } else {
        const char *p = luaL_checkstring(L, n);
        if (*p == '*') p++; /* 5.3 spelling "*l" */
        switch (*p) {
        case 'n': success = read_number(L, f); break;
        case 'l': success = read_line(L, f, 1); break;
        case 'L': success = read_line(L, f, 0); break;
        case 'a': read_all(L, f); success = 1; break;
        default: return luaL_argerror(L, n, "invalid format");
        }
      }
    }
  }
  if (ferror(f)) return luaL_fileresult(L, 0, NULL);
  if (!success) {
    lua_pop(L, 1);
    luaL_pushfail(L);
  }
  return n - first;
}

static int io_read(lua_State *L) { return g_read(L, get_iofile(L, IO_INPUT), 1); }
static int f_read(lua_State *L) { return g_read(L, to_file(L), 2); }

static int io_readline(lua_State *L) {
  LStream *p = (LStream *)lua_touserdata(L, lua_upvalueindex(1));
  int n = (int)lua_tointeger(L, lua_upvalueindex(2));
  if (is_closed(p)) return luaL_error(L, "file is already closed");
  lua_settop(L, 1);
  luaL_checkstack(L, n, "too many arguments");
  for (int i = 1; i <= n; i++) lua_pushvalue(L, lua_upvalueindex(3 + i));
  n = g_read(L, p->f, 2);
  if (lua_toboolean(L, -n)) return n;
  if (n > 1) /* read error: (nil, msg, errno) */
    return luaL_error(L, "%s", lua_tostring(L, -n + 1));
  if (lua_toboolean(L, lua_upvalueindex(3))) { /* io.lines(name): close at EOF */
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    aux_close(L);
  }
  return 0;
}

/* ---- writing ---- */

static int g_write(lua_State *L, FILE *f, int arg) {
  int nargs = lua_gettop(L) - arg;
  int status = 1;
  errno = 0;
  for (; nargs--; arg++) {
    const Value *o = vm_api_arg(L, arg);
    if (ttisnumber(o)) {
      /* LUA_INTEGER_FMT and LUA_NUMBER_FMT, formatted here (what fprintf would write) */
      char buff[VM_MAXNUMBER2STR];
      int len = ttisinteger(o) ? vm_num2str(o, buff) : vm_fmtfloat(buff, fltvalue(o), 'g', 14);
      if (len < 0) len = snprintf(buff, sizeof buff, LUA_NUMBER_FMT, (LUAI_UACNUMBER)fltvalue(o));
      status = status && fwrite(buff, 1, (size_t)len, f) == (size_t)len;
    } else {
      size_t l;
      const char *s = luaL_checklstring(L, arg, &l);
      status = status && (fwrite(s, 1, l, f) == l);
    }
  }
  if (status) return 1; /* the file is on top */
  return luaL_fileresult(L, status, NULL);
}

static int io_write(lua_State *L) { return g_write(L, get_iofile(L, IO_OUTPUT), 1); }

static int f_write(lua_State *L) {
  FILE *f = to_file(L);
  lua_pushvalue(L, 1);
  return g_write(L, f, 2);
}

static int f_seek(lua_State *L) {
  static const int mode[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  static const char *const modenames[] = {"set", "cur", "end", NULL};
  FILE *f = to_file(L);
  int op = luaL_checkoption(L, 2, "cur", modenames);
  lua_Integer p3 = luaL_optinteger(L, 3, 0);
  off_t offset = (off_t)p3;
  luaL_argcheck(L, (lua_Integer)offset == p3, 3, "not an integer in proper range");
  errno = 0;
  if (fseeko(f, offset, mode[op]) != 0) return luaL_fileresult(L, 0, NULL);
  lua_pushinteger(L, (lua_Integer)ftello(f));
  return 1;
}

static int f_setvbuf(lua_State *L) {
  static const int mode[] = {_IONBF, _IOFBF, _IOLBF};
  static const char *const modenames[] = {"no", "full", "line", NULL};
  FILE *f = to_file(L);
  int op = luaL_checkoption(L, 2, NULL, modenames);
  lua_Integer sz = luaL_optinteger(L, 3, LUAL_BUFFERSIZE);
  errno = 0;
  return luaL_fileresult(L, setvbuf(f, NULL, mode[op], (size_t)sz) == 0, NULL);
}

static int io_flush(lua_State *L) {
  FILE *f = get_iofile(L, IO_OUTPUT);
  errno = 0;
  return luaL_fileresult(L, fflush(f) == 0, NULL);
}

static int f_flush(lua_State *L) {
  FILE *f = to_file(L);
  errno = 0;
  return luaL_fileresult(L, fflush(f) == 0, NULL);
}

static int io_noclose(lua_State *L) {
  LStream *p = to_stream(L);
  p->closef = &io_noclose; /* standard files stay open */
  luaL_pushfail(L);
  lua_pushliteral(L, "cannot close standard file");
  return 2;
}

static const luaL_Reg io_funcs[] = {
  {"close", io_close}, {"flush", io_flush},     {"input", io_input}, {"lines", io_lines},
  {"open", io_open},   {"output", io_output},   {"popen", io_popen}, {"read", io_read},
  {"tmpfile", io_tmpfile}, {"type", io_type},   {"write", io_write}, {NULL, NULL}
};

static const luaL_Reg file_methods[] = {
  {"read", f_read},   {"write", f_write}, {"lines", f_lines},     {"flush", f_flush},
  {"seek", f_seek},   {"close", f_close}, {"setvbuf", f_setvbuf}, {NULL, NULL}
};

static const luaL_Reg file_meta[] = {
  {"__index", NULL}, /* the method table */
  {"__gc", f_gc},
  {"__close", f_gc},
  {"__tostring", f_tostring},
  {NULL, NULL}
};

static void create_meta(lua_State *L) {
  luaL_newmetatable(L, LUA_FILEHANDLE);
  luaL_setfuncs(L, file_meta, 0);
  luaL_newlibtable(L, file_methods);
  luaL_setfuncs(L, file_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

static void create_stdfile(lua_State *L, FILE *f, const char *k, const char *fname) {
  LStream *p = new_prefile(L);
  p->f = f;
  p->closef = &io_noclose;
  if (k != NULL) {
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, k);
  }
  lua_setfield(L, -2, fname);
}

int luaopen_io(lua_State *L) {
  luaL_newlib(L, io_funcs);
  create_meta(L);
  create_stdfile(L, stdin, IO_INPUT, "stdin");
  create_stdfile(L, stdout, IO_OUTPUT, "stdout");
  create_stdfile(L, stderr, NULL, "stderr");
  return 1;
}
