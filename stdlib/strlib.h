/* Internal interface between the pieces of the string library (string.c registers them all):
 * format (strformat.c), the pattern matcher (pattern.c) and binary packing (strpack.c). */
#ifndef NACRE_STRLIB_H
#define NACRE_STRLIB_H

#include "lua.h"

int lib_str_format(lua_State *L);
int lib_str_find(lua_State *L);
int lib_str_match(lua_State *L);
int lib_str_gmatch(lua_State *L);
int lib_str_gsub(lua_State *L);
int lib_str_pack(lua_State *L);
int lib_str_packsize(lua_State *L);
int lib_str_unpack(lua_State *L);

/* Converts a relative string position (negative counts from the end) into an index in
 * [0, len]; used by every function taking string positions. */
size_t lib_str_posrelat(lua_Integer pos, size_t len);

/* Nonzero: the pattern matcher takes none of its shortcuts (class tables, skipping start
 * positions, literal look-ahead). Only tests/fuzz/fuzz_pattern.c sets it, to compare the two. */
extern int lib_str_plainmatch;

#endif
