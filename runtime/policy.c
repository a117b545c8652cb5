/* Host-access policy: the one place that says yes or no to a script touching the host.
 * Every library asks here (through rt_policy_ask); the sandbox (runtime/sandbox.c) resolves the
 * path and decides, so the libraries never change when the policy does. */
#include "runtime/policy.h"
#include "runtime/sandbox.h"
#include "vm/core.h"

int rt_policy_check(lua_State *L, RtAccess what, const char *arg) {
  return rt_sandbox_decide(L, what, arg);
}

long rt_policy_max_files(lua_State *L) {
  RtSandbox *sb = G(L)->sandbox;
  return sb ? sb->max_files : 0;
}

int rt_policy_fd(lua_State *L, int fd) {
  RtSandbox *sb = G(L)->sandbox;
  if (sb == NULL || sb->result_fd < 0 || fd != sb->result_fd) return 0;
  lua_pushfstring(L, "descriptor %d: permission denied by the sandbox (it carries sandbox.run's outcome)", fd);
  return -1;
}

void rt_policy_output(lua_State *L, int fd, const char *buf, size_t n) {
  (void)L;
  if (fd == 1 || fd == 2) rt_limits_output(fd, buf, n);
}

void rt_policy_uncaught(int status) {
  rt_limits_uncaught(status);
}
