/* Buffered input over a lua_Reader (the lexer and the bytecode reader pull bytes through
 * it) and the growable byte buffer the lexer keeps token text in. */
#include <string.h>

#include "vm/zio.h"
#include "vm/gc.h"

void vm_zio_init(lua_State *L, ZIO *z, lua_Reader reader, void *data) {
  z->L = L;
  z->reader = reader;
  z->data = data;
  z->n = 0;
  z->p = NULL;
  z->rate = 0;
}

/* Asks the reader for the next block. An empty block or NULL means end of stream; the
 * reader may run arbitrary code, so nothing is cached across the call. */
int vm_zio_fill(ZIO *z) {
  size_t size = 0;
  const char *buff = z->reader(z->L, z->data, &size);
  if (buff == NULL || size == 0)
    return EOZ;
  if (z->rate) vm_fuel(z->L, (int64_t)(size > INT64_MAX / 16 ? INT64_MAX / 16 : size) * z->rate);
  z->n = size - 1;  /* one byte is consumed right here */
  z->p = buff;
  return (unsigned char)*(z->p++);
}

size_t vm_zio_read(ZIO *z, void *b, size_t n) {
  char *out = b;
  while (n) {
    if (z->n == 0) {
      if (vm_zio_fill(z) == EOZ)
        return n;
      z->n++;  /* vm_zio_fill consumed one byte; put it back */
      z->p--;
    }
    size_t m = n <= z->n ? n : z->n;
    memcpy(out, z->p, m);
    z->n -= m;
    z->p += m;
    out += m;
    n -= m;
  }
  return 0;
}

void vm_buf_init(Mbuffer *b) {
  b->buffer = NULL;
  b->n = 0;
  b->size = 0;
}

/* Token text never holds pointers, so the block is atomic (Boehm does not scan it). */
void vm_buf_resize(lua_State *L, Mbuffer *b, size_t size) {
  char *nb = gc_alloc_atomic(L, size ? size : 1);
  if (b->buffer && b->n)
    memcpy(nb, b->buffer, b->n < size ? b->n : size);
  b->buffer = nb;
  b->size = size;
  if (b->n > size)
    b->n = size;
}
