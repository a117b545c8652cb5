/* Nacre's own extensions to the Lua C API (nacre_* names). Everything in lua.h, lauxlib.h
 * and lualib.h is plain Lua 5.4; what only nacre offers is declared here. docs/embedding.md
 * explains building a host; docs/sandbox.md the policy flags and limits. */
#ifndef nacre_h
#define nacre_h

#include <stddef.h>

#include "lua.h"

#define NACRE_VERSION_MAJOR 0
#define NACRE_VERSION_MINOR 1
#define NACRE_VERSION_PATCH 0
#define NACRE_VERSION "0.1.0"
/* The Lua language and ABI version nacre implements. */
#define NACRE_LUA_VERSION LUA_RELEASE

/* Charges `units` of fuel (docs/sandbox.md: fuel is charged at loop back-edges and calls, and by
 * long-running C functions in proportion to their work: about one unit per element handled or
 * per 64 bytes produced). Under a fuel or time limit this may end the process with the limit's
 * exit status; it never returns an error a script could catch. */
LUA_API void nacre_charge(lua_State *L, lua_Integer units);

/* Creates a state with the standard libraries (and `require "sandbox"`) under a policy given as
 * a NULL-terminated list of the command line's sandbox flags, for example
 *   const char *flags[] = {"--sandbox", "--allow-read=data/", "--fuel=1000000", NULL};
 * An empty list gives a trusted state, like luaL_newstate + luaL_openlibs. Returns NULL and a
 * message naming the bad flag in err on a malformed flag. The policy and fuel belong to the
 * state; memory, time, output and file limits are process-wide (one collector, one clock, one
 * stdout), take effect on the first call that sets them, and end the process on a breach with
 * the statuses in docs/sandbox.md. Close the state with lua_close. */
LUA_API lua_State *nacre_newstate(const char *const *flags, char *err, size_t errlen);

/* Lua states may run on several OS threads at once, each state on one thread at a time.
 * Call nacre_threads_enable once, on a thread that already uses nacre, before any other thread
 * does. A thread nacre did not start calls nacre_thread_attach before it creates or runs a
 * state (0: attached, 1: it already was, -1: failed) and, when it returned 0,
 * nacre_thread_detach once it holds no Lua value any more. */
LUA_API void nacre_threads_enable(void);
LUA_API int nacre_thread_attach(void);
LUA_API void nacre_thread_detach(void);
/* Names the nacre executable that sandbox.run starts for each child (the child runs
 * `PATH _sandbox-child ...`, so it must be a nacre of the same version as this library). By
 * default it is the running program when that is nacre itself, and otherwise the nacre that
 * `make install` put in its bin directory (PREFIX/bin/nacre); NULL restores the default.
 * sandbox.run never starts the embedding program. Returns 0, or -1 when out of memory. */
LUA_API int nacre_setprogram(const char *path);

#endif
