/* The bytecode writer: serialises a prototype tree into the portable format of
 * docs/bytecode.md. Every field is written byte by byte in little-endian order, so the output
 * does not depend on the host's endianness, word size or struct layout. */
#include <string.h>

#include "vm/bytecode/bytecode.h"
#include "vm/gc.h"

/* The whole chunk is built in memory first: the header carries the payload size and the
 * trailer a checksum of everything before it. */
typedef struct Out {
  lua_State *L;
  unsigned char *buf;
  size_t n, size;
  int strip;
} Out;

static void reserve(Out *o, size_t more) {
  if (o->size - o->n >= more) return;
  size_t nsize = o->size ? o->size : 256;
  while (nsize - o->n < more) nsize *= 2;
  unsigned char *nb = gc_alloc_atomic(o->L, nsize);
  if (o->n) memcpy(nb, o->buf, o->n);
  o->buf = nb;
  o->size = nsize;
}

static void putbytes(Out *o, const void *p, size_t len) {
  reserve(o, len);
  memcpy(o->buf + o->n, p, len);
  o->n += len;
}

static void putu8(Out *o, unsigned v) {
  reserve(o, 1);
  o->buf[o->n++] = (unsigned char)v;
}

static void putu32(Out *o, uint32_t v) {
  reserve(o, 4);
  for (int i = 0; i < 4; i++) o->buf[o->n++] = (unsigned char)(v >> (8 * i));
}

static void putu64(Out *o, uint64_t v) {
  reserve(o, 8);
  for (int i = 0; i < 8; i++) o->buf[o->n++] = (unsigned char)(v >> (8 * i));
}

/* Strings: u32 length + 1, then the bytes; 0 stands for "absent" (stripped or inherited). */
static void putstring(Out *o, const TString *s) {
  if (s == NULL) {
    putu32(o, 0);
    return;
  }
  putu32(o, (uint32_t)(tsslen(s) + 1));
  putbytes(o, getstr(s), tsslen(s));
}

enum { KNIL, KFALSE, KTRUE, KINT, KFLT, KSTR };

static void putconstants(Out *o, const Proto *f) {
  putu32(o, (uint32_t)f->sizek);
  for (int i = 0; i < f->sizek; i++) {
    const Value *v = &f->k[i];
    if (ttisfalse(v)) {
      putu8(o, KFALSE);
    } else if (ttistrue(v)) {
      putu8(o, KTRUE);
    } else if (ttisinteger(v)) {
      putu8(o, KINT);
      putu64(o, (uint64_t)ivalue(v));
    } else if (ttisfloat(v)) {
      uint64_t bits;
      lua_Number n = fltvalue(v);
      memcpy(&bits, &n, sizeof bits);  /* IEEE-754 binary64 on every host nacre supports */
      putu8(o, KFLT);
      putu64(o, bits);
    } else if (ttisstring(v)) {
      putu8(o, KSTR);
      putstring(o, tsvalue(v));
    } else {
      putu8(o, KNIL);
    }
  }
}

static void putfunction(Out *o, const Proto *f, const TString *psource) {
  putstring(o, (o->strip || f->source == psource) ? NULL : f->source);
  putu32(o, (uint32_t)f->linedefined);
  putu32(o, (uint32_t)f->lastlinedefined);
  putu8(o, f->numparams);
  putu8(o, f->is_vararg);
  putu8(o, f->maxstacksize);
  putu32(o, (uint32_t)f->sizecode);
  for (int i = 0; i < f->sizecode; i++) putu32(o, vm_unquicken(f->code[i]));  /* never a quickened opcode */
  putconstants(o, f);
  putu32(o, (uint32_t)f->sizeupvalues);
  for (int i = 0; i < f->sizeupvalues; i++) {
    putu8(o, f->upvalues[i].instack);
    putu8(o, f->upvalues[i].idx);
    putu8(o, f->upvalues[i].kind);
  }
  putu32(o, (uint32_t)f->sizep);
  for (int i = 0; i < f->sizep; i++) putfunction(o, f->p[i], f->source);
  /* Debug information: always present as counts, empty when stripped. */
  int nline = (o->strip || f->lineinfo == NULL) ? 0 : f->sizelineinfo;
  putu32(o, (uint32_t)nline);
  for (int i = 0; i < nline; i++) putu32(o, (uint32_t)f->lineinfo[i]);
  int nloc = o->strip ? 0 : f->sizelocvars;
  putu32(o, (uint32_t)nloc);
  for (int i = 0; i < nloc; i++) {
    putstring(o, f->locvars[i].varname);
    putu32(o, (uint32_t)f->locvars[i].startpc);
    putu32(o, (uint32_t)f->locvars[i].endpc);
  }
  int nupn = o->strip ? 0 : f->sizeupvalues;
  putu32(o, (uint32_t)nupn);
  for (int i = 0; i < nupn; i++) putstring(o, f->upvalues[i].name);
}

int bc_dump(lua_State *L, const Proto *f, lua_Writer w, void *data, int strip) {
  Out o = {L, NULL, 0, 0, strip};
  putbytes(&o, BC_SIGNATURE, BC_SIGLEN);
  putu8(&o, BC_VERSION);
  putu8(&o, strip ? BC_FLAG_STRIPPED : 0);
  putu32(&o, 0);  /* payload size, patched below */
  putfunction(&o, f, NULL);
  size_t payload = o.n - BC_HEADER_SIZE;
  if (payload > UINT32_MAX) return 1;  /* does not fit the format */
  for (int i = 0; i < 4; i++) o.buf[8 + i] = (unsigned char)(payload >> (8 * i));
  putu32(&o, bc_crc32(0, o.buf, o.n));
  return w(L, o.buf, o.n, data);
}

/* Table-free bitwise CRC-32 would be slow on large chunks; the table is built once. */
static uint32_t crctab[256];
static int crcready;

uint32_t bc_crc32(uint32_t crc, const void *data, size_t len) {
  if (!crcready) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crctab[i] = c;
    }
    crcready = 1;
  }
  const unsigned char *p = data;
  crc = ~crc;
  while (len--) crc = crctab[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return ~crc;
}
