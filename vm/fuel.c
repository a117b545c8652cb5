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
