/* Build configuration of nacre's Lua 5.4 API: number types, limits, paths and formatting
 * hooks. Values match a stock 64-bit Linux build of Lua 5.4 (as Debian ships it), because
 * C modules compiled against that build must load into nacre unchanged. */
#ifndef luaconf_h
#define luaconf_h

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* ---- platform ------------------------------------------------------------------------- */
#ifndef LUA_USE_LINUX
#define LUA_USE_LINUX
#endif
#define LUA_USE_POSIX
#define LUA_USE_DLOPEN

/* 32-bit numbers are not supported by nacre; the flag exists for code that tests it. */
#define LUA_32BITS 0
#define LUA_C89_NUMBERS 0

/* An int of at least 32 bits is assumed throughout. */
#define LUAI_IS32INT ((UINT_MAX >> 30) >= 3)

/* ---- numbers -------------------------------------------------------------------------- */
#define LUA_INT_INT 1
#define LUA_INT_LONG 2
#define LUA_INT_LONGLONG 3
#define LUA_FLOAT_FLOAT 1
#define LUA_FLOAT_DOUBLE 2
#define LUA_FLOAT_LONGDOUBLE 3

#define LUA_INT_TYPE LUA_INT_LONGLONG
#define LUA_FLOAT_TYPE LUA_FLOAT_DOUBLE

#define LUA_NUMBER double
#define l_floatatt(n) (DBL_##n)
#define LUAI_UACNUMBER double
#define LUA_NUMBER_FRMLEN ""
#define LUA_NUMBER_FMT "%.14g"
#define l_mathop(op) op
#define lua_str2number(s, p) strtod((s), (p))

#define LUA_INTEGER long long
#define LUA_INTEGER_FRMLEN "ll"
#define LUAI_UACINT LUA_INTEGER
#define LUA_INTEGER_FMT "%" LUA_INTEGER_FRMLEN "d"
#define LUA_UNSIGNED unsigned LUAI_UACINT
#define LUA_MAXINTEGER LLONG_MAX
#define LUA_MININTEGER LLONG_MIN
#define LUA_MAXUNSIGNED ULLONG_MAX

#define lua_number2str(s, sz, n) \
  l_sprintf((s), sz, LUA_NUMBER_FMT, (LUAI_UACNUMBER)(n))
#define lua_integer2str(s, sz, n) \
  l_sprintf((s), sz, LUA_INTEGER_FMT, (LUAI_UACINT)(n))

#define l_floor(x) (l_mathop(floor)(x))

/* Converts float n to integer *p when n is within range (n must already be integral).
 * The bounds test uses LUA_MININTEGER, which is exact as a double, on both sides. */
#define lua_numbertointeger(n, p) \
  ((n) >= (LUA_NUMBER)(LUA_MININTEGER) && (n) < -(LUA_NUMBER)(LUA_MININTEGER) && \
   (*(p) = (LUA_INTEGER)(n), 1))

#define LUA_KCONTEXT intptr_t

#define l_sprintf(s, sz, f, i) snprintf(s, sz, f, i)
#define lua_strx2number(s, p) lua_str2number(s, p)
#define lua_pointer2str(buff, sz, p) l_sprintf(buff, sz, "%p", p)
#define lua_number2strx(L, b, sz, f, n) ((void)L, l_sprintf(b, sz, f, (LUAI_UACNUMBER)(n)))
#define lua_getlocaledecpoint() (localeconv()->decimal_point[0])

/* ---- paths ---------------------------------------------------------------------------- */
#define LUA_PATH_SEP ";"
#define LUA_PATH_MARK "?"
#define LUA_EXEC_DIR "!"
#define LUA_DIRSEP "/"

#define LUA_VDIR "5.4"
#define LUA_ROOT "/usr/local/"
#define LUA_LDIR LUA_ROOT "share/lua/" LUA_VDIR "/"
#define LUA_CDIR LUA_ROOT "lib/lua/" LUA_VDIR "/"
/* Debian's system-wide module directories come after /usr/local, as in its lua5.4. */
#define LUA_SYS_LDIR "/usr/share/lua/" LUA_VDIR "/"
#define LUA_SYS_CDIR "/usr/lib/x86_64-linux-gnu/lua/" LUA_VDIR "/"
#define LUA_SYS_CDIR2 "/usr/lib/lua/" LUA_VDIR "/"

#define LUA_PATH_DEFAULT \
  LUA_LDIR "?.lua;" LUA_LDIR "?/init.lua;" \
  LUA_CDIR "?.lua;" LUA_CDIR "?/init.lua;" \
  LUA_SYS_LDIR "?.lua;" LUA_SYS_LDIR "?/init.lua;" \
  "./?.lua;" "./?/init.lua"
#define LUA_CPATH_DEFAULT \
  LUA_CDIR "?.so;" LUA_SYS_CDIR "?.so;" LUA_SYS_CDIR2 "?.so;" LUA_CDIR "loadall.so;" "./?.so"

/* ---- visibility ----------------------------------------------------------------------- */
/* nacre is compiled with -fvisibility=hidden: only the API below is exported (from the nacre
 * executable and libnacre.so), so C modules cannot bind to the VM's internals. */
#define LUA_API extern __attribute__((visibility("default")))
#define LUALIB_API LUA_API
#define LUAMOD_API LUA_API
#define LUAI_FUNC __attribute__((visibility("hidden"))) extern
#define LUAI_DDEC(dec) LUAI_FUNC dec
#define LUAI_DDEF /* empty */

/* ---- compatibility -------------------------------------------------------------------- */
/* Debian's lua5.4 (our oracle) is built with the 5.3 compatibility set: math.pow, math.ldexp,
 * __le emulated through __lt, and the unsigned API casts. */
#define LUA_COMPAT_5_3
#define LUA_COMPAT_MATHLIB
#define LUA_COMPAT_APIINTCASTS
#define LUA_COMPAT_LT_LE

#if defined(LUA_COMPAT_APIINTCASTS)
#define lua_pushunsigned(L, n) lua_pushinteger(L, (lua_Integer)(n))
#define lua_tounsignedx(L, i, is) ((lua_Unsigned)lua_tointegerx(L, i, is))
#define lua_tounsigned(L, i) lua_tounsignedx(L, (i), NULL)
#endif

/* ---- limits --------------------------------------------------------------------------- */
/* Maximum depth of the Lua stack; also fixes LUA_REGISTRYINDEX, so part of the ABI. */
#define LUAI_MAXSTACK 1000000
/* Size of the space before each lua_State available to the host (lua_getextraspace). */
#define LUA_EXTRASPACE (sizeof(void *))
/* Maximum length of chunk ids in messages and lua_Debug.short_src. */
#define LUA_IDSIZE 60
/* Initial size of a luaL_Buffer's inline storage (part of the luaL_Buffer layout). */
#define LUAL_BUFFERSIZE ((int)(16 * sizeof(void *) * sizeof(lua_Number)))
/* The strictest alignment any user value needs; shapes luaL_Buffer's inline storage. */
#define LUAI_MAXALIGN lua_Number n; double u; void *s; lua_Integer i; long l

#if defined(LUA_USE_APICHECK)
#include <assert.h>
#define luai_apicheck(l, e) assert(e)
#endif

#endif
