/* The `sandbox` module: sandbox.run(code | {file=path}, opts) runs untrusted Lua in a separate
 * process (`nacre _sandbox-child`) under its own policy and limits, feeds it stdin, collects its
 * stdout, stderr, returned values and statistics, and reports the outcome as a table. A crash,
 * a limit breach or a hostile script in the child cannot damage the caller. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lualib.h"
#include "runtime/sandbox.h"

extern char **environ;

/* Exit statuses of the child for limit breaches (runtime/sandbox.h). */
static const char *const limit_names[] = {"memory", "fuel", "time", "output"};
/* Extra wall-clock time the parent grants a child past its own timeout before killing it. */
#define PARENT_GRACE_MS 1000
/* What sandbox.run collects from a child (stdout, stderr and records together) is bounded by
 * opts.capture; by default an eighth of the caller's own memory limit (the bytes are copied
 * once more into Lua strings, and the caller needs room for its own data), or 256M. */
#define CAPTURE_SHARE 8
#define CAPTURE_DEFAULT ((size_t)256 << 20)
/* While the child runs, how often the parent looks whether it has exited (a process it started
 * may keep the output pipes open after it is gone). */
#define EXIT_POLL_MS 100
/* Returned values nest at most this deep (the child refuses deeper ones as well). */
#define MAX_DEPTH 70

/* ------------------------------------------------------------------------------------------
 * Building the child's command line from opts.
 */
/* The child's argv. The strings it points to stay on the Lua stack until the run ends. */
typedef struct Args {
  int n, cap;
  char **v;
} Args;

static void args_push(Args *a, const char *s) {
  if (a->n + 1 < a->cap) a->v[a->n++] = (char *)s;
  a->v[a->n] = NULL;
}

/* A growable byte buffer in C memory (several are filled at once, which luaL_Buffer forbids). */
typedef struct Bytes {
  char *p;
  size_t n, cap;
} Bytes;

/* What a run collects (stdout, stderr, records), owned by a userdata whose __gc frees it, so
 * an error raised while the result is built (not enough memory) does not leak it. */
#define COLLECTED "nacre.sandbox.collected"
typedef struct Collected {
  Bytes out, err, rec;
} Collected;

static int collected_gc(lua_State *L) {
  Collected *c = luaL_checkudata(L, 1, COLLECTED);
  free(c->out.p);
  free(c->err.p);
  free(c->rec.p);
  memset(c, 0, sizeof *c);
  return 0;
}

static char *bytes_room(Bytes *b, size_t want) {
  if (b->cap - b->n < want) {
    size_t ncap = b->cap ? b->cap * 2 : 8192;
    char *np;
    while (ncap - b->n < want) ncap *= 2;
    np = realloc(b->p, ncap);
    if (np == NULL) return NULL;
    b->p = np;
    b->cap = ncap;
  }
  return b->p + b->n;
}

/* Converts opts[key] (a number of bytes or a size string such as "16M") to flag text. */
static const char *size_opt(lua_State *L, int opts, const char *key) {
  const char *r = NULL;
  int t = lua_getfield(L, opts, key);
  if (t == LUA_TNUMBER)
    r = lua_pushfstring(L, "%I", (LUAI_UACINT)luaL_checknumber(L, -1));
  else if (t == LUA_TSTRING)
    r = lua_tostring(L, -1);
  else if (t != LUA_TNIL)
    luaL_error(L, "sandbox.run: option '%s' must be a size (number or string like \"16M\")", key);
  if (r) lua_replace(L, -2); else lua_pop(L, 1);
  return r ? lua_tostring(L, -1) : NULL;
}

/* A list option (allow.read etc.) as "a,b,c"; NULL when absent or empty. */
static const char *list_opt(lua_State *L, int allow, const char *key) {
  luaL_Buffer b;
  lua_Integer i, n;
  int list;
  if (allow == 0 || lua_getfield(L, allow, key) == LUA_TNIL) {
    if (allow) lua_pop(L, 1);
    return NULL;
  }
  if (!lua_istable(L, -1)) luaL_error(L, "sandbox.run: allow.%s must be a list of strings", key);
  list = lua_gettop(L);
  n = luaL_len(L, list);
  if (n == 0) {
    lua_pop(L, 1);
    return NULL;
  }
  luaL_buffinit(L, &b);
  for (i = 1; i <= n; i++) {
    const char *s;
    lua_geti(L, list, i);
    s = lua_tostring(L, -1);
    if (s == NULL || strchr(s, ',') != NULL)
      luaL_error(L, "sandbox.run: allow.%s[%d] must be a string without commas", key, (int)i);
    lua_pop(L, 1);
    if (i > 1) luaL_addchar(&b, ',');
    luaL_addstring(&b, s);
  }
  luaL_pushresult(&b);
  lua_remove(L, list);
  return lua_tostring(L, -1);
}

static int bool_opt(lua_State *L, int allow, const char *key) {
  int r;
  if (allow == 0) return 0;
  lua_getfield(L, allow, key);
  r = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return r;
}

/* ------------------------------------------------------------------------------------------
 * Reading the child's records (a hostile child can write anything: every length is checked).
 */
typedef struct Reader {
  const char *p, *end;
} Reader;

static int read_number(Reader *r, char stop, char *buf, size_t size) {
  size_t n = 0;
  while (r->p < r->end && *r->p != stop) {
    if (n + 1 >= size) return -1;
    buf[n++] = *r->p++;
  }
  if (r->p >= r->end) return -1;
  r->p++;
  buf[n] = '\0';
  return 0;
}

static int read_value(lua_State *L, Reader *r, int depth) {
  char num[64], *end;
  if (r->p >= r->end || depth > MAX_DEPTH || !lua_checkstack(L, 4)) return -1;
  switch (*r->p++) {
    case 'n': lua_pushnil(L); return 0;
    case 't': lua_pushboolean(L, 1); return 0;
    case 'f': lua_pushboolean(L, 0); return 0;
    case 'i': {
      long long v;
      if (read_number(r, ';', num, sizeof num) != 0) return -1;
      errno = 0;
      v = strtoll(num, &end, 10);
      if (*end != '\0' || errno != 0 || end == num) return -1;
      lua_pushinteger(L, (lua_Integer)v);
      return 0;
    }
    case 'd': {
      double v;
      if (read_number(r, ';', num, sizeof num) != 0) return -1;
      v = strtod(num, &end);
      if (*end != '\0' || end == num) return -1;
      lua_pushnumber(L, (lua_Number)v);
      return 0;
    }
    case 's': {
      unsigned long long len;
      if (read_number(r, ':', num, sizeof num) != 0) return -1;
      errno = 0;
      len = strtoull(num, &end, 10);
      if (*end != '\0' || errno != 0 || end == num || len > (size_t)(r->end - r->p)) return -1;
      lua_pushlstring(L, r->p, (size_t)len);
      r->p += len;
      return 0;
    }
    case '{':
      lua_newtable(L);
      while (r->p < r->end && *r->p != '}') {
        if (read_value(L, r, depth + 1) != 0 || read_value(L, r, depth + 1) != 0) return -1;
        if (lua_isnil(L, -2) || (lua_type(L, -2) == LUA_TNUMBER && lua_tonumber(L, -2) !=
                                                                      lua_tonumber(L, -2)))
          return -1;
        lua_rawset(L, -3);
      }
      if (r->p >= r->end) return -1;
      r->p++;
      return 0;
  }
  return -1;
}

/* Fills the result table at index res from the record stream of the child. */
static void parse_records(lua_State *L, int res, const char *s, size_t len, int *limit) {
  Reader r = {s, s + len};
  char num[64];
  while (r.p < r.end) {
    char kind = *r.p++;
    if (kind == 'L' && r.p + 1 < r.end) {
      int k = *r.p - '0';
      if (k >= 0 && k < 4) *limit = k;
      r.p += 2;
    } else if (kind == 'S') { /* fuel used */
      if (read_number(&r, '\n', num, sizeof num) != 0) return;
      lua_getfield(L, res, "stats");
      lua_pushinteger(L, (lua_Integer)strtoll(num, NULL, 10));
      lua_setfield(L, -2, "fuel");
      lua_pop(L, 1);
    } else if (kind == 'O') {
      long n, i;
      if (read_number(&r, ':', num, sizeof num) != 0) return;
      n = strtol(num, NULL, 10);
      if (n < 0 || n > 1000000) return;
      lua_createtable(L, (int)n, 1);
      for (i = 1; i <= n; i++) {
        if (read_value(L, &r, 0) != 0) {
          lua_settop(L, res);
          lua_pushstring(L, "malformed values from the sandboxed process");
          lua_setfield(L, res, "error");
          return;
        }
        lua_rawseti(L, -2, i);
      }
      lua_pushinteger(L, n);
      lua_setfield(L, -2, "n");
      lua_setfield(L, res, "values");
      lua_pushboolean(L, 1);
      lua_setfield(L, res, "ok");
    } else if (kind == 'E') {
      unsigned long long n;
      if (read_number(&r, ':', num, sizeof num) != 0) return;
      n = strtoull(num, NULL, 10);
      if (n > (size_t)(r.end - r.p)) n = (size_t)(r.end - r.p);
      lua_pushlstring(L, r.p, (size_t)n);
      lua_setfield(L, res, "error");
      r.p += n;
    } else {
      return;
    }
  }
}

/* ------------------------------------------------------------------------------------------
 * Running the child.
 */
static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct Pipe {
  int fd;              /* our end, -1 when closed */
  const char *out;     /* data to write (stdin, chunk) */
  size_t outlen;
  Bytes *in;           /* where read data goes (stdout, stderr, records) */
} Pipe;

/* Whether the child has exited (it stays a zombie: reaping is left to the caller). */
static int exited(pid_t pid) {
  siginfo_t si;
  si.si_pid = 0;
  return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

/* Feeds the child its chunk and stdin and collects its stdout, stderr and records until it
 * has exited and what it wrote is read (a process it started may hold the pipes open: that
 * does not keep the run going). Returns the index of a limit the parent enforced (2 time, 3
 * output: the collected bytes passed capture, and *capped is set) or -1. */
static int exchange(Pipe *pipes, pid_t pid, double t0, double deadline, size_t capture,
                    int *capped) {
  size_t collected = 0;
  int i, gone = 0;
  for (;;) {
    struct pollfd pf[5];
    int np = 0, map[5], open = 0, wait_ms = EXIT_POLL_MS;
    for (i = 0; i < 5; i++) {
      if (pipes[i].fd < 0) continue;
      if (pipes[i].out && pipes[i].outlen == 0) { /* all written: close so the child sees EOF */
        close(pipes[i].fd);
        pipes[i].fd = -1;
        continue;
      }
      pf[np].fd = pipes[i].fd;
      pf[np].events = pipes[i].out ? POLLOUT : POLLIN;
      map[np++] = i;
      if (!pipes[i].out) open++;
    }
    if (open == 0) break;
    if (deadline > 0) {
      double left = deadline - (now_s() - t0);
      if (left <= 0) return 2;
      if (left * 1000 < wait_ms) wait_ms = (int)(left * 1000) + 1;
    }
    /* Once the child has exited, what it started goes too (its group, while the leader is a
     * zombie and the group id cannot have been reused), and what is left in the pipes is
     * read without waiting. */
    if (!gone && exited(pid)) {
      gone = 1;
      kill(-pid, SIGKILL);
    }
    i = poll(pf, (nfds_t)np, gone ? 0 : wait_ms);
    if (i < 0 && errno != EINTR) break;
    if (i <= 0 && gone) break;
    for (i = 0; i < np; i++) {
      Pipe *p = &pipes[map[i]];
      if (pf[i].revents == 0) continue;
      if (p->out) {
        ssize_t w = write(p->fd, p->out, p->outlen);
        if (w > 0) {
          p->out += w;
          p->outlen -= (size_t)w;
        } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
          p->outlen = 0; /* the child stopped reading (EPIPE): drop the rest */
        }
      } else {
        char *buf = bytes_room(p->in, 65536);
        ssize_t n = buf ? read(p->fd, buf, 65536) : -1;
        if (n > 0) {
          p->in->n += (size_t)n;
          collected += (size_t)n;
          if (collected > capture) {
            *capped = 1;
            return 3;
          }
        } else if (buf == NULL || n == 0 || (errno != EAGAIN && errno != EINTR)) {
          close(p->fd); /* end of file, or out of memory: stop collecting */
          p->fd = -1;
        }
      }
    }
  }
  return -1;
}

/* Pushes the contents of file path as the chunk to send. A byte-order mark and a first line
 * starting with '#' (a script's or a .pearl bundle's "#!" line) are dropped as luaL_loadfile
 * drops them: a binary chunk or bundle after it is sent as is, source keeps the newline so
 * line numbers stay right. */
static void read_file(lua_State *L, const char *path) {
  int denied;
  FILE *f = rt_sandbox_fopen(L, path, "rb", &denied);
  luaL_Buffer fb;
  const char *p, *nl;
  size_t n;
  if (denied) lua_error(L);
  if (f == NULL) luaL_error(L, "sandbox.run: cannot open %s: %s", path, strerror(errno));
  luaL_buffinit(L, &fb);
  do {
    char *dst = luaL_prepbuffer(&fb);
    n = fread(dst, 1, LUAL_BUFFERSIZE, f);
    luaL_addsize(&fb, n);
  } while (n == LUAL_BUFFERSIZE);
  n = ferror(f);
  fclose(f);
  if (n) luaL_error(L, "sandbox.run: cannot read %s", path);
  luaL_pushresult(&fb);
  p = lua_tolstring(L, -1, &n);
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte-order mark, as well */
    p += 3;
    n -= 3;
  }
  if (n == 0 || p[0] != '#') {
    lua_pushlstring(L, p, n);
    lua_remove(L, -2);
    return;
  }
  nl = memchr(p, '\n', n);
  if (nl == NULL) nl = p + n;
  else if (nl + 1 < p + n && nl[1] == LUA_SIGNATURE[0]) nl++;
  lua_pushlstring(L, nl, n - (size_t)(nl - p));
  lua_remove(L, -2);
}

static int sandbox_run(lua_State *L) {
  int opts, allow = 0, res, status = 0, limit = -1, i, nargs = 0, argt = 0;
  const char *chunk, *chunkname;
  size_t chunklen, stdinlen = 0;
  const char *stdintext = "";
  Args a = {0, 0, NULL};
  char exe[4096];
  int fds[5][2];
  Pipe pipes[5];
  Collected *got;
  pid_t pid;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  sigset_t hold, saved;
  size_t capture;
  int capped = 0;
  double t0, deadline = 0;
  struct rusage usage;
  const char *s;

  lua_settop(L, 2);
  if (lua_istable(L, 1)) {
    lua_getfield(L, 1, "file");
    s = luaL_optstring(L, -1, NULL);
    if (s == NULL) return luaL_argerror(L, 1, "expected code or {file=path}");
    chunkname = lua_pushfstring(L, "@%s", s);
    read_file(L, s);
  } else {
    luaL_checkstring(L, 1);
    lua_pushliteral(L, "=sandbox");
    lua_pushvalue(L, 1);
    chunkname = "=sandbox";
  }
  chunk = lua_tolstring(L, -1, &chunklen);
  lua_pushvalue(L, 2);
  opts = lua_gettop(L);
  if (lua_isnil(L, opts)) {
    lua_newtable(L);
    lua_replace(L, opts);
  }
  luaL_checktype(L, opts, LUA_TTABLE);
  /* Starting a process: a sandboxed caller needs --allow-run to do that. */
  if (rt_policy_ask(L, RT_RUN, "sandbox.run") != 0) return lua_error(L);
  if (rt_sandbox_program(exe, sizeof exe) != 0)
    return luaL_error(L, "sandbox.run: cannot run the nacre program %s (see nacre_setprogram)", exe);
  if (lua_getfield(L, opts, "args") == LUA_TTABLE) {
    argt = lua_gettop(L);
    nargs = (int)luaL_len(L, argt);
    if (nargs < 0 || nargs > 100000) return luaL_error(L, "sandbox.run: too many args");
  }
  a.cap = 20 + nargs;
  a.v = lua_newuserdatauv(L, (size_t)a.cap * sizeof(char *), 0);

  args_push(&a, exe);
  args_push(&a, "_sandbox-child");
  args_push(&a, "--sandbox");
  if (lua_getfield(L, opts, "allow") == LUA_TTABLE) allow = lua_gettop(L);
  else lua_pop(L, 1);
  {
    static const char *const lists[] = {"read", "write", "net", "env"};
    for (i = 0; i < 4; i++) {
      const char *l = list_opt(L, allow, lists[i]);
      if (l) args_push(&a, lua_pushfstring(L, "--allow-%s=%s", lists[i], l));
    }
  }
  if (bool_opt(L, allow, "run")) args_push(&a, "--allow-run");
  if (bool_opt(L, allow, "ffi")) args_push(&a, "--allow-ffi");
  if ((s = size_opt(L, opts, "memory")) != NULL)
    args_push(&a, lua_pushfstring(L, "--max-memory=%s", s));
  if ((s = size_opt(L, opts, "output")) != NULL)
    args_push(&a, lua_pushfstring(L, "--max-output=%s", s));
  if (lua_getfield(L, opts, "fuel") != LUA_TNIL) {
    lua_Number f = luaL_checknumber(L, -1);
    if (!(f >= 1 && f < 9e18)) return luaL_error(L, "sandbox.run: fuel must be a positive number");
    args_push(&a, lua_pushfstring(L, "--fuel=%I", (LUAI_UACINT)f));
  }
  if (lua_getfield(L, opts, "timeout") != LUA_TNIL) {
    lua_Number t = luaL_checknumber(L, -1);
    if (!(t > 0 && t < 1e9)) return luaL_error(L, "sandbox.run: timeout must be positive seconds");
    args_push(&a, lua_pushfstring(L, "--timeout=%Ims", (LUAI_UACINT)(t * 1000 + 0.5)));
    deadline = t + PARENT_GRACE_MS / 1000.0;
  }
  if (lua_getfield(L, opts, "stdin") != LUA_TNIL) stdintext = luaL_checklstring(L, -1, &stdinlen);
  args_push(&a, chunkname);
  if (argt) {
    for (i = 1; i <= nargs; i++) {
      lua_geti(L, argt, i);
      s = lua_tostring(L, -1);
      if (s == NULL) return luaL_error(L, "sandbox.run: args[%d] must be a string or number", i);
      args_push(&a, s); /* stays referenced from the stack below */
    }
  }

  if ((s = size_opt(L, opts, "capture")) != NULL) {
    if (rt_policy_size(s, &capture) != 0)
      return luaL_error(L, "sandbox.run: capture must be a size such as 64K or 16M");
  } else {
    size_t own = rt_policy_memory_limit();
    capture = own ? own / CAPTURE_SHARE : CAPTURE_DEFAULT;
  }
  got = lua_newuserdatauv(L, sizeof *got, 0);
  memset(got, 0, sizeof *got);
  luaL_setmetatable(L, COLLECTED);

  /* 0 stdin, 1 stdout, 2 stderr, 3 chunk, 4 records; index 0 and 3 are written by us. */
  for (i = 0; i < 5; i++) {
    if (pipe2(fds[i], O_CLOEXEC) != 0) {
      int e = errno;
      while (i-- > 0) close(fds[i][0]), close(fds[i][1]);
      return luaL_error(L, "sandbox.run: pipe: %s", strerror(e));
    }
  }
  posix_spawn_file_actions_init(&fa);
  for (i = 0; i < 5; i++) {
    int childend = (i == 0 || i == 3) ? fds[i][0] : fds[i][1];
    posix_spawn_file_actions_adddup2(&fa, childend, i);
  }
  /* The child leads a process group of its own, so everything it starts can be killed with
   * it; a breach of our own limits kills the group too (SIGALRM is held until it is known). */
  sigemptyset(&hold);
  sigaddset(&hold, SIGALRM);
  sigprocmask(SIG_BLOCK, &hold, &saved);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &saved); /* the child's own timer needs SIGALRM */
  t0 = now_s();
  status = rt_limits_proc_begin() == 0 ? posix_spawn(&pid, exe, &fa, &attr, a.v, environ) : -1;
  if (status == 0) rt_policy_track_group((int)pid, 1);
  else if (status > 0) rt_limits_proc_end();
  sigprocmask(SIG_SETMASK, &saved, NULL);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  for (i = 0; i < 5; i++) close((i == 0 || i == 3) ? fds[i][0] : fds[i][1]);
  if (status != 0) {
    for (i = 0; i < 5; i++) close((i == 0 || i == 3) ? fds[i][1] : fds[i][0]);
    if (status < 0)
      return luaL_error(L, "sandbox.run: process limit reached (--max-procs=%s)",
                        rt_sandbox_of(L) ? rt_sandbox_of(L)->procs_text : "?");
    return luaL_error(L, "sandbox.run: cannot start nacre: %s", strerror(status));
  }

  memset(pipes, 0, sizeof pipes);
  for (i = 0; i < 5; i++) {
    pipes[i].fd = (i == 0 || i == 3) ? fds[i][1] : fds[i][0];
    fcntl(pipes[i].fd, F_SETFL, O_NONBLOCK);
  }
  pipes[0].out = stdintext;
  pipes[0].outlen = stdinlen;
  pipes[3].out = chunk;
  pipes[3].outlen = chunklen;
  pipes[1].in = &got->out;
  pipes[2].in = &got->err;
  pipes[4].in = &got->rec;
  limit = exchange(pipes, pid, t0, deadline, capture, &capped);
  for (i = 0; i < 5; i++)
    if (pipes[i].fd >= 0) close(pipes[i].fd);
  /* Nothing started for the run outlives it: the group goes (again, when the run ended
   * early) while its leader is still unreaped, then the leader is reaped. */
  kill(-pid, SIGKILL);
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      memset(&usage, 0, sizeof usage);
      break;
    }
  }
  rt_policy_track_group((int)pid, 0);
  rt_limits_proc_end();

  lua_createtable(L, 0, 8);
  res = lua_gettop(L);
  lua_pushlstring(L, got->out.p ? got->out.p : "", got->out.n);
  lua_setfield(L, res, "stdout");
  lua_pushlstring(L, got->err.p ? got->err.p : "", got->err.n);
  lua_setfield(L, res, "stderr");
  lua_pushboolean(L, 0);
  lua_setfield(L, res, "ok");
  lua_createtable(L, 0, 3);
  lua_pushnumber(L, now_s() - t0);
  lua_setfield(L, -2, "time");
  lua_setfield(L, res, "stats");
  parse_records(L, res, got->rec.p ? got->rec.p : "", got->rec.n, &limit);
  free(got->out.p);
  free(got->err.p);
  free(got->rec.p);
  memset(got, 0, sizeof *got);
  /* The child's peak resident memory, measured by the kernel (the record only has the heap). */
  lua_getfield(L, res, "stats");
  lua_pushinteger(L, (lua_Integer)usage.ru_maxrss * 1024);
  lua_setfield(L, -2, "memory_peak");
  lua_pop(L, 1);
  if (limit >= 0) {
    lua_pushstring(L, limit_names[limit]);
    lua_setfield(L, res, "limit");
    lua_pushboolean(L, 0);
    lua_setfield(L, res, "ok");
    lua_pushfstring(L, "%s limit exceeded", limit_names[limit]);
    lua_setfield(L, res, "error");
    if (capped) {
      lua_pushfstring(L, "output limit exceeded (the run's output passed capture = %I bytes)",
                      (LUAI_UACINT)capture);
      lua_setfield(L, res, "error");
    }
  } else if (WIFSIGNALED(status)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, res, "ok");
    lua_pushfstring(L, "sandboxed process killed by signal %d", WTERMSIG(status));
    lua_setfield(L, res, "error");
  } else if (lua_getfield(L, res, "values") == LUA_TNIL && lua_getfield(L, res, "error") == LUA_TNIL) {
    lua_pushfstring(L, "sandboxed process exited with status %d", WEXITSTATUS(status));
    lua_setfield(L, res, "error");
  }
  lua_settop(L, res);
  if (WIFEXITED(status)) {
    lua_pushinteger(L, WEXITSTATUS(status));
    lua_setfield(L, res, "status");
  }
  return 1;
}

static const luaL_Reg funcs[] = {
  {"run", sandbox_run},
  {NULL, NULL},
};

int luaopen_sandbox(lua_State *L) {
  if (luaL_newmetatable(L, COLLECTED)) {
    lua_pushcfunction(L, collected_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
