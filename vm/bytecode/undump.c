/* The bytecode reader: reads the envelope (header, payload, checksum) of a binary chunk or an
 * app bundle, rebuilds the prototype tree from it with every length checked against the bytes
 * that remain, and hands the tree to the verifier before anything can run. */
#include <string.h>

#include "lauxlib.h"
#include "vm/bytecode/bytecode.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"

/* ------------------------------------------------------------------------------------------
 * Errors name the chunk the way 5.4 does: "@file" and "=name" lose their marker, a name
 * that is itself binary becomes "binary string".
 */
static const char *chunkname(const char *name) {
  if (name == NULL) return "?";
  if (*name == '@' || *name == '=') return name + 1;
  if (*name == '\x1b') return "binary string";
  return name;
}

static l_noret badthing(lua_State *L, const char *name, const char *what, const char *why) {
  vm_pushfstring(L, "%s: bad %s: %s", chunkname(name), what, why);
  vm_throw(L, LUA_ERRSYNTAX);
}

static l_noret badchunk(lua_State *L, const char *name, const char *why) {
  badthing(L, name, "binary chunk", why);
}

static uint32_t rdu32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ------------------------------------------------------------------------------------------
 * The envelope.
 */

unsigned char *bc_readenvelope(lua_State *L, ZIO *z, const char *name, size_t *len, int *kind) {
  unsigned char head[BC_HEADER_SIZE];
  head[0] = '\x1b';
  if (vm_zio_read(z, head + 1, BC_HEADER_SIZE - 1) != 0) badchunk(L, name, "truncated header");
  if (memcmp(head, BC_SIGNATURE, BC_SIGLEN) == 0)
    *kind = 0;
  else if (memcmp(head, BC_BUNDLE_SIGNATURE, BC_SIGLEN) == 0)
    *kind = 1;
  else if (memcmp(head, LUA_SIGNATURE, 4) == 0)
    badchunk(L, name, "PUC-Lua bytecode is not supported (recompile from source)");
  else
    badchunk(L, name, "not a nacre binary chunk (bad signature)");
  const char *what = *kind ? "bundle" : "binary chunk";
  if (head[6] != BC_VERSION) badthing(L, name, what, "unsupported format version");
  if (head[7] & ~BC_FLAG_STRIPPED) badthing(L, name, what, "unknown feature flags");
  uint32_t payload = rdu32(head + 8);
  /* Read in bounded steps so a forged size cannot make us allocate more than the input,
   * unless the reader's block already holds all of it (a chunk loaded from a string): then
   * one buffer of the exact size, so a big chunk is not copied through doubling buffers. */
  size_t total = (size_t)BC_HEADER_SIZE + payload + 4;
  size_t cap = total < 65536 || z->n >= total - BC_HEADER_SIZE ? total : 65536;
  unsigned char *buf = gc_alloc_atomic(L, cap);
  memcpy(buf, head, BC_HEADER_SIZE);
  size_t have = BC_HEADER_SIZE;
  while (have < total) {
    if (have == cap) {
      size_t ncap = cap * 2 < total ? cap * 2 : total;
      unsigned char *nb = gc_alloc_atomic(L, ncap);
      memcpy(nb, buf, have);
      gc_free(L, buf);
      buf = nb;
      cap = ncap;
    }
    size_t want = cap - have;
    size_t missing = vm_zio_read(z, buf + have, want);
    have += want - missing;
    if (missing != 0) badthing(L, name, what, *kind ? "truncated bundle" : "truncated chunk");
  }
  if (bc_crc32(0, buf, total - 4) != rdu32(buf + total - 4))
    badthing(L, name, what, "checksum mismatch");
  *len = total;
  return buf;
}

/* ------------------------------------------------------------------------------------------
 * Prototypes, read from a buffer whose checksum already matched. The checksum catches
 * accidents, not forgeries, so every field is still checked.
 */
typedef struct In {
  lua_State *L;
  const unsigned char *p, *end;
  const char *name;
  int stripped;
  const char *what;  /* "binary chunk" or "bundle", for messages */
} In;

static l_noret fail(In *in, const char *why) { badthing(in->L, in->name, in->what, why); }

static size_t left(In *in) { return (size_t)(in->end - in->p); }

static void need(In *in, size_t n) {
  if (left(in) < n) fail(in, "truncated chunk");
}

static unsigned getu8(In *in) {
  need(in, 1);
  return *in->p++;
}

static uint32_t getu32(In *in) {
  need(in, 4);
  uint32_t v = rdu32(in->p);
  in->p += 4;
  return v;
}

static uint64_t getu64(In *in) {
  need(in, 8);
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | in->p[i];
  in->p += 8;
  return v;
}

/* A count of items at least `minsize` bytes each: must fit in what is left and in an int. */
static int getcount(In *in, size_t minsize, const char *what) {
  uint32_t n = getu32(in);
  if (n > (uint32_t)INT_MAX || (size_t)n > left(in) / minsize) {
    fail(in, vm_pushfstring(in->L, "%s count %I past end of chunk", what, (lua_Integer)n));
  }
  return (int)n;
}

static TString *getstring(In *in) {
  uint32_t n = getu32(in);
  if (n == 0) return NULL;
  size_t len = (size_t)n - 1;
  if (len > left(in)) fail(in, "string length past end of chunk");
  TString *ts = vm_str_new(in->L, (const char *)in->p, len);
  in->p += len;
  return ts;
}

enum { KNIL, KFALSE, KTRUE, KINT, KFLT, KSTR };

static void getconstants(In *in, Proto *f) {
  int n = getcount(in, 1, "constant");
  f->k = gc_alloc(in->L, (size_t)n * sizeof(Value) + 1);
  f->sizek = n;
  for (int i = 0; i < n; i++) setnilvalue(&f->k[i]);
  for (int i = 0; i < n; i++) {
    Value *v = &f->k[i];
    switch (getu8(in)) {
      case KNIL: setnilvalue(v); break;
      case KFALSE: setbfvalue(v); break;
      case KTRUE: setbtvalue(v); break;
      case KINT: setivalue(v, (lua_Integer)getu64(in)); break;
      case KFLT: {
        uint64_t bits = getu64(in);
        lua_Number d;
        memcpy(&d, &bits, sizeof d);
        setfltvalue(v, d);
        break;
      }
      case KSTR: {
        TString *s = getstring(in);
        if (s == NULL) fail(in, "missing string constant");
        setsvalue(in->L, v, s);
        break;
      }
      default:
        fail(in, "unknown constant type");
    }
  }
}

static void getfunction(In *in, Proto *f, TString *psource, int depth) {
  if (depth > BC_MAX_NESTING) fail(in, "functions nested too deeply");
  f->source = getstring(in);
  if (f->source == NULL) f->source = psource;
  f->linedefined = (int)getu32(in);
  f->lastlinedefined = (int)getu32(in);
  f->numparams = (uint8_t)getu8(in);
  unsigned vararg = getu8(in);
  if (vararg > 1) fail(in, "bad vararg flag");
  f->is_vararg = (uint8_t)vararg;
  f->maxstacksize = (uint8_t)getu8(in);
  int n = getcount(in, 4, "instruction");
  f->code = gc_alloc_atomic(in->L, (size_t)n * sizeof(Instruction) + 1);
  for (int i = 0; i < n; i++) f->code[i] = getu32(in);
  f->sizecode = n;
  getconstants(in, f);
  n = getcount(in, 3, "upvalue");
  if (n > MAXARG_A) fail(in, "too many upvalues");
  f->upvalues = gc_alloc(in->L, (size_t)n * sizeof(Upvaldesc) + 1);
  f->sizeupvalues = n;
  for (int i = 0; i < n; i++) {
    f->upvalues[i].name = NULL;
    f->upvalues[i].instack = (uint8_t)getu8(in);
    f->upvalues[i].idx = (uint8_t)getu8(in);
    f->upvalues[i].kind = (uint8_t)getu8(in);
  }
  n = getcount(in, 16, "function");
  f->p = gc_alloc(in->L, (size_t)n * sizeof(Proto *) + 1);
  for (int i = 0; i < n; i++) {
    f->p[i] = vm_func_newproto(in->L);
    f->sizep = i + 1;  /* only complete entries are visible */
    getfunction(in, f->p[i], f->source, depth + 1);
  }
  f->sizep = n;
  /* Debug information. */
  n = getcount(in, 4, "line info");
  if (n != 0 && n != f->sizecode) fail(in, "line info does not match the code");
  if (n != 0 && in->stripped) fail(in, "debug information in a stripped chunk");
  if (n != 0) {
    f->lineinfo = gc_alloc_atomic(in->L, (size_t)n * sizeof(int));
    for (int i = 0; i < n; i++) f->lineinfo[i] = (int)getu32(in);
  }
  f->sizelineinfo = n;
  n = getcount(in, 12, "local variable");
  if (n != 0 && in->stripped) fail(in, "debug information in a stripped chunk");
  f->locvars = gc_alloc(in->L, (size_t)n * sizeof(LocVar) + 1);
  for (int i = 0; i < n; i++) {
    f->locvars[i].varname = getstring(in);
    if (f->locvars[i].varname == NULL) fail(in, "local variable without a name");
    f->locvars[i].startpc = (int)getu32(in);
    f->locvars[i].endpc = (int)getu32(in);
    f->sizelocvars = i + 1;
  }
  n = getcount(in, 4, "upvalue name");
  if (n != 0 && n != f->sizeupvalues) fail(in, "upvalue names do not match the upvalues");
  if (n != 0 && in->stripped) fail(in, "debug information in a stripped chunk");
  for (int i = 0; i < n; i++) f->upvalues[i].name = getstring(in);
}

Proto *bc_readchunk(lua_State *L, const unsigned char *buf, size_t len, const char *name) {
  if (len < BC_HEADER_SIZE + 4 || memcmp(buf, BC_SIGNATURE, BC_SIGLEN) != 0)
    badchunk(L, name, "not a nacre binary chunk (bad signature)");
  if (buf[6] != BC_VERSION) badchunk(L, name, "unsupported format version");
  if (buf[7] & ~BC_FLAG_STRIPPED) badchunk(L, name, "unknown feature flags");
  if ((size_t)rdu32(buf + 8) != len - BC_HEADER_SIZE - 4) badchunk(L, name, "bad payload size");
  if (bc_crc32(0, buf, len - 4) != rdu32(buf + len - 4)) badchunk(L, name, "checksum mismatch");
  In in = {L, buf + BC_HEADER_SIZE, buf + len - 4, name, buf[7] & BC_FLAG_STRIPPED, "binary chunk"};
  Proto *f = vm_func_newproto(L);
  getfunction(&in, f, NULL, 0);
  if (in.p != in.end) badchunk(L, name, "extra bytes after the main function");
  char msg[200];
  const char *why = bc_verify(L, f, f->sizeupvalues, msg, sizeof msg);
  if (why != NULL) badchunk(L, name, why);
  return f;
}

/* ------------------------------------------------------------------------------------------
 * Bundles: payload = u32 module count, then per module a name (u32 length + bytes) and a
 * complete binary chunk (u32 length + bytes). Module 0 is the main program.
 */
int bc_bundle_modules(lua_State *L, const unsigned char *buf, size_t len, const char *name,
                      BcModule **mods) {
  In in = {L, buf + BC_HEADER_SIZE, buf + len - 4, name, 0, "bundle"};
  int n = getcount(&in, 8, "module");
  if (n == 0) badthing(L, name, "bundle", "no main program");
  BcModule *m = gc_alloc(L, (size_t)n * sizeof(BcModule));
  for (int i = 0; i < n; i++) {
    uint32_t nl = getu32(&in);
    if (nl > left(&in)) fail(&in, "module name past end of bundle");
    m[i].name = (const char *)in.p;
    m[i].namelen = nl;
    if (memchr(m[i].name, '\0', nl) != NULL) fail(&in, "bad module name");
    in.p += nl;
    uint32_t cl = getu32(&in);
    if (cl > left(&in)) fail(&in, "module past end of bundle");
    m[i].chunk = in.p;
    m[i].chunklen = cl;
    in.p += cl;
  }
  if (in.p != in.end) fail(&in, "extra bytes after the last module");
  *mods = m;
  return n;
}

static LClosure *pushclosure(lua_State *L, Proto *f) {
  LClosure *cl = vm_func_newLclosure(L, f->sizeupvalues);
  cl->p = f;
  setclLvalue(L, s2v(L->top), cl);
  vm_inctop(L);
  return cl;
}

/* Installs a bundle module as package.preload[name]: a closure over the globals. */
static void preload(lua_State *L, Table *pre, TString *mname, Proto *f) {
  LClosure *cl = pushclosure(L, f);
  vm_func_initupvals(L, cl);
  if (cl->nupvalues >= 1) {  /* first upvalue is _ENV, as for any loaded chunk */
    const Value *gt = vm_tab_getint(hvalue(&G(L)->l_registry), LUA_RIDX_GLOBALS);
    setobj(L, cl->upvals[0]->v.p, gt);
  }
  Value key;
  setsvalue(L, &key, mname);
  vm_tab_set(L, pre, &key, s2v(L->top - 1));
  L->top--;
}

LClosure *bc_undump(lua_State *L, ZIO *z, const char *name) {
  size_t len;
  int kind;
  unsigned char *buf = bc_readenvelope(L, z, name, &len, &kind);
  if (kind == 0) return pushclosure(L, bc_readchunk(L, buf, len, name));
  BcModule *mods;
  int n = bc_bundle_modules(L, buf, len, name, &mods);
  /* Read and verify every module before registering any, so a bad bundle changes nothing. */
  Proto **protos = gc_alloc(L, (size_t)n * sizeof(Proto *));
  TString **names = gc_alloc(L, (size_t)n * sizeof(TString *));
  for (int i = 0; i < n; i++) {
    names[i] = vm_str_new(L, mods[i].name, mods[i].namelen);
    const char *cname = vm_pushfstring(L, "=%s (module '%s')", chunkname(name),
                                       i == 0 ? "main" : getstr(names[i]));
    protos[i] = bc_readchunk(L, mods[i].chunk, mods[i].chunklen, cname);
    L->top--;
  }
  Table *reg = hvalue(&G(L)->l_registry);
  TString *pkey = vm_str_newz(L, LUA_PRELOAD_TABLE);
  const Value *slot = vm_tab_getstr(reg, pkey);
  Table *pre;
  if (ttistable(slot)) {
    pre = hvalue(slot);
  } else {
    pre = vm_tab_new(L);
    Value k, t;
    setsvalue(L, &k, pkey);
    sethvalue(L, &t, pre);
    vm_tab_set(L, reg, &k, &t);
  }
  for (int i = 1; i < n; i++) preload(L, pre, names[i], protos[i]);
  return pushclosure(L, protos[0]);
}
