/* Host-access policy: the one place that says yes or no to a script touching the host.
 * For now nacre is as trusted as lua(1) and everything is allowed; the sandbox issue replaces the
 * body of rt_policy_check (resolving paths first) without touching the libraries. */
#include "runtime/policy.h"

static const char *const access_names[] = {"read", "write", "run", "env", "net", "ffi"};

int rt_policy_check(lua_State *L, RtAccess what, const char *arg) {
  /* Everything is granted until a sandbox policy exists; the denial path is kept here so the
   * message format is fixed in one place. */
  int allowed = 1;
  if (allowed) return 0;
  lua_pushfstring(L, "%s: %s access denied by sandbox policy", arg ? arg : "?",
                  access_names[what]);
  return -1;
}
