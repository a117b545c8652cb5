/* The sandbox policy: parsing the --sandbox, --allow-... and limit flags, resolving paths before they are
 * checked, the allow/deny decision for every host access, and the curated environment a
 * sandboxed script sees. Metering of the limits lives in runtime/limits.c. */
#include <errno.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lualib.h"
#include "runtime/sandbox.h"
#include "vm/core.h"

RtSandbox rt_sandbox = {.result_fd = -1};

void rt_sandbox_init(RtSandbox *sb) {
  memset(sb, 0, sizeof *sb);
  sb->result_fd = -1;
}

/* ------------------------------------------------------------------------------------------
 * Values of flags.
 */

/* The number at the start of a flag value; *end is what follows it (a unit suffix). */
static int leading_number(const char *s, double *v, char **end) {
  if (*s == '\0' || *s == '-' || *s == '+') return -1;
  errno = 0;
  *v = strtod(s, end);
  return (*end == s || errno != 0 || *v != *v) ? -1 : 0;
}

/* SIZE: a number with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *s, size_t *out) {
  char *end;
  double v;
  if (leading_number(s, &v, &end) != 0) return -1;
  switch (*end) {
    case 'k': case 'K': v *= 1024.0; end++; break;
    case 'm': case 'M': v *= 1024.0 * 1024.0; end++; break;
    case 'g': case 'G': v *= 1024.0 * 1024.0 * 1024.0; end++; break;
    default: break;
  }
  if (*end == 'B' || *end == 'b') end++;
  if (*end != '\0' || v < 1.0 || v > 1e18) return -1;
  *out = (size_t)v;
  return 0;
}

int rt_policy_size(const char *s, size_t *out) {
  return parse_size(s, out);
}

/* DURATION: a number with an optional ms, s or m suffix (seconds without one). */
static int parse_duration(const char *s, int64_t *ms) {
  char *end;
  double v;
  if (leading_number(s, &v, &end) != 0) return -1;
  if (strcmp(end, "ms") == 0) v *= 1.0;
  else if (strcmp(end, "s") == 0 || *end == '\0') v *= 1000.0;
  else if (strcmp(end, "m") == 0) v *= 60000.0;
  else return -1;
  if (v < 1.0 || v > 1e15) return -1;
  *ms = (int64_t)v;
  return 0;
}

/* A count; 1e7-style exponents are accepted when they denote an integer. */
static int parse_count(const char *s, int64_t *out, int allow_zero) {
  char *end;
  double v;
  if (leading_number(s, &v, &end) != 0 || *end != '\0' || v > 9.2e18 ||
      v != (double)(int64_t)v || v < (allow_zero ? 0.0 : 1.0))
    return -1;
  *out = (int64_t)v;
  return 0;
}

static char *xstrdup(const char *s) {
  char *p = strdup(s);
  if (!p) {
    fputs("nacre: not enough memory\n", stderr);
    exit(RT_EXIT_USAGE);
  }
  return p;
}

static void add_grant(RtGrants *g, const char *item) {
  char **grown = realloc(g->item, (size_t)(g->n + 1) * sizeof *grown);
  if (!grown) {
    fputs("nacre: not enough memory\n", stderr);
    exit(RT_EXIT_USAGE);
  }
  g->item = grown;
  g->item[g->n++] = xstrdup(item);
}

static int resolve_path(const char *path, char *out);
static int resolve_entry(const char *path, char *out);

/* Splits a comma-separated list into g; paths are resolved now so that later checks compare
 * canonical forms (a grant for a path that does not exist yet resolves through its parent). */
static int parse_list(RtGrants *g, const char *list, int paths, const char *flag, char *err,
                      size_t errlen) {
  const char *p = list;
  if (*list == '\0') {
    snprintf(err, errlen, "nacre: %s: empty list (give %s=ITEM,... or %s alone for all)", flag,
             flag, flag);
    return -1;
  }
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char item[PATH_MAX];
    if (len == 0 || len >= sizeof item) {
      snprintf(err, errlen, "nacre: %s: empty or overlong item in '%s'", flag, list);
      return -1;
    }
    memcpy(item, p, len);
    item[len] = '\0';
    if (paths) {
      char resolved[PATH_MAX];
      if (resolve_path(item, resolved) != 0) {
        snprintf(err, errlen, "nacre: %s: cannot resolve path '%s': %s", flag, item,
                 strerror(errno));
        return -1;
      }
      add_grant(g, resolved);
    } else {
      add_grant(g, item);
    }
    p += len + (comma ? 1 : 0);
  }
  return 0;
}

static int flag_value(const char *arg, const char *name, const char **value) {
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0) return 0;
  if (arg[n] == '\0') {
    *value = NULL;
    return 1;
  }
  if (arg[n] != '=') return 0;
  *value = arg + n + 1;
  return 1;
}

int rt_sandbox_flag(RtSandbox *sb, const char *arg, char *err, size_t errlen) {
  static const struct { const char *name; int paths; size_t off; } lists[] = {
    {"--allow-read", 1, offsetof(RtSandbox, read)},
    {"--allow-write", 1, offsetof(RtSandbox, write)},
    {"--allow-net", 0, offsetof(RtSandbox, net)},
    {"--allow-env", 0, offsetof(RtSandbox, env)},
  };
  const char *v;
  size_t i;
  if (strcmp(arg, "--sandbox") == 0) {
    sb->sandboxed = 1;
    return 1;
  }
  for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
    if (flag_value(arg, lists[i].name, &v)) {
      RtGrants *g = (RtGrants *)((char *)sb + lists[i].off);
      sb->sandboxed = 1;
      if (v == NULL) {
        g->all = 1;
        return 1;
      }
      return parse_list(g, v, lists[i].paths, lists[i].name, err, errlen) == 0 ? 1 : -1;
    }
  }
  if (flag_value(arg, "--allow-run", &v) || flag_value(arg, "--allow-ffi", &v)) {
    int *slot = strncmp(arg, "--allow-run", 11) == 0 ? &sb->allow_run : &sb->allow_ffi;
    if (v != NULL) {
      snprintf(err, errlen, "nacre: %.11s takes no value", arg);
      return -1;
    }
    sb->sandboxed = 1;
    *slot = 1;
    return 1;
  }
#define LIMIT_FLAG(flagname, parse, target, text, what)                                     \
  if (flag_value(arg, flagname, &v)) {                                                      \
    if (v == NULL || parse != 0) {                                                          \
      snprintf(err, errlen, "nacre: %s: invalid value '%s' (%s)", flagname, v ? v : "", what); \
      return -1;                                                                            \
    }                                                                                       \
    snprintf(sb->text, sizeof sb->text, "%s", v);                                           \
    return 1;                                                                               \
  }
  {
    int64_t n;
    LIMIT_FLAG("--max-memory", parse_size(v, &sb->max_memory), max_memory, memory_text,
               "expected a size such as 512K, 16M or 1G")
    LIMIT_FLAG("--max-output", parse_size(v, &sb->max_output), max_output, output_text,
               "expected a size such as 64K or 10M")
    LIMIT_FLAG("--timeout", parse_duration(v, &sb->timeout_ms), timeout_ms, timeout_text,
               "expected a positive duration such as 500ms, 2s or 1m")
    LIMIT_FLAG("--fuel", parse_count(v, &sb->fuel, 0), fuel, fuel_text,
               "expected a positive integer")
    if (flag_value(arg, "--max-files", &v)) {
      if (v == NULL || parse_count(v, &n, 1) != 0 || n > 1000000) {
        snprintf(err, errlen, "nacre: --max-files: invalid value '%s' (expected a count)",
                 v ? v : "");
        return -1;
      }
      sb->max_files = (long)n;
      return 1;
    }
  }
#undef LIMIT_FLAG
  return 0;
}

int rt_sandbox_take_flags(RtSandbox *sb, int *argc, char **argv, char *err, size_t errlen) {
  int i = 1, out = 1;
  static const char *const verbs[] = {"linux", "build", "disasm", "guest", "_sandbox-child", NULL};
  int seen_verb = 0;
  for (; i < *argc; i++) {
    const char *a = argv[i];
    int r;
    if (!seen_verb) {
      int k;
      for (k = 0; verbs[k]; k++)
        if (strcmp(a, verbs[k]) == 0) break;
      if (verbs[k] && out == 1) { /* a verb may be followed by more sandbox flags */
        seen_verb = 1;
        argv[out++] = argv[i];
        continue;
      }
    }
    if (a[0] != '-' || strcmp(a, "--") == 0 || strcmp(a, "-") == 0) break;
    r = rt_sandbox_flag(sb, a, err, errlen);
    if (r < 0) return -1;
    if (r == 0) {
      /* An option of the command itself; -e and -l take the next argument with them. */
      argv[out++] = argv[i];
      if ((strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) && i + 1 < *argc)
        argv[out++] = argv[++i];
      continue;
    }
  }
  for (; i < *argc; i++) argv[out++] = argv[i];
  argv[out] = NULL;
  *argc = out;
  return 0;
}

/* ------------------------------------------------------------------------------------------
 * Paths. A path is resolved to its canonical absolute form before it is checked: "..",
 * relative paths and every symbolic link, including one in the last component that points to
 * a file that does not exist yet (opening it for writing would create the target).
 */
/* path's directory resolved, then its last component as it stands (not followed). */
static int resolve_dir_of(char *path, char *out) {
  char dir[PATH_MAX];
  char *slash = strrchr(path, '/'), *base;
  if (slash == path) {
    strcpy(dir, "/");
    base = path + 1;
  } else if (slash) {
    *slash = '\0';
    strcpy(dir, path);
    base = slash + 1;
  } else {
    strcpy(dir, ".");
    base = path;
  }
  if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
    errno = ENOENT;
    return -1;
  }
  if (realpath(dir, out) == NULL) return -1;
  if (strlen(out) + 1 + strlen(base) >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  if (strcmp(out, "/") != 0) strcat(out, "/");
  strcat(out, base);
  return 0;
}

/* The directory entry path names, for operations that act on the entry itself and do not
 * follow a final symbolic link (remove, rename): the directory is resolved, the last
 * component is not. A path ending in '/' is resolved whole (the kernel follows it then). */
static int resolve_entry(const char *path, char *out) {
  char work[PATH_MAX];
  size_t n = strlen(path);
  if (n >= sizeof work) {
    errno = ENAMETOOLONG;
    return -1;
  }
  if (n == 0 || path[n - 1] == '/') return resolve_path(path, out);
  strcpy(work, path);
  return resolve_dir_of(work, out);
}

static int resolve_path(const char *path, char *out) {
  char work[PATH_MAX];
  int hops;
  if (strlen(path) >= sizeof work) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(work, path);
  for (hops = 0; hops < 40; hops++) {
    struct stat st;
    char *slash;
    if (realpath(work, out) != NULL) return 0;
    if (errno != ENOENT) return -1;
    /* The last component does not exist (or is a dangling link): resolve the directory. */
    if (lstat(work, &st) == 0 && S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = readlink(work, target, sizeof target - 1);
      if (n < 0) return -1;
      target[n] = '\0';
      if (target[0] == '/') {
        strcpy(work, target);
      } else {
        slash = strrchr(work, '/');
        if (slash) slash[1] = '\0';
        else work[0] = '\0';
        if (strlen(work) + strlen(target) >= sizeof work) {
          errno = ENAMETOOLONG;
          return -1;
        }
        strcat(work, target);
      }
      continue;
    }
    return resolve_dir_of(work, out);
  }
  errno = ELOOP;
  return -1;
}

static int under(const char *path, const char *root) {
  size_t n = strlen(root);
  if (strcmp(root, "/") == 0) return 1;
  return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int path_granted(const RtGrants *g, const char *resolved) {
  int i;
  if (g->all) return 1;
  for (i = 0; i < g->n; i++)
    if (under(resolved, g->item[i])) return 1;
  return 0;
}

static int name_granted(const RtGrants *g, const char *name) {
  int i;
  if (g->all) return 1;
  for (i = 0; name && i < g->n; i++)
    if (strcmp(g->item[i], name) == 0) return 1;
  return 0;
}

/* HOST[:PORT] grants: a grant without a port allows every port of that host. */
static int net_granted(const RtGrants *g, const char *hostport) {
  int i;
  if (g->all) return 1;
  for (i = 0; hostport && i < g->n; i++) {
    const char *grant = g->item[i];
    size_t n = strlen(grant);
    if (strcmp(grant, hostport) == 0) return 1;
    if (!strchr(grant, ':') && strncmp(hostport, grant, n) == 0 && hostport[n] == ':') return 1;
  }
  return 0;
}

static int deny(char *msg, size_t msglen, const char *what, const char *flag) {
  if (msg && msglen) snprintf(msg, msglen, "%s: permission denied by the sandbox (grant with %s)", what, flag);
  return EACCES;
}

int rt_policy_decide(const RtSandbox *sb, RtAccess what, const char *arg, char *msg, size_t msglen) {
  char resolved[PATH_MAX];
  if (sb == NULL || !sb->sandboxed) return 0;
  switch (what) {
    case RT_READ:
    case RT_WRITE:
    case RT_WRITE_ENTRY: {
      const RtGrants *g = what == RT_READ ? &sb->read : &sb->write;
      const char *flag = what == RT_READ ? "--allow-read" : "--allow-write";
      if (what == RT_WRITE_ENTRY) {
        if (g->all) return 0;
        if (arg == NULL || resolve_entry(arg, resolved) != 0 || !path_granted(g, resolved))
          return deny(msg, msglen, arg ? arg : "?", flag);
        return 0;
      }
      if (arg == NULL) { /* an anonymous temporary file: needs the temporary directory */
        const char *tmp = getenv("TMPDIR");
        arg = tmp && *tmp ? tmp : "/tmp";
        if (resolve_path(arg, resolved) != 0 || !path_granted(g, resolved))
          return deny(msg, msglen, "temporary file", flag);
        return 0;
      }
      if (g->all) return 0;
      if (resolve_path(arg, resolved) != 0 || !path_granted(g, resolved))
        return deny(msg, msglen, arg, flag);
      return 0;
    }
    case RT_RUN:
      return sb->allow_run ? 0 : deny(msg, msglen, arg ? arg : "command", "--allow-run");
    case RT_ENV:
      return name_granted(&sb->env, arg) ? 0 : deny(msg, msglen, arg ? arg : "environment", "--allow-env");
    case RT_NET:
      return net_granted(&sb->net, arg) ? 0 : deny(msg, msglen, arg ? arg : "network", "--allow-net");
    case RT_FFI:
      return sb->allow_ffi ? 0 : deny(msg, msglen, arg ? arg : "native code", "--allow-ffi");
  }
  return deny(msg, msglen, arg ? arg : "?", "--sandbox grants");
}

int rt_sandbox_decide(lua_State *L, RtAccess what, const char *arg) {
  char msg[PATH_MAX + 128];
  if (rt_policy_decide(G(L)->sandbox, what, arg, msg, sizeof msg) == 0) return 0;
  lua_pushstring(L, msg);
  return -1;
}

/* ------------------------------------------------------------------------------------------
 * The curated environment.
 */
static int sandboxed_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") != 0)
    return luaL_error(L, "collectgarbage('%s') denied by the sandbox (only 'count' is allowed)",
                      opt);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushstring(L, "count");
  lua_call(L, 1, 1);
  return 1;
}

static void freeze(lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TTABLE) ((Table *)lua_topointer(L, idx))->readonly = 1;
}

static void harden(lua_State *L) {
  /* package stays writable: scripts set package.path, and every file require opens is
   * checked by the policy anyway. */
  static const char *const libs[] = {"string", "table", "math", "utf8", "io", "os",
                                     "coroutine", "debug", NULL};
  int i;
  lua_pushglobaltable(L);
  /* debug: traceback only */
  lua_getfield(L, -1, "debug");
  lua_newtable(L);
  if (lua_istable(L, -2)) {
    lua_getfield(L, -2, "traceback");
    lua_setfield(L, -2, "traceback");
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -4, "debug");
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "debug");
  lua_pop(L, 3);
  /* collectgarbage: "count" only */
  lua_getfield(L, -1, "collectgarbage");
  lua_pushcclosure(L, sandboxed_collectgarbage, 1);
  lua_setfield(L, -2, "collectgarbage");
  /* string.dump: removed */
  lua_getfield(L, -1, "string");
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
  }
  lua_pop(L, 1);
  /* library tables and the string metatable become read-only */
  for (i = 0; libs[i]; i++) {
    lua_getfield(L, -1, libs[i]);
    freeze(L, -1);
    lua_pop(L, 1);
  }
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    freeze(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

static void fuel_exhausted(lua_State *L);

void rt_sandbox_attach(lua_State *L, RtSandbox *sb) {
  GlobalState *g = G(L);
  g->sandbox = sb;
  g->fuel = sb->fuel > 0 ? sb->fuel : INT64_MAX;
  g->fuelout = fuel_exhausted;
  rt_limits_watch(L);
  if (sb->sandboxed) harden(L);
}

/* The counter went negative: the budget is spent, or the timer forced a check. */
static void fuel_exhausted(lua_State *L) {
  GlobalState *g = G(L);
  if (rt_limits_timed_out()) rt_limits_breach(RT_LIMIT_TIME);
  if (g->sandbox && g->sandbox->fuel > 0) {
    g->fuel = -1; /* stays spent: every later charge lands here again */
    rt_limits_breach(RT_LIMIT_FUEL);
  }
  g->fuel = INT64_MAX;
}

/* ------------------------------------------------------------------------------------------
 * States on other OS threads. Under a fuel limit they share one budget: the fuel no state has
 * drawn yet sits in a pool, and each state's counter is a chunk taken from it, so the limit
 * ends the process at most a chunk per running state early and never late.
 */
#define FUEL_CHUNK 10000

static _Atomic int64_t fuel_pool;

int64_t rt_sandbox_fuel_pool(void) {
  return fuel_pool;
}

/* Takes up to a chunk from the pool; 0 when it is empty. */
static int64_t fuel_draw(void) {
  int64_t left = fuel_pool, take;
  do {
    if (left <= 0) return 0;
    take = left < FUEL_CHUNK ? left : FUEL_CHUNK;
  } while (!atomic_compare_exchange_weak(&fuel_pool, &left, left - take));
  return take;
}

static void fuel_from_pool(lua_State *L) {
  GlobalState *g = G(L);
  if (rt_limits_timed_out()) rt_limits_breach(RT_LIMIT_TIME);
  while (g->fuel < 0) {          /* the charge that went past the counter is paid too */
    int64_t take = fuel_draw();
    if (take == 0) {
      g->fuel = -1;
      rt_limits_breach(RT_LIMIT_FUEL);
    }
    g->fuel += take;
  }
}

RtSandbox *rt_policy_share(lua_State *parent) {
  GlobalState *g = G(parent);
  if (g->sandbox != NULL && g->sandbox->fuel > 0 && g->fuelout == fuel_exhausted) {
    fuel_pool += g->fuel > 0 ? g->fuel : 0;
    g->fuel = 0;
    g->fuelout = fuel_from_pool;
    fuel_from_pool(parent);
  }
  return g->sandbox;
}

lua_State *rt_policy_newstate(RtSandbox *sb) {
  lua_State *L = luaL_newstate();
  GlobalState *g;
  if (L == NULL) return NULL;
  luaL_openlibs(L);
  if (sb == NULL) return L;
  g = G(L);
  g->sandbox = sb;
  if (sb->fuel > 0) {
    g->fuel = 0;
    g->fuelout = fuel_from_pool;
  } else {
    g->fuel = INT64_MAX;
    g->fuelout = fuel_exhausted;
  }
  if (sb->sandboxed) harden(L);
  return L;
}

void rt_policy_closestate(lua_State *L) {
  GlobalState *g = G(L);
  lua_close(L);                  /* its finalizers still draw what they spend */
  if (g->fuelout == fuel_from_pool && g->fuel > 0) fuel_pool += g->fuel;
}
