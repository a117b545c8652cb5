/* The code generator: emits Lua 5.4 instructions for the parser, keeps expressions symbolic
 * until they must live in a register, folds constants, and manages jump lists. */
#ifndef CC_CODE_H
#define CC_CODE_H

#include "compiler/parse.h"

#define NO_JUMP (-1)

typedef enum BinOpr {
  /* arithmetic and bitwise: same order as LUA_OPADD.., OP_ADD.., OP_ADDK.., TM_ADD.. */
  OPR_ADD, OPR_SUB, OPR_MUL, OPR_MOD, OPR_POW, OPR_DIV, OPR_IDIV,
  OPR_BAND, OPR_BOR, OPR_BXOR, OPR_SHL, OPR_SHR,
  OPR_CONCAT,
  OPR_EQ, OPR_LT, OPR_LE, OPR_NE, OPR_GT, OPR_GE,
  OPR_AND, OPR_OR,
  OPR_NOBINOPR
} BinOpr;

/* Same order as OP_UNM, OP_BNOT, OP_NOT, OP_LEN. */
typedef enum UnOpr { OPR_MINUS, OPR_BNOT, OPR_NOT, OPR_LEN, OPR_NOUNOPR } UnOpr;

#define getinstruction(fs, e) ((fs)->f->code[(e)->u.info])
#define cc_setmultret(fs, e) cc_setreturns(fs, e, LUA_MULTRET)
#define cc_jumpto(fs, t) cc_patchlist(fs, cc_jump(fs), t)

int cc_code(FuncState *fs, Instruction i);
int cc_codeABCk(FuncState *fs, OpCode o, int a, int b, int c, int k);
#define cc_codeABC(fs, o, a, b, c) cc_codeABCk(fs, o, a, b, c, 0)
int cc_codeABx(FuncState *fs, OpCode o, int a, unsigned int bc);
int cc_codeAsBx(FuncState *fs, OpCode o, int a, int bc);
void cc_fixline(FuncState *fs, int line);
void cc_nil(FuncState *fs, int from, int n);
void cc_reserveregs(FuncState *fs, int n);
void cc_checkstack(FuncState *fs, int n);
void cc_int(FuncState *fs, int reg, lua_Integer n);
void cc_dischargevars(FuncState *fs, ExpDesc *e);
int cc_exp2anyreg(FuncState *fs, ExpDesc *e);
void cc_exp2anyregup(FuncState *fs, ExpDesc *e);
void cc_exp2nextreg(FuncState *fs, ExpDesc *e);
void cc_exp2val(FuncState *fs, ExpDesc *e);
int cc_exp2const(FuncState *fs, const ExpDesc *e, Value *v);
void cc_self(FuncState *fs, ExpDesc *e, ExpDesc *key);
void cc_indexed(FuncState *fs, ExpDesc *t, ExpDesc *k);
void cc_goiftrue(FuncState *fs, ExpDesc *e);
void cc_goiffalse(FuncState *fs, ExpDesc *e);
void cc_storevar(FuncState *fs, ExpDesc *var, ExpDesc *e);
void cc_setreturns(FuncState *fs, ExpDesc *e, int nresults);
void cc_setoneret(FuncState *fs, ExpDesc *e);
int cc_jump(FuncState *fs);
void cc_ret(FuncState *fs, int first, int nret);
void cc_patchlist(FuncState *fs, int list, int target);
void cc_patchtohere(FuncState *fs, int list);
void cc_concat(FuncState *fs, int *l1, int l2);
int cc_getlabel(FuncState *fs);
void cc_prefix(FuncState *fs, UnOpr op, ExpDesc *v, int line);
void cc_infix(FuncState *fs, BinOpr op, ExpDesc *v);
void cc_posfix(FuncState *fs, BinOpr op, ExpDesc *v1, ExpDesc *v2, int line);
void cc_settablesize(FuncState *fs, int pc, int ra, int asize, int hsize);
void cc_setlist(FuncState *fs, int base, int nelems, int tostore);
void cc_finish(FuncState *fs);
l_noret cc_semerror(LexState *ls, const char *msg);
/* Grows a vector of Proto (or Dyndata) by doubling; raises "too many <what> (limit is N)". */
void *cc_growvector(lua_State *L, void *v, int nelems, int *size, size_t elemsize, int limit,
                    const char *what, int atomic);

#endif
