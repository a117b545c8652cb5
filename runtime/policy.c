/* Host-access policy: the one place that says yes or no to a script touching the host.
 * Every library asks here (through rt_policy_ask); the sandbox (runtime/sandbox.c) resolves the
 * path and decides, so the libraries never change when the policy does. */
#include "runtime/policy.h"
#include "runtime/sandbox.h"

int rt_policy_check(lua_State *L, RtAccess what, const char *arg) {
  return rt_sandbox_decide(L, what, arg);
}
