/* The parser: recursive descent over Lua 5.4's grammar, driving the code generator.
 * Scoping (locals, <const>/<close>, upvalues), goto/label resolution with 5.4's visibility
 * rules, loops, function bodies and the error messages for all of these live here. */
#include <string.h>

#include "compiler/compiler.h"
#include "compiler/code.h"
#include "compiler/parse.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"

/* Per-block bookkeeping (a block is a scope: do/end, loop bodies, function bodies). */
typedef struct BlockCnt {
  struct BlockCnt *previous;
  int firstlabel;     /* first label of this block in Dyndata.label */
  int firstgoto;      /* first pending goto of this block */
  uint8_t nactvar;    /* active locals outside the block */
  uint8_t upval;      /* some local of the block is captured as an upvalue or is tbc */
  uint8_t isloop;
  uint8_t insidetbc;  /* inside the scope of a to-be-closed variable */
} BlockCnt;

static void statement(LexState *ls);
static void expr(LexState *ls, ExpDesc *v);

static int eqstr(TString *a, TString *b) {
  return a == b || (a->len == b->len && memcmp(getstr(a), getstr(b), a->len) == 0);
}

static l_noret error_expected(LexState *ls, int token) {
  cc_lex_syntaxerror(ls, vm_pushfstring(ls->L, "%s expected", cc_lex_token2str(ls, token)));
}

static l_noret errorlimit(FuncState *fs, int limit, const char *what) {
  lua_State *L = fs->ls->L;
  int line = fs->f->linedefined;
  const char *where = line == 0 ? "main function" : vm_pushfstring(L, "function at line %d", line);
  const char *msg = vm_pushfstring(L, "too many %s (limit is %d) in %s", what, limit, where);
  cc_lex_syntaxerror(fs->ls, msg);
}

static void checklimit(FuncState *fs, int v, int l, const char *what) {
  if (v > l)
    errorlimit(fs, l, what);
}

static int testnext(LexState *ls, int c) {
  if (ls->t.token == c) {
    cc_lex_next(ls);
    return 1;
  }
  return 0;
}

static void check(LexState *ls, int c) {
  if (ls->t.token != c)
    error_expected(ls, c);
}

static void checknext(LexState *ls, int c) {
  check(ls, c);
  cc_lex_next(ls);
}

#define check_condition(ls, c, msg) \
  do { if (!(c)) cc_lex_syntaxerror(ls, msg); } while (0)

/* Expects `what` closing `who` opened at line `where`; names the opener when it is on
 * another line, which is what makes unbalanced blocks easy to find. */
static void check_match(LexState *ls, int what, int who, int where) {
  if (!testnext(ls, what)) {
    if (where == ls->linenumber) {
      error_expected(ls, what);
    } else {
      cc_lex_syntaxerror(ls, vm_pushfstring(ls->L, "%s expected (to close %s at line %d)",
                                            cc_lex_token2str(ls, what),
                                            cc_lex_token2str(ls, who), where));
    }
  }
}

static TString *str_checkname(LexState *ls) {
  check(ls, TK_NAME);
  TString *ts = ls->t.seminfo.ts;
  cc_lex_next(ls);
  return ts;
}

static void init_exp(ExpDesc *e, ExpKind k, int i) {
  e->f = e->t = NO_JUMP;
  e->k = k;
  e->u.info = i;
}

static void codestring(ExpDesc *e, TString *s) {
  e->f = e->t = NO_JUMP;
  e->k = VKSTR;
  e->u.strval = s;
}

static void codename(LexState *ls, ExpDesc *e) {
  codestring(e, str_checkname(ls));
}

/* ------------------------------------------------------------------------------------------
 * Variables.
 */

static int registerlocalvar(LexState *ls, FuncState *fs, TString *varname) {
  Proto *f = fs->f;
  f->locvars = cc_growvector(ls->L, f->locvars, fs->ndebugvars, &f->sizelocvars,
                             sizeof(LocVar), SHRT_MAX, "local variables", 0);
  f->locvars[fs->ndebugvars].varname = varname;
  f->locvars[fs->ndebugvars].startpc = fs->pc;
  return fs->ndebugvars++;
}

/* Declares a local (not yet active); returns its index among the function's locals. */
static int new_localvar(LexState *ls, TString *name) {
  FuncState *fs = ls->fs;
  Dyndata *dyd = ls->dyd;
  checklimit(fs, dyd->actvar.n + 1 - fs->firstlocal, MAXVARS, "local variables");
  dyd->actvar.arr = cc_growvector(ls->L, dyd->actvar.arr, dyd->actvar.n, &dyd->actvar.size,
                                  sizeof(Vardesc), USHRT_MAX, "local variables", 0);
  Vardesc *var = &dyd->actvar.arr[dyd->actvar.n++];
  var->kind = VDKREG;
  var->name = name;
  setnilvalue(&var->k);
  return dyd->actvar.n - 1 - fs->firstlocal;
}

static void new_localvarliteral(LexState *ls, const char *name) {
  new_localvar(ls, vm_str_newz(ls->L, name));
}

static Vardesc *getlocalvardesc(FuncState *fs, int vidx) {
  return &fs->ls->dyd->actvar.arr[fs->firstlocal + vidx];
}

/* Registers in use by the first nvar locals (compile-time constants take none). */
static int reglevel(FuncState *fs, int nvar) {
  while (nvar-- > 0) {
    Vardesc *vd = getlocalvardesc(fs, nvar);
    if (vd->kind != RDKCTC)
      return vd->ridx + 1;
  }
  return 0;
}

int cc_nvarstack(FuncState *fs) {
  return reglevel(fs, fs->nactvar);
}

static LocVar *localdebuginfo(FuncState *fs, int vidx) {
  Vardesc *vd = getlocalvardesc(fs, vidx);
  if (vd->kind == RDKCTC)
    return NULL;
  return &fs->f->locvars[vd->pidx];
}

static void init_var(FuncState *fs, ExpDesc *e, int vidx) {
  e->f = e->t = NO_JUMP;
  e->k = VLOCAL;
  e->var.vidx = vidx;
  e->var.ridx = getlocalvardesc(fs, vidx)->ridx;
}

static void check_readonly(LexState *ls, ExpDesc *e) {
  FuncState *fs = ls->fs;
  TString *varname = NULL;
  switch (e->k) {
  case VCONST:
    varname = ls->dyd->actvar.arr[e->u.info].name;
    break;
  case VLOCAL: {
    Vardesc *vd = getlocalvardesc(fs, e->var.vidx);
    if (vd->kind != VDKREG)
      varname = vd->name;
    break;
  }
  case VUPVAL: {
    Upvaldesc *up = &fs->f->upvalues[e->u.info];
    if (up->kind != VDKREG)
      varname = up->name;
    break;
  }
  default:
    return;
  }
  if (varname) {
    cc_semerror(ls, vm_pushfstring(ls->L, "attempt to assign to const variable '%s'",
                                   getstr(varname)));
  }
}

/* Activates the last nvars declared locals, giving them registers and debug entries. */
static void adjustlocalvars(LexState *ls, int nvars) {
  FuncState *fs = ls->fs;
  int level = cc_nvarstack(fs);
  for (int i = 0; i < nvars; i++) {
    int vidx = fs->nactvar++;
    Vardesc *var = getlocalvardesc(fs, vidx);
    var->ridx = cast_byte(level++);
    var->pidx = (short)registerlocalvar(ls, fs, var->name);
  }
}

static void removevars(FuncState *fs, int tolevel) {
  fs->ls->dyd->actvar.n -= (fs->nactvar - tolevel);
  while (fs->nactvar > tolevel) {
    LocVar *var = localdebuginfo(fs, --fs->nactvar);
    if (var)
      var->endpc = fs->pc;
  }
}

static int searchupvalue(FuncState *fs, TString *name) {
  Upvaldesc *up = fs->f->upvalues;
  for (int i = 0; i < fs->nups; i++) {
    if (eqstr(up[i].name, name))
      return i;
  }
  return -1;
}

static Upvaldesc *allocupvalue(FuncState *fs) {
  Proto *f = fs->f;
  checklimit(fs, fs->nups + 1, MAXUPVAL, "upvalues");
  f->upvalues = cc_growvector(fs->ls->L, f->upvalues, fs->nups, &f->sizeupvalues,
                              sizeof(Upvaldesc), MAXUPVAL, "upvalues", 0);
  return &f->upvalues[fs->nups++];
}

static int newupvalue(FuncState *fs, TString *name, ExpDesc *v) {
  Upvaldesc *up = allocupvalue(fs);
  FuncState *prev = fs->prev;
  if (v->k == VLOCAL) {
    up->instack = 1;
    up->idx = cast_byte(v->var.ridx);
    up->kind = getlocalvardesc(prev, v->var.vidx)->kind;
  } else {
    up->instack = 0;
    up->idx = cast_byte(v->u.info);
    up->kind = prev->f->upvalues[v->u.info].kind;
  }
  up->name = name;
  return fs->nups - 1;
}

/* Looks for an active local named n; a compile-time constant becomes VCONST. */
static int searchvar(FuncState *fs, TString *n, ExpDesc *var) {
  for (int i = fs->nactvar - 1; i >= 0; i--) {
    Vardesc *vd = getlocalvardesc(fs, i);
    if (eqstr(n, vd->name)) {
      if (vd->kind == RDKCTC)
        init_exp(var, VCONST, fs->firstlocal + i);
      else
        init_var(fs, var, i);
      return var->k;
    }
  }
  return -1;
}

/* The block declaring local `level` must close its upvalues when it ends. */
static void markupval(FuncState *fs, int level) {
  BlockCnt *bl = fs->bl;
  while (bl->nactvar > level)
    bl = bl->previous;
  bl->upval = 1;
  fs->needclose = 1;
}

static void marktobeclosed(FuncState *fs) {
  BlockCnt *bl = fs->bl;
  bl->upval = 1;
  bl->insidetbc = 1;
  fs->needclose = 1;
}

/* Resolves a name in fs and, through upvalues, in the enclosing functions. VVOID: global. */
static void singlevaraux(FuncState *fs, TString *n, ExpDesc *var, int base) {
  if (fs == NULL) {
    init_exp(var, VVOID, 0);
    return;
  }
  int v = searchvar(fs, n, var);
  if (v >= 0) {
    if (v == VLOCAL && !base)
      markupval(fs, var->var.vidx);  /* captured by an inner function */
    return;
  }
  int idx = searchupvalue(fs, n);
  if (idx < 0) {
    singlevaraux(fs->prev, n, var, 0);
    if (var->k == VLOCAL || var->k == VUPVAL)
      idx = newupvalue(fs, n, var);
    else
      return;  /* global, or a compile-time constant of an enclosing function */
  }
  init_exp(var, VUPVAL, idx);
}

static void singlevar(LexState *ls, ExpDesc *var) {
  TString *varname = str_checkname(ls);
  FuncState *fs = ls->fs;
  singlevaraux(fs, varname, var, 1);
  if (var->k == VVOID) {  /* global name: _ENV[varname] */
    ExpDesc key;
    singlevaraux(fs, ls->envn, var, 1);
    lua_assert(var->k != VVOID);
    cc_exp2anyregup(fs, var);
    codestring(&key, varname);
    cc_indexed(fs, var, &key);
  }
}

/* Makes nexps values fill nvars slots: multiple results are adjusted, missing ones nil. */
static void adjust_assign(LexState *ls, int nvars, int nexps, ExpDesc *e) {
  FuncState *fs = ls->fs;
  int needed = nvars - nexps;
  if (hasmultret(e->k)) {
    int extra = needed + 1;
    if (extra < 0)
      extra = 0;
    cc_setreturns(fs, e, extra);
  } else {
    if (e->k != VVOID)
      cc_exp2nextreg(fs, e);
    if (needed > 0)
      cc_nil(fs, fs->freereg, needed);
  }
  if (needed > 0)
    cc_reserveregs(fs, needed);
  else
    fs->freereg = cast_byte(fs->freereg + needed);  /* drop the extra values */
}

/* Syntactic nesting costs C stack; it shares the C-call budget so deep nesting fails with
 * "C stack overflow" as in 5.4 instead of overflowing. */
#define enterlevel(ls) vm_incCcalls((ls)->L)
#define leavelevel(ls) vm_decCcalls((ls)->L)

/* ------------------------------------------------------------------------------------------
 * Gotos and labels.
 */

static l_noret jumpscopeerror(LexState *ls, Labeldesc *gt) {
  const char *varname = getstr(getlocalvardesc(ls->fs, gt->nactvar)->name);
  const char *msg = vm_pushfstring(ls->L, "<goto %s> at line %d jumps into the scope of local '%s'",
                                   getstr(gt->name), gt->line, varname);
  cc_semerror(ls, msg);
}

/* Resolves pending goto g to label, and removes it from the pending list. */
static void solvegoto(LexState *ls, int g, Labeldesc *label) {
  Labellist *gl = &ls->dyd->gt;
  Labeldesc *gt = &gl->arr[g];
  if (gt->nactvar < label->nactvar)
    jumpscopeerror(ls, gt);
  cc_patchlist(ls->fs, gt->pc, label->pc);
  for (int i = g; i < gl->n - 1; i++)
    gl->arr[i] = gl->arr[i + 1];
  gl->n--;
}

static Labeldesc *findlabel(LexState *ls, TString *name) {
  Dyndata *dyd = ls->dyd;
  for (int i = ls->fs->firstlabel; i < dyd->label.n; i++) {
    Labeldesc *lb = &dyd->label.arr[i];
    if (eqstr(lb->name, name))
      return lb;
  }
  return NULL;
}

static int newlabelentry(LexState *ls, Labellist *l, TString *name, int line, int pc) {
  int n = l->n;
  l->arr = cc_growvector(ls->L, l->arr, n, &l->size, sizeof(Labeldesc), SHRT_MAX,
                         "labels/gotos", 0);
  l->arr[n].name = name;
  l->arr[n].line = line;
  l->arr[n].nactvar = ls->fs->nactvar;
  l->arr[n].close = 0;
  l->arr[n].pc = pc;
  l->n = n + 1;
  return n;
}

static int newgotoentry(LexState *ls, TString *name, int line, int pc) {
  return newlabelentry(ls, &ls->dyd->gt, name, line, pc);
}

/* Solves the block's pending gotos to lb; returns whether any of them needs a CLOSE. */
static int solvegotos(LexState *ls, Labeldesc *lb) {
  Labellist *gl = &ls->dyd->gt;
  int i = ls->fs->bl->firstgoto;
  int needsclose = 0;
  while (i < gl->n) {
    if (eqstr(gl->arr[i].name, lb->name)) {
      needsclose |= gl->arr[i].close;
      solvegoto(ls, i, lb);  /* removes entry i */
    } else {
      i++;
    }
  }
  return needsclose;
}

/* A label at the end of a block ("last") counts as outside the block's locals, so gotos
 * may jump to it past local declarations. Gotos that leave upvalues behind get a CLOSE at
 * the label, from closelevel (-1: the current level). */
static int createlabel(LexState *ls, TString *name, int line, int last, int closelevel) {
  FuncState *fs = ls->fs;
  Labellist *ll = &ls->dyd->label;
  int l = newlabelentry(ls, ll, name, line, cc_getlabel(fs));
  if (last)
    ll->arr[l].nactvar = fs->bl->nactvar;
  if (solvegotos(ls, &ll->arr[l])) {
    cc_codeABC(fs, OP_CLOSE, closelevel >= 0 ? closelevel : cc_nvarstack(fs), 0, 0);
    return 1;
  }
  return 0;
}

/* Pending gotos of a closing block move to the enclosing one; leaving a block with upvalues
 * means they must close them. */
static void movegotosout(FuncState *fs, BlockCnt *bl) {
  Labellist *gl = &fs->ls->dyd->gt;
  for (int i = bl->firstgoto; i < gl->n; i++) {
    Labeldesc *gt = &gl->arr[i];
    if (reglevel(fs, gt->nactvar) > reglevel(fs, bl->nactvar))
      gt->close |= bl->upval;
    gt->nactvar = bl->nactvar;
  }
}

static void enterblock(FuncState *fs, BlockCnt *bl, uint8_t isloop) {
  bl->isloop = isloop;
  bl->nactvar = fs->nactvar;
  bl->firstlabel = fs->ls->dyd->label.n;
  bl->firstgoto = fs->ls->dyd->gt.n;
  bl->upval = 0;
  bl->insidetbc = (fs->bl != NULL && fs->bl->insidetbc);
  bl->previous = fs->bl;
  fs->bl = bl;
}

static l_noret undefgoto(LexState *ls, Labeldesc *gt) {
  const char *msg;
  if (strcmp(getstr(gt->name), "break") == 0)
    msg = vm_pushfstring(ls->L, "break outside loop at line %d", gt->line);
  else
    msg = vm_pushfstring(ls->L, "no visible label '%s' for <goto> at line %d",
                         getstr(gt->name), gt->line);
  cc_semerror(ls, msg);
}

/* A loop's pending breaks that must close something close from the level outside the loop
 * (stklevel), which includes a generic for's closing value. Debian's 5.4.4 closes from the
 * level of the loop's own control variables instead and so leaves that value open, which
 * corrupts the frame: "for x in f, s, c, tbc do local y <close> = v; break end" then fails
 * with "attempt to call a nil value" (fixed upstream in 5.4.5). Everything else here, down to
 * the instruction order, is as in 5.4.4 so listings still compare equal with luac5.4. */
static void leaveblock(FuncState *fs) {
  BlockCnt *bl = fs->bl;
  LexState *ls = fs->ls;
  int hasclose = 0;
  int stklevel = reglevel(fs, bl->nactvar);
  if (bl->isloop)  /* pending breaks jump here */
    hasclose = createlabel(ls, vm_str_newz(ls->L, "break"), 0, 0, stklevel);
  if (!hasclose && bl->previous && bl->upval)
    cc_codeABC(fs, OP_CLOSE, stklevel, 0, 0);
  fs->bl = bl->previous;
  removevars(fs, bl->nactvar);
  fs->freereg = cast_byte(stklevel);
  ls->dyd->label.n = bl->firstlabel;
  if (bl->previous)
    movegotosout(fs, bl);
  else if (bl->firstgoto < ls->dyd->gt.n)
    undefgoto(ls, &ls->dyd->gt.arr[bl->firstgoto]);
}

/* ------------------------------------------------------------------------------------------
 * Functions.
 */

static Proto *addprototype(LexState *ls) {
  lua_State *L = ls->L;
  FuncState *fs = ls->fs;
  Proto *f = fs->f;
  f->p = cc_growvector(L, f->p, fs->np, &f->sizep, sizeof(Proto *), MAXARG_Bx, "functions", 0);
  Proto *clp = vm_func_newproto(L);
  f->p[fs->np++] = clp;
  return clp;
}

/* The CLOSURE goes in the enclosing function, into the next free register, so that
 * "local function" can see it as its own variable. */
static void codeclosure(LexState *ls, ExpDesc *v) {
  FuncState *fs = ls->fs->prev;
  init_exp(v, VRELOC, cc_codeABx(fs, OP_CLOSURE, 0, (unsigned int)(fs->np - 1)));
  cc_exp2nextreg(fs, v);
}

static void open_func(LexState *ls, FuncState *fs, BlockCnt *bl) {
  Proto *f = fs->f;
  fs->prev = ls->fs;
  fs->ls = ls;
  ls->fs = fs;
  fs->pc = 0;
  fs->lasttarget = 0;
  fs->freereg = 0;
  fs->nk = 0;
  fs->np = 0;
  fs->nups = 0;
  fs->ndebugvars = 0;
  fs->nactvar = 0;
  fs->needclose = 0;
  fs->firstlocal = ls->dyd->actvar.n;
  fs->firstlabel = ls->dyd->label.n;
  fs->bl = NULL;
  f->source = ls->source;
  f->maxstacksize = 2;  /* registers 0 and 1 are always valid */
  enterblock(fs, bl, 0);
}

static void *shrinkvector(lua_State *L, void *v, int n, size_t elemsize, int atomic) {
  if (n == 0 || v == NULL)
    return n == 0 ? NULL : v;
  void *nv = atomic ? gc_alloc_atomic(L, (size_t)n * elemsize) : gc_alloc(L, (size_t)n * elemsize);
  memcpy(nv, v, (size_t)n * elemsize);
  return nv;
}

static void close_func(LexState *ls) {
  FuncState *fs = ls->fs;
  Proto *f = fs->f;
  cc_ret(fs, cc_nvarstack(fs), 0);  /* final return */
  leaveblock(fs);
  lua_assert(fs->bl == NULL);
  cc_finish(fs);
  /* The prototype may live as long as the program: trade the growth slack for exact copies
   * (the old arrays become garbage). */
  lua_State *L = ls->L;
  f->code = shrinkvector(L, f->code, fs->pc, sizeof(Instruction), 1);
  f->lineinfo = shrinkvector(L, f->lineinfo, fs->pc, sizeof(int), 1);
  f->k = shrinkvector(L, f->k, fs->nk, sizeof(Value), 0);
  f->p = shrinkvector(L, f->p, fs->np, sizeof(Proto *), 0);
  f->locvars = shrinkvector(L, f->locvars, fs->ndebugvars, sizeof(LocVar), 0);
  f->upvalues = shrinkvector(L, f->upvalues, fs->nups, sizeof(Upvaldesc), 0);
  f->sizecode = fs->pc;
  f->sizelineinfo = fs->pc;
  f->sizek = fs->nk;
  f->sizep = fs->np;
  f->sizelocvars = fs->ndebugvars;
  f->sizeupvalues = fs->nups;
  ls->fs = fs->prev;
}

/* ------------------------------------------------------------------------------------------
 * Grammar: statements and expressions.
 */

/* Tokens that end a block; 'until' ends it only in repeat. */
static int block_follow(LexState *ls, int withuntil) {
  switch (ls->t.token) {
  case TK_ELSE: case TK_ELSEIF: case TK_END: case TK_EOS:
    return 1;
  case TK_UNTIL:
    return withuntil;
  default:
    return 0;
  }
}

static void statlist(LexState *ls) {
  while (!block_follow(ls, 1)) {
    if (ls->t.token == TK_RETURN) {
      statement(ls);
      return;  /* 'return' must be the last statement */
    }
    statement(ls);
  }
}

static void fieldsel(LexState *ls, ExpDesc *v) {
  FuncState *fs = ls->fs;
  ExpDesc key;
  cc_exp2anyregup(fs, v);
  cc_lex_next(ls);  /* '.' or ':' */
  codename(ls, &key);
  cc_indexed(fs, v, &key);
}

static void yindex(LexState *ls, ExpDesc *v) {
  cc_lex_next(ls);  /* '[' */
  expr(ls, v);
  cc_exp2val(ls->fs, v);
  checknext(ls, ']');
}

typedef struct ConsControl {
  ExpDesc v;      /* last list item read */
  ExpDesc *t;     /* the table */
  int nh;         /* record elements */
  int na;         /* list elements already stored */
  int tostore;    /* list elements pending */
} ConsControl;

static void recfield(LexState *ls, ConsControl *cc) {
  FuncState *fs = ls->fs;
  int reg = fs->freereg;
  ExpDesc tab, key, val;
  if (ls->t.token == TK_NAME) {
    checklimit(fs, cc->nh, INT_MAX, "items in a constructor");
    codename(ls, &key);
  } else {
    yindex(ls, &key);
  }
  cc->nh++;
  checknext(ls, '=');
  tab = *cc->t;
  cc_indexed(fs, &tab, &key);
  expr(ls, &val);
  cc_storevar(fs, &tab, &val);
  fs->freereg = cast_byte(reg);
}

static void closelistfield(FuncState *fs, ConsControl *cc) {
  if (cc->v.k == VVOID)
    return;
  cc_exp2nextreg(fs, &cc->v);
  cc->v.k = VVOID;
  if (cc->tostore == LFIELDS_PER_FLUSH) {
    cc_setlist(fs, cc->t->u.info, cc->na, cc->tostore);
    cc->na += cc->tostore;
    cc->tostore = 0;
  }
}

static void lastlistfield(FuncState *fs, ConsControl *cc) {
  if (cc->tostore == 0)
    return;
  if (hasmultret(cc->v.k)) {
    cc_setmultret(fs, &cc->v);
    cc_setlist(fs, cc->t->u.info, cc->na, LUA_MULTRET);
    cc->na--;  /* the open call does not count in the array size hint */
  } else {
    if (cc->v.k != VVOID)
      cc_exp2nextreg(fs, &cc->v);
    cc_setlist(fs, cc->t->u.info, cc->na, cc->tostore);
  }
  cc->na += cc->tostore;
}

static void listfield(LexState *ls, ConsControl *cc) {
  expr(ls, &cc->v);
  cc->tostore++;
}

static void field(LexState *ls, ConsControl *cc) {
  switch (ls->t.token) {
  case TK_NAME:
    if (cc_lex_lookahead(ls) != '=')
      listfield(ls, cc);
    else
      recfield(ls, cc);
    break;
  case '[':
    recfield(ls, cc);
    break;
  default:
    listfield(ls, cc);
    break;
  }
}

static void constructor(LexState *ls, ExpDesc *t) {
  FuncState *fs = ls->fs;
  int line = ls->linenumber;
  int pc = cc_codeABC(fs, OP_NEWTABLE, 0, 0, 0);
  ConsControl cc;
  cc_code(fs, 0);  /* room for the EXTRAARG with the size */
  cc.na = cc.nh = cc.tostore = 0;
  cc.t = t;
  init_exp(t, VNONRELOC, fs->freereg);
  cc_reserveregs(fs, 1);
  init_exp(&cc.v, VVOID, 0);
  checknext(ls, '{');
  do {
    if (ls->t.token == '}')
      break;
    closelistfield(fs, &cc);
    field(ls, &cc);
  } while (testnext(ls, ',') || testnext(ls, ';'));
  check_match(ls, '}', '{', line);
  lastlistfield(fs, &cc);
  cc_settablesize(fs, pc, t->u.info, cc.na, cc.nh);
}

static void setvararg(FuncState *fs, int nparams) {
  fs->f->is_vararg = 1;
  cc_codeABC(fs, OP_VARARGPREP, nparams, 0, 0);
}

static void parlist(LexState *ls) {
  FuncState *fs = ls->fs;
  Proto *f = fs->f;
  int nparams = 0;
  int isvararg = 0;
  if (ls->t.token != ')') {
    do {
      switch (ls->t.token) {
      case TK_NAME:
        new_localvar(ls, str_checkname(ls));
        nparams++;
        break;
      case TK_DOTS:
        cc_lex_next(ls);
        isvararg = 1;
        break;
      default:
        cc_lex_syntaxerror(ls, "<name> or '...' expected");
      }
    } while (!isvararg && testnext(ls, ','));
  }
  adjustlocalvars(ls, nparams);
  f->numparams = cast_byte(fs->nactvar);
  if (isvararg)
    setvararg(fs, f->numparams);
  cc_reserveregs(fs, fs->nactvar);
}

static void body(LexState *ls, ExpDesc *e, int ismethod, int line) {
  FuncState new_fs;
  BlockCnt bl;
  new_fs.f = addprototype(ls);
  new_fs.f->linedefined = line;
  open_func(ls, &new_fs, &bl);
  checknext(ls, '(');
  if (ismethod) {
    new_localvarliteral(ls, "self");
    adjustlocalvars(ls, 1);
  }
  parlist(ls);
  checknext(ls, ')');
  statlist(ls);
  new_fs.f->lastlinedefined = ls->linenumber;
  check_match(ls, TK_END, TK_FUNCTION, line);
  codeclosure(ls, e);
  close_func(ls);
}

static int explist(LexState *ls, ExpDesc *v) {
  int n = 1;
  expr(ls, v);
  while (testnext(ls, ',')) {
    cc_exp2nextreg(ls->fs, v);
    expr(ls, v);
    n++;
  }
  return n;
}

/* The call is on the line of its arguments' first token, not of the called expression (5.4.7),
 * so a call in a multi-line chain is reported where it is. */
static void funcargs(LexState *ls, ExpDesc *f) {
  FuncState *fs = ls->fs;
  ExpDesc args;
  int base, nparams;
  int line = ls->linenumber;
  switch (ls->t.token) {
  case '(':
    cc_lex_next(ls);
    if (ls->t.token == ')') {
      args.k = VVOID;
    } else {
      explist(ls, &args);
      if (hasmultret(args.k))
        cc_setmultret(fs, &args);
    }
    check_match(ls, ')', '(', line);
    break;
  case '{':
    constructor(ls, &args);
    break;
  case TK_STRING:
    codestring(&args, ls->t.seminfo.ts);
    cc_lex_next(ls);
    break;
  default:
    cc_lex_syntaxerror(ls, "function arguments expected");
  }
  lua_assert(f->k == VNONRELOC);
  base = f->u.info;
  if (hasmultret(args.k)) {
    nparams = LUA_MULTRET;
  } else {
    if (args.k != VVOID)
      cc_exp2nextreg(fs, &args);
    nparams = fs->freereg - (base + 1);
  }
  init_exp(f, VCALL, cc_codeABC(fs, OP_CALL, base, nparams + 1, 2));
  cc_fixline(fs, line);
  fs->freereg = cast_byte(base + 1);  /* the call leaves one result by default */
}

static void primaryexp(LexState *ls, ExpDesc *v) {
  switch (ls->t.token) {
  case '(': {
    int line = ls->linenumber;
    cc_lex_next(ls);
    expr(ls, v);
    check_match(ls, ')', '(', line);
    cc_dischargevars(ls->fs, v);
    return;
  }
  case TK_NAME:
    singlevar(ls, v);
    return;
  default:
    cc_lex_syntaxerror(ls, "unexpected symbol");
  }
}

static void suffixedexp(LexState *ls, ExpDesc *v) {
  FuncState *fs = ls->fs;
  primaryexp(ls, v);
  for (;;) {
    switch (ls->t.token) {
    case '.':
      fieldsel(ls, v);
      break;
    case '[': {
      ExpDesc key;
      cc_exp2anyregup(fs, v);
      yindex(ls, &key);
      cc_indexed(fs, v, &key);
      break;
    }
    case ':': {
      ExpDesc key;
      cc_lex_next(ls);
      codename(ls, &key);
      cc_self(fs, v, &key);
      funcargs(ls, v);
      break;
    }
    case '(': case TK_STRING: case '{':
      cc_exp2nextreg(fs, v);
      funcargs(ls, v);
      break;
    default:
      return;
    }
  }
}

static void simpleexp(LexState *ls, ExpDesc *v) {
  switch (ls->t.token) {
  case TK_FLT:
    init_exp(v, VKFLT, 0);
    v->u.nval = ls->t.seminfo.r;
    break;
  case TK_INT:
    init_exp(v, VKINT, 0);
    v->u.ival = ls->t.seminfo.i;
    break;
  case TK_STRING:
    codestring(v, ls->t.seminfo.ts);
    break;
  case TK_NIL:
    init_exp(v, VNIL, 0);
    break;
  case TK_TRUE:
    init_exp(v, VTRUE, 0);
    break;
  case TK_FALSE:
    init_exp(v, VFALSE, 0);
    break;
  case TK_DOTS: {
    FuncState *fs = ls->fs;
    check_condition(ls, fs->f->is_vararg, "cannot use '...' outside a vararg function");
    init_exp(v, VVARARG, cc_codeABC(fs, OP_VARARG, 0, 0, 1));
    break;
  }
  case '{':
    constructor(ls, v);
    return;
  case TK_FUNCTION:
    cc_lex_next(ls);
    body(ls, v, 0, ls->linenumber);
    return;
  default:
    suffixedexp(ls, v);
    return;
  }
  cc_lex_next(ls);
}

static UnOpr getunopr(int op) {
  switch (op) {
  case TK_NOT: return OPR_NOT;
  case '-': return OPR_MINUS;
  case '~': return OPR_BNOT;
  case '#': return OPR_LEN;
  default: return OPR_NOUNOPR;
  }
}

static BinOpr getbinopr(int op) {
  switch (op) {
  case '+': return OPR_ADD;
  case '-': return OPR_SUB;
  case '*': return OPR_MUL;
  case '%': return OPR_MOD;
  case '^': return OPR_POW;
  case '/': return OPR_DIV;
  case TK_IDIV: return OPR_IDIV;
  case '&': return OPR_BAND;
  case '|': return OPR_BOR;
  case '~': return OPR_BXOR;
  case TK_SHL: return OPR_SHL;
  case TK_SHR: return OPR_SHR;
  case TK_CONCAT: return OPR_CONCAT;
  case TK_NE: return OPR_NE;
  case TK_EQ: return OPR_EQ;
  case '<': return OPR_LT;
  case TK_LE: return OPR_LE;
  case '>': return OPR_GT;
  case TK_GE: return OPR_GE;
  case TK_AND: return OPR_AND;
  case TK_OR: return OPR_OR;
  default: return OPR_NOBINOPR;
  }
}

/* Binding powers, left and right: a right power lower than the left one makes the operator
 * right associative ('..' and '^'). */
static const struct {
  uint8_t left;
  uint8_t right;
} priority[] = {
  {10, 10}, {10, 10},           /* + - */
  {11, 11}, {11, 11},           /* * % */
  {14, 13},                     /* ^ */
  {11, 11}, {11, 11},           /* / // */
  {6, 6}, {4, 4}, {5, 5},       /* & | ~ */
  {7, 7}, {7, 7},               /* << >> */
  {9, 8},                       /* .. */
  {3, 3}, {3, 3}, {3, 3},       /* == < <= */
  {3, 3}, {3, 3}, {3, 3},       /* ~= > >= */
  {2, 2}, {1, 1}                /* and or */
};
#define UNARY_PRIORITY 12

/* subexpr -> (simpleexp | unop subexpr) { binop subexpr }, for operators binding tighter
 * than limit. Returns the first operator it did not consume. */
static BinOpr subexpr(LexState *ls, ExpDesc *v, int limit) {
  enterlevel(ls);
  UnOpr uop = getunopr(ls->t.token);
  if (uop != OPR_NOUNOPR) {
    int line = ls->linenumber;
    cc_lex_next(ls);
    subexpr(ls, v, UNARY_PRIORITY);
    cc_prefix(ls->fs, uop, v, line);
  } else {
    simpleexp(ls, v);
  }
  BinOpr op = getbinopr(ls->t.token);
  while (op != OPR_NOBINOPR && priority[op].left > limit) {
    ExpDesc v2;
    int line = ls->linenumber;
    cc_lex_next(ls);
    cc_infix(ls->fs, op, v);
    BinOpr nextop = subexpr(ls, &v2, priority[op].right);
    cc_posfix(ls->fs, op, v, &v2, line);
    op = nextop;
  }
  leavelevel(ls);
  return op;
}

static void expr(LexState *ls, ExpDesc *v) {
  subexpr(ls, v, 0);
}

static void block(LexState *ls) {
  FuncState *fs = ls->fs;
  BlockCnt bl;
  enterblock(fs, &bl, 0);
  statlist(ls);
  leaveblock(fs);
}

/* The targets of a multiple assignment, chained through the C stack. */
typedef struct LHS_assign {
  struct LHS_assign *prev;
  ExpDesc v;
} LHS_assign;

/* In "a[i], i = ...", i is assigned before a[i] is stored: earlier targets that index with
 * the variable v being assigned now must use a copy of its old value. */
static void check_conflict(LexState *ls, LHS_assign *lh, ExpDesc *v) {
  FuncState *fs = ls->fs;
  int extra = fs->freereg;
  int conflict = 0;
  for (; lh; lh = lh->prev) {
    if (vkisindexed(lh->v.k)) {
      if (lh->v.k == VINDEXUP) {
        if (v->k == VUPVAL && lh->v.ind.t == v->u.info) {
          conflict = 1;
          lh->v.k = VINDEXSTR;
          lh->v.ind.t = extra;
        }
      } else {
        if (v->k == VLOCAL && lh->v.ind.t == v->var.ridx) {
          conflict = 1;
          lh->v.ind.t = extra;
        }
        if (lh->v.k == VINDEXED && v->k == VLOCAL && lh->v.ind.idx == v->var.ridx) {
          conflict = 1;
          lh->v.ind.idx = extra;
        }
      }
    }
  }
  if (conflict) {
    if (v->k == VLOCAL)
      cc_codeABC(fs, OP_MOVE, extra, v->var.ridx, 0);
    else
      cc_codeABC(fs, OP_GETUPVAL, extra, v->u.info, 0);
    cc_reserveregs(fs, 1);
  }
}

static void restassign(LexState *ls, LHS_assign *lh, int nvars) {
  ExpDesc e;
  check_condition(ls, vkisvar(lh->v.k), "syntax error");
  check_readonly(ls, &lh->v);
  if (testnext(ls, ',')) {
    LHS_assign nv;
    nv.prev = lh;
    suffixedexp(ls, &nv.v);
    if (!vkisindexed(nv.v.k))
      check_conflict(ls, lh, &nv.v);
    enterlevel(ls);
    restassign(ls, &nv, nvars + 1);
    leavelevel(ls);
  } else {
    checknext(ls, '=');
    int nexps = explist(ls, &e);
    if (nexps != nvars) {
      adjust_assign(ls, nvars, nexps, &e);
    } else {
      cc_setoneret(ls->fs, &e);
      cc_storevar(ls->fs, &lh->v, &e);
      return;
    }
  }
  init_exp(&e, VNONRELOC, ls->fs->freereg - 1);  /* the default value */
  cc_storevar(ls->fs, &lh->v, &e);
}

static int cond(LexState *ls) {
  ExpDesc v;
  expr(ls, &v);
  if (v.k == VNIL)
    v.k = VFALSE;  /* 'falses' are all equal here */
  cc_goiftrue(ls->fs, &v);
  return v.f;
}

static void gotostat(LexState *ls) {
  FuncState *fs = ls->fs;
  int line = ls->linenumber;
  TString *name = str_checkname(ls);
  Labeldesc *lb = findlabel(ls, name);
  if (lb == NULL) {  /* forward jump: resolved when the label appears */
    newgotoentry(ls, name, line, cc_jump(fs));
  } else {  /* backward jump: close what lives above the label's level */
    int lblevel = reglevel(fs, lb->nactvar);
    if (cc_nvarstack(fs) > lblevel)
      cc_codeABC(fs, OP_CLOSE, lblevel, 0, 0);
    cc_patchlist(fs, cc_jump(fs), lb->pc);
  }
}

static void breakstat(LexState *ls) {
  int line = ls->linenumber;
  cc_lex_next(ls);
  newgotoentry(ls, vm_str_newz(ls->L, "break"), line, cc_jump(ls->fs));
}

static void checkrepeated(LexState *ls, TString *name) {
  Labeldesc *lb = findlabel(ls, name);
  if (lb != NULL) {
    const char *msg = vm_pushfstring(ls->L, "label '%s' already defined on line %d",
                                     getstr(name), lb->line);
    cc_semerror(ls, msg);
  }
}

static void labelstat(LexState *ls, TString *name, int line) {
  checknext(ls, TK_DBCOLON);
  while (ls->t.token == ';' || ls->t.token == TK_DBCOLON)
    statement(ls);  /* skip other no-op statements */
  checkrepeated(ls, name);
  createlabel(ls, name, line, block_follow(ls, 0), -1);
}

static void whilestat(LexState *ls, int line) {
  FuncState *fs = ls->fs;
  BlockCnt bl;
  cc_lex_next(ls);
  int whileinit = cc_getlabel(fs);
  int condexit = cond(ls);
  enterblock(fs, &bl, 1);
  checknext(ls, TK_DO);
  block(ls);
  cc_jumpto(fs, whileinit);
  check_match(ls, TK_END, TK_WHILE, line);
  leaveblock(fs);
  cc_patchtohere(fs, condexit);
}

static void repeatstat(LexState *ls, int line) {
  FuncState *fs = ls->fs;
  int repeat_init = cc_getlabel(fs);
  BlockCnt bl1, bl2;
  enterblock(fs, &bl1, 1);  /* loop block */
  enterblock(fs, &bl2, 0);  /* scope block: the condition sees the body's locals */
  cc_lex_next(ls);
  statlist(ls);
  check_match(ls, TK_UNTIL, TK_REPEAT, line);
  int condexit = cond(ls);
  leaveblock(fs);
  if (bl2.upval) {  /* going around again must close the body's upvalues */
    int exit = cc_jump(fs);
    cc_patchtohere(fs, condexit);
    cc_codeABC(fs, OP_CLOSE, reglevel(fs, bl2.nactvar), 0, 0);
    condexit = cc_jump(fs);
    cc_patchtohere(fs, exit);
  }
  cc_patchlist(fs, condexit, repeat_init);
  leaveblock(fs);
}

static void exp1(LexState *ls) {
  ExpDesc e;
  expr(ls, &e);
  cc_exp2nextreg(ls->fs, &e);
}

/* For-loop jumps use unsigned Bx offsets (forward for the prep, backward for the loop). */
static void fixforjump(FuncState *fs, int pc, int dest, int back) {
  Instruction *jmp = &fs->f->code[pc];
  int offset = dest - (pc + 1);
  if (back)
    offset = -offset;
  if (offset > MAXARG_Bx)
    cc_lex_syntaxerror(fs->ls, "control structure too long");
  SETARG_Bx(*jmp, (unsigned int)offset);
}

static void forbody(LexState *ls, int base, int line, int nvars, int isgen) {
  static const OpCode forprep[2] = {OP_FORPREP, OP_TFORPREP};
  static const OpCode forloop[2] = {OP_FORLOOP, OP_TFORLOOP};
  BlockCnt bl;
  FuncState *fs = ls->fs;
  checknext(ls, TK_DO);
  int prep = cc_codeABx(fs, forprep[isgen], base, 0);
  enterblock(fs, &bl, 0);  /* scope of the declared variables */
  adjustlocalvars(ls, nvars);
  cc_reserveregs(fs, nvars);
  block(ls);
  leaveblock(fs);
  fixforjump(fs, prep, cc_getlabel(fs), 0);
  if (isgen) {
    cc_codeABC(fs, OP_TFORCALL, base, 0, nvars);
    cc_fixline(fs, line);
  }
  int endfor = cc_codeABx(fs, forloop[isgen], base, 0);
  fixforjump(fs, endfor, prep + 1, 1);
  cc_fixline(fs, line);
}

static void fornum(LexState *ls, TString *varname, int line) {
  FuncState *fs = ls->fs;
  int base = fs->freereg;
  new_localvarliteral(ls, "(for state)");
  new_localvarliteral(ls, "(for state)");
  new_localvarliteral(ls, "(for state)");
  new_localvar(ls, varname);
  checknext(ls, '=');
  exp1(ls);  /* initial value */
  checknext(ls, ',');
  exp1(ls);  /* limit */
  if (testnext(ls, ',')) {
    exp1(ls);  /* step */
  } else {
    cc_int(fs, fs->freereg, 1);
    cc_reserveregs(fs, 1);
  }
  adjustlocalvars(ls, 3);  /* the control variables */
  forbody(ls, base, line, 1, 0);
}

static void forlist(LexState *ls, TString *indexname) {
  FuncState *fs = ls->fs;
  ExpDesc e;
  int nvars = 5;  /* iterator, state, control, closing value, first variable */
  int base = fs->freereg;
  new_localvarliteral(ls, "(for state)");
  new_localvarliteral(ls, "(for state)");
  new_localvarliteral(ls, "(for state)");
  new_localvarliteral(ls, "(for state)");
  new_localvar(ls, indexname);
  while (testnext(ls, ',')) {
    new_localvar(ls, str_checkname(ls));
    nvars++;
  }
  checknext(ls, TK_IN);
  int line = ls->linenumber;
  adjust_assign(ls, 4, explist(ls, &e), &e);
  adjustlocalvars(ls, 4);
  marktobeclosed(fs);  /* the fourth value may need closing */
  cc_checkstack(fs, 3);  /* TFORCALL copies the iterator, state and control */
  forbody(ls, base, line, nvars - 4, 1);
}

static void forstat(LexState *ls, int line) {
  FuncState *fs = ls->fs;
  BlockCnt bl;
  enterblock(fs, &bl, 1);
  cc_lex_next(ls);
  TString *varname = str_checkname(ls);
  switch (ls->t.token) {
  case '=':
    fornum(ls, varname, line);
    break;
  case ',': case TK_IN:
    forlist(ls, varname);
    break;
  default:
    cc_lex_syntaxerror(ls, "'=' or 'in' expected");
  }
  check_match(ls, TK_END, TK_FOR, line);
  leaveblock(fs);
}

static void test_then_block(LexState *ls, int *escapelist) {
  BlockCnt bl;
  FuncState *fs = ls->fs;
  ExpDesc v;
  int jf;
  cc_lex_next(ls);  /* 'if' or 'elseif' */
  expr(ls, &v);
  checknext(ls, TK_THEN);
  if (ls->t.token == TK_BREAK) {  /* "if cond then break": jump straight out */
    int line = ls->linenumber;
    cc_goiffalse(ls->fs, &v);
    cc_lex_next(ls);
    enterblock(fs, &bl, 0);
    newgotoentry(ls, vm_str_newz(ls->L, "break"), line, v.t);
    while (testnext(ls, ';')) {
    }
    if (block_follow(ls, 0)) {
      leaveblock(fs);
      return;
    }
    jf = cc_jump(fs);
  } else {
    cc_goiftrue(ls->fs, &v);
    enterblock(fs, &bl, 0);
    jf = v.f;
  }
  statlist(ls);
  leaveblock(fs);
  if (ls->t.token == TK_ELSE || ls->t.token == TK_ELSEIF)
    cc_concat(fs, escapelist, cc_jump(fs));
  cc_patchtohere(fs, jf);
}

static void ifstat(LexState *ls, int line) {
  FuncState *fs = ls->fs;
  int escapelist = NO_JUMP;
  test_then_block(ls, &escapelist);
  while (ls->t.token == TK_ELSEIF)
    test_then_block(ls, &escapelist);
  if (testnext(ls, TK_ELSE))
    block(ls);
  check_match(ls, TK_END, TK_IF, line);
  cc_patchtohere(fs, escapelist);
}

static void localfunc(LexState *ls) {
  ExpDesc b;
  FuncState *fs = ls->fs;
  int fvar = fs->nactvar;
  new_localvar(ls, str_checkname(ls));
  adjustlocalvars(ls, 1);  /* visible inside its own body (recursion) */
  body(ls, &b, 0, ls->linenumber);
  localdebuginfo(fs, fvar)->startpc = fs->pc;  /* debug info starts after the CLOSURE */
}

static int getlocalattribute(LexState *ls) {
  if (testnext(ls, '<')) {
    const char *attr = getstr(str_checkname(ls));
    checknext(ls, '>');
    if (strcmp(attr, "const") == 0)
      return RDKCONST;
    if (strcmp(attr, "close") == 0)
      return RDKTOCLOSE;
    cc_semerror(ls, vm_pushfstring(ls->L, "unknown attribute '%s'", attr));
  }
  return VDKREG;
}

static void checktoclose(FuncState *fs, int level) {
  if (level != -1) {
    marktobeclosed(fs);
    cc_codeABC(fs, OP_TBC, reglevel(fs, level), 0, 0);
  }
}

static void localstat(LexState *ls) {
  FuncState *fs = ls->fs;
  int toclose = -1;
  int vidx, kind;
  int nvars = 0;
  int nexps;
  ExpDesc e;
  do {
    vidx = new_localvar(ls, str_checkname(ls));
    kind = getlocalattribute(ls);
    getlocalvardesc(fs, vidx)->kind = cast_byte(kind);
    if (kind == RDKTOCLOSE) {
      if (toclose != -1)
        cc_semerror(ls, "multiple to-be-closed variables in local list");
      toclose = fs->nactvar + nvars;
    }
    nvars++;
  } while (testnext(ls, ','));
  if (testnext(ls, '=')) {
    nexps = explist(ls, &e);
  } else {
    e.k = VVOID;
    nexps = 0;
  }
  Vardesc *var = getlocalvardesc(fs, vidx);  /* the last one */
  if (nvars == nexps && var->kind == RDKCONST && cc_exp2const(fs, &e, &var->k)) {
    var->kind = RDKCTC;  /* a compile-time constant: no register */
    adjustlocalvars(ls, nvars - 1);
    fs->nactvar++;
  } else {
    adjust_assign(ls, nvars, nexps, &e);
    adjustlocalvars(ls, nvars);
  }
  checktoclose(fs, toclose);
}

static int funcname(LexState *ls, ExpDesc *v) {
  int ismethod = 0;
  singlevar(ls, v);
  while (ls->t.token == '.')
    fieldsel(ls, v);
  if (ls->t.token == ':') {
    ismethod = 1;
    fieldsel(ls, v);
  }
  return ismethod;
}

static void funcstat(LexState *ls, int line) {
  ExpDesc v, b;
  cc_lex_next(ls);
  int ismethod = funcname(ls, &v);
  body(ls, &b, ismethod, line);
  check_readonly(ls, &v);
  cc_storevar(ls->fs, &v, &b);
  cc_fixline(ls->fs, line);  /* the definition "happens" on its first line */
}

static void exprstat(LexState *ls) {
  FuncState *fs = ls->fs;
  LHS_assign v;
  suffixedexp(ls, &v.v);
  if (ls->t.token == '=' || ls->t.token == ',') {
    v.prev = NULL;
    restassign(ls, &v, 1);
  } else {
    check_condition(ls, v.v.k == VCALL, "syntax error");
    SETARG_C(getinstruction(fs, &v.v), 1);  /* a call statement keeps no results */
  }
}

static void retstat(LexState *ls) {
  FuncState *fs = ls->fs;
  ExpDesc e;
  int nret;
  int first = cc_nvarstack(fs);
  if (block_follow(ls, 1) || ls->t.token == ';') {
    nret = 0;
  } else {
    nret = explist(ls, &e);
    if (hasmultret(e.k)) {
      cc_setmultret(fs, &e);
      if (e.k == VCALL && nret == 1 && !fs->bl->insidetbc)  /* tail call */
        SET_OPCODE(getinstruction(fs, &e), OP_TAILCALL);
      nret = LUA_MULTRET;
    } else if (nret == 1) {
      first = cc_exp2anyreg(fs, &e);
    } else {
      cc_exp2nextreg(fs, &e);
      lua_assert(nret == fs->freereg - first);
    }
  }
  cc_ret(fs, first, nret);
  testnext(ls, ';');
}

static void statement(LexState *ls) {
  int line = ls->linenumber;
  enterlevel(ls);
  switch (ls->t.token) {
  case ';':
    cc_lex_next(ls);
    break;
  case TK_IF:
    ifstat(ls, line);
    break;
  case TK_WHILE:
    whilestat(ls, line);
    break;
  case TK_DO:
    cc_lex_next(ls);
    block(ls);
    check_match(ls, TK_END, TK_DO, line);
    break;
  case TK_FOR:
    forstat(ls, line);
    break;
  case TK_REPEAT:
    repeatstat(ls, line);
    break;
  case TK_FUNCTION:
    funcstat(ls, line);
    break;
  case TK_LOCAL:
    cc_lex_next(ls);
    if (testnext(ls, TK_FUNCTION))
      localfunc(ls);
    else
      localstat(ls);
    break;
  case TK_DBCOLON:
    cc_lex_next(ls);
    labelstat(ls, str_checkname(ls), line);
    break;
  case TK_RETURN:
    cc_lex_next(ls);
    retstat(ls);
    break;
  case TK_BREAK:
    breakstat(ls);
    break;
  case TK_GOTO:
    cc_lex_next(ls);
    gotostat(ls);
    break;
  default:
    exprstat(ls);
    break;
  }
  lua_assert(ls->fs->f->maxstacksize >= ls->fs->freereg && ls->fs->freereg >= cc_nvarstack(ls->fs));
  ls->fs->freereg = cast_byte(cc_nvarstack(ls->fs));
  leavelevel(ls);
}

/* The main function is vararg and has one upvalue, _ENV, captured from the loader. */
static void mainfunc(LexState *ls, FuncState *fs) {
  BlockCnt bl;
  open_func(ls, fs, &bl);
  setvararg(fs, 0);
  Upvaldesc *env = allocupvalue(fs);
  env->instack = 1;
  env->idx = 0;
  env->kind = VDKREG;
  env->name = ls->envn;
  cc_lex_next(ls);
  statlist(ls);
  check(ls, TK_EOS);
  close_func(ls);
}

LClosure *cc_parse(lua_State *L, ZIO *z, Mbuffer *buff, const char *name, int firstchar) {
  LexState lexstate;
  FuncState funcstate;
  Dyndata *dyd = gc_alloc(L, sizeof(Dyndata));
  memset(dyd, 0, sizeof(*dyd));
  cc_lex_init(L);
  LClosure *cl = vm_func_newLclosure(L, 1);
  setclLvalue(L, s2v(L->top), cl);  /* anchored on the stack while compiling */
  vm_inctop(L);
  funcstate.f = cl->p = vm_func_newproto(L);
  funcstate.f->source = vm_str_newz(L, name);
  lexstate.buff = buff;
  lexstate.dyd = dyd;
  lexstate.kmap = NULL;
  cc_lex_setinput(L, &lexstate, z, funcstate.f->source, firstchar);
  mainfunc(&lexstate, &funcstate);
  lua_assert(!funcstate.prev && funcstate.nups == 1 && !lexstate.fs);
  return cl;
}
