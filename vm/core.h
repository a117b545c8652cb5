/* The VM's object model: tagged values, every heap object type, the thread (lua_State) and
 * the state shared by all threads. This is the contract between compiler/, vm/ and
 * vm/bytecode/; functions over these types are declared in the header of the module that
 * owns them (str.h, tab.h, func.h, do.h, exec.h, tm.h, gc.h, debug.h, number.h, state.h). */
#ifndef VM_CORE_H
#define VM_CORE_H

#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "lua.h"
#include "vm/opcodes.h"

#define l_noret void __attribute__((noreturn))
#define l_likely(x) __builtin_expect(((x) != 0), 1)
#define l_unlikely(x) __builtin_expect(((x) != 0), 0)
#define cast(t, exp) ((t)(exp))
#define cast_int(i) cast(int, (i))
#define cast_num(i) cast(lua_Number, (i))
#define cast_byte(i) cast(uint8_t, (i))
#define l_castS2U(i) ((lua_Unsigned)(i))
#define l_castU2S(i) ((lua_Integer)(i))
#ifdef NACRE_ASSERT
#include <assert.h>
#define lua_assert(c) assert(c)
#else
#define lua_assert(c) ((void)0)
#endif

/* ------------------------------------------------------------------------------------------
 * Type tags. The low 4 bits are the basic type (LUA_T*), bits 4-5 the variant, bit 6 marks
 * values that point to a heap object. The design: a value is a 16-byte tagged cell, because
 * 64-bit integers and doubles cannot share a NaN-box.
 */
#define BIT_COLLECTABLE (1 << 6)
#define makevariant(t, v) ((t) | ((v) << 4))
#define ctb(t) ((t) | BIT_COLLECTABLE)

#define VT_NIL        makevariant(LUA_TNIL, 0)
#define VT_EMPTY      makevariant(LUA_TNIL, 1)  /* empty slot of a table */
#define VT_ABSTKEY    makevariant(LUA_TNIL, 2)  /* result of a lookup that found no key */
#define VT_FALSE      makevariant(LUA_TBOOLEAN, 0)
#define VT_TRUE       makevariant(LUA_TBOOLEAN, 1)
#define VT_LIGHTUD    makevariant(LUA_TLIGHTUSERDATA, 0)
#define VT_NUMINT     makevariant(LUA_TNUMBER, 0)
#define VT_NUMFLT     makevariant(LUA_TNUMBER, 1)
#define VT_SHRSTR     ctb(makevariant(LUA_TSTRING, 0))
#define VT_LNGSTR     ctb(makevariant(LUA_TSTRING, 1))
#define VT_TABLE      ctb(makevariant(LUA_TTABLE, 0))
#define VT_LCL        ctb(makevariant(LUA_TFUNCTION, 0)) /* Lua closure */
#define VT_LCF        makevariant(LUA_TFUNCTION, 1)      /* light C function */
#define VT_CCL        ctb(makevariant(LUA_TFUNCTION, 2)) /* C closure */
#define VT_USERDATA   ctb(makevariant(LUA_TUSERDATA, 0))
#define VT_THREAD     ctb(makevariant(LUA_TTHREAD, 0))
#define VT_UPVAL      ctb(makevariant(LUA_NUMTYPES, 0))  /* internal: upvalue */
#define VT_PROTO      ctb(makevariant(LUA_NUMTYPES + 1, 0)) /* internal: function prototype */

#define novariant(t) ((t) & 0x0F)
#define withvariant(t) ((t) & 0x3F)

/* ------------------------------------------------------------------------------------------
 * Values.
 */
typedef struct GCObject GCObject;

typedef union ValueU {
  GCObject *gc;
  void *p;          /* light userdata */
  lua_CFunction f;  /* light C function */
  lua_Integer i;
  lua_Number n;
} ValueU;

typedef struct Value {
  ValueU v;
  uint8_t tt;
} Value;

/* A stack slot. `tbc.delta` links to-be-closed variables through the stack (distance to the
 * previous one, 0 = too far; then a dummy entry is used), as in Lua 5.4; `tfor.nexthint`, in
 * the padding too, is a traversal's guess (setobj copies payload and tag only). */
typedef union StackValue {
  Value val;
  struct {
    ValueU v;
    uint8_t tt;
    unsigned short delta;
  } tbc;
  struct {  /* a for-in loop's control variable: the hash node of its key (vm_tab_fornext) */
    ValueU v;
    uint8_t tt;
    unsigned int nexthint;
  } tfor;
} StackValue;
typedef StackValue *StkId;
#define s2v(o) (&(o)->val)

#define rawtt(o) ((o)->tt)
#define ttype(o) novariant(rawtt(o))
#define ttypetag(o) withvariant(rawtt(o))
#define checktag(o, t) (rawtt(o) == (t))
#define iscollectable(o) (rawtt(o) & BIT_COLLECTABLE)

#define ttisnil(o) (ttype(o) == LUA_TNIL)          /* any nil variant */
#define ttisstrictnil(o) checktag(o, VT_NIL)
#define isempty(o) ttisnil(o)
#define isabstkey(o) checktag(o, VT_ABSTKEY)
#define ttisboolean(o) (ttype(o) == LUA_TBOOLEAN)
#define ttisfalse(o) checktag(o, VT_FALSE)
#define ttistrue(o) checktag(o, VT_TRUE)
#define l_isfalse(o) (ttisfalse(o) || ttisnil(o))
#define ttisnumber(o) (ttype(o) == LUA_TNUMBER)
#define ttisinteger(o) checktag(o, VT_NUMINT)
#define ttisfloat(o) checktag(o, VT_NUMFLT)
#define ttisstring(o) (ttype(o) == LUA_TSTRING)
#define ttisshrstring(o) checktag(o, VT_SHRSTR)
#define ttislngstring(o) checktag(o, VT_LNGSTR)
#define ttistable(o) checktag(o, VT_TABLE)
#define ttisfunction(o) (ttype(o) == LUA_TFUNCTION)
#define ttisLclosure(o) checktag(o, VT_LCL)
#define ttislcf(o) checktag(o, VT_LCF)
#define ttisCclosure(o) checktag(o, VT_CCL)
#define ttisclosure(o) (ttisLclosure(o) || ttisCclosure(o))
#define ttislightuserdata(o) checktag(o, VT_LIGHTUD)
#define ttisfulluserdata(o) checktag(o, VT_USERDATA)
#define ttisthread(o) checktag(o, VT_THREAD)

#define ivalue(o) ((o)->v.i)
#define fltvalue(o) ((o)->v.n)
#define nvalue(o) (ttisinteger(o) ? (lua_Number)ivalue(o) : fltvalue(o))
#define gcvalue(o) ((o)->v.gc)
#define pvalue(o) ((o)->v.p)
#define fvalue(o) ((o)->v.f)
#define tsvalue(o) ((TString *)(o)->v.gc)
#define hvalue(o) ((Table *)(o)->v.gc)
#define clLvalue(o) ((LClosure *)(o)->v.gc)
#define clCvalue(o) ((CClosure *)(o)->v.gc)
#define uvalue(o) ((Udata *)(o)->v.gc)
#define thvalue(o) ((lua_State *)(o)->v.gc)

#define settt_(o, t) ((o)->tt = (t))
/* Non-pointer values clear the payload too: Boehm scans conservatively, and a stale pointer
 * left under a nil or boolean tag would keep its object alive. */
static inline void vm_setnoptr_(Value *o, uint8_t tt) {  /* evaluates o once */
  o->v.p = NULL;
  o->tt = tt;
}
#define setnilvalue(o) vm_setnoptr_((o), VT_NIL)
#define setempty(o) vm_setnoptr_((o), VT_EMPTY)
#define setfltvalue(o, x) ((o)->v.n = (x), settt_(o, VT_NUMFLT))
#define setivalue(o, x) ((o)->v.i = (x), settt_(o, VT_NUMINT))
#define setbfvalue(o) vm_setnoptr_((o), VT_FALSE)
#define setbtvalue(o) vm_setnoptr_((o), VT_TRUE)
#define setpvalue(o, x) ((o)->v.p = (x), settt_(o, VT_LIGHTUD))
#define setfvalue(o, x) ((o)->v.f = (x), settt_(o, VT_LCF))
#define setgcovalue(o, x, tag) ((o)->v.gc = (GCObject *)(x), settt_(o, tag))
#define setsvalue(L, o, x) ((void)(L), setgcovalue(o, x, (x)->tt))
#define sethvalue(L, o, x) ((void)(L), setgcovalue(o, x, VT_TABLE))
#define setclLvalue(L, o, x) ((void)(L), setgcovalue(o, x, VT_LCL))
#define setclCvalue(L, o, x) ((void)(L), setgcovalue(o, x, VT_CCL))
#define setuvalue(L, o, x) ((void)(L), setgcovalue(o, x, VT_USERDATA))
#define setthvalue(L, o, x) ((void)(L), setgcovalue(o, x, VT_THREAD))
/* Copies payload and tag only: a Value inside a table Node shares its padding bytes with the
 * node's key tag and chain link, so a whole-struct copy would clobber them. */
#define setobj(L, o1, o2) \
  do { Value *io1_ = (o1); const Value *io2_ = (o2); (void)(L); \
       io1_->v = io2_->v; io1_->tt = io2_->tt; } while (0)
#define setobjs2s(L, o1, o2) setobj(L, s2v(o1), s2v(o2))
#define setobj2s(L, o1, o2) setobj(L, s2v(o1), o2)

/* ------------------------------------------------------------------------------------------
 * Heap objects. Every one is allocated by the Boehm collector through gc.h and starts with
 * GCHEADER; `tt` is the variant tag, `gcflags` holds GCF_* bits.
 */
#define GCHEADER uint8_t tt; uint8_t gcflags
struct GCObject { GCHEADER; };
enum {
  GCF_FINALIZE = 1,   /* a __gc finalizer is registered for this object */
  GCF_FINALIZED = 2,  /* its finalizer has run (objects are finalized at most once) */
  GCF_ARENA = 4,      /* lives in its state's start-up arena (vm/gc.c): no weak link, no
                       * finalizer of its own in libgc */
  GCF_TRACKED = 8,    /* a coroutine the collector clears the dead stack part of after each
                       * cycle (vm/gc.c); the others' is cleared as they stop running */
};

/* Strings. Short strings (len <= VM_MAXSHORTLEN) are interned: equal short strings are the
 * same object. Long strings hash lazily. Contents are NUL-terminated for C's convenience. */
#define VM_MAXSHORTLEN 40
typedef struct TString {
  GCHEADER;
  uint8_t extra;     /* short: reserved-word index + 1 (0 = not reserved); long: hash computed */
  uint8_t cycle;     /* short: gc_cycle when the intern table last handed it out (vm/str.c) */
  unsigned int hash;
  size_t len;
  struct TString *hnext; /* short: next string in its intern-table bucket */
  char data[];       /* len bytes and a NUL */
} TString;
#define getstr(ts) ((ts)->data)
#define tsslen(ts) ((ts)->len)
#define svalue(o) getstr(tsvalue(o))
#define vslen(o) tsslen(tsvalue(o))
#define eqshrstr(a, b) ((a) == (b))

/* Tables: an array part for keys 1..asize and a hash part of 2^lsizenode nodes using
 * Brent's variation of chained scatter (collisions chain through `next` offsets). */
typedef union Node {
  struct NodeKey {
    ValueU value_v;  /* the value's payload ... */
    uint8_t value_tt; /* ... and tag, laid out like a Value so gval() can point at it */
    uint8_t key_tt;
    int next;        /* offset to the next node of the chain */
    ValueU key_val;
  } u;
  Value i_val;
} Node;
#define gval(n) (&(n)->i_val)
#define gnext(n) ((n)->u.next)
#define keytt(n) ((n)->u.key_tt)
#define keyval(n) ((n)->u.key_val)

enum {                /* Table.weakmode */
  TAB_WEAK_KEYS = 1,
  TAB_WEAK_VALUES = 2,
};
enum {                /* Table.guards: every store to such a table goes through vm/tab.c */
  TAB_READONLY = 1,   /* set by the sandbox on library tables: every store raises an error */
  TAB_WATCHED = 2,    /* the index cache relies on it: changes to its keys bump vm_idxepoch */
};

typedef struct Table {
  GCHEADER;
  uint8_t flags;      /* bit p set: metamethod p (TM_INDEX..TM_EQ) known absent */
  uint8_t lsizenode;  /* log2 of the hash part's size */
  uint8_t weakmode;   /* TAB_WEAK_* ; entries of weak tables are disappearing links */
  uint8_t guards;     /* TAB_READONLY, TAB_WATCHED; 0 for the tables stored to inline */
  uint8_t sizehint;   /* as a metatable: log2 of the hash size its objects grew to (vm/tab.c) */
  unsigned int asize; /* size of the array part */
  unsigned int lastfree; /* nodes below this index may be free (the search goes down) */
  Value *array;
  Node *node;
  struct EphCell *eph; /* values this key holds in ephemeron tables (vm/tab.c) */
  struct Table *metatable;
} Table;
#define sizenode(t) (1 << (t)->lsizenode)
#define gnode(t, i) (&(t)->node[i])

/* Upvalues. Open: v points into a thread's stack. Closed: v points at u.value. */
typedef struct UpVal {
  GCHEADER;
  uint8_t tbc;        /* unused by 5.4 semantics; kept for alignment */
  union {
    Value *p;
    ptrdiff_t offset; /* used while a stack is being reallocated */
  } v;
  union {
    struct {
      struct UpVal *next;
      struct UpVal **previous;
    } open;
    Value value;
  } u;
} UpVal;
#define upisopen(up) ((up)->v.p != &(up)->u.value)

/* Function prototypes: what the compiler produces and the bytecode format stores. */
typedef struct Upvaldesc {
  TString *name;      /* for debug information (NULL when stripped) */
  uint8_t instack;    /* 1: captures a register of the enclosing function; 0: its upvalue */
  uint8_t idx;        /* register or upvalue index in the enclosing function */
  uint8_t kind;       /* VDKREG, RDKCONST, RDKTOCLOSE, RDKCTC (compiler/parse.h) */
} Upvaldesc;

typedef struct LocVar {
  TString *varname;
  int startpc;        /* first pc where the variable is active */
  int endpc;          /* first pc where it is dead */
} LocVar;

typedef struct Proto {
  GCHEADER;
  uint8_t numparams;
  uint8_t is_vararg;
  uint8_t maxstacksize; /* registers needed (<= MAXREGS) */
  int sizeupvalues;
  int sizek;
  int sizecode;
  int sizelineinfo;   /* 0 when stripped, else == sizecode */
  int sizep;
  int sizelocvars;
  int linedefined;    /* 0 for the main chunk */
  int lastlinedefined;
  Value *k;           /* constants: nil, booleans, integers, floats, strings */
  Instruction *code;
  struct Proto **p;   /* nested functions */
  Upvaldesc *upvalues;
  int *lineinfo;      /* source line of each instruction (absolute; simpler than 5.4's deltas) */
  LocVar *locvars;
  TString *source;    /* chunk name, "=stdin" / "@file.lua" / the source text (NULL if stripped) */
} Proto;

/* Closures. */
#define ClosureHeader GCHEADER; uint8_t nupvalues
#define VM_FFMAX 32   /* fast function ids are below this (vm/fastfn.h) */
typedef struct CClosure {
  ClosureHeader;
  uint8_t ffid;       /* a fast function's id (vm/fastfn.h), 0 for any other C closure */
  lua_CFunction f;
  Value upvalue[];
} CClosure;

typedef struct LClosure {
  ClosureHeader;
  struct Proto *p;
  UpVal *upvals[];
} LClosure;

typedef union Closure {
  CClosure c;
  LClosure l;
} Closure;

/* Full userdata. The block of `len` bytes follows the user values, maximally aligned. */
typedef union UMaxAlign {
  lua_Number n;
  double d;
  long double ld;
  void *p;
  lua_Integer i;
  long l;
} UMaxAlign;

typedef struct Udata {
  GCHEADER;
  unsigned short nuvalue;
  size_t len;
  struct Table *metatable;
  Value *uv;          /* nuvalue user values (NULL when 0) */
  struct EphCell *eph; /* values this key holds in ephemeron tables (vm/tab.c) */
  UMaxAlign mem[];    /* the user's block */
} Udata;
#define getudatamem(u) ((char *)((u)->mem))

/* ------------------------------------------------------------------------------------------
 * Threads and calls.
 */

/* Status bits of a CallInfo (callstatus). */
#define CIST_OAH      (1 << 0)  /* original value of 'allowhook' */
#define CIST_C        (1 << 1)  /* call is running a C function */
#define CIST_FRESH    (1 << 2)  /* call is on a fresh "vm_execute" frame */
#define CIST_HOOKED   (1 << 3)  /* call is running a debug hook */
#define CIST_YPCALL   (1 << 4)  /* doing a yieldable protected call */
#define CIST_TAIL     (1 << 5)  /* call was tail called */
#define CIST_HOOKYIELD (1 << 6) /* last hook called yielded */
#define CIST_FIN      (1 << 7)  /* function "called" a finalizer */
#define CIST_TRAN     (1 << 8)  /* 'ci' has transfer information */
#define CIST_CLSRET   (1 << 9)  /* function is closing tbc variables */
#define CIST_RECST    10        /* bits 10-12 save the error status while closing */
#define CIST_TFOR     (1 << 13) /* an iterator or metamethod entered inline: counts one C call */
#define CIST_MMGET    (1 << 14) /* an __index or arithmetic metamethod entered inline: its result
                                   goes to R[A] of the caller's instruction (vm/exec.c) */
#define CIST_LEQ      (1 << 15) /* "a <= b" computed as "not (b < a)" (LUA_COMPAT_LT_LE): a yield
                                   inside __lt must negate the result on resume (vm/tm.c) */

typedef struct CallInfo {
  StkId func;                   /* function index in the stack */
  StkId top;                    /* top for this function */
  struct CallInfo *previous, *next;
  union {
    struct {                    /* Lua functions */
      const Instruction *savedpc;
      volatile sig_atomic_t trap; /* hooks or stack reallocation: re-read state */
      int nextraargs;           /* extra arguments of a vararg function */
    } l;
    struct {                    /* C functions */
      lua_KFunction k;          /* continuation in case of yields */
      ptrdiff_t old_errfunc;
      lua_KContext ctx;
    } c;
  } u;
  union {
    int funcidx;                /* called-function index (protected calls) */
    int nyield;                 /* number of values yielded */
    int nres;                   /* number of values returned */
    struct {
      unsigned short ftransfer; /* offset of first value transferred (hooks) */
      unsigned short ntransfer; /* number of values transferred */
    } transferinfo;
  } u2;
  union {
    struct {
      short nresults;           /* expected results from this function */
      unsigned short callstatus;
    };
    uint32_t nresstatus;        /* both, for one store (vm_precallLua): ci_nresstatus */
  };
} CallInfo;
/* nresstatus for nresults and callstatus (the fields' order in memory is fixed above). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ci_nresstatus(nres, status) \
  (((uint32_t)(unsigned short)(nres) << 16) | (uint32_t)(unsigned short)(status))
#else
#define ci_nresstatus(nres, status) \
  ((uint32_t)(unsigned short)(nres) | ((uint32_t)(unsigned short)(status) << 16))
#endif

#define isLua(ci) (!((ci)->callstatus & CIST_C))

/* The error-recovery chain (setjmp/longjmp), one link per protected call. Every coroutine
 * resume and pcall makes one: GCC's and clang's built-in setjmp saves only the frame, stack
 * and resume address (the function calling it keeps nothing in registers across it), where
 * the C library's saves every callee-saved register and goes through __sigsetjmp. Sanitizer
 * builds keep the library's, which ASan intercepts to unpoison the stack it unwinds. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define VM_LIBC_SETJMP 1
#endif
#endif
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__aarch64__)) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !defined(VM_LIBC_SETJMP)
typedef void *vm_jmpbuf[5];
#define vm_setjmp(b) __builtin_setjmp(b)
#define vm_longjmp(b) __builtin_longjmp(b, 1)
#else
typedef jmp_buf vm_jmpbuf;
#define vm_setjmp(b) setjmp(b)
#define vm_longjmp(b) longjmp(b, 1)
#endif
struct vm_longjmp {
  struct vm_longjmp *previous;
  vm_jmpbuf b;
  volatile int status;
};

/* Metamethod events; the order matters (fast-access flags in Table.flags cover up to TM_EQ). */
#define VM_TMS(X) \
  X(INDEX, "__index") X(NEWINDEX, "__newindex") X(GC, "__gc") X(MODE, "__mode") \
  X(LEN, "__len") X(EQ, "__eq") X(ADD, "__add") X(SUB, "__sub") X(MUL, "__mul") \
  X(MOD, "__mod") X(POW, "__pow") X(DIV, "__div") X(IDIV, "__idiv") X(BAND, "__band") \
  X(BOR, "__bor") X(BXOR, "__bxor") X(SHL, "__shl") X(SHR, "__shr") X(UNM, "__unm") \
  X(BNOT, "__bnot") X(LT, "__lt") X(LE, "__le") X(CONCAT, "__concat") X(CALL, "__call") \
  X(CLOSE, "__close")
typedef enum {
#define VM_TM_ENUM(name, str) TM_##name,
  VM_TMS(VM_TM_ENUM)
#undef VM_TM_ENUM
  TM_N
} TMS;

/* Scanned blocks up to this many 16-byte granules come from the state's own free lists. */
#define GCFAST_GRANULES 16

/* One entry of the index cache: key `key` looked up in a value whose metatable is `mt`, and
 * not found in the value itself, was found at `slot` of a table of the __index chain (or
 * nowhere: the cache's nil). Pointers are hidden (~p) so the cache retains nothing; valid
 * while `epoch` is vm_idxepoch (vm/tab.h), which every change that could alter the answer,
 * and every collection, moves on. */
typedef struct IdxCacheEntry {
  uintptr_t mt, key, slot;
  uint64_t epoch;
} IdxCacheEntry;
#define VM_IDXCACHE 256

/* State shared by all threads of one Lua universe. */
typedef struct GlobalState {
  lua_Alloc frealloc;           /* kept for lua_getallocf/lua_setallocf; objects use Boehm */
  void *ud;
  Value l_registry;
  Value nilvalue;               /* a nil; its tag is VT_NIL once the state is complete */
  unsigned int seed;            /* randomised seed for long-string hashes */
  struct GcState *gc;           /* collector bookkeeping (vm/gc.c) */
  TString *tmname[TM_N];        /* metamethod names */
  struct Table *mt[LUA_NUMTYPES]; /* metatables of basic types */
  TString *memerrmsg;           /* "not enough memory", preallocated */
  TString *tostringname;        /* "__tostring" (vm_api_plaintostring) */
  TString *pairsname;           /* "__pairs" (pairs' fast function) */
  TString *metatablename;       /* "__metatable" (vm/fastfn.c's setmetatable) */
  TString *strcache[53][2];     /* cache for strings made by the API (lua_pushstring) */
  TString *char1[256];          /* the one-byte strings made so far (vm_str_new), kept alive */
  struct lua_State *mainthread;
  lua_CFunction panic;
  lua_WarnFunction warnf;
  void *ud_warn;
  int64_t fuel;                 /* fuel left; charged at back-edges, calls and in long C loops */
  void (*fuelout)(lua_State *L);/* runtime/ handler when fuel goes negative (NULL: unlimited) */
  struct RtSandbox *sandbox;    /* runtime/ policy and limits (NULL: trusted, like lua(1)) */
  /* The closure of each fast function (vm/fastfn.h), made when its library registers it:
   * every value of `next` or of ipairs' step is this one object. */
  struct CClosure *ffn[VM_FFMAX];
  /* The border the length operator found last in an array part, and its table (hidden, so
   * that it retains nothing): vm_tab_len's guess for the next `#t` (vm/tab.c). */
  uintptr_t lentable;
  unsigned int lenhint;
  unsigned int nexthint;        /* node of the key next() returned last (vm_tab_trynext) */
  /* The index cache (vm/exec_ops.c, vm_finishget): where lookups of a short-string key missing
   * from a value were last answered through its metatable's __index chain. VM_IDXCACHE
   * entries, in unscanned memory allocated at the first fill (vm_idxnone until then). */
  IdxCacheEntry *idxcache;
  /* Free lists of small scanned blocks, one per size in 16-byte granules (vm/gc.c): objects
   * are taken from here inline instead of through a call into libgc per object. */
  void *gcfree[GCFAST_GRANULES + 1];
} GlobalState;

struct lua_State {
  GCHEADER;
  uint8_t status;               /* LUA_OK, LUA_YIELD or an error status of a dead thread */
  uint8_t allowhook;
  unsigned short nci;           /* number of CallInfos in the list */
  uint8_t nstops;               /* times a coroutine stopped running, up to VM_CLEARSTOPS */
  StkId top;                    /* first free slot */
  GlobalState *l_G;
  CallInfo *ci;                 /* the running call */
  StkId stack_last;             /* end of the stack (last usable slot + 1) */
  StkId stack;
  UpVal *openupval;             /* open upvalues, sorted by stack level, highest first */
  StkId tbclist;                /* last to-be-closed variable */
  struct vm_longjmp *errorJmp;
  CallInfo base_ci;             /* the first CallInfo (the C host) */
  volatile lua_Hook hook;
  ptrdiff_t errfunc;            /* stack index of the current message handler */
  uint32_t nCcalls;             /* C calls (low 16 bits) and non-yieldable calls (high 16) */
  int oldpc;                    /* last traced pc */
  int basehookcount;
  int hookcount;
  volatile sig_atomic_t hookmask;
  uint32_t resumeCcalls;        /* nCcalls of a resumed coroutine's own frames (vm/do.c) */
  struct lua_State *resumer;    /* while it runs: the thread that resumed it (or NULL) */
};
#define G(L) ((L)->l_G)

/* Fuel (docs/sandbox.md: charged at loop back-edges, calls and inside long-running C functions).
 * vm_fuel(L, n) charges n units. The counter only goes down; when it turns negative vm_fuelout (vm/fuel.c) asks the runtime
 * whether the budget is spent (a limit breach) or unlimited (the counter is refilled). */
void vm_fuelout(lua_State *L);
#define vm_fuel(L, n) \
  do { if (l_unlikely((G(L)->fuel -= (n)) < 0)) vm_fuelout(L); } while (0)

/* Extra slots above `top` that every C function may use without lua_checkstack. */
#define EXTRA_STACK 5
#define BASIC_STACK_SIZE (2 * LUA_MINSTACK)
#define stacksize(th) ((int)((th)->stack_last - (th)->stack))
/* LUAI_MAXCCALLS: nested C calls and syntactic nesting levels (each also costs C stack). */
#define LUAI_MAXCCALLS 200
#define getCcalls(L) ((L)->nCcalls & 0xffff)
#define incnny(L) ((L)->nCcalls += 0x10000)
#define decnny(L) ((L)->nCcalls -= 0x10000)
#define yieldable(L) (((L)->nCcalls & 0xffff0000) == 0)

#endif
