/* The single decision point for host access (files, processes, environment, network, FFI).
 * Every stdlib function that touches the host asks here first; the sandbox decides the answer,
 * so the libraries never change when the policy does. */
#ifndef NACRE_POLICY_H
#define NACRE_POLICY_H

#include <stddef.h>

#include "lua.h"

typedef enum RtAccess {
  RT_READ,   /* open or list a path for reading */
  RT_WRITE,  /* create or modify a path (a final symbolic link is followed, as open does) */
  RT_WRITE_ENTRY, /* remove or rename the directory entry itself (the link, not its target) */
  RT_RUN,    /* start a process (os.execute, io.popen) */
  RT_ENV,    /* read an environment variable */
  RT_NET,    /* connect or listen */
  RT_FFI     /* load native code or call foreign functions */
} RtAccess;

/* Returns 0 when `what` on `arg` (a path, command, variable name or host as the script gave it;
 * may be NULL) is allowed. Otherwise pushes a denial message string onto L's stack and returns -1;
 * the caller either raises it or returns it Lua-style (nil, msg, errno). */
int rt_policy_check(lua_State *L, RtAccess what, const char *arg);

/* Limits a library enforces itself (the uv module). rt_policy_max_files: --max-files, 0 when
 * unlimited. rt_policy_output: meters buf[0..n), about to be written to descriptor fd outside
 * stdio; for fd 1 and 2 past --max-output it writes what is still allowed and ends the process.
 * rt_policy_uncaught: an error with this status ends the process outside the front end (a uv
 * callback); when the memory limit caused it, it ends it as the memory breach. */
long rt_policy_max_files(lua_State *L);
void rt_policy_output(lua_State *L, int fd, const char *buf, size_t n);
void rt_policy_uncaught(int status);
/* 0 when a library may use descriptor fd by number; -1 with a denial pushed when the runtime
 * reserves it (the outcome pipe of a sandbox.run child). */
int rt_policy_fd(lua_State *L, int fd);

/* States for other OS threads (uv work and threads). rt_policy_share runs on the thread of
 * `parent` and returns its policy (NULL when parent has none); with a fuel limit it turns
 * parent's fuel into a process-wide pool that every state draws from in chunks. Any thread may
 * then call rt_policy_newstate: a state with the standard libraries under that policy (the
 * same grants and limits, the curated environment, fuel from the pool), or NULL when out of
 * memory. rt_policy_closestate returns the fuel L has not spent to the pool and closes it. */
struct RtSandbox;
struct RtSandbox *rt_policy_share(lua_State *parent);
lua_State *rt_policy_newstate(struct RtSandbox *policy);
void rt_policy_closestate(lua_State *L);

/* What sandbox.run needs from the limits (runtime/limits.c, runtime/sandbox.c). */
/* The process's memory limit in bytes (0: none). */
size_t rt_policy_memory_limit(void);
/* A size as the limit flags take it ("64K", "16M", "1G", bytes): 0, or -1 if malformed. */
int rt_policy_size(const char *s, size_t *out);
/* Registers (running = 1) or forgets the process group of a run in progress: a breach that
 * ends this process kills the group first. */
void rt_policy_track_group(int pgid, int running);

/* errno value libraries report with a denial (EACCES). */
#define RT_POLICY_ERRNO 13

/* What the libraries call (one name to grep for every host access). */
static inline int rt_policy_ask(lua_State *L, RtAccess what, const char *arg) {
  return rt_policy_check(L, what, arg);
}

#endif
