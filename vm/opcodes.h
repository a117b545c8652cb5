/* The register VM's instruction set: encoding, field macros and the one opcode list.
 * The opcode semantics follow Lua 5.4's instruction set, so the code generator, interpreter,
 * verifier and disassembler all read the same table below. */
#ifndef VM_OPCODES_H
#define VM_OPCODES_H

#include <stdint.h>

typedef uint32_t Instruction;

/*
 * Every instruction is 32 bits; the opcode is always the low 7 bits.
 *
 *         3 3 2 2 2 2 2 2 2 2 2 2 1 1 1 1 1 1 1 1 1 1 0 0 0 0 0 0 0 0 0 0
 *         1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *  iABC  |       C(8)    |      B(8)     |k|      A(8)     |   Op(7)     |
 *  iABx  |            Bx(17)               |      A(8)     |   Op(7)     |
 *  iAsBx |           sBx (signed)(17)      |      A(8)     |   Op(7)     |
 *  iAx   |                     Ax(25)                      |   Op(7)     |
 *  isJ   |                     sJ (signed)(25)             |   Op(7)     |
 *
 * Signed fields are stored in excess-K form: the stored value is the real value plus
 * OFFSET_sBx (or OFFSET_sJ, OFFSET_sC for sC operands).
 */
enum OpMode { iABC, iABx, iAsBx, iAx, isJ };

#define SIZE_OP 7
#define SIZE_A  8
#define SIZE_B  8
#define SIZE_C  8
#define SIZE_Bx (SIZE_C + SIZE_B + 1)
#define SIZE_Ax (SIZE_Bx + SIZE_A)
#define SIZE_sJ (SIZE_Bx + SIZE_A)

#define POS_OP 0
#define POS_A  (POS_OP + SIZE_OP)
#define POS_k  (POS_A + SIZE_A)
#define POS_B  (POS_k + 1)
#define POS_C  (POS_B + SIZE_B)
#define POS_Bx POS_k
#define POS_Ax POS_A
#define POS_sJ POS_A

#define MAXARG_A  ((1 << SIZE_A) - 1)
#define MAXARG_B  ((1 << SIZE_B) - 1)
#define MAXARG_C  ((1 << SIZE_C) - 1)
#define MAXARG_Bx ((1 << SIZE_Bx) - 1)
#define MAXARG_Ax ((1 << SIZE_Ax) - 1)
#define MAXARG_sJ ((1 << SIZE_sJ) - 1)
#define OFFSET_sBx (MAXARG_Bx >> 1)
#define OFFSET_sJ  (MAXARG_sJ >> 1)
#define OFFSET_sC  (MAXARG_C >> 1)
#define int2sC(i)  ((i) + OFFSET_sC)
#define sC2int(i)  ((i) - OFFSET_sC)

#define MASK1(n, p) ((~((~(Instruction)0) << (n))) << (p))
#define MASK0(n, p) (~MASK1(n, p))
#define getarg(i, pos, size) ((int)(((i) >> (pos)) & MASK1(size, 0)))
#define setarg(i, v, pos, size) \
  ((i) = (((i) & MASK0(size, pos)) | ((((Instruction)(v)) << (pos)) & MASK1(size, pos))))

#define GET_OPCODE(i) ((OpCode)(((i) >> POS_OP) & MASK1(SIZE_OP, 0)))
#define SET_OPCODE(i, o) setarg(i, o, POS_OP, SIZE_OP)
#define GETARG_A(i)   getarg(i, POS_A, SIZE_A)
#define SETARG_A(i, v) setarg(i, v, POS_A, SIZE_A)
#define GETARG_B(i)   getarg(i, POS_B, SIZE_B)
#define GETARG_sB(i)  sC2int(GETARG_B(i))
#define SETARG_B(i, v) setarg(i, v, POS_B, SIZE_B)
#define GETARG_C(i)   getarg(i, POS_C, SIZE_C)
#define GETARG_sC(i)  sC2int(GETARG_C(i))
#define SETARG_C(i, v) setarg(i, v, POS_C, SIZE_C)
#define TESTARG_k(i)  ((int)((i) & (1u << POS_k)))
#define GETARG_k(i)   getarg(i, POS_k, 1)
#define SETARG_k(i, v) setarg(i, v, POS_k, 1)
#define GETARG_Bx(i)  getarg(i, POS_Bx, SIZE_Bx)
#define SETARG_Bx(i, v) setarg(i, v, POS_Bx, SIZE_Bx)
#define GETARG_Ax(i)  getarg(i, POS_Ax, SIZE_Ax)
#define SETARG_Ax(i, v) setarg(i, v, POS_Ax, SIZE_Ax)
#define GETARG_sBx(i) (getarg(i, POS_Bx, SIZE_Bx) - OFFSET_sBx)
#define SETARG_sBx(i, b) SETARG_Bx((i), (unsigned int)((b) + OFFSET_sBx))
#define GETARG_sJ(i)  (getarg(i, POS_sJ, SIZE_sJ) - OFFSET_sJ)
#define SETARG_sJ(i, j) setarg(i, (unsigned int)((j) + OFFSET_sJ), POS_sJ, SIZE_sJ)

#define CREATE_ABCk(o, a, b, c, k) \
  (((Instruction)(o) << POS_OP) | ((Instruction)(a) << POS_A) | ((Instruction)(b) << POS_B) | \
   ((Instruction)(c) << POS_C) | ((Instruction)(k) << POS_k))
#define CREATE_ABx(o, a, bc) \
  (((Instruction)(o) << POS_OP) | ((Instruction)(a) << POS_A) | ((Instruction)(bc) << POS_Bx))
#define CREATE_Ax(o, a) (((Instruction)(o) << POS_OP) | ((Instruction)(a) << POS_Ax))
#define CREATE_sJ(o, j, k) \
  (((Instruction)(o) << POS_OP) | ((Instruction)((j) + OFFSET_sJ) << POS_sJ) | \
   ((Instruction)(k) << POS_k))

/* An invalid register that fits in 8 bits (the parser's "no register"). */
#define NO_REG MAXARG_A
/* Registers per function: A is 8 bits, and maxstacksize is stored in one byte. */
#define MAXREGS 255
/* Items flushed per SETLIST batch. */
#define LFIELDS_PER_FLUSH 50

/*
 * The opcode list. Columns: name, format, then mode flags used by the verifier and the
 * debug information:
 *   MM  the instruction is a metamethod fallback (MMBIN*) for the previous one
 *   OT  sets L->top for the next instruction (when C == 0 for calls, B == 0 for varargs)
 *   IT  uses L->top set by the previous instruction (when B == 0)
 *   T   is a test: the next instruction is a jump
 *   A   writes register A
 * Notation: R[x] register, K[x] constant, UpValue[x], RK(x) = k ? K[x] : R[x], sJ/sBx jumps.
 */
#define VM_OPCODES(X) \
  /*   name       format MM OT IT T  A    semantics */ \
  X(MOVE,       iABC,  0, 0, 0, 0, 1) /* A B       R[A] := R[B] */ \
  X(LOADI,      iAsBx, 0, 0, 0, 0, 1) /* A sBx     R[A] := sBx */ \
  X(LOADF,      iAsBx, 0, 0, 0, 0, 1) /* A sBx     R[A] := (lua_Number)sBx */ \
  X(LOADK,      iABx,  0, 0, 0, 0, 1) /* A Bx      R[A] := K[Bx] */ \
  X(LOADKX,     iABx,  0, 0, 0, 0, 1) /* A         R[A] := K[extra arg] */ \
  X(LOADFALSE,  iABC,  0, 0, 0, 0, 1) /* A         R[A] := false */ \
  X(LFALSESKIP, iABC,  0, 0, 0, 0, 1) /* A         R[A] := false; pc++ */ \
  X(LOADTRUE,   iABC,  0, 0, 0, 0, 1) /* A         R[A] := true */ \
  X(LOADNIL,    iABC,  0, 0, 0, 0, 1) /* A B       R[A], R[A+1], ..., R[A+B] := nil */ \
  X(GETUPVAL,   iABC,  0, 0, 0, 0, 1) /* A B       R[A] := UpValue[B] */ \
  X(SETUPVAL,   iABC,  0, 0, 0, 0, 0) /* A B       UpValue[B] := R[A] */ \
  X(GETTABUP,   iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := UpValue[B][K[C]:shortstring] */ \
  X(GETTABLE,   iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B][R[C]] */ \
  X(GETI,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B][C] */ \
  X(GETFIELD,   iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B][K[C]:shortstring] */ \
  X(SETTABUP,   iABC,  0, 0, 0, 0, 0) /* A B C     UpValue[A][K[B]:shortstring] := RK(C) */ \
  X(SETTABLE,   iABC,  0, 0, 0, 0, 0) /* A B C     R[A][R[B]] := RK(C) */ \
  X(SETI,       iABC,  0, 0, 0, 0, 0) /* A B C     R[A][B] := RK(C) */ \
  X(SETFIELD,   iABC,  0, 0, 0, 0, 0) /* A B C     R[A][K[B]:shortstring] := RK(C) */ \
  X(NEWTABLE,   iABC,  0, 0, 0, 0, 1) /* A B C k   R[A] := {} (B: log2(hash size)+1, C: array size; \
                                         k: array size continues in the next EXTRAARG) */ \
  X(SELF,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A+1] := R[B]; R[A] := R[B][RK(C):string] */ \
  X(ADDI,       iABC,  0, 0, 0, 0, 1) /* A B sC    R[A] := R[B] + sC */ \
  X(ADDK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] + K[C]:number */ \
  X(SUBK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] - K[C]:number */ \
  X(MULK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] * K[C]:number */ \
  X(MODK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] % K[C]:number */ \
  X(POWK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] ^ K[C]:number */ \
  X(DIVK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] / K[C]:number */ \
  X(IDIVK,      iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] // K[C]:number */ \
  X(BANDK,      iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] & K[C]:integer */ \
  X(BORK,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] | K[C]:integer */ \
  X(BXORK,      iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] ~ K[C]:integer */ \
  X(SHRI,       iABC,  0, 0, 0, 0, 1) /* A B sC    R[A] := R[B] >> sC */ \
  X(SHLI,       iABC,  0, 0, 0, 0, 1) /* A B sC    R[A] := sC << R[B] */ \
  X(ADD,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] + R[C] */ \
  X(SUB,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] - R[C] */ \
  X(MUL,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] * R[C] */ \
  X(MOD,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] % R[C] */ \
  X(POW,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] ^ R[C] */ \
  X(DIV,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] / R[C] */ \
  X(IDIV,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] // R[C] */ \
  X(BAND,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] & R[C] */ \
  X(BOR,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] | R[C] */ \
  X(BXOR,       iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] ~ R[C] */ \
  X(SHL,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] << R[C] */ \
  X(SHR,        iABC,  0, 0, 0, 0, 1) /* A B C     R[A] := R[B] >> R[C] */ \
  X(MMBIN,      iABC,  1, 0, 0, 0, 0) /* A B C     call C metamethod over R[A] and R[B] */ \
  X(MMBINI,     iABC,  1, 0, 0, 0, 0) /* A sB C k  call C metamethod over R[A] and sB */ \
  X(MMBINK,     iABC,  1, 0, 0, 0, 0) /* A B C k   call C metamethod over R[A] and K[B] */ \
  X(UNM,        iABC,  0, 0, 0, 0, 1) /* A B       R[A] := -R[B] */ \
  X(BNOT,       iABC,  0, 0, 0, 0, 1) /* A B       R[A] := ~R[B] */ \
  X(NOT,        iABC,  0, 0, 0, 0, 1) /* A B       R[A] := not R[B] */ \
  X(LEN,        iABC,  0, 0, 0, 0, 1) /* A B       R[A] := #R[B] (length operator) */ \
  X(CONCAT,     iABC,  0, 0, 0, 0, 1) /* A B       R[A] := R[A].. ... ..R[A + B - 1] */ \
  X(CLOSE,      iABC,  0, 0, 0, 0, 0) /* A         close all upvalues >= R[A] */ \
  X(TBC,        iABC,  0, 0, 0, 0, 0) /* A         mark variable A "to be closed" */ \
  X(JMP,        isJ,   0, 0, 0, 0, 0) /* sJ        pc += sJ */ \
  X(EQ,         iABC,  0, 0, 0, 1, 0) /* A B k     if ((R[A] == R[B]) ~= k) then pc++ */ \
  X(LT,         iABC,  0, 0, 0, 1, 0) /* A B k     if ((R[A] <  R[B]) ~= k) then pc++ */ \
  X(LE,         iABC,  0, 0, 0, 1, 0) /* A B k     if ((R[A] <= R[B]) ~= k) then pc++ */ \
  X(EQK,        iABC,  0, 0, 0, 1, 0) /* A B k     if ((R[A] == K[B]) ~= k) then pc++ */ \
  X(EQI,        iABC,  0, 0, 0, 1, 0) /* A sB k    if ((R[A] == sB) ~= k) then pc++ */ \
  X(LTI,        iABC,  0, 0, 0, 1, 0) /* A sB k    if ((R[A] < sB) ~= k) then pc++ */ \
  X(LEI,        iABC,  0, 0, 0, 1, 0) /* A sB k    if ((R[A] <= sB) ~= k) then pc++ */ \
  X(GTI,        iABC,  0, 0, 0, 1, 0) /* A sB k    if ((R[A] > sB) ~= k) then pc++ */ \
  X(GEI,        iABC,  0, 0, 0, 1, 0) /* A sB k    if ((R[A] >= sB) ~= k) then pc++ */ \
  X(TEST,       iABC,  0, 0, 0, 1, 0) /* A k       if (not R[A] == k) then pc++ */ \
  X(TESTSET,    iABC,  0, 0, 0, 1, 1) /* A B k     if (not R[B] == k) then pc++ else R[A] := R[B] */ \
  X(CALL,       iABC,  0, 1, 1, 0, 1) /* A B C     R[A], ... ,R[A+C-2] := R[A](R[A+1], ... ,R[A+B-1]) */ \
  X(TAILCALL,   iABC,  0, 1, 1, 0, 1) /* A B C k   return R[A](R[A+1], ... ,R[A+B-1]) */ \
  X(RETURN,     iABC,  0, 0, 1, 0, 0) /* A B C k   return R[A], ... ,R[A+B-2] */ \
  X(RETURN0,    iABC,  0, 0, 0, 0, 0) /*           return */ \
  X(RETURN1,    iABC,  0, 0, 0, 0, 0) /* A         return R[A] */ \
  X(FORLOOP,    iABx,  0, 0, 0, 0, 1) /* A Bx      update counters; if loop continues then pc-=Bx; */ \
  X(FORPREP,    iABx,  0, 0, 0, 0, 1) /* A Bx      <check values and prepare counters>; \
                                         if not to run then pc+=Bx+1; */ \
  X(TFORPREP,   iABx,  0, 0, 0, 0, 0) /* A Bx      create upvalue for R[A + 3]; pc+=Bx */ \
  X(TFORCALL,   iABC,  0, 0, 0, 0, 0) /* A C       R[A+4], ... ,R[A+3+C] := R[A](R[A+1], R[A+2]); */ \
  X(TFORLOOP,   iABx,  0, 0, 0, 0, 1) /* A Bx      if R[A+2] ~= nil then { R[A]=R[A+2]; pc -= Bx } */ \
  X(SETLIST,    iABC,  0, 0, 1, 0, 0) /* A B C k   R[A][C+i] := R[A+i], 1 <= i <= B */ \
  X(CLOSURE,    iABx,  0, 0, 0, 0, 1) /* A Bx      R[A] := closure(KPROTO[Bx]) */ \
  X(VARARG,     iABC,  0, 1, 0, 0, 1) /* A C       R[A], R[A+1], ..., R[A+C-2] = vararg */ \
  X(VARARGPREP, iABC,  0, 0, 1, 0, 1) /* A         (adjust vararg parameters) */ \
  X(EXTRAARG,   iAx,   0, 0, 0, 0, 0) /* Ax        extra (larger) argument for previous opcode */

/*
 * Notes on operand conventions (as in Lua 5.4):
 * - In CALL, B-1 is the number of arguments (B == 0: up to top); C-1 is the number of
 *   results (C == 0: multiple results, top is set).
 * - In RETURN, B-1 is the number of results (B == 0: up to top). k set means the function
 *   has upvalues or to-be-closed variables to close; C-1 is the number of fixed parameters
 *   of a vararg function (C > 0), used to restore the frame.
 * - TAILCALL: k and C as in RETURN.
 * - SETLIST: B is the count (0: up to top); C is the start index minus one; k means the
 *   real C continues in the next EXTRAARG (C + EXTRAARG * (MAXARG_C + 1)).
 * - EQ/LT/LE/EQK/EQI/LTI/LEI/GTI/GEI/TEST/TESTSET are followed by a JMP.
 * - MMBIN* follow the arithmetic instruction they complete; they run only when the fast
 *   arithmetic path failed (the fast path skips them on success).
 * - For comparisons with an immediate (LTI...), C holds 1 if the original operand was a float.
 * - OP_LOADKX, NEWTABLE with k, and SETLIST with k are followed by EXTRAARG.
 */

/*
 * Quickened opcodes: type-specialised forms the interpreter rewrites an instruction into when
 * its operands had those types, and rewrites back to the base opcode (then runs the base
 * handler) when a guard fails. Operands, format, mode flags and stack effects are the base
 * opcode's; only the guard differs. They are numbered after the base set, exist only in
 * running code (a rewrite of an instruction the verifier accepted), and are never written out:
 * string.dump writes the base opcode (vm_unquicken), the debug interface reads it (vm_baseop),
 * and the verifier and the disassembler reject their numbers in a chunk like any unknown one.
 * Columns: name, base opcode; the comment gives the guard and the fast semantics.
 */
#define VM_QUICK_OPCODES(Q) \
  Q(ADD_FF,     ADD)  /* R[B], R[C] floats:   R[A] := R[B] + R[C]; pc++ (skip MMBIN) */ \
  Q(SUB_FF,     SUB)  /* R[B], R[C] floats:   R[A] := R[B] - R[C]; pc++ */ \
  Q(MUL_FF,     MUL)  /* R[B], R[C] floats:   R[A] := R[B] * R[C]; pc++ */ \
  Q(DIV_FF,     DIV)  /* R[B], R[C] floats:   R[A] := R[B] / R[C]; pc++ */ \
  Q(ADD_II,     ADD)  /* R[B], R[C] integers: R[A] := R[B] + R[C] (wrapping); pc++ */ \
  Q(SUB_II,     SUB)  /* R[B], R[C] integers: R[A] := R[B] - R[C] (wrapping); pc++ */ \
  Q(MUL_II,     MUL)  /* R[B], R[C] integers: R[A] := R[B] * R[C] (wrapping); pc++ */ \
  Q(ADDK_F,     ADDK) /* R[B] float:          R[A] := R[B] + K[C]; pc++ */ \
  Q(SUBK_F,     SUBK) /* R[B] float:          R[A] := R[B] - K[C]; pc++ */ \
  Q(MULK_F,     MULK) /* R[B] float:          R[A] := R[B] * K[C]; pc++ */ \
  Q(DIVK_F,     DIVK) /* R[B] float:          R[A] := R[B] / K[C]; pc++ */ \
  Q(ADD_N,      ADD)  /* R[B], R[C] numbers, not both integers: R[A] := R[B] + R[C] in \
                         floats; pc++ */ \
  Q(SUB_N,      SUB)  /* the same for R[B] - R[C] */ \
  Q(MUL_N,      MUL)  /* the same for R[B] * R[C] */ \
  Q(DIV_N,      DIV)  /* R[B], R[C] numbers:  R[A] := R[B] / R[C] in floats; pc++ */ \
  Q(ADDK_I,     ADDK) /* R[B] integer (K[C] a float, seen when quickened): \
                         R[A] := R[B] + K[C] in floats; pc++ */ \
  Q(SUBK_I,     SUBK) /* the same for R[B] - K[C] */ \
  Q(MULK_I,     MULK) /* the same for R[B] * K[C] */ \
  Q(DIVK_I,     DIVK) /* R[B] integer:        R[A] := R[B] / K[C] in floats; pc++ */ \
  Q(LT_FF,      LT)   /* R[A], R[B] floats:   if ((R[A] <  R[B]) ~= k) then pc++ */ \
  Q(LE_FF,      LE)   /* R[A], R[B] floats:   if ((R[A] <= R[B]) ~= k) then pc++ */ \
  Q(LTI_F,      LTI)  /* R[A] float:          if ((R[A] <  sB) ~= k) then pc++ */ \
  Q(LEI_F,      LEI)  /* R[A] float:          if ((R[A] <= sB) ~= k) then pc++ */ \
  Q(GTI_F,      GTI)  /* R[A] float:          if ((R[A] >  sB) ~= k) then pc++ */ \
  Q(GEI_F,      GEI)  /* R[A] float:          if ((R[A] >= sB) ~= k) then pc++ */

typedef enum {
#define VM_OP_ENUM(name, mode, mm, ot, it, t, a) OP_##name,
  VM_OPCODES(VM_OP_ENUM)
#undef VM_OP_ENUM
  NUM_OPCODES,  /* the base set: what the compiler emits and the verifier accepts */
  OP_QUICK_BEFORE_ = NUM_OPCODES - 1,
#define VM_OP_QENUM(name, base) OP_##name,
  VM_QUICK_OPCODES(VM_OP_QENUM)
#undef VM_OP_QENUM
  NUM_ALLOPCODES  /* base and quickened */
} OpCode;

/* Per-opcode facts generated from the lists (defined in vm/opcodes.c); a quickened opcode
 * has its base opcode's facts and base. */
typedef struct {
  const char *name;
  uint8_t mode;   /* enum OpMode */
  uint8_t mm, ot, it, t, a;
  uint8_t base;   /* OpCode: itself, or the opcode a quickened one specialises */
} OpInfo;
extern const OpInfo vm_opinfo[NUM_ALLOPCODES];

/* The base opcode of an instruction in running code, and the instruction with its opcode
 * replaced by the base one (what is written out and what debug information reads). */
#define vm_baseop(i) ((OpCode)(GET_OPCODE(i) < NUM_ALLOPCODES ? vm_opinfo[GET_OPCODE(i)].base : GET_OPCODE(i)))
#define vm_unquicken(i) (((i) & ~MASK1(SIZE_OP, POS_OP)) | ((Instruction)vm_baseop(i) << POS_OP))

#define getOpMode(op) ((enum OpMode)vm_opinfo[op].mode)
#define testAMode(op) (vm_opinfo[op].a)
#define testTMode(op) (vm_opinfo[op].t)
#define testITMode(op) (vm_opinfo[op].it)
#define testOTMode(op) (vm_opinfo[op].ot)
#define testMMMode(op) (vm_opinfo[op].mm)

/* "out top" (set top for next instruction) / "in top" (uses top from previous) */
#define isOT(i) ((testOTMode(GET_OPCODE(i)) && GETARG_C(i) == 0) || vm_baseop(i) == OP_TAILCALL)
#define isIT(i) (testITMode(GET_OPCODE(i)) && GETARG_B(i) == 0)

#endif
