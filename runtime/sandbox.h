/* The sandbox as scripts meet it: the Lua-facing side of the policy (runtime/policy.h), which
 * the standard libraries, uv and ffi call with their lua_State, and the curated environment a
 * sandboxed script sees. Every call here is a thin wrapper over the Lua-free policy. See
 * docs/sandbox.md. */
#ifndef RT_SANDBOX_H
#define RT_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lua.h"
#include "runtime/policy.h"

/* Attaches sb to a state whose standard libraries are open: policy, fuel, and (when sandboxed)
 * the curated environment (debug reduced to traceback, collectgarbage "count" only, no
 * string.dump, read-only library tables and string metatable). */
void rt_sandbox_attach(lua_State *L, RtSandbox *sb);

/* L's sandbox (NULL: none), for calling the Lua-free policy directly. */
RtSandbox *rt_sandbox_of(lua_State *L);

/* Returns 0 when `what` on `arg` is allowed by L's sandbox (rt_policy_decide). Otherwise
 * pushes the denial message onto L's stack and returns -1; the caller either raises it or
 * returns it Lua-style (nil, msg, errno). A path check only: to open or change a path, use
 * the rt_sandbox_open... calls, which check and act in one step. */
int rt_policy_ask(lua_State *L, RtAccess what, const char *arg);

/* The one-step path calls of runtime/policy.h under L's sandbox. They return what the call
 * returns (a descriptor, or 0); -1 when the host refused, with errno set and nothing pushed
 * (the caller words it as it always has); RT_DENIED when the policy refused, with the denial
 * message pushed and errno set to EACCES. */
#define RT_DENIED (-2)
int rt_sandbox_open(lua_State *L, const char *path, int flags, mode_t mode);
/* fopen(3) through rt_sandbox_open (mode as fopen takes it, already checked): NULL when it
 * fails, *denied telling whether the denial was pushed. */
FILE *rt_sandbox_fopen(lua_State *L, const char *path, const char *mode, int *denied);
/* tmpfile(3): under a write grant list, created in $TMPDIR (or /tmp) by rt_path_mkstemp and
 * unlinked at once. */
FILE *rt_sandbox_tmpfile(lua_State *L, int *denied);
int rt_sandbox_remove(lua_State *L, const char *path, int kind);
int rt_sandbox_rename(lua_State *L, const char *from, const char *to);
/* luaL_loadfilex with the file opened by rt_sandbox_open and read from that descriptor, never
 * looked up by name again (stdlib/auxlib.c; loadfile, dofile, require). A denial is the
 * LUA_ERRFILE message. */
int lib_loadfile_sandboxed(lua_State *L, const char *filename, const char *mode);

/* Limits a library enforces itself (the uv module). rt_policy_max_files: --max-files, 0 when
 * unlimited. rt_policy_output: meters buf[0..n), about to be written to descriptor fd outside
 * stdio (rt_limits_output). rt_policy_uncaught: an error with this status ends the process
 * outside the front end (a uv callback); when the memory limit caused it, it ends it as the
 * memory breach. */
long rt_policy_max_files(lua_State *L);
void rt_policy_output(lua_State *L, int fd, const char *buf, size_t n);
void rt_policy_uncaught(int status);
/* 0 when a library may use descriptor fd by number; -1 with a denial pushed when the runtime
 * reserves it (the outcome pipe of a sandbox.run child). */
int rt_policy_fd(lua_State *L, int fd);
/* --max-procs for a script starting a process: 0, or -1 with "<what>: process limit reached
 * (--max-procs=N)" pushed. Pair a 0 with rt_limits_proc_end once the process has ended. */
int rt_sandbox_proc_begin(lua_State *L, const char *what);

/* The nacre executable sandbox.run starts for a child (runtime/embed.c): the one given to
 * nacre_setprogram, else this process when it is nacre (rt_program_is_self, set by
 * runtime/main.c), else the installed $(BINDIR)/nacre. Never an embedding host, which would
 * not understand the child's command line. Writes the path to buf; returns 0, or -1 when it
 * does not name an executable file (buf still names what was tried). */
int rt_sandbox_program(char *buf, size_t size);
extern int rt_program_is_self;

/* Lets the wall-clock timer interrupt L's interpreter (it forces a fuel check). */
void rt_limits_watch(lua_State *L);
/* Fuel spent so far, for sandbox.run's r.stats. */
int64_t rt_limits_fuel_used(lua_State *L);

#endif
