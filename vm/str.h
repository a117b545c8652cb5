/* Strings: creation, interning of short strings, hashing and comparison (vm/str.c). */
#ifndef VM_STR_H
#define VM_STR_H

#include "vm/core.h"

/* Creates (or finds the interned copy of) a string of len bytes. Never returns NULL; raises
 * a memory error on failure. Strings are allocated atomically (no pointers inside). */
TString *vm_str_new(lua_State *L, const char *s, size_t len);
TString *vm_str_newz(lua_State *L, const char *s);            /* NUL-terminated input */
/* Allocates a long (never interned) string with uninitialised contents of length len, for
 * builders that fill it in place (concatenation). Its NUL terminator is already set. */
TString *vm_str_newlong(lua_State *L, size_t len);
unsigned int vm_str_hash(TString *ts);                          /* computes lazily for long */
int vm_str_eqlng(TString *a, TString *b);                       /* equality of long strings */
int vm_str_cmp(TString *a, TString *b);                         /* strcoll-like order, NUL-safe */
/* Notes a change of locale (os.setlocale; lua_newstate asks too): whether LC_COLLATE is C,
 * where vm_str_cmp compares bytes instead of calling strcoll. (A host that changes LC_COLLATE
 * itself from C after making a state keeps the order it had until the next such call.) */
void vm_str_localechanged(void);
/* The sweep found ts (a short string) unreachable: unlinks it from the intern table and
 * returns 0, or returns 1 to keep it because a lookup handed it out since the last mark. */
int vm_str_disclaim(TString *ts);
/* Creates the intern table and the preallocated strings (memerrmsg, tmname). */
void vm_str_init(lua_State *L);

#endif
