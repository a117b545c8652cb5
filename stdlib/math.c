/* The math library. math.random is xoshiro256** seeded exactly as 5.4 seeds it, so a given
 * math.randomseed(n) yields the same sequence as lua5.4, including random(0) and the
 * rejection sampling that maps a 64-bit draw onto [low, up]. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <time.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "vm/apiinline.h"
#include "vm/fastfn.h"

#define PI 3.141592653589793238462643383279502884

/* Float-to-integer conversion when the float is integral-valued and in range. */
static int float_to_int(lua_Number f, lua_Integer *out) {
  if (f >= (lua_Number)LUA_MININTEGER && f < -(lua_Number)LUA_MININTEGER) {
    *out = (lua_Integer)f;
    return 1;
  }
  return 0;
}

static void push_numint(lua_State *L, lua_Number d) {
  lua_Integer n;
  if (float_to_int(d, &n))
    lua_pushinteger(L, n);
  else
    lua_pushnumber(L, d);
}

static int math_abs(lua_State *L) {
  if (lua_isinteger(L, 1)) {
    lua_Integer n = lua_tointeger(L, 1);
    if (n < 0) n = (lua_Integer)(0u - (lua_Unsigned)n);
    lua_pushinteger(L, n);
  } else {
    lua_pushnumber(L, fabs(luaL_checknumber(L, 1)));
  }
  return 1;
}

static int math_sin(lua_State *L) { lua_pushnumber(L, sin(luaL_checknumber(L, 1))); return 1; }
static int math_cos(lua_State *L) { lua_pushnumber(L, cos(luaL_checknumber(L, 1))); return 1; }
static int math_tan(lua_State *L) { lua_pushnumber(L, tan(luaL_checknumber(L, 1))); return 1; }
static int math_asin(lua_State *L) { lua_pushnumber(L, asin(luaL_checknumber(L, 1))); return 1; }
static int math_acos(lua_State *L) { lua_pushnumber(L, acos(luaL_checknumber(L, 1))); return 1; }
static int math_exp(lua_State *L) { lua_pushnumber(L, exp(luaL_checknumber(L, 1))); return 1; }
static int math_sqrt(lua_State *L) { lua_pushnumber(L, sqrt(luaL_checknumber(L, 1))); return 1; }

static int math_atan(lua_State *L) {
  lua_Number y = luaL_checknumber(L, 1);
  lua_Number x = luaL_optnumber(L, 2, 1);
  lua_pushnumber(L, atan2(y, x));
  return 1;
}

static int math_toint(lua_State *L) {
  int valid;
  lua_Integer n = lua_tointegerx(L, 1, &valid);
  if (valid) {
    lua_pushinteger(L, n);
  } else {
    luaL_checkany(L, 1);
    luaL_pushfail(L);
  }
  return 1;
}

static int math_floor(lua_State *L) {
  if (lua_isinteger(L, 1))
    lua_settop(L, 1);
  else
    push_numint(L, floor(luaL_checknumber(L, 1)));
  return 1;
}

static int math_ceil(lua_State *L) {
  if (lua_isinteger(L, 1))
    lua_settop(L, 1);
  else
    push_numint(L, ceil(luaL_checknumber(L, 1)));
  return 1;
}

static int math_fmod(lua_State *L) {
  if (lua_isinteger(L, 1) && lua_isinteger(L, 2)) {
    lua_Integer d = lua_tointeger(L, 2);
    if ((lua_Unsigned)d + 1u <= 1u) { /* 0 or -1: avoid division by zero and overflow */
      luaL_argcheck(L, d != 0, 2, "zero");
      lua_pushinteger(L, 0);
    } else {
      lua_pushinteger(L, lua_tointeger(L, 1) % d);
    }
  } else {
    lua_pushnumber(L, fmod(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
  }
  return 1;
}

static int math_modf(lua_State *L) {
  if (lua_isinteger(L, 1)) {
    lua_settop(L, 1);
    lua_pushnumber(L, 0);
  } else {
    lua_Number n = luaL_checknumber(L, 1);
    lua_Number ip = (n < 0) ? ceil(n) : floor(n);
    push_numint(L, ip);
    lua_pushnumber(L, (n == ip) ? 0.0 : (n - ip)); /* inf - inf would be nan */
  }
  return 2;
}

static int math_log(lua_State *L) {
  lua_Number x = luaL_checknumber(L, 1);
  lua_Number r;
  if (lua_isnoneornil(L, 2)) {
    r = log(x);
  } else {
    lua_Number base = luaL_checknumber(L, 2);
    if (base == 2.0)
      r = log2(x);
    else if (base == 10.0)
      r = log10(x);
    else
      r = log(x) / log(base);
  }
  lua_pushnumber(L, r);
  return 1;
}

static int math_deg(lua_State *L) { lua_pushnumber(L, luaL_checknumber(L, 1) * (180.0 / PI)); return 1; }
static int math_rad(lua_State *L) { lua_pushnumber(L, luaL_checknumber(L, 1) * (PI / 180.0)); return 1; }

static int math_min(lua_State *L) {
  int n = lua_gettop(L);
  int best = 1;
  luaL_argcheck(L, n >= 1, 1, "value expected");
  for (int i = 2; i <= n; i++)
    if (lua_compare(L, i, best, LUA_OPLT)) best = i;
  lua_pushvalue(L, best);
  return 1;
}

static int math_max(lua_State *L) {
  int n = lua_gettop(L);
  int best = 1;
  luaL_argcheck(L, n >= 1, 1, "value expected");
  for (int i = 2; i <= n; i++)
    if (lua_compare(L, best, i, LUA_OPLT)) best = i;
  lua_pushvalue(L, best);
  return 1;
}

static int math_ult(lua_State *L) {
  lua_Integer a = luaL_checkinteger(L, 1);
  lua_Integer b = luaL_checkinteger(L, 2);
  lua_pushboolean(L, (lua_Unsigned)a < (lua_Unsigned)b);
  return 1;
}

static int math_type(lua_State *L) {
  if (lua_type(L, 1) == LUA_TNUMBER) {
    lua_pushstring(L, lua_isinteger(L, 1) ? "integer" : "float");
  } else {
    luaL_checkany(L, 1);
    luaL_pushfail(L);
  }
  return 1;
}

/* ---- 5.3 compatibility functions (Debian's lua5.4 is built with LUA_COMPAT_MATHLIB) ---- */
#if defined(LUA_COMPAT_MATHLIB)

static int math_cosh(lua_State *L) { lua_pushnumber(L, cosh(luaL_checknumber(L, 1))); return 1; }
static int math_sinh(lua_State *L) { lua_pushnumber(L, sinh(luaL_checknumber(L, 1))); return 1; }
static int math_tanh(lua_State *L) { lua_pushnumber(L, tanh(luaL_checknumber(L, 1))); return 1; }
static int math_log10(lua_State *L) { lua_pushnumber(L, log10(luaL_checknumber(L, 1))); return 1; }

/* Same as math.atan, but a distinct C function so error messages name it deterministically
 * (lua5.4 shares one function, and which name it reports depends on its hash seed). */
static int math_atan2(lua_State *L) { return math_atan(L); }

static int math_pow(lua_State *L) {
  lua_Number x = luaL_checknumber(L, 1);
  lua_Number y = luaL_checknumber(L, 2);
  lua_pushnumber(L, pow(x, y));
  return 1;
}

static int math_frexp(lua_State *L) {
  int e;
  lua_pushnumber(L, frexp(luaL_checknumber(L, 1), &e));
  lua_pushinteger(L, e);
  return 2;
}

static int math_ldexp(lua_State *L) {
  lua_Number x = luaL_checknumber(L, 1);
  int ep = (int)luaL_checkinteger(L, 2);
  lua_pushnumber(L, ldexp(x, ep));
  return 1;
}
#endif

/* ---- xoshiro256** ---- */

typedef struct RandState {
  uint64_t s[4];
} RandState;

static uint64_t rotl(uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }

static uint64_t next_rand(uint64_t *s) {
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* The top 53 bits scaled into [0, 1). */
static lua_Number rand_float(uint64_t r) {
  return (lua_Number)(r >> (64 - DBL_MANT_DIG)) * (0.5 / ((uint64_t)1 << (DBL_MANT_DIG - 1)));
}

/* Maps a draw onto [0, n] without bias: mask to the smallest 2^b-1 >= n, redraw when above n. */
static lua_Unsigned project(lua_Unsigned ran, lua_Unsigned n, RandState *st) {
  if ((n & (n + 1)) == 0) return ran & n;
  lua_Unsigned lim = n;
  lim |= lim >> 1;
  lim |= lim >> 2;
  lim |= lim >> 4;
  lim |= lim >> 8;
  lim |= lim >> 16;
  lim |= lim >> 32;
  while ((ran &= lim) > n) ran = next_rand(st->s);
  return ran;
}

static int math_random(lua_State *L) {
  lua_Integer low, up;
  RandState *st = (RandState *)lua_touserdata(L, lua_upvalueindex(1));
  uint64_t rv = next_rand(st->s);
  switch (lua_gettop(L)) {
  case 0:
    lua_pushnumber(L, rand_float(rv));
    return 1;
  case 1:
    low = 1;
    up = luaL_checkinteger(L, 1);
    if (up == 0) { /* random(0): all 64 bits */
      lua_pushinteger(L, (lua_Integer)rv);
      return 1;
    }
    break;
  case 2:
    low = luaL_checkinteger(L, 1);
    up = luaL_checkinteger(L, 2);
    break;
  default:
    return luaL_error(L, "wrong number of arguments");
  }
  luaL_argcheck(L, low <= up, 1, "interval is empty");
  lua_Unsigned p = project((lua_Unsigned)rv, (lua_Unsigned)up - (lua_Unsigned)low, st);
  lua_pushinteger(L, (lua_Integer)(p + (lua_Unsigned)low));
  return 1;
}

static void set_seed(lua_State *L, RandState *st, lua_Unsigned n1, lua_Unsigned n2) {
  st->s[0] = n1;
  st->s[1] = 0xff; /* never an all-zero state */
  st->s[2] = n2;
  st->s[3] = 0;
  for (int i = 0; i < 16; i++) next_rand(st->s); /* spread the seed */
  lua_pushinteger(L, (lua_Integer)n1);
  lua_pushinteger(L, (lua_Integer)n2);
}

/* An unpredictable seed: time mixed with an address (ASLR). */
static void random_seed(lua_State *L, RandState *st) {
  lua_Unsigned t = (lua_Unsigned)time(NULL);
  lua_Unsigned addr = (lua_Unsigned)(uintptr_t)L;
  lua_Unsigned c = (lua_Unsigned)clock();
  set_seed(L, st, t ^ (c << 32), addr);
}

static int math_randomseed(lua_State *L) {
  RandState *st = (RandState *)lua_touserdata(L, lua_upvalueindex(1));
  if (lua_isnone(L, 1)) {
    random_seed(L, st);
  } else {
    lua_Integer n1 = luaL_checkinteger(L, 1);
    lua_Integer n2 = luaL_optinteger(L, 2, 0);
    set_seed(L, st, (lua_Unsigned)n1, (lua_Unsigned)n2);
  }
  return 2;
}

static const luaL_Reg math_funcs[] = {
  {"abs", math_abs},     {"ceil", math_ceil},   {"floor", math_floor}, {"fmod", math_fmod},
  {"modf", math_modf},   {"sqrt", math_sqrt},   {"exp", math_exp},     {"log", math_log},
  {"sin", math_sin},     {"cos", math_cos},     {"tan", math_tan},     {"asin", math_asin},
  {"acos", math_acos},   {"atan", math_atan},   {"deg", math_deg},     {"rad", math_rad},
  {"min", math_min},     {"max", math_max},     {"ult", math_ult},     {"type", math_type},
  {"tointeger", math_toint},
#if defined(LUA_COMPAT_MATHLIB)
  {"cosh", math_cosh},   {"sinh", math_sinh},   {"tanh", math_tanh},   {"pow", math_pow},
  {"frexp", math_frexp}, {"ldexp", math_ldexp}, {"log10", math_log10}, {"atan2", math_atan2},
#endif
  {"random", NULL},      {"randomseed", NULL}, /* need the state upvalue */
  {"pi", NULL},          {"huge", NULL},        {"maxinteger", NULL},  {"mininteger", NULL},
  {NULL, NULL}
};

static const luaL_Reg rand_funcs[] = {
  {"random", math_random}, {"randomseed", math_randomseed}, {NULL, NULL}
};

/* The functions the interpreter runs inline in the common case (vm/fastfn.h). */
static const VMFastReg math_fast[] = {
  {"abs", math_abs, VM_FF_abs},
  {"ceil", math_ceil, VM_FF_ceil},
  {"floor", math_floor, VM_FF_floor},
  {"max", math_max, VM_FF_max},
  {"min", math_min, VM_FF_min},
  {"sqrt", math_sqrt, VM_FF_sqrt},
  {NULL, NULL, 0}
};

int luaopen_math(lua_State *L) {
  luaL_newlib(L, math_funcs);
  vm_ffsetfuncs(L, math_fast);  /* over their entries, which keep the table's layout */
  lua_pushnumber(L, PI);
  lua_setfield(L, -2, "pi");
  lua_pushnumber(L, (lua_Number)HUGE_VAL);
  lua_setfield(L, -2, "huge");
  lua_pushinteger(L, LUA_MAXINTEGER);
  lua_setfield(L, -2, "maxinteger");
  lua_pushinteger(L, LUA_MININTEGER);
  lua_setfield(L, -2, "mininteger");
  RandState *st = (RandState *)lua_newuserdatauv(L, sizeof(RandState), 0);
  random_seed(L, st);
  lua_pop(L, 2); /* the seed values */
  luaL_setfuncs(L, rand_funcs, 1);
  return 1;
}
