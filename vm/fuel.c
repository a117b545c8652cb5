/* Fuel exhaustion: the slow path of vm_fuel. Without a runtime handler fuel is unlimited and
 * the counter is simply refilled; with one (runtime/limits.c) the handler decides. */
#include "vm/core.h"

void vm_fuelout(lua_State *L) {
  GlobalState *g = G(L);
  if (g->fuelout)
    g->fuelout(L);
  else
    g->fuel = INT64_MAX;
}

/* The public form for C functions (include/nacre.h): long-running library functions charge in
 * proportion to their work, so the fuel limit also bounds time spent inside C. */
LUA_API void nacre_charge(lua_State *L, lua_Integer units) {
  if (units > 0) vm_fuel(L, units);
}
