/* The lua(1)-compatible front end: `nacre [options] [script [args]]` with -e -l -i -v -E -W
 * - --, the `arg` table, LUA_INIT, error reports with tracebacks, and the interactive REPL
 * (GNU readline, continuation lines, printing expression values). Behaviour and messages
 * follow Debian's lua5.4, with "nacre" as the program name. */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h> /* for its types only: the library is loaded by the REPL */

#include "lauxlib.h"
#include "runtime/sandbox.h"
#include "lua.h"
#include "lualib.h"
#include "runtime/runtime.h"
#include "vm/gc.h"

#define PROGNAME "nacre"
#define REPL_MAXINPUT 512
#define EOF_MARK "<eof>"

static const char *progname = PROGNAME;
static lua_State *running_state = NULL;  /* for the SIGINT handler */

/* Option bits found by collect_args. */
enum { HAS_ERROR = 1, HAS_I = 2, HAS_V = 4, HAS_E = 8, HAS_CAPITAL_E = 16 };

static void print_usage(const char *badoption) {
  lua_writestringerror("%s: ", progname);
  if (badoption[1] == 'e' || badoption[1] == 'l')
    lua_writestringerror("'%s' needs argument\n", badoption);
  else
    lua_writestringerror("unrecognized option '%s'\n", badoption);
  lua_writestringerror("usage: %s [options] [script [args]]\n", progname);
  lua_writestringerror("%s",
                       "Available options are:\n"
                       "  -e stat   execute string 'stat'\n"
                       "  -i        enter interactive mode after executing 'script'\n"
                       "  -l mod    require library 'mod' into global 'mod'\n"
                       "  -l g=mod  require library 'mod' into global 'g'\n"
                       "  -v        show version information\n"
                       "  -E        ignore environment variables\n"
                       "  -W        turn warnings on\n"
                       "  --        stop handling options\n"
                       "  -         stop handling options and execute stdin\n");
}

static void message(const char *pname, const char *msg) {
  if (pname)
    lua_writestringerror("%s: ", pname);
  lua_writestringerror("%s\n", msg);
}

/* Prints the error message on top of the stack (if status is an error) and pops it. An
 * uncaught memory error the limit caused ends the run as a breach, except at the prompt. */
static int report(lua_State *L, int status) {
  if (status != LUA_OK) {
    if (progname != NULL) rt_limits_uncaught(status); /* the REPL clears progname */
    const char *msg = lua_tostring(L, -1);
    if (msg == NULL)
      msg = "(error object is not a string)";
    message(progname, msg);
    lua_pop(L, 1);
  }
  return status;
}

/* Message handler: turns the error into a string and appends a traceback. */
static int msg_handler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;  /* objects that describe themselves get no traceback, as in lua5.4 */
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* SIGINT while Lua runs: set a hook that raises an error at the next opportunity; the
 * handler itself only does what is async-signal-safe (lua_sethook is, by design). */
static void stop_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void on_sigint(int sig) {
  int mask = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
  signal(sig, SIG_DFL);  /* a second Ctrl-C kills the process */
  lua_sethook(running_state, stop_hook, mask, 1);
}

static int do_call(lua_State *L, int narg, int nres) {
  int status;
  int base = lua_gettop(L) - narg;
  gc_arena_close(L);  /* from here on the program runs (see protected_main) */
  lua_pushcfunction(L, msg_handler);
  lua_insert(L, base);
  running_state = L;
  signal(SIGINT, on_sigint);
  status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, SIG_DFL);
  lua_remove(L, base);
  return status;
}

static void print_version(void) {
  lua_writestring(RT_VERSION_LINE, strlen(RT_VERSION_LINE));
  lua_writeline();
}

/* arg[0] is the script, arg[1..] its arguments, arg[-1..] the interpreter and options. */
static void create_arg_table(lua_State *L, char **argv, int argc, int script) {
  int narg;
  if (script == argc)
    script = 0;  /* no script: everything goes into positive indices after argv[0] */
  narg = argc - (script + 1);
  lua_createtable(L, narg, script + 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static int do_chunk(lua_State *L, int status) {
  if (status == LUA_OK)
    status = do_call(L, 0, 0);
  return report(L, status);
}

static int do_file(lua_State *L, const char *name) {
  return do_chunk(L, luaL_loadfile(L, name));
}

static int do_string(lua_State *L, const char *s, const char *name) {
  return do_chunk(L, luaL_loadbuffer(L, s, strlen(s), name));
}

/* -l mod  or  -l g=mod: global mod (or g) = require(mod). (5.4.6 also drops a "-suffix"
 * from the global name; the 5.4.4 oracle does not, so neither do we.) */
static int do_library(lua_State *L, char *globname) {
  int status;
  char *modname = strchr(globname, '=');
  if (modname == NULL) {
    modname = globname;
  } else {
    *modname = '\0';
    modname++;
  }
  lua_getglobal(L, "require");
  lua_pushstring(L, modname);
  status = do_call(L, 1, 1);
  if (status == LUA_OK)
    lua_setglobal(L, globname);
  return report(L, status);
}

static int push_args(lua_State *L) {
  int n;
  if (lua_getglobal(L, "arg") != LUA_TTABLE)
    luaL_error(L, "'arg' is not a table");
  n = (int)luaL_len(L, -1);
  luaL_checkstack(L, n + 3, "too many arguments to script");
  for (int i = 1; i <= n; i++)
    lua_rawgeti(L, -i, i);
  lua_remove(L, -(n + 1));  /* the arg table */
  return n;
}

static int handle_script(lua_State *L, char **argv) {
  int status;
  const char *fname = argv[0];
  if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0)
    fname = NULL;  /* "-" alone means stdin; "-- -" is a file named "-" */
  status = luaL_loadfile(L, fname);
  if (status == LUA_OK) {
    int n = push_args(L);
    status = do_call(L, n, LUA_MULTRET);
  }
  return report(L, status);
}

/* Scans the options; *first gets the index of the script (0 when none). */
static int collect_args(char **argv, int *first) {
  int args = 0;
  int i;
  if (argv[0] == NULL) {
    *first = -1;
    return 0;
  }
  for (i = 1; argv[i] != NULL; i++) {
    *first = i;
    if (argv[i][0] != '-')
      return args;
    switch (argv[i][1]) {
    case '-':
      if (argv[i][2] != '\0')
        return HAS_ERROR;
      *first = i + 1;
      return args;
    case '\0':
      return args;  /* the script is "-" (stdin) */
    case 'E':
      if (argv[i][2] != '\0')
        return HAS_ERROR;
      args |= HAS_CAPITAL_E;
      break;
    case 'W':
      if (argv[i][2] != '\0')
        return HAS_ERROR;
      break;
    case 'i':
      args |= HAS_I;
      __attribute__((fallthrough));  /* -i implies -v */
    case 'v':
      if (argv[i][2] != '\0')
        return HAS_ERROR;
      args |= HAS_V;
      break;
    case 'e':
      args |= HAS_E;
      __attribute__((fallthrough));  /* both need an argument */
    case 'l':
      if (argv[i][2] == '\0') {
        i++;
        if (argv[i] == NULL || argv[i][0] == '-')
          return HAS_ERROR;
      }
      break;
    default:
      return HAS_ERROR;
    }
  }
  *first = 0;
  return args;
}

/* Runs -e, -l and -W in order; returns 0 when one of them failed. */
static int run_args(lua_State *L, char **argv, int n) {
  for (int i = 1; i < n; i++) {
    int option = argv[i][1];
    switch (option) {
    case 'e':
    case 'l': {
      int status;
      char *extra = argv[i] + 2;
      if (*extra == '\0')
        extra = argv[++i];
      status = (option == 'e') ? do_string(L, extra, "=(command line)") : do_library(L, extra);
      if (status != LUA_OK)
        return 0;
      break;
    }
    case 'W':
      lua_warning(L, "@on", 0);
      break;
    default:
      break;
    }
  }
  return 1;
}

static int handle_luainit(lua_State *L) {
  const char *name = "=LUA_INIT_5_4";
  const char *init = getenv(name + 1);
  if (init == NULL) {
    name = "=LUA_INIT";
    init = getenv(name + 1);
  }
  if (init == NULL)
    return LUA_OK;
  if (init[0] == '@')
    return do_file(L, init + 1);
  return do_string(L, init, name);
}

/* ---------------------------------------------------------------------------------------
 * The REPL.
 */

static const char *get_prompt(lua_State *L, int firstline) {
  const char *prompt;
  if (lua_getglobal(L, firstline ? "_PROMPT" : "_PROMPT2") == LUA_TNIL)
    return firstline ? "> " : ">> ";  /* the nil stays pushed, popped by the caller */
  prompt = luaL_tolstring(L, -1, NULL);
  lua_remove(L, -2);  /* keep only the string, which anchors the prompt until popped */
  return prompt;
}

/* A syntax error whose message ends in "<eof>" means the input is merely incomplete. */
static int incomplete(lua_State *L, int status) {
  if (status == LUA_ERRSYNTAX) {
    size_t lmsg;
    const char *msg = lua_tolstring(L, -1, &lmsg);
    size_t marklen = sizeof(EOF_MARK) - 1;
    return lmsg >= marklen && strcmp(msg + lmsg - marklen, EOF_MARK) == 0;
  }
  return 0;
}

/* GNU readline, opened when the REPL starts: running a script never pays for loading it and
 * libtinfo (about half of lua5.4's start-up instructions), and embedders of libnacre do not
 * depend on it. Where it cannot be loaded the REPL reads plain lines. */
static struct {
  char *(*readline)(const char *);
  /* The allocator readline frees with and allocates lines from (the C library's, as seen from
   * libreadline), which need not be this executable's (a sanitizer's, for example). */
  void *(*malloc)(size_t);
  void (*free)(void *);
  void (*add_history)(const char *);
  char **(*completion_matches)(const char *, rl_compentry_func_t *);
  const char **readline_name, **word_break_characters;
  rl_completion_func_t **attempted_completion_function;
  int *attempted_completion_over, *completion_append_character;
} rl;

static void open_readline(void) {
  void *h = dlopen("libreadline.so.8", RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) h = dlopen("libreadline.so", RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) return;
  *(void **)&rl.readline = dlsym(h, "readline");
  *(void **)&rl.malloc = dlsym(h, "malloc");
  *(void **)&rl.free = dlsym(h, "free");
  *(void **)&rl.add_history = dlsym(h, "add_history");
  *(void **)&rl.completion_matches = dlsym(h, "rl_completion_matches");
  rl.readline_name = dlsym(h, "rl_readline_name");
  rl.word_break_characters = dlsym(h, "rl_basic_word_break_characters");
  rl.attempted_completion_function = dlsym(h, "rl_attempted_completion_function");
  rl.attempted_completion_over = dlsym(h, "rl_attempted_completion_over");
  rl.completion_append_character = dlsym(h, "rl_completion_append_character");
  if (!rl.readline || !rl.malloc || !rl.free || !rl.add_history || !rl.completion_matches ||
      !rl.readline_name || !rl.word_break_characters || !rl.attempted_completion_function ||
      !rl.attempted_completion_over || !rl.completion_append_character) {
    memset(&rl, 0, sizeof rl);
    dlclose(h);
  }
}

/* A line read without readline (malloc'd, like readline's), or NULL at end of input. */
static char *plain_readline(const char *prompt) {
  char *b = malloc(REPL_MAXINPUT);
  lua_writestring(prompt, strlen(prompt));
  fflush(stdout);
  if (b == NULL || fgets(b, REPL_MAXINPUT, stdin) == NULL) {
    free(b);
    return NULL;
  }
  return b;
}

/* Reads a line and pushes it (without its newline); returns 0 at end of input. */
static int push_line(lua_State *L, int firstline) {
  const char *prompt = get_prompt(L, firstline);
  char *b = rl.readline ? rl.readline(prompt) : plain_readline(prompt);
  size_t len;
  lua_pop(L, 1);  /* the prompt (or the nil from _PROMPT lookup) */
  if (b == NULL)
    return 0;
  len = strlen(b);
  if (len > 0 && b[len - 1] == '\n')
    b[--len] = '\0';
  if (firstline && b[0] == '=')  /* "=expr" as in 5.2, still accepted by 5.4 */
    lua_pushfstring(L, "return %s", b + 1);
  else
    lua_pushlstring(L, b, len);
  if (rl.readline) rl.free(b);
  else free(b);
  return 1;
}

static void save_line(const char *line) {
  if (line[0] != '\0' && rl.add_history)
    rl.add_history(line);
}

/* Tries the line as "return <line>;" so expressions print their values. */
static int add_return(lua_State *L) {
  int status;
  const char *line = lua_tostring(L, -1);
  const char *retline = lua_pushfstring(L, "return %s;", line);
  status = luaL_loadbuffer(L, retline, strlen(retline), "=stdin");
  if (status == LUA_OK) {
    lua_remove(L, -2);  /* the modified line */
    save_line(line);
  } else {
    lua_pop(L, 2);  /* the error and the modified line */
  }
  return status;
}

/* Reads continuation lines while the statement is incomplete. At end of input the syntax
 * error stays as the result (lua5.4 prints "(null)" there; the real message is more useful). */
static int multi_line(lua_State *L) {
  for (;;) {
    size_t len;
    const char *line = lua_tolstring(L, 1, &len);
    int status = luaL_loadbuffer(L, line, len, "=stdin");
    if (!incomplete(L, status) || !push_line(L, 0)) {
      save_line(line);
      return status;
    }
    lua_remove(L, -2);  /* the "<eof>" message */
    lua_pushliteral(L, "\n");
    lua_insert(L, -2);
    lua_concat(L, 3);
  }
}

/* Reads and compiles one complete statement or expression; -1 at end of input. */
static int load_line(lua_State *L) {
  int status;
  lua_settop(L, 0);
  if (!push_line(L, 1))
    return -1;
  if ((status = add_return(L)) != LUA_OK)
    status = multi_line(L);
  lua_remove(L, 1);  /* the line */
  return status;
}

static void print_results(lua_State *L) {
  int n = lua_gettop(L);
  if (n > 0) {
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    lua_getglobal(L, "print");
    lua_insert(L, 1);
    if (lua_pcall(L, n, 0, 0) != LUA_OK)
      message(progname,
              lua_pushfstring(L, "error calling 'print' (%s)", lua_tostring(L, -1)));
  }
}

/* Tab completion of names in the REPL: "pri" -> "print", "string.fo" -> "string.format".
 * Only plain tables are walked, with raw access, so completing never runs Lua code. */
static lua_State *completion_state;
static char **completion_matches;  /* NULL-terminated, malloc'd; handed to readline one by one */
static size_t completion_next;

static const char *const lua_keywords[] = {
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while", NULL};

static void add_match(size_t *n, size_t *cap, const char *prefix, size_t plen, const char *name) {
  char *m;
  if (*n + 1 >= *cap) {
    size_t ncap = *cap ? *cap * 2 : 16;
    char **grown = realloc(completion_matches, ncap * sizeof(char *));
    if (grown == NULL)
      return;
    completion_matches = grown;
    *cap = ncap;
  }
  m = rl.malloc(plen + strlen(name) + 1); /* readline frees it */
  if (m == NULL)
    return;
  memcpy(m, prefix, plen);
  strcpy(m + plen, name);
  completion_matches[(*n)++] = m;
  completion_matches[*n] = NULL;
}

/* Protected: collects completions of the text (argument 1). */
static int collect_completions(lua_State *L) {
  const char *text = lua_tostring(L, 1);
  const char *sep = strrchr(text, '.');
  const char *colon = strrchr(text, ':');
  const char *partial;
  size_t n = 0, cap = 0, plen;
  if (colon && (!sep || colon > sep))
    sep = colon;
  lua_pushglobaltable(L);
  if (sep != NULL) {  /* walk "a.b" down from _G */
    const char *p = text;
    while (p < sep) {
      const char *dot = p + strcspn(p, ".:");
      if (dot > sep)
        dot = sep;
      if (!lua_istable(L, -1))
        return 0;
      lua_pushlstring(L, p, (size_t)(dot - p));
      lua_rawget(L, -2);
      lua_remove(L, -2);
      p = dot + 1;
    }
    partial = sep + 1;
  } else {
    partial = text;
    for (int i = 0; lua_keywords[i]; i++)
      if (strncmp(lua_keywords[i], partial, strlen(partial)) == 0)
        add_match(&n, &cap, "", 0, lua_keywords[i]);
  }
  if (!lua_istable(L, -1))
    return 0;
  plen = (size_t)(partial - text);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *key = lua_tostring(L, -1);
      if (strncmp(key, partial, strlen(partial)) == 0 && key[strspn(key,
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")] == '\0')
        add_match(&n, &cap, text, plen, key);
    }
  }
  return 0;
}

static char *completion_generator(const char *text, int state) {
  (void)text;
  if (completion_matches == NULL || completion_matches[completion_next] == NULL) {
    free(completion_matches);
    completion_matches = NULL;
    return NULL;
  }
  (void)state;
  return completion_matches[completion_next++];  /* readline frees it */
}

static char **complete(const char *text, int start, int end) {
  lua_State *L = completion_state;
  (void)start;
  (void)end;
  *rl.attempted_completion_over = 1;  /* no file-name completion as a fallback */
  *rl.completion_append_character = '\0';  /* "print" is followed by "(", not a space */
  free(completion_matches);
  completion_matches = NULL;
  completion_next = 0;
  lua_pushcfunction(L, collect_completions);
  lua_pushstring(L, text);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK)
    lua_pop(L, 1);
  return rl.completion_matches(text, completion_generator);
}

static void do_repl(lua_State *L) {
  gc_arena_close(L);
  int status;
  const char *saved = progname;
  progname = NULL;  /* errors in the REPL are shown without the program name */
  if (rl.readline == NULL) open_readline();
  if (rl.readline) *rl.readline_name = PROGNAME;
  if (rl.readline && isatty(STDIN_FILENO)) {  /* piped input keeps readline's plain behaviour */
    completion_state = L;
    *rl.word_break_characters = " \t\n\"\\'`@$><=;|&{(+-*/%^~#[]),";
    *rl.attempted_completion_function = complete;
  }
  while ((status = load_line(L)) != -1) {
    if (status == LUA_OK)
      status = do_call(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
      print_results(L);
    else
      report(L, status);
  }
  lua_settop(L, 0);
  lua_writeline();
  progname = saved;
}

/* ---------------------------------------------------------------------------------------
 * Main, run in protected mode so that errors while setting up are reported too.
 */

static int protected_main(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  int script;
  int args = collect_args(argv, &script);
  int optlim = (script > 0) ? script : argc;
  luaL_checkversion(L);
  if (args == HAS_ERROR) {
    print_usage(argv[script]);
    return 0;
  }
  if (args & HAS_V)
    print_version();
  if (args & HAS_CAPITAL_E) {
    lua_pushboolean(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  }
  luaL_openlibs(L);
  /* What is made until the program runs (the sandbox's environment, `arg`, the first chunk's
   * function) lives as long as the state too: from the start-up arena, which do_call closes
   * (vm/gc.c; the compiler's scratch left there is bounded by the arena's size). */
  gc_arena_open(L);
  rt_sandbox_attach(L, &rt_sandbox);  /* policy, fuel and the sandboxed environment */
  create_arg_table(L, argv, argc, script > 0 ? script : argc);
  lua_gc(L, LUA_GCRESTART);
  lua_gc(L, LUA_GCGEN, 0, 0);  /* what lua5.4 selects; collectgarbage() reports it */
  if (!(args & HAS_CAPITAL_E)) {
    if (handle_luainit(L) != LUA_OK)
      return 0;
  }
  if (!run_args(L, argv, optlim))
    return 0;
  if (script > 0) {
    if (handle_script(L, argv + script) != LUA_OK)
      return 0;
  }
  if (args & HAS_I) {
    do_repl(L);
  } else if (script < 1 && !(args & (HAS_E | HAS_V))) {
    if (isatty(STDIN_FILENO)) {
      print_version();
      do_repl(L);
    } else {
      do_file(L, NULL);  /* a script on stdin */
    }
  }
  lua_pushboolean(L, 1);
  return 1;
}

int rt_lua_main(int argc, char **argv) {
  int status, result;
  lua_State *L;
  /* Under a limit, a breach ends what the script started, including descendants whose parent
   * is gone (not done for embedders: it would change how their process reaps). */
  if (rt_sandbox.max_memory || rt_sandbox.fuel || rt_sandbox.timeout_ms || rt_sandbox.max_output)
    rt_limits_adopt_descendants();
  L = luaL_newstate();
  if (L == NULL) {
    message(progname, "cannot create state: not enough memory");
    return EXIT_FAILURE;
  }
  lua_gc(L, LUA_GCSTOP);  /* no collections while the libraries are opened */
  lua_pushcfunction(L, protected_main);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  status = lua_pcall(L, 2, 1, 0);
  result = lua_toboolean(L, -1);
  report(L, status);
  lua_close(L);
  return (result && status == LUA_OK) ? EXIT_SUCCESS : EXIT_FAILURE;
}
