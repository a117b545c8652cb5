/* Mutation test driver for the bytecode loader and verifier: derives variants of seed binary
 * chunks deterministically (byte flips, truncations, duplicated ranges; most with the header
 * size and checksum recomputed so the reader and verifier see them), loads and runs each one
 * under an instruction budget, in child processes so a crash is caught and attributed.
 * usage: mutate [-n VARIANTS] [-o CRASHDIR] SEED.bin...     prints PASS/FAIL lines. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

#define BATCH 500           /* variants per child process */
#define BUDGET_TICKS 50     /* budget = BUDGET_TICKS * 1000 instructions per variant */
#define WATCHDOG_SECONDS 20 /* per variant; only trips on a real hang (the budget bounds Lua) */

typedef struct Seed {
  unsigned char *data;
  size_t len;
} Seed;

static Seed *seeds;
static int nseeds;

typedef struct Shared {  /* written by children, read by the parent */
  volatile long current;
  volatile long rejected, ran, failed;
} Shared;
static Shared *shared;

static uint64_t rng_state;
static uint64_t rnd(void) {  /* xorshift64*: deterministic across hosts */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1DULL;
}

#include "tests/fuzz/chunkcrc.h"

/* Builds variant v into buf (capacity cap); returns its length. */
static size_t makevariant(long v, unsigned char *buf, size_t cap) {
  const Seed *s = &seeds[v % nseeds];
  rng_state = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)v * 0xD1B54A32D192ED03ULL);
  if (rng_state == 0) rng_state = 1;
  size_t len = s->len;
  memcpy(buf, s->data, len);
  int kind = (int)(rnd() % 8);
  if (kind < 5) {  /* flip 1..4 bytes, mostly past the header */
    int nflips = 1 + (int)(rnd() % 4);
    for (int i = 0; i < nflips; i++) buf[rnd() % len] ^= (unsigned char)(1 + rnd() % 255);
  } else if (kind < 6) {  /* truncate */
    len = (size_t)(rnd() % len);
  } else {  /* duplicate a range at another place */
    size_t a = (size_t)(rnd() % len);
    size_t l = 1 + (size_t)(rnd() % 64);
    if (a + l > len) l = len - a;
    size_t at = (size_t)(rnd() % len);
    if (len + l <= cap) {
      memmove(buf + at + l, buf + at, len - at);
      memmove(buf + at, s->data + a, l);
      len += l;
    }
  }
  /* Keep the envelope consistent most of the time, so the parser and verifier are reached. */
  if (rnd() % 8 != 0 && len >= 16) {
    put32(buf + 8, (uint32_t)(len - 16));
    put32(buf + len - 4, crc32(buf, len - 4));
  }
  return len;
}

static int budget;
static void counthook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (++budget > BUDGET_TICKS) luaL_error(L, "instruction budget exhausted");
}

static int noprint(lua_State *L) {
  (void)L;
  return 0;
}

/* Only libraries whose functions are bounded by the instruction budget (no io/os/string). */
static lua_State *newstate(void) {
  lua_State *L = luaL_newstate();
  if (L == NULL) return NULL;
  luaL_requiref(L, "_G", luaopen_base, 1);
  luaL_requiref(L, "table", luaopen_table, 1);
  luaL_requiref(L, "math", luaopen_math, 1);
  luaL_requiref(L, "coroutine", luaopen_coroutine, 1);
  lua_settop(L, 0);
  lua_pushcfunction(L, noprint);
  lua_setglobal(L, "print");
  const char *drop[] = {"dofile", "loadfile", "collectgarbage", NULL};
  for (int i = 0; drop[i]; i++) {
    lua_pushnil(L);
    lua_setglobal(L, drop[i]);
  }
  return L;
}

static void runone(long v, unsigned char *buf, size_t cap) {
  size_t len = makevariant(v, buf, cap);
  lua_State *L = newstate();
  if (L == NULL) return;
  if (luaL_loadbufferx(L, (const char *)buf, len, "=mutant", "b") != LUA_OK) {
    shared->rejected++;
  } else {
    budget = 0;
    lua_sethook(L, counthook, LUA_MASKCOUNT, 1000);
    if (lua_pcall(L, 0, 0, 0) == LUA_OK)
      shared->ran++;
    else
      shared->failed++;
  }
  lua_close(L);
}

static void child(long from, long to, size_t cap) {
  unsigned char *buf = malloc(cap);
  for (long v = from; v < to; v++) {
    shared->current = v;
    alarm(WATCHDOG_SECONDS);
    runone(v, buf, cap);
  }
  alarm(0);
  free(buf);
  _exit(0);
}

static Seed readseed(const char *path) {
  Seed s = {NULL, 0};
  FILE *f = fopen(path, "rb");
  if (f == NULL) return s;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (n > 0) {
    s.data = malloc((size_t)n);
    s.len = fread(s.data, 1, (size_t)n, f);
  }
  fclose(f);
  return s;
}

int main(int argc, char **argv) {
  long total = 20000;
  const char *crashdir = ".";
  seeds = calloc((size_t)argc, sizeof(Seed));
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
      total = atol(argv[++i]);
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      crashdir = argv[++i];
    else {
      Seed s = readseed(argv[i]);
      if (s.len < 16) {
        printf("FAIL mutation_seeds: cannot read seed %s\n", argv[i]);
        return 1;
      }
      seeds[nseeds++] = s;
    }
  }
  if (nseeds == 0) {
    puts("FAIL mutation_seeds: no seeds");
    return 1;
  }
  size_t cap = 0;
  for (int i = 0; i < nseeds; i++)
    if (seeds[i].len * 2 + 128 > cap) cap = seeds[i].len * 2 + 128;
  shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    puts("FAIL mutation: mmap");
    return 1;
  }
  long crashes = 0, hangs = 0;
  long next = 0;
  unsigned char *buf = malloc(cap);
  while (next < total) {
    long end = next + BATCH < total ? next + BATCH : total;
    shared->current = next;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
      puts("FAIL mutation: fork");
      return 1;
    }
    if (pid == 0) child(next, end, cap);
    int st;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
      next = end;
      continue;
    }
    long v = shared->current;
    int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    if (sig == SIGALRM) hangs++; else crashes++;
    size_t len = makevariant(v, buf, cap);
    char path[4096];
    snprintf(path, sizeof path, "%s/mutant-%ld.bin", crashdir, v);
    FILE *f = fopen(path, "wb");
    if (f) {
      fwrite(buf, 1, len, f);
      fclose(f);
    }
    printf("FAIL mutation_variant_%ld: %s (signal %d, exit %d); input saved as %s\n", v,
           sig == SIGALRM ? "hang" : "crash", sig, WIFEXITED(st) ? WEXITSTATUS(st) : -1, path);
    next = v + 1;
  }
  printf("mutation: %ld variants from %d seeds: %ld rejected by the loader, %ld ran to completion, "
         "%ld stopped with an error (budget or runtime); %ld crashes, %ld hangs\n",
         total, nseeds, shared->rejected, shared->ran, shared->failed, crashes, hangs);
  if (crashes == 0) printf("PASS mutation_no_crashes (%ld variants)\n", total);
  if (hangs == 0) printf("PASS mutation_no_hangs (%ld variants)\n", total);
  free(buf);
  return 0;
}
