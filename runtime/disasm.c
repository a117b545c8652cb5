/* `nacre disasm FILE`: prints a `luac -l -l`-style listing of a Lua source file, a dumped
 * binary chunk or every module of an app bundle. Binary input is verified first, so the
 * listing shows exactly what would be allowed to run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "runtime/runtime.h"
#include "vm/bytecode/bytecode.h"

typedef struct Job {
  const char *path;
  unsigned char *data;
  size_t len;
  size_t skip;  /* bytes of a leading #! line */
  int full;
} Job;

static void listbundle(lua_State *L, Job *j) {
  const unsigned char *buf = j->data + j->skip;
  size_t len = j->len - j->skip;
  if (len < BC_HEADER_SIZE + 4) luaL_error(L, "%s: bad bundle: truncated", j->path);
  if (buf[6] != BC_VERSION) luaL_error(L, "%s: bad bundle: unsupported format version", j->path);
  size_t payload = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
                   (size_t)buf[11] << 24;
  if (payload > len - BC_HEADER_SIZE - 4) luaL_error(L, "%s: bad bundle: truncated", j->path);
  len = BC_HEADER_SIZE + payload + 4;
  const unsigned char *crc = buf + len - 4;
  uint32_t want = (uint32_t)crc[0] | (uint32_t)crc[1] << 8 | (uint32_t)crc[2] << 16 |
                  (uint32_t)crc[3] << 24;
  if (bc_crc32(0, buf, len - 4) != want) luaL_error(L, "%s: bad bundle: checksum mismatch", j->path);
  BcModule *mods;
  int n = bc_bundle_modules(L, buf, len, lua_pushfstring(L, "@%s", j->path), &mods);
  printf("bundle %s: %d module%s%s\n", j->path, n, n == 1 ? "" : "s",
         (buf[7] & BC_FLAG_STRIPPED) ? " (stripped)" : "");
  for (int i = 0; i < n; i++) {
    lua_pushlstring(L, mods[i].name, mods[i].namelen);
    printf("\n== module %d: %s%s\n", i, lua_tostring(L, -1), i == 0 ? " (main program)" : "");
    const char *cname = lua_pushfstring(L, "=%s (module '%s')", j->path, lua_tostring(L, -1));
    Proto *f = bc_readchunk(L, mods[i].chunk, mods[i].chunklen, cname);
    bc_list(stdout, f, j->full);
    lua_pop(L, 2);
  }
}

static int dodisasm(lua_State *L) {
  Job *j = lua_touserdata(L, 1);
  const unsigned char *p = j->data + j->skip;
  size_t n = j->len - j->skip;
  if (n >= BC_SIGLEN && memcmp(p, BC_BUNDLE_SIGNATURE, BC_SIGLEN) == 0) {
    listbundle(L, j);
    return 0;
  }
  if (j->skip > 0 && (n == 0 || p[0] != 0x1b) && p[-1] == '\n') {
    p--;  /* source: keep the #! line's newline so line numbers stay right */
    n++;
  }
  const char *chunkname = lua_pushfstring(L, "@%s", j->path);
  /* Text or binary: the ordinary loader decides, and verifies binary chunks. */
  if (luaL_loadbufferx(L, (const char *)p, n, chunkname, NULL) != LUA_OK) lua_error(L);
  const Value *fv = s2v(L->top - 1);
  bc_list(stdout, clLvalue(fv)->p, j->full);
  return 0;
}

static unsigned char *readall(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (fp == NULL) return NULL;
  size_t size = 65536, n = 0;
  unsigned char *buf = malloc(size);
  while (buf != NULL) {
    n += fread(buf + n, 1, size - n, fp);
    if (n < size) break;
    unsigned char *nb = realloc(buf, size * 2);
    if (nb == NULL) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    size *= 2;
  }
  int err = ferror(fp);
  fclose(fp);
  if (err) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

int rt_disasm_main(int argc, char **argv) {
  Job j = {NULL, NULL, 0, 0, 1};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0)
      j.full = 0;  /* instructions only, like `luac -l` */
    else if (j.path == NULL && (argv[i][0] != '-' || argv[i][1] == '\0'))
      j.path = argv[i];
    else {
      fputs("usage: nacre disasm [-q] FILE\n", stderr);
      return 2;
    }
  }
  if (j.path == NULL) {
    fputs("usage: nacre disasm [-q] FILE\n", stderr);
    return 2;
  }
  j.data = readall(j.path, &j.len);
  if (j.data == NULL) {
    fprintf(stderr, "nacre disasm: cannot read %s: %s\n", j.path, strerror(errno));
    return 1;
  }
  if (j.len > 0 && j.data[0] == '#') {  /* skip a #! line, as the loader does */
    while (j.skip < j.len && j.data[j.skip] != '\n') j.skip++;
    if (j.skip < j.len) j.skip++;
  }
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    fputs("nacre disasm: cannot create state\n", stderr);
    free(j.data);
    return 1;
  }
  lua_pushcfunction(L, dodisasm);
  lua_pushlightuserdata(L, &j);
  int st = lua_pcall(L, 1, 0, 0);
  if (st != LUA_OK) fprintf(stderr, "nacre disasm: %s\n", lua_tostring(L, -1));
  fflush(stdout);
  lua_close(L);
  free(j.data);
  return st == LUA_OK ? 0 : 1;
}
