/* Buffered input streams over a lua_Reader, used by the lexer and the bytecode reader, and
 * a growable byte buffer (vm/zio.c). */
#ifndef VM_ZIO_H
#define VM_ZIO_H

#include "vm/core.h"

#define EOZ (-1)

typedef struct Zio {
  size_t n;           /* bytes still unread in the current block */
  const char *p;      /* current position in the block */
  lua_Reader reader;
  void *data;         /* reader's state */
  lua_State *L;
  int rate;           /* fuel units charged per byte read (set by the loader; 0: none) */
} ZIO;

#define zgetc(z) (((z)->n--) > 0 ? (unsigned char)(*(z)->p++) : vm_zio_fill(z))

void vm_zio_init(lua_State *L, ZIO *z, lua_Reader reader, void *data);
int vm_zio_fill(ZIO *z);                          /* next byte after a refill, or EOZ */
size_t vm_zio_read(ZIO *z, void *b, size_t n);    /* returns bytes NOT read (0 = all read) */

/* A growable buffer (the lexer's token text). Memory comes from gc.h. */
typedef struct Mbuffer {
  char *buffer;
  size_t n;
  size_t size;
} Mbuffer;
void vm_buf_init(Mbuffer *b);
void vm_buf_resize(lua_State *L, Mbuffer *b, size_t size);

#endif
