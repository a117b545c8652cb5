/* The parser's data structures, shared with the code generator (code.c): expression
 * descriptors, active-variable descriptors, pending gotos and labels, per-function state. */
#ifndef CC_PARSE_H
#define CC_PARSE_H

#include "compiler/lex.h"

/* What an expression currently is. Until it is "discharged" into a register an expression
 * stays symbolic, so constants fold and table accesses pick the right opcode. */
typedef enum {
  VVOID,      /* empty expression list or no expression */
  VNIL, VTRUE, VFALSE,
  VK,         /* constant in k; info = index */
  VKFLT,      /* nval = float constant */
  VKINT,      /* ival = integer constant */
  VKSTR,      /* strval = string constant */
  VNONRELOC,  /* value is in a fixed register; info = register */
  VLOCAL,     /* local variable; var.ridx = register, var.vidx = index among active vars */
  VUPVAL,     /* upvalue; info = upvalue index */
  VCONST,     /* compile-time <const>; info = absolute index in Dyndata.actvar */
  VINDEXED,   /* ind.t = table register, ind.idx = key register */
  VINDEXUP,   /* ind.t = table upvalue, ind.idx = key's K index (short string) */
  VINDEXI,    /* ind.t = table register, ind.idx = integer key */
  VINDEXSTR,  /* ind.t = table register, ind.idx = key's K index (short string) */
  VJMP,       /* comparison; info = pc of its jump */
  VRELOC,     /* result can go to any register; info = pc of the instruction to patch */
  VCALL,      /* info = pc of the CALL */
  VVARARG     /* info = pc of the VARARG */
} ExpKind;

#define vkisvar(k) (VLOCAL <= (k) && (k) <= VINDEXSTR)
#define vkisindexed(k) (VINDEXED <= (k) && (k) <= VINDEXSTR)
#define hasmultret(k) ((k) == VCALL || (k) == VVARARG)

typedef struct ExpDesc {
  ExpKind k;
  union {
    lua_Integer ival;
    lua_Number nval;
    TString *strval;
    int info;
  } u;
  struct { int t; int idx; } ind;           /* indexed variables */
  struct { int ridx; int vidx; } var;       /* local variables */
  int t;  /* jumps to patch when the expression is true */
  int f;  /* ... when it is false */
} ExpDesc;

/* Kinds of variables (also stored in Upvaldesc.kind). */
#define VDKREG 0      /* ordinary */
#define RDKCONST 1    /* <const> */
#define RDKTOCLOSE 2  /* <close> */
#define RDKCTC 3      /* compile-time constant: no register, value in k */

typedef struct Vardesc {
  Value k;            /* value of a compile-time constant */
  uint8_t kind;
  uint8_t ridx;       /* register holding the variable */
  short pidx;         /* index in Proto.locvars */
  TString *name;
} Vardesc;

typedef struct Labeldesc {
  TString *name;
  int pc;
  int line;
  uint8_t nactvar;    /* active locals at that position */
  uint8_t close;      /* goto that escapes upvalues or tbc variables */
} Labeldesc;

typedef struct Labellist {
  Labeldesc *arr;
  int n;
  int size;
} Labellist;

typedef struct Dyndata {
  struct {
    Vardesc *arr;
    int n;
    int size;
  } actvar;
  Labellist gt;       /* pending gotos */
  Labellist label;    /* active labels */
} Dyndata;

struct BlockCnt;

typedef struct FuncState {
  Proto *f;
  struct FuncState *prev;
  struct LexState *ls;
  struct BlockCnt *bl;
  int pc;             /* next instruction */
  int lasttarget;     /* pc of the last jump target (no peephole across it) */
  int nk;
  int np;
  int firstlocal;     /* index of the first local of this function in Dyndata.actvar */
  int firstlabel;
  short ndebugvars;   /* entries used in f->locvars */
  uint8_t nactvar;
  uint8_t nups;
  uint8_t freereg;
  uint8_t needclose;  /* returns must close upvalues / tbc variables */
} FuncState;

/* Limits, with the reasons: locals are capped below the 255 registers so expressions keep
 * room; upvalue indices are one byte (B operand). */
#define MAXVARS 200
#define MAXUPVAL 255

int cc_nvarstack(FuncState *fs);

#endif
