/* The portable bytecode format (docs/bytecode.md): writer (dump.c), reader (undump.c), the
 * verifier every loaded chunk passes before any of it runs (verify.c), app bundles (bundle.c)
 * and the human-readable listing behind `nacre disasm` (listing.c). */
#ifndef BC_BYTECODE_H
#define BC_BYTECODE_H

#include <stdio.h>

#include "vm/core.h"
#include "vm/zio.h"

/* A binary chunk starts with ESC so that no Lua source text can be mistaken for one and
 * luaL_loadfilex's first-byte test still works; an app bundle uses its own six bytes. */
#define BC_SIGNATURE "\x1bNacre"
#define BC_BUNDLE_SIGNATURE "\x1bPearl"
#define BC_SIGLEN 6
#define BC_VERSION 1
#define BC_FLAG_STRIPPED 1
#define BC_HEADER_SIZE 12     /* signature, version, flags, u32 payload size */
#define BC_MAX_NESTING 200    /* nested prototypes; bounds the reader's recursion */

/* Writes f as a binary chunk through w (lua_dump). Returns the writer's first non-zero status. */
int bc_dump(lua_State *L, const Proto *f, lua_Writer w, void *data, int strip);

/* Reads a binary chunk (or an app bundle) from z. The caller has already consumed the first
 * byte (ESC), exactly as it does to tell binary from text. Verifies everything before
 * returning, then pushes the new closure (its upvalues not yet initialised, as cc_parse) and
 * returns it. Errors are raised as LUA_ERRSYNTAX "name: bad binary chunk: ...". For a bundle,
 * the modules are registered in package.preload and the main program's closure is returned. */
LClosure *bc_undump(lua_State *L, ZIO *z, const char *name);

/* Parses one complete binary chunk held in memory (signature to checksum) into a verified
 * prototype tree; raises LUA_ERRSYNTAX "name: bad binary chunk: ..." on any defect. */
Proto *bc_readchunk(lua_State *L, const unsigned char *buf, size_t len, const char *name);

/* Reads the envelope shared by chunks and bundles (header, payload, checksum) from z, whose
 * first byte was consumed; returns the whole thing in a collectable buffer and its kind
 * (0 chunk, 1 bundle). Raises on a bad signature, truncation or checksum mismatch. */
unsigned char *bc_readenvelope(lua_State *L, ZIO *z, const char *name, size_t *len, int *kind);

/* Bundles: the modules of a bundle held in memory, in order (module 0 is the main program). */
typedef struct BcModule {
  const char *name;       /* points into the bundle buffer, NUL-free, length namelen */
  size_t namelen;
  const unsigned char *chunk;
  size_t chunklen;
} BcModule;
/* Splits a bundle (checked envelope) into its modules; returns the count or raises. */
int bc_bundle_modules(lua_State *L, const unsigned char *buf, size_t len, const char *name,
                      BcModule **mods);

/* Checks a prototype tree; returns NULL when it is safe to run, else a message written into
 * msg (buffer of msgsize bytes) naming the function and pc. */
const char *bc_verify(lua_State *L, const Proto *f, int nupvalues_outside, char *msg,
                      size_t msgsize);

/* CRC-32 (IEEE 802.3, reflected) used as the whole-file checksum. */
uint32_t bc_crc32(uint32_t crc, const void *data, size_t len);

/* `luac -l -l`-style listing of f and its nested functions. */
void bc_list(FILE *out, const Proto *f, int full);

#endif
