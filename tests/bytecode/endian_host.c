/* Cross-endianness check, built for a foreign (big-endian, 32-bit) host and run under
 * qemu-user: links the real vm/bytecode/ reader, verifier, writer and listing with minimal
 * stand-ins for the rest of the VM, reads a chunk written by the x86-64 build, prints its
 * listing (must equal `nacre disasm` on the build host) and writes it back out (must be
 * byte-identical to the input, i.e. a big-endian writer produces the same file).
 * usage: endian_host IN.bin OUT.bin > listing */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/bytecode/bytecode.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/do.h"

static jmp_buf onerror;
static char lastmsg[512];

static l_noret unsupported(const char *what) {
  fprintf(stderr, "endian_host: %s is not available in this test build\n", what);
  exit(2);
}

/* gc_alloc is inline (vm/gc.h): the fake state's free lists are empty, so it always calls
 * one of these. */
void *gc_alloc_slow(lua_State *L, size_t size) {
  (void)L;
  void *p = calloc(1, size ? size : 1);
  if (p == NULL) unsupported("memory");
  return p;
}
void *gc_allocsmall_slow(lua_State *L, size_t size) { return gc_alloc_slow(L, size); }
size_t gc_softlimit;
void *gc_alloc_atomic(lua_State *L, size_t size) { return gc_alloc_slow(L, size); }
void gc_free(lua_State *L, void *block) { (void)L; free(block); }
Proto *vm_func_newproto(lua_State *L) {
  Proto *p = gc_alloc(L, sizeof(Proto));
  p->tt = VT_PROTO;
  return p;
}
TString *vm_str_new(lua_State *L, const char *s, size_t len) {
  TString *ts = gc_alloc(L, sizeof(TString) + len + 1);
  ts->tt = len <= VM_MAXSHORTLEN ? VT_SHRSTR : VT_LNGSTR;
  ts->len = len;
  memcpy(ts->data, s, len);
  ts->data[len] = '\0';
  return ts;
}
TString *vm_str_newz(lua_State *L, const char *s) { return vm_str_new(L, s, strlen(s)); }

/* Only the conversions the bytecode code uses: %s %d %I. */
const char *vm_pushfstring(lua_State *L, const char *fmt, ...) {
  (void)L;
  va_list ap;
  va_start(ap, fmt);
  char *out = lastmsg;
  size_t room = sizeof lastmsg;
  for (const char *p = fmt; *p && room > 1; p++) {
    int n;
    if (*p != '%') {
      *out++ = *p;
      room--;
      continue;
    }
    p++;
    if (*p == 's') n = snprintf(out, room, "%s", va_arg(ap, const char *));
    else if (*p == 'd') n = snprintf(out, room, "%d", va_arg(ap, int));
    else if (*p == 'I') n = snprintf(out, room, "%lld", (long long)va_arg(ap, lua_Integer));
    else n = snprintf(out, room, "%%%c", *p);
    if (n < 0 || (size_t)n >= room) break;
    out += n;
    room -= (size_t)n;
  }
  *out = '\0';
  va_end(ap);
  return strdup(lastmsg);
}
l_noret vm_throw(lua_State *L, int status) {
  (void)L;
  (void)status;
  longjmp(onerror, 1);
}
int vm_num2str(const Value *o, char *buff) {
  /* tostring's "%.14g" with ".0" for integral floats */
  int n = snprintf(buff, VM_MAXNUMBER2STR, "%.14g", fltvalue(o));
  if (buff[strspn(buff, "-0123456789")] == '\0') {
    buff[n++] = '.';
    buff[n++] = '0';
    buff[n] = '\0';
  }
  return n;
}
void vm_chunkid(char *out, const char *source, size_t srclen) {
  (void)srclen;
  if (*source == '=' || *source == '@') source++;
  snprintf(out, LUA_IDSIZE, "%s", source);
}

/* Used only by bc_undump (streams, bundles), which this test does not call. */
size_t vm_zio_read(ZIO *z, void *b, size_t n) { (void)z; (void)b; (void)n; unsupported("zio"); }
LClosure *vm_func_newLclosure(lua_State *L, int n) { (void)L; (void)n; unsupported("closures"); }
void vm_func_initupvals(lua_State *L, LClosure *cl) { (void)L; (void)cl; unsupported("upvalues"); }
void vm_inctop(lua_State *L) { (void)L; unsupported("stack"); }
Table *vm_tab_new(lua_State *L) { (void)L; unsupported("tables"); }
const Value *vm_tab_getint(Table *t, lua_Integer k) { (void)t; (void)k; unsupported("tables"); }
const Value *vm_tab_getstr(Table *t, TString *k) { (void)t; (void)k; unsupported("tables"); }
void vm_tab_set(lua_State *L, Table *t, const Value *k, const Value *v) {
  (void)L; (void)t; (void)k; (void)v;
  unsupported("tables");
}

static int writer(lua_State *L, const void *p, size_t sz, void *ud) {
  (void)L;
  return fwrite(p, 1, sz, ud) == sz ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fputs("usage: endian_host IN.bin OUT.bin\n", stderr);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) return 2;
  static unsigned char buf[1 << 20];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  static struct lua_State fake;  /* the bytecode code only passes it along */
  static GlobalState fakeg;
  lua_State *L = &fake;
  fake.l_G = &fakeg;
  if (setjmp(onerror)) {
    fprintf(stderr, "endian_host: %s\n", lastmsg);
    return 1;
  }
  Proto *p = bc_readchunk(L, buf, len, "@in");
  bc_list(stdout, p, 1);
  FILE *out = fopen(argv[2], "wb");
  if (out == NULL) return 2;
  int st = bc_dump(L, p, writer, out, (buf[7] & BC_FLAG_STRIPPED) != 0);
  fclose(out);
  printf("host: %s-endian, %d-bit pointers\n", (*(const unsigned char *)&(uint32_t){1}) ? "little" : "big",
         (int)(8 * sizeof(void *)));
  return st;
}
