/* The sandbox: one policy of capabilities (what a script may touch on the host) and resource
 * limits (memory, fuel, time, output, open files), set from the command line or by an embedder,
 * enforced in runtime/ (sandbox.c decides, limits.c meters). See docs/sandbox.md. */
#ifndef RT_SANDBOX_H
#define RT_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#include "lua.h"
#include "runtime/policy.h"

/* A list of grants. all == 1 means the flag was given without a list (grant everything). */
typedef struct RtGrants {
  int all;
  int n;
  char **item;       /* paths are stored resolved (absolute, no symlinks) */
} RtGrants;

typedef struct RtSandbox {
  int sandboxed;       /* --sandbox or any --allow-*: deny whatever is not granted */
  RtGrants read, write, net, env;
  int allow_run, allow_ffi;
  /* Limits; 0 means unlimited. They apply with or without --sandbox. */
  size_t max_memory;   /* bytes of collected heap */
  int64_t fuel;        /* VM back-edges and calls, plus units charged by long C functions */
  int64_t timeout_ms;  /* wall clock */
  size_t max_output;   /* bytes written to stdout and stderr together */
  long max_files;      /* files the script may hold open at once */
  /* The text each limit was given as, for the breach message ("16M", "2s"). */
  char memory_text[32], fuel_text[32], timeout_text[32], output_text[32];
  int result_fd;       /* sandbox.run child: where the outcome record goes (-1: none) */
} RtSandbox;

/* Exit statuses (documented in docs/sandbox.md and `nacre --help`). */
enum {
  RT_EXIT_USAGE = 1,   /* as lua(1): bad command line, or the script raised an error */
  RT_EXIT_MEMORY = 3,
  RT_EXIT_FUEL = 4,
  RT_EXIT_TIME = 5,
  RT_EXIT_OUTPUT = 6,
};

typedef enum { RT_LIMIT_MEMORY, RT_LIMIT_FUEL, RT_LIMIT_TIME, RT_LIMIT_OUTPUT } RtLimit;

/* The process's sandbox, filled from the command line by runtime/main.c. */
extern RtSandbox rt_sandbox;

void rt_sandbox_init(RtSandbox *sb);
/* Parses one command-line argument. Returns 1 if it was a sandbox flag (applied to sb), 0 if it
 * is not one, -1 if it is one with a malformed value (message in err, naming the flag). */
int rt_sandbox_flag(RtSandbox *sb, const char *arg, char *err, size_t errlen);
/* Removes the sandbox flags that stand before the first non-option argument of argv (and right
 * after a subcommand verb), applying them to sb. Returns 0, or -1 with a message in err. */
int rt_sandbox_take_flags(RtSandbox *sb, int *argc, char **argv, char *err, size_t errlen);

/* Attaches sb to a state whose standard libraries are open: policy, fuel, and (when sandboxed)
 * the curated environment (debug reduced to traceback, collectgarbage "count" only, no
 * string.dump, read-only library tables and string metatable). */
void rt_sandbox_attach(lua_State *L, RtSandbox *sb);
/* The policy decision, with no Lua in it (the shim asks it too): 0 when `what` on `arg` is
 * allowed by sb (NULL: no sandbox), else an errno (EACCES) with a message naming the flag that
 * would grant it written to msg. */
int rt_policy_decide(const RtSandbox *sb, RtAccess what, const char *arg, char *msg, size_t msglen);
/* rt_policy_decide for L's sandbox, the denial pushed as a string (rt_policy_check). */
int rt_sandbox_decide(lua_State *L, RtAccess what, const char *arg);

/* The nacre executable sandbox.run starts for a child (runtime/embed.c): the one given to
 * nacre_setprogram, else this process when it is nacre (rt_program_is_self, set by
 * runtime/main.c), else the installed $(BINDIR)/nacre. Never an embedding host, which would
 * not understand the child's command line. Writes the path to buf; returns 0, or -1 when it
 * does not name an executable file (buf still names what was tried). */
int rt_sandbox_program(char *buf, size_t size);
extern int rt_program_is_self;

/* Process-wide limits (runtime/limits.c): memory cap, output metering, wall-clock timer, open
 * files. Called once, before any state exists. */
void rt_limits_start(RtSandbox *sb);
/* Lets the wall-clock timer interrupt L's interpreter (it forces a fuel check). */
void rt_limits_watch(lua_State *L);
int rt_limits_timed_out(void);
/* Ends the process for a breached limit: flushes what the script wrote, prints
 * "nacre: <kind> limit exceeded (<limit>)" and exits with the limit's status. */
void rt_limits_breach(RtLimit which) __attribute__((noreturn));
/* Meters n bytes about to be written to fd (1 or 2) without stdio; past --max-output writes
 * the part still allowed and ends the process (runtime/policy.h: rt_policy_output). */
void rt_limits_output(int fd, const char *buf, size_t n);
/* An error status nothing caught is about to end the run: if it is a memory error the limit
 * caused, ends the process as a memory breach instead. */
void rt_limits_uncaught(int status);
/* Makes this process adopt its orphaned descendants (PR_SET_CHILD_SUBREAPER), so that
 * rt_limits_end_descendants also reaches processes that left the script's process group. */
void rt_limits_adopt_descendants(void);
/* Kills and reaps every process this one started (and, when adopting, their descendants).
 * Async-signal-safe; a breach calls it before the process exits. */
void rt_limits_end_descendants(void);
/* write(2) until done, retrying on EINTR; async-signal-safe. */
void rt_write_all(int fd, const char *s, size_t n);
/* Fuel no state has drawn yet, once states on other threads share the budget (0 before). */
int64_t rt_sandbox_fuel_pool(void);
/* Fuel spent so far, for sandbox.run's r.stats. */
int64_t rt_limits_fuel_used(lua_State *L);

#endif
