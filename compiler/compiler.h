/* The compiler's entry point: Lua source text to a main-function prototype. */
#ifndef CC_COMPILER_H
#define CC_COMPILER_H

#include "vm/core.h"
#include "vm/zio.h"

/* Compiles the chunk read from z (the first character `firstchar` already read) into a new
 * Lua closure with one upvalue (_ENV), pushed on the stack. Syntax errors are raised as
 * LUA_ERRSYNTAX with messages "chunkname:line: message near 'token'". */
LClosure *cc_parse(lua_State *L, ZIO *z, Mbuffer *buff, const char *name, int firstchar);

#endif
