/* Compiles a Lua source file with nacre's compiler and prints every prototype in the form
 * tests/compiler/luacnorm.lua makes of "luac5.4 -l -l" output, so the two listings
 * (instructions, operands, lines, constants, locals, upvalues) can be diffed line by line.
 * Usage: listing FILE CHUNKNAME */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "lauxlib.h"
#include "vm/core.h"
#include "vm/do.h"
#include "vm/zio.h"

typedef struct Source {
  const char *s;
  size_t n;
} Source;

static const char *reader(lua_State *L, void *ud, size_t *size) {
  Source *src = ud;
  (void)L;
  if (src->n == 0)
    return NULL;
  *size = src->n;
  src->n = 0;
  return src->s;
}

/* Operands as luac prints them (luac omits some fields per opcode and marks k with "k"). */
static void operands(Instruction i) {
  OpCode o = GET_OPCODE(i);
  int a = GETARG_A(i), b = GETARG_B(i), c = GETARG_C(i), k = GETARG_k(i);
  const char *ks = k ? "k" : "";
  switch (o) {
  case OP_MOVE: case OP_GETUPVAL: case OP_SETUPVAL: case OP_UNM: case OP_BNOT: case OP_NOT:
  case OP_LEN: case OP_CONCAT: case OP_LOADNIL:
    printf(" %d %d", a, b);
    break;
  case OP_LOADI: case OP_LOADF:
    printf(" %d %d", a, GETARG_sBx(i));
    break;
  case OP_LOADK: case OP_FORLOOP: case OP_FORPREP: case OP_TFORPREP: case OP_TFORLOOP:
  case OP_CLOSURE:
    printf(" %d %d", a, GETARG_Bx(i));
    break;
  case OP_LOADKX: case OP_LOADFALSE: case OP_LFALSESKIP: case OP_LOADTRUE: case OP_CLOSE:
  case OP_TBC: case OP_RETURN1: case OP_VARARGPREP:
    printf(" %d", a);
    break;
  case OP_SETTABUP: case OP_SETTABLE: case OP_SETI: case OP_SETFIELD: case OP_SELF:
  case OP_TAILCALL: case OP_RETURN:
    printf(" %d %d %d%s", a, b, c, ks);
    break;
  case OP_ADDI: case OP_SHRI: case OP_SHLI:
    printf(" %d %d %d", a, b, GETARG_sC(i));
    break;
  case OP_MMBINI:
    printf(" %d %d %d %d", a, GETARG_sB(i), c, k);
    break;
  case OP_MMBINK:
    printf(" %d %d %d %d", a, b, c, k);
    break;
  case OP_JMP:
    printf(" %d", GETARG_sJ(i));
    break;
  case OP_EQ: case OP_LT: case OP_LE: case OP_EQK: case OP_TESTSET:
    printf(" %d %d %d", a, b, k);
    break;
  case OP_EQI: case OP_LTI: case OP_LEI: case OP_GTI: case OP_GEI:
    printf(" %d %d %d", a, GETARG_sB(i), k);
    break;
  case OP_TEST:
    printf(" %d %d", a, k);
    break;
  case OP_RETURN0:
    break;
  case OP_TFORCALL: case OP_VARARG:
    printf(" %d %d", a, c);
    break;
  case OP_EXTRAARG:
    printf(" %d", GETARG_Ax(i));
    break;
  default:  /* GETTABUP GETTABLE GETI GETFIELD NEWTABLE CALL MMBIN SETLIST, arithmetic */
    printf(" %d %d %d", a, b, c);
    break;
  }
}

/* luac's string quoting: C escapes for the usual controls, \ddd for other bytes. */
static void putstring(const TString *ts) {
  putchar('"');
  for (size_t j = 0; j < ts->len; j++) {
    unsigned char c = (unsigned char)ts->data[j];
    switch (c) {
    case '"': printf("\\\""); break;
    case '\\': printf("\\\\"); break;
    case '\a': printf("\\a"); break;
    case '\b': printf("\\b"); break;
    case '\f': printf("\\f"); break;
    case '\n': printf("\\n"); break;
    case '\r': printf("\\r"); break;
    case '\t': printf("\\t"); break;
    case '\v': printf("\\v"); break;
    default:
      if (c >= 32 && c < 127)
        putchar(c);
      else
        printf("\\%03d", c);
    }
  }
  putchar('"');
}

static void putconstant(const Value *o) {
  if (ttisnil(o)) {
    printf("N nil");
  } else if (ttistrue(o)) {
    printf("B true");
  } else if (ttisfalse(o)) {
    printf("B false");
  } else if (ttisinteger(o)) {
    printf("I %lld", (long long)ivalue(o));
  } else if (ttisfloat(o)) {
    char b[64];
    snprintf(b, sizeof b - 2, "%.14g", fltvalue(o));
    if (b[strspn(b, "-0123456789")] == '\0')
      strcat(b, ".0");
    printf("F %s", b);
  } else {
    printf("S ");
    putstring(tsvalue(o));
  }
}

static void listproto(const Proto *f) {
  printf("function <%d,%d> %d params %d slots %d upv %d locals %d consts %d funcs\n",
         f->linedefined, f->lastlinedefined, f->numparams, f->maxstacksize, f->sizeupvalues,
         f->sizelocvars, f->sizek, f->sizep);
  for (int pc = 0; pc < f->sizecode; pc++) {
    Instruction i = f->code[pc];
    printf("%d [%d] %s", pc + 1, f->lineinfo[pc], vm_opinfo[GET_OPCODE(i)].name);
    operands(i);
    printf("\n");
  }
  printf("constants (%d)\n", f->sizek);
  for (int i = 0; i < f->sizek; i++) {
    printf("%d ", i);
    putconstant(&f->k[i]);
    printf("\n");
  }
  printf("locals (%d)\n", f->sizelocvars);
  for (int i = 0; i < f->sizelocvars; i++)
    printf("%d %s %d %d\n", i, getstr(f->locvars[i].varname), f->locvars[i].startpc + 1,
           f->locvars[i].endpc + 1);
  printf("upvalues (%d)\n", f->sizeupvalues);
  for (int i = 0; i < f->sizeupvalues; i++)
    printf("%d %s %d %d\n", i, getstr(f->upvalues[i].name), f->upvalues[i].instack,
           f->upvalues[i].idx);
  for (int i = 0; i < f->sizep; i++)
    listproto(f->p[i]);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: listing FILE CHUNKNAME\n");
    return 2;
  }
  FILE *fp = fopen(argv[1], "rb");
  if (fp == NULL) {
    perror(argv[1]);
    return 2;
  }
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
    n += got;
    if (n == cap)
      buf = realloc(buf, cap *= 2);
  }
  fclose(fp);
  lua_State *L = luaL_newstate();
  if (buf == NULL || L == NULL)
    return 2;
  Source src = {buf, n};
  ZIO z;
  vm_zio_init(L, &z, reader, &src);
  if (vm_protectedparser(L, &z, argv[2], "t") != LUA_OK) {
    printf("ERROR: %s\n", svalue(s2v(L->top - 1)));
    return 0;
  }
  listproto(clLvalue(s2v(L->top - 1))->p);
  return 0;
}
