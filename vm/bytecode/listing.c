/* The human-readable bytecode listing behind `nacre disasm`, in the shape of `luac -l -l`:
 * a header per function, one line per instruction with its source line and a comment that
 * resolves constants, upvalues and jump targets, then the constant, local and upvalue tables.
 * Functions are numbered in depth-first order instead of printing addresses, so listings of
 * the same code compare equal across runs. */
#include <inttypes.h>
#include <string.h>

#include "vm/bytecode/bytecode.h"
#include "vm/number.h"

static void putstr(FILE *out, const TString *ts) {
  const unsigned char *s = (const unsigned char *)getstr(ts);
  size_t n = tsslen(ts);
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned c = s[i];
    switch (c) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\a': fputs("\\a", out); break;
      case '\b': fputs("\\b", out); break;
      case '\f': fputs("\\f", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      case '\v': fputs("\\v", out); break;
      default:
        if (c < 32 || c == 127) fprintf(out, "\\%03u", c);
        else fputc((int)c, out);
    }
  }
  fputc('"', out);
}

static void putconst(FILE *out, const Proto *f, int k) {
  if (k < 0 || k >= f->sizek) {
    fputs("?", out);
    return;
  }
  const Value *v = &f->k[k];
  if (ttisnil(v)) {
    fputs("nil", out);
  } else if (ttisfalse(v)) {
    fputs("false", out);
  } else if (ttistrue(v)) {
    fputs("true", out);
  } else if (ttisinteger(v)) {
    fprintf(out, "%" PRId64, (int64_t)ivalue(v));
  } else if (ttisfloat(v)) {
    char buff[VM_MAXNUMBER2STR];
    vm_num2str(v, buff);
    fputs(buff, out);
  } else if (ttisstring(v)) {
    putstr(out, tsvalue(v));
  } else {
    fputs("?", out);
  }
}

static const char *upname(const Proto *f, int u) {
  if (u < 0 || u >= f->sizeupvalues || f->upvalues[u].name == NULL) return "-";
  return getstr(f->upvalues[u].name);
}

static const char *eventname(int e) {
  static const char *const names[] = {
#define VM_TM_NAME(name, str) str,
    VM_TMS(VM_TM_NAME)
#undef VM_TM_NAME
  };
  return (e >= 0 && e < TM_N) ? names[e] : "?";
}

static void putcount(FILE *out, int n, const char *what) {
  if (n == 0)
    fprintf(out, "all %s", what);
  else
    fprintf(out, "%d %s", n - 1, what);
}

/* Functions are numbered in depth-first preorder: main is #0. */
static int countfuncs(const Proto *f) {
  int n = 1;
  for (int j = 0; j < f->sizep; j++) n += countfuncs(f->p[j]);
  return n;
}

static int childnum(const Proto *f, int me, int j) {
  int n = me + 1;
  for (int l = 0; l < j && l < f->sizep; l++) n += countfuncs(f->p[l]);
  return n;
}

static void putcode(FILE *out, const Proto *f, int me) {
  for (int pc = 0; pc < f->sizecode; pc++) {
    Instruction i = f->code[pc];
    OpCode op = GET_OPCODE(i);
    int a = GETARG_A(i), b = GETARG_B(i), c = GETARG_C(i), k = GETARG_k(i);
    int bx = GETARG_Bx(i), sbx = GETARG_sBx(i), sb = GETARG_sB(i), sc = GETARG_sC(i);
    fprintf(out, "\t%d\t", pc + 1);
    int line = (f->lineinfo != NULL && pc < f->sizelineinfo) ? f->lineinfo[pc] : -1;
    if (line >= 0)
      fprintf(out, "[%d]\t", line);
    else
      fputs("[-]\t", out);
    if (op >= NUM_OPCODES) {
      fprintf(out, "<invalid opcode %d>\n", (int)op);
      continue;
    }
    fprintf(out, "%-9s\t", vm_opinfo[op].name);
    const char *ks = k ? "k" : "";
    switch (op) {
      case OP_MOVE: fprintf(out, "%d %d", a, b); break;
      case OP_LOADI: case OP_LOADF: fprintf(out, "%d %d", a, sbx); break;
      case OP_LOADK:
        fprintf(out, "%d %d\t; ", a, bx);
        putconst(out, f, bx);
        break;
      case OP_LOADKX: fprintf(out, "%d", a); break;
      case OP_LOADFALSE: case OP_LFALSESKIP: case OP_LOADTRUE: case OP_CLOSE: case OP_TBC:
      case OP_RETURN1:
        fprintf(out, "%d", a);
        break;
      case OP_LOADNIL: fprintf(out, "%d %d\t; %d out", a, b, b + 1); break;
      case OP_GETUPVAL: case OP_SETUPVAL:
        fprintf(out, "%d %d\t; %s", a, b, upname(f, b));
        break;
      case OP_GETTABUP:
        fprintf(out, "%d %d %d\t; %s ", a, b, c, upname(f, b));
        putconst(out, f, c);
        break;
      case OP_GETTABLE: case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW:
      case OP_DIV: case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL:
      case OP_SHR:
        fprintf(out, "%d %d %d", a, b, c);
        break;
      case OP_GETI: fprintf(out, "%d %d %d", a, b, c); break;
      case OP_GETFIELD:
        fprintf(out, "%d %d %d\t; ", a, b, c);
        putconst(out, f, c);
        break;
      case OP_SETTABUP:
        fprintf(out, "%d %d %d%s\t; %s ", a, b, c, ks, upname(f, a));
        putconst(out, f, b);
        if (k) {
          fputc(' ', out);
          putconst(out, f, c);
        }
        break;
      case OP_SETTABLE: case OP_SETI:
        fprintf(out, "%d %d %d%s", a, b, c, ks);
        if (k) {
          fputs("\t; ", out);
          putconst(out, f, c);
        }
        break;
      case OP_SETFIELD:
        fprintf(out, "%d %d %d%s\t; ", a, b, c, ks);
        putconst(out, f, b);
        if (k) {
          fputc(' ', out);
          putconst(out, f, c);
        }
        break;
      case OP_NEWTABLE:
        fprintf(out, "%d %d %d%s", a, b, c, ks);
        break;
      case OP_SELF:
        fprintf(out, "%d %d %d%s", a, b, c, ks);
        if (k) {
          fputs("\t; ", out);
          putconst(out, f, c);
        }
        break;
      case OP_ADDI: case OP_SHRI: case OP_SHLI:
        fprintf(out, "%d %d %d", a, b, sc);
        break;
      case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK: case OP_POWK: case OP_DIVK:
      case OP_IDIVK: case OP_BANDK: case OP_BORK: case OP_BXORK:
        fprintf(out, "%d %d %d\t; ", a, b, c);
        putconst(out, f, c);
        break;
      case OP_MMBIN:
        fprintf(out, "%d %d %d\t; %s", a, b, c, eventname(c));
        break;
      case OP_MMBINI:
        fprintf(out, "%d %d %d %d\t; %s", a, sb, c, k, eventname(c));
        break;
      case OP_MMBINK:
        fprintf(out, "%d %d %d %d\t; %s ", a, b, c, k, eventname(c));
        putconst(out, f, b);
        break;
      case OP_UNM: case OP_BNOT: case OP_NOT: case OP_LEN: case OP_CONCAT:
        fprintf(out, "%d %d", a, b);
        break;
      case OP_JMP:
        fprintf(out, "%d\t; to %d", GETARG_sJ(i), pc + GETARG_sJ(i) + 2);
        break;
      case OP_EQ: case OP_LT: case OP_LE: case OP_TESTSET:
        fprintf(out, "%d %d %d", a, b, k);
        break;
      case OP_EQK:
        fprintf(out, "%d %d %d\t; ", a, b, k);
        putconst(out, f, b);
        break;
      case OP_EQI: case OP_LTI: case OP_LEI: case OP_GTI: case OP_GEI:
        fprintf(out, "%d %d %d", a, sb, k);
        break;
      case OP_TEST: fprintf(out, "%d %d", a, k); break;
      case OP_CALL:
        fprintf(out, "%d %d %d\t; ", a, b, c);
        putcount(out, b, "in ");
        putcount(out, c, "out");
        break;
      case OP_TAILCALL:
        fprintf(out, "%d %d %d%s\t; ", a, b, c, ks);
        putcount(out, b, "in");
        break;
      case OP_RETURN:
        fprintf(out, "%d %d %d%s\t; ", a, b, c, ks);
        putcount(out, b, "out");
        break;
      case OP_RETURN0: break;
      case OP_FORLOOP: case OP_TFORLOOP:
        fprintf(out, "%d %d\t; to %d", a, bx, pc - bx + 2);
        break;
      case OP_FORPREP:
        fprintf(out, "%d %d\t; exit to %d", a, bx, pc + bx + 3);
        break;
      case OP_TFORPREP:
        fprintf(out, "%d %d\t; to %d", a, bx, pc + bx + 2);
        break;
      case OP_TFORCALL: fprintf(out, "%d %d", a, c); break;
      case OP_SETLIST:
        fprintf(out, "%d %d %d%s", a, b, c, ks);
        break;
      case OP_CLOSURE:
        fprintf(out, "%d %d\t; function #%d", a, bx, childnum(f, me, bx));
        break;
      case OP_VARARG:
        fprintf(out, "%d %d\t; ", a, c);
        putcount(out, c, "out");
        break;
      case OP_VARARGPREP: fprintf(out, "%d", a); break;
      case OP_EXTRAARG: fprintf(out, "%d", GETARG_Ax(i)); break;
      default: break;
    }
    fputc('\n', out);
  }
}

static void putfunction(FILE *out, const Proto *f, int full, int me) {
  char src[LUA_IDSIZE];
  if (f->source != NULL)
    vm_chunkid(src, getstr(f->source), tsslen(f->source));
  else
    strcpy(src, "=?");
  fprintf(out, "\n%s <%s:%d,%d> (%d instruction%s) #%d\n", f->linedefined == 0 ? "main" : "function",
          src, f->linedefined, f->lastlinedefined, f->sizecode, f->sizecode == 1 ? "" : "s", me);
  fprintf(out, "%d%s param%s, %d slot%s, %d upvalue%s, %d local%s, %d constant%s, %d function%s\n",
          f->numparams, f->is_vararg ? "+" : "", f->numparams == 1 ? "" : "s",
          f->maxstacksize, f->maxstacksize == 1 ? "" : "s",
          f->sizeupvalues, f->sizeupvalues == 1 ? "" : "s",
          f->sizelocvars, f->sizelocvars == 1 ? "" : "s",
          f->sizek, f->sizek == 1 ? "" : "s",
          f->sizep, f->sizep == 1 ? "" : "s");
  putcode(out, f, me);
  if (full) {
    fprintf(out, "constants (%d) for #%d:\n", f->sizek, me);
    for (int i = 0; i < f->sizek; i++) {
      const Value *v = &f->k[i];
      const char *tag = ttisnil(v) ? "N" : ttisboolean(v) ? "B" : ttisinteger(v) ? "I"
                        : ttisfloat(v) ? "F" : ttisstring(v) ? "S" : "?";
      fprintf(out, "\t%d\t%s\t", i, tag);
      putconst(out, f, i);
      fputc('\n', out);
    }
    fprintf(out, "locals (%d) for #%d:\n", f->sizelocvars, me);
    for (int i = 0; i < f->sizelocvars; i++)
      fprintf(out, "\t%d\t%s\t%d\t%d\n", i,
              f->locvars[i].varname ? getstr(f->locvars[i].varname) : "?",
              f->locvars[i].startpc + 1, f->locvars[i].endpc + 1);
    fprintf(out, "upvalues (%d) for #%d:\n", f->sizeupvalues, me);
    for (int i = 0; i < f->sizeupvalues; i++)
      fprintf(out, "\t%d\t%s\t%d\t%d\n", i, upname(f, i), f->upvalues[i].instack,
              f->upvalues[i].idx);
  }
  for (int j = 0; j < f->sizep; j++) putfunction(out, f->p[j], full, childnum(f, me, j));
}

void bc_list(FILE *out, const Proto *f, int full) {
  putfunction(out, f, full, 0);
}
