/* The sandbox flags every command takes (--sandbox, --allow-..., the limits), parsed into an
 * RtSandbox: by runtime/main.c from the command line, by runtime/embed.c for an embedder. Path
 * grants are stored resolved, the form runtime/policy.c compares paths in. No Lua here. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/policy.h"

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
      int r = rt_path_resolve(item, resolved, sizeof resolved);
      if (r != 0) {
        snprintf(err, errlen, "nacre: %s: cannot resolve path '%s': %s", flag, item,
                 strerror(-r));
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
    static const struct { const char *name; size_t off; } counts[] = {
      {"--max-files", offsetof(RtSandbox, max_files)},
      {"--max-procs", offsetof(RtSandbox, max_procs)},
    };
    for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
      if (!flag_value(arg, counts[i].name, &v)) continue;
      if (v == NULL || parse_count(v, &n, 1) != 0 || n > 1000000) {
        snprintf(err, errlen, "nacre: %s: invalid value '%s' (expected a count)",
                 counts[i].name, v ? v : "");
        return -1;
      }
      *(long *)((char *)sb + counts[i].off) = (long)n;
      if (counts[i].off == offsetof(RtSandbox, max_procs))
        snprintf(sb->procs_text, sizeof sb->procs_text, "%s", v);
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
