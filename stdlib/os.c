/* The os library. Functions that touch the host (processes, files, environment) ask the
 * policy (runtime/policy.h) first: file operations report a denial Lua-style (nil, msg, EACCES),
 * os.execute and os.tmpname raise it, and a denied os.getenv reads as unset (nil). os.date accepts exactly C99's strftime conversions. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "runtime/sandbox.h"
#include "vm/str.h"

/* Pushes the policy's denial as (nil, msg, EACCES). */
static int denied_result(lua_State *L) {
  luaL_pushfail(L);
  lua_insert(L, -2);
  lua_pushinteger(L, RT_POLICY_ERRNO);
  return 3;
}

static int os_execute(lua_State *L) {
  const char *cmd = luaL_optstring(L, 1, NULL);
  if (rt_policy_ask(L, RT_RUN, cmd) != 0 || rt_sandbox_proc_begin(L, cmd ? cmd : "shell") != 0)
    return lua_error(L);
  errno = 0;
  int stat = system(cmd);
  rt_limits_proc_end();
  if (cmd != NULL) return luaL_execresult(L, stat);
  lua_pushboolean(L, stat); /* is there a shell? */
  return 1;
}

/* remove and rename act on the directory entries the policy walked to and checked
 * (runtime/policy.h), relative to their directories' descriptors. */
static int os_remove(lua_State *L) {
  const char *filename = luaL_checkstring(L, 1);
  int r = rt_sandbox_remove(L, filename, RT_REMOVE_ANY);
  if (r == RT_DENIED) return denied_result(L);
  return luaL_fileresult(L, r == 0, filename);
}

static int os_rename(lua_State *L) {
  const char *from = luaL_checkstring(L, 1);
  const char *to = luaL_checkstring(L, 2);
  int r = rt_sandbox_rename(L, from, to);
  if (r == RT_DENIED) return denied_result(L);
  return luaL_fileresult(L, r == 0, NULL);
}

static int os_tmpname(lua_State *L) {
  char name[PATH_MAX], msg[RT_POLICY_MSGMAX];
  int fd = rt_path_mkstemp(rt_sandbox_of(L), "/tmp", "lua_", name, sizeof name, msg, sizeof msg);
  if (fd < 0 && msg[0] != '\0') return luaL_error(L, "%s", msg);
  if (fd < 0) return luaL_error(L, "unable to generate a unique filename");
  close(fd);
  lua_pushstring(L, name);
  return 1;
}

static int os_getenv(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  if (rt_policy_ask(L, RT_ENV, name) != 0) {
    lua_pop(L, 1); /* a variable that was not granted reads as unset (sandbox spec) */
    lua_pushnil(L);
    return 1;
  }
  lua_pushstring(L, getenv(name)); /* nil when unset */
  return 1;
}

static int os_clock(lua_State *L) {
  lua_pushnumber(L, ((lua_Number)clock()) / (lua_Number)CLOCKS_PER_SEC);
  return 1;
}

/* ---- date and time ---- */

static void set_field(lua_State *L, const char *key, int value, int delta) {
  lua_pushinteger(L, (lua_Integer)value + delta);
  lua_setfield(L, -2, key);
}

static void set_boolfield(lua_State *L, const char *key, int value) {
  if (value < 0) return; /* unknown (isdst = -1) */
  lua_pushboolean(L, value);
  lua_setfield(L, -2, key);
}

static void set_allfields(lua_State *L, const struct tm *stm) {
  set_field(L, "year", stm->tm_year, 1900);
  set_field(L, "month", stm->tm_mon, 1);
  set_field(L, "day", stm->tm_mday, 0);
  set_field(L, "hour", stm->tm_hour, 0);
  set_field(L, "min", stm->tm_min, 0);
  set_field(L, "sec", stm->tm_sec, 0);
  set_field(L, "yday", stm->tm_yday, 1);
  set_field(L, "wday", stm->tm_wday, 1);
  set_boolfield(L, "isdst", stm->tm_isdst);
}

static int get_boolfield(lua_State *L, const char *key) {
  int res = (lua_getfield(L, -1, key) == LUA_TNIL) ? -1 : lua_toboolean(L, -1);
  lua_pop(L, 1);
  return res;
}

/* Reads an integer field, minus `delta`, that must fit a C int; d < 0 means required. */
static int get_field(lua_State *L, const char *key, int d, int delta) {
  int isnum;
  int t = lua_getfield(L, -1, key);
  lua_Integer res = lua_tointegerx(L, -1, &isnum);
  if (!isnum) {
    if (t != LUA_TNIL) return luaL_error(L, "field '%s' is not an integer", key);
    if (d < 0) return luaL_error(L, "field '%s' missing in date table", key);
    res = d;
  } else {
    if (!(res >= 0 ? res - delta <= INT_MAX : INT_MIN + delta <= res))
      return luaL_error(L, "field '%s' is out-of-bound", key);
    res -= delta;
  }
  lua_pop(L, 1);
  return (int)res;
}

/* C99 strftime conversions, one and two characters long. */
static const char *const date_opts1 = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
static const char *const date_opts2[] = {
  "Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om",
  "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy", NULL
};

/* Copies the conversion at conv (after '%') into spec; returns where the next item starts. */
static const char *check_conversion(lua_State *L, const char *conv, ptrdiff_t convlen, char *spec) {
  if (convlen >= 1 && *conv != '\0' && strchr(date_opts1, *conv) != NULL) {
    spec[0] = *conv;
    spec[1] = '\0';
    return conv + 1;
  }
  if (convlen >= 2) {
    for (int i = 0; date_opts2[i]; i++) {
      if (memcmp(conv, date_opts2[i], 2) == 0) {
        memcpy(spec, conv, 2);
        spec[2] = '\0';
        return conv + 2;
      }
    }
  }
  luaL_argerror(L, 1, lua_pushfstring(L, "invalid conversion specifier '%%%s'", conv));
  return conv;
}

static time_t check_time(lua_State *L, int arg) {
  lua_Integer t = luaL_checkinteger(L, arg);
  luaL_argcheck(L, (time_t)t == t, arg, "time out-of-bounds");
  return (time_t)t;
}

/* Large enough for any single conversion strftime produces. */
#define DATE_ITEM 250

static int os_date(lua_State *L) {
  size_t slen;
  const char *s = luaL_optlstring(L, 1, "%c", &slen);
  time_t t = lua_isnoneornil(L, 2) ? time(NULL) : check_time(L, 2);
  const char *se = s + slen;
  struct tm tmr, *stm;
  if (*s == '!') {
    stm = gmtime_r(&t, &tmr);
    s++;
  } else {
    stm = localtime_r(&t, &tmr);
  }
  if (stm == NULL)
    return luaL_error(L, "date result cannot be represented in this installation");
  if (strcmp(s, "*t") == 0) {
    lua_createtable(L, 0, 9);
    set_allfields(L, stm);
    return 1;
  }
  char spec[4];
  luaL_Buffer b;
  spec[0] = '%';
  luaL_buffinit(L, &b);
  while (s < se) {
    if (*s != '%') {
      luaL_addchar(&b, *s++);
    } else {
      char *buf = luaL_prepbuffsize(&b, DATE_ITEM);
      s++;
      s = check_conversion(L, s, se - s, spec + 1);
      size_t n = strftime(buf, DATE_ITEM, spec, stm);
      luaL_addsize(&b, n);
    }
  }
  luaL_pushresult(&b);
  return 1;
}

static int os_time(lua_State *L) {
  time_t t;
  if (lua_isnoneornil(L, 1)) {
    t = time(NULL);
  } else {
    struct tm ts;
    memset(&ts, 0, sizeof ts);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    ts.tm_year = get_field(L, "year", -1, 1900);
    ts.tm_mon = get_field(L, "month", -1, 1);
    ts.tm_mday = get_field(L, "day", -1, 0);
    ts.tm_hour = get_field(L, "hour", 12, 0);
    ts.tm_min = get_field(L, "min", 0, 0);
    ts.tm_sec = get_field(L, "sec", 0, 0);
    ts.tm_isdst = get_boolfield(L, "isdst");
    t = mktime(&ts);
    set_allfields(L, &ts); /* 5.4 writes the normalised fields back */
  }
  if (t == (time_t)-1)
    return luaL_error(L, "time result cannot be represented in this installation");
  lua_pushinteger(L, (lua_Integer)t);
  return 1;
}

static int os_difftime(lua_State *L) {
  time_t t1 = check_time(L, 1);
  time_t t2 = check_time(L, 2);
  lua_pushnumber(L, (lua_Number)difftime(t1, t2));
  return 1;
}

static int os_setlocale(lua_State *L) {
  static const int cat[] = {LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME};
  static const char *const catnames[] = {"all", "collate", "ctype", "monetary", "numeric", "time", NULL};
  const char *l = luaL_optstring(L, 1, NULL);
  int op = luaL_checkoption(L, 2, "all", catnames);
  lua_pushstring(L, setlocale(cat[op], l));
  vm_str_localechanged(); /* string order follows LC_COLLATE */
  return 1;
}

static int os_exit(lua_State *L) {
  int status;
  if (lua_isboolean(L, 1))
    status = lua_toboolean(L, 1) ? EXIT_SUCCESS : EXIT_FAILURE;
  else
    status = (int)luaL_optinteger(L, 1, EXIT_SUCCESS);
  if (lua_toboolean(L, 2)) lua_close(L); /* runs __gc and __close before leaving */
  exit(status);
  return 0;
}

static const luaL_Reg os_funcs[] = {
  {"clock", os_clock},   {"date", os_date},         {"difftime", os_difftime},
  {"execute", os_execute}, {"exit", os_exit},       {"getenv", os_getenv},
  {"remove", os_remove}, {"rename", os_rename},     {"setlocale", os_setlocale},
  {"time", os_time},     {"tmpname", os_tmpname},   {NULL, NULL}
};

int luaopen_os(lua_State *L) {
  luaL_newlib(L, os_funcs);
  return 1;
}
