/* The interpreter: runs Lua 5.4 instructions for a chain of Lua frames. Calls between Lua
 * functions reuse this C frame (goto startfunc / returning), so only calls through C
 * (metamethods, C functions calling back) nest vm_execute. Slow paths live in exec_ops.c. */
#include <math.h>
#include <string.h>

#include "vm/debug.h"
#include "vm/do.h"
#include "vm/exec.h"
#include "vm/fastfn.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/str.h"
#include "vm/tab.h"
#include "vm/tm.h"

/* Fuel for the sandbox (vm_fuel in core.h): one unit at every call (vm_charge, or
 * charge_call where top is still in a register) and loop back-edge (charge_backedge); keep
 * every charge point going through these macros. */
#define vm_charge(L) vm_fuel(L, 1)
#define charge_call(L, t) \
  do { if (l_unlikely((G(L)->fuel -= 1) < 0)) { (L)->top = (t); vm_fuelout(L); } } while (0)
/* At a back-edge pc and top are not saved yet, but an exhausted budget raises: the error
 * must report the right line and must not be pushed over live registers. vm_fuel's test,
 * with the state saved only on its slow path (a loop iteration then stores nothing). The
 * trap is re-read too, after `jump` (the pc update, if not done before), so that a hook set
 * from outside interrupts a long loop; only a set trap is copied, out of line at
 * backedge_trapped (a compare and a branch; a test's lea and cmov when it was inline): a frame
 * still trapped with ci's trap clear is untrapped by the next instruction's traceexec. Every
 * use ends its handler (backedge_trapped dispatches the next instruction). */
#define charge_backedge(L, jump) \
  do { \
    if (l_unlikely((G(L)->fuel -= 1) < 0)) { savestate(L, ci); vm_fuelout(L); } \
    jump; \
    if (l_unlikely(ci->u.l.trap)) goto backedge_trapped; \
  } while (0)

#define intop(op, a, b) l_castU2S(l_castS2U(a) op l_castS2U(b))

/* ------------------------------------------------------------------------------------------
 * Numeric for loops.
 */

/* Converts the limit of an integer loop to an integer, clipping floats out of range.
 * Returns 1 if the loop must not run at all. */
static int forlimit(lua_State *L, lua_Integer init, const Value *lim, lua_Integer *p, lua_Integer step) {
  if (ttisinteger(lim))
    *p = ivalue(lim);  /* the usual case, without the conversion call */
  else if (!vm_tointeger(lim, p, (step < 0 ? F2Iceil : F2Ifloor))) {
    lua_Number flim;
    if (!vm_tonumber(lim, &flim)) vm_debug_forerror(L, lim, "limit");
    /* flim is a float beyond the integer range (or NaN) */
    if (0 < flim) {
      if (step < 0) return 1;
      *p = LUA_MAXINTEGER;
    } else {
      if (step > 0) return 1;
      *p = LUA_MININTEGER;
    }
  }
  return step > 0 ? init > *p : init < *p;
}

/* OP_FORPREP: checks the control values and prepares the loop. An integer loop keeps an
 * iteration count in place of the limit, so it can never overflow. Returns 1 to skip. */
static int forprep(lua_State *L, StkId ra) {
  Value *pinit = s2v(ra);
  Value *plimit = s2v(ra + 1);
  Value *pstep = s2v(ra + 2);
  if (ttisinteger(pinit) && ttisinteger(pstep)) {
    lua_Integer init = ivalue(pinit);
    lua_Integer step = ivalue(pstep);
    lua_Integer limit;
    if (step == 0) vm_debug_runerror(L, "'for' step is zero");
    setivalue(s2v(ra + 3), init);
    if (forlimit(L, init, plimit, &limit, step)) return 1;
    lua_Unsigned count;
    if (step > 0) {
      count = l_castS2U(limit) - l_castS2U(init);
      if (step != 1) count /= l_castS2U(step);
    } else {
      count = l_castS2U(init) - l_castS2U(limit);
      count /= l_castS2U(-(step + 1)) + 1u;  /* step+1 avoids negating mininteger */
    }
    setivalue(plimit, l_castU2S(count));
    return 0;
  }
  lua_Number init, flimit, step;
  if (l_unlikely(!vm_tonumber(plimit, &flimit))) vm_debug_forerror(L, plimit, "limit");
  if (l_unlikely(!vm_tonumber(pstep, &step))) vm_debug_forerror(L, pstep, "step");
  if (l_unlikely(!vm_tonumber(pinit, &init))) vm_debug_forerror(L, pinit, "initial value");
  if (step == 0) vm_debug_runerror(L, "'for' step is zero");
  if (0 < step ? flimit < init : init < flimit) return 1;
  setfltvalue(plimit, flimit);
  setfltvalue(pstep, step);
  setfltvalue(s2v(ra), init);
  setfltvalue(s2v(ra + 3), init);
  return 0;
}

static int floatforloop(StkId ra) {
  lua_Number step = fltvalue(s2v(ra + 2));
  lua_Number limit = fltvalue(s2v(ra + 1));
  lua_Number idx = fltvalue(s2v(ra)) + step;
  if (0 < step ? idx <= limit : limit <= idx) {
    setfltvalue(s2v(ra), idx);
    setfltvalue(s2v(ra + 3), idx);
    return 1;
  }
  return 0;
}

/* Creates the closure for proto p, capturing upvalues from the frame at base or from the
 * enclosing closure's upvalues encup. */
static void pushclosure(lua_State *L, Proto *p, UpVal **encup, StkId base, StkId ra) {
  int nup = p->sizeupvalues;
  Upvaldesc *uv = p->upvalues;
  LClosure *ncl = vm_func_newLclosure(L, nup);
  ncl->p = p;
  setclLvalue(L, s2v(ra), ncl);  /* anchor it before allocating upvalues */
  for (int i = 0; i < nup; i++) {
    if (uv[i].instack)
      ncl->upvals[i] = vm_func_findupval(L, base + uv[i].idx);
    else
      ncl->upvals[i] = encup[uv[i].idx];
    gc_barrier(L, ncl, ncl->upvals[i]);
  }
}

/* vm_poscall without its call, for a Lua frame ci returning the n values at src when no hook
 * is set (OP_RETURN, OP_TAILCALL of a C function): values copied forward (the frame's
 * function slot, where they go, is below src; value and tag apart, as they were just stored:
 * a whole-slot load would stall store forwarding), nils up to the count wanted, ci popped. */
static inline void poscall_nohook(lua_State *L, CallInfo *ci, StkId src, int n) {
  StkId res = ci->func;
  int wanted = ci->nresults < 0 ? n : ci->nresults;  /* LUA_MULTRET: all of them */
  int j, m = n < wanted ? n : wanted;
  for (j = 0; j < m; j++) setobjs2s(L, res + j, src + j);
  for (; j < wanted; j++) setnilvalue(s2v(res + j));
  L->top = res + wanted;
  L->ci = ci->previous;
}

/* ------------------------------------------------------------------------------------------
 * Finishing an instruction whose metamethod call yielded (called on resume).
 */

void vm_finishOp(lua_State *L) {
  CallInfo *ci = L->ci;
  StkId base = ci->func + 1;
  Instruction inst = *(ci->u.l.savedpc - 1);
  OpCode op = vm_baseop(inst);  /* a quickened form never calls a metamethod, but be exact */
  switch (op) {
    case OP_MMBIN: case OP_MMBINI: case OP_MMBINK:
      /* the result goes to the arithmetic instruction's target */
      setobjs2s(L, base + GETARG_A(*(ci->u.l.savedpc - 2)), --L->top);
      break;
    case OP_UNM: case OP_BNOT: case OP_LEN:
    case OP_GETTABUP: case OP_GETTABLE: case OP_GETI:
    case OP_GETFIELD: case OP_SELF:
      setobjs2s(L, base + GETARG_A(inst), --L->top);
      break;
    case OP_LT: case OP_LE: case OP_LTI: case OP_LEI:
    case OP_GTI: case OP_GEI: case OP_EQ: {
      int res = !l_isfalse(s2v(L->top - 1));
      L->top--;
#if defined(LUA_COMPAT_LT_LE)
      if (ci->callstatus & CIST_LEQ) {  /* "<=" computed with "<" */
        ci->callstatus ^= CIST_LEQ;
        res = !res;
      }
#endif
      if (res != GETARG_k(inst)) ci->u.l.savedpc++;  /* condition failed: skip the jump */
      break;
    }
    case OP_CONCAT: {
      StkId top = L->top - 1;  /* top when vm_tm_tryconcat was called */
      int a = GETARG_A(inst);
      int total = cast_int(top - 1 - (base + a));  /* values still to concatenate */
      setobjs2s(L, top - 2, top);  /* the metamethod's result */
      L->top = top - 1;
      vm_concat(L, total);
      break;
    }
    case OP_CLOSE:
      ci->u.l.savedpc--;  /* redo it to close the remaining variables */
      break;
    case OP_RETURN: {
      StkId ra = base + GETARG_A(inst);
      L->top = ra + ci->u2.nres;  /* the results, in case B == 0 */
      ci->u.l.savedpc--;  /* redo it: close the rest and return */
      break;
    }
    default:
      /* OP_TFORCALL, OP_CALL, OP_TAILCALL, OP_SET*: nothing left to do */
      break;
  }
}

/* ------------------------------------------------------------------------------------------
 * Generic for loops.
 */

/* OP_TFORCALL of next or ipairs' step over the table in R[A+1] (no hook, C stack room, the
 * C function's LUA_MINSTACK slots free: the call would neither run a hook, nor raise "C stack
 * overflow", nor grow the stack, as vm_ffcall runs it): the step done in place, its
 * results at R[A+4] .. R[A+3+nresults], where the call would leave them (no fuel either: a
 * call from TFORCALL charges none). Returns 1 for an entry, 0 at the end (R[A+4] nil), -1 for
 * another function, or when the fast function would decline (the call then runs it, to raise
 * its error or call __index). */
static inline __attribute__((always_inline)) int tforff(lua_State *L, StkId ra, int ffid,
                                                        int nresults) {
  Table *t = hvalue(s2v(ra + 1));
  StkId res = ra + 4;
  int more;
  if (ffid == VM_FF_next) {
    more = vm_tab_fornext(t, ra + 2, res);
    if (l_unlikely(more < 0)) return -1;  /* "invalid key to 'next'" */
  } else if (ffid == VM_FF_ipairs_step && ttisinteger(s2v(ra + 2))) {
    lua_Integer j = l_castU2S(l_castS2U(ivalue(s2v(ra + 2))) + 1);
    const Value *v = vm_ffipairsget(L, t, j);
    if (v == NULL) return -1;
    more = !isempty(v);
    if (more) {
      setivalue(s2v(res), j);
      setobj2s(L, res + 1, v);
    }
  } else {
    return -1;
  }
  if (!more) {
    for (int n = 0; n < nresults; n++) setnilvalue(s2v(res + n));
  } else {
    for (int n = 2; l_unlikely(n < nresults); n++) setnilvalue(s2v(res + n));
  }
  return more;
}

/* ------------------------------------------------------------------------------------------
 * The interpreter loop.
 */

/* An 8-bit operand scaled to a byte offset into the registers or constants: both are 16-byte
 * slots, so one shift and one mask turn the field into the offset (gcc otherwise extracts the
 * byte and shifts it again: one instruction more per operand). */
_Static_assert(sizeof(StackValue) == 16 && sizeof(Value) == 16, "operand offsets assume 16-byte slots");
#define OPOFF(i, pos) (((size_t)(i) >> ((pos) - 4)) & ((size_t)MAXARG_A << 4))
#define RA(i) ((StkId)((char *)base + OPOFF(i, POS_A)))
#define RB(i) ((StkId)((char *)base + OPOFF(i, POS_B)))
#define vRB(i) s2v(RB(i))
#define KB(i) ((Value *)((char *)k + OPOFF(i, POS_B)))
#define RC(i) ((StkId)((char *)base + ((size_t)GETARG_C(i) << 4)))
#define vRC(i) s2v(RC(i))
#define KC(i) ((Value *)((char *)k + ((size_t)GETARG_C(i) << 4)))
#define RKC(i) ((TESTARG_k(i)) ? KC(i) : vRC(i))
/* RKC for SETTABLE/SETI: the base (constants or registers) picked first and the offset added
 * once; gcc computed both addresses and a cmov for RKC there (SETFIELD does better with
 * RKC's branch). */
#define RKCsel(i) ((Value *)((char *)(TESTARG_k(i) ? (void *)k : (void *)base) + ((size_t)GETARG_C(i) << 4)))

/* The trap says hooks are on or the stack moved: the next fetch re-reads the state. With
 * computed goto it costs nothing per instruction: a trapped frame dispatches through traptab,
 * whose every entry is L_TRAP (which does what vmfetch does in the switch build, then runs
 * the instruction through disptab); settrap switches tables. */
#if defined(VM_DISPATCH_SWITCH)
#define settrap(x) (trap = (x))
#define trapped() (trap)
#else
#define settrap(x) (disp = (x) ? traptab : disptab)
#define trapped() (disp != disptab)
#endif
#define updatetrap(ci) settrap((ci)->u.l.trap)
#define updatebase(ci) (base = (ci)->func + 1)
#define updatestack(ci) \
  do { if (l_unlikely(trapped())) { updatebase(ci); ra = RA(i); } } while (0)

/* A jump back is a loop's back-edge: it is charged fuel and re-reads the trap (a signal
 * handler's lua_sethook). A jump forward needs neither: it cannot run forever without
 * passing a back-edge or a call. */
_Static_assert(POS_sJ + SIZE_sJ == 32, "dojump reads sJ as the instruction's top bits");
#define dojump(ci, i, e) { \
    size_t sjx_ = (size_t)((i) >> POS_sJ);  /* sJ + OFFSET_sJ: no sign extension, so the \
                                               target is one lea from pc */ \
    if (sjx_ < OFFSET_sJ) charge_backedge(L, pc += (ptrdiff_t)sjx_ - OFFSET_sJ + (e)); \
    else pc += (ptrdiff_t)sjx_ - OFFSET_sJ + (e); }
/* A test's jump is a loop back-edge too (`repeat ... until cond`): charged like OP_JMP's. */
#define donextjump(ci) { Instruction ni = *pc; dojump(ci, ni, 1); }
#define docondjump() if (cond != (TESTARG_k(i) != 0)) skipbreak else donextjump(ci);
/* docondjump for the condition expression c, tested in each arm of k so that the comparison
 * branches directly (no flag made of it and compared with k), and the next instruction
 * dispatched. For the numeric fast paths. */
#define condjump(c) { \
    if (TESTARG_k(i)) { if (!(c)) skipbreak } \
    else if (c) skipbreak \
    donextjump(ci); \
    vmbreak; }

/* Before anything that can raise or call: the pc for error positions and hooks, and a top
 * above the registers. */
#define savepc(L) (ci->u.l.savedpc = pc)
#define savestate(L, ci) (savepc(L), (L)->top = (ci)->top)
#define Protect(exp) (savestate(L, ci), (exp), updatetrap(ci))
#define ProtectNT(exp) (savepc(L), (exp), updatetrap(ci))
#define halfProtect(exp) (savestate(L, ci), (exp))

/* Safe point for pending finalizers, with top at c. */
#define checkGC(L, c) \
  do { if (l_unlikely(gc_pending)) { savepc(L); (L)->top = (c); gc_runpending(L); updatetrap(ci); } } while (0)

/* What a trapped frame does before its next instruction (pc points at it). A yield that
 * returned (vm_coyield) leaves the thread suspended: back to lua_resume, the trap cleared
 * (re-entry sets it again from the hook mask). */
#define traceexec() \
  { \
    if (l_unlikely(L->status == LUA_YIELD)) { ci->u.l.trap = 0; return; } \
    if (L->hookmask) settrap(vm_debug_traceexec(L, pc)); \
    else { ci->u.l.trap = 0; settrap(0); } \
    updatebase(ci); \
  }

/* RETURN0/RETURN1 with no hook, the results moved and L->ci popped to prev: back to the C caller of
 * a fresh frame, else the Lua caller's state is reloaded here (what `returning` does) and its
 * next instruction dispatched. No trap to test: with no hook, a trapped frame (the stack
 * moved) only needs its base reloaded, which L_TRAP / traceexec does at that instruction. */
#define return_plain() \
  { \
    if (l_unlikely(ci->callstatus & (CIST_FRESH | CIST_TFOR))) { \
      if (ci->callstatus & CIST_FRESH) return; \
      tforreturn(); \
      mmreturn(prev); \
    } \
    ci = prev; \
    cl = clLvalue(s2v(ci->func)); \
    k = cl->p->k; \
    pc = ci->u.l.savedpc; \
    base = ci->func + 1; \
    vmbreak; \
  }

/* A for-in iterator (OP_TFORCALL) or a metamethod (entermm) entered inline, CIST_TFOR, counts
 * one nested C call, as lua5.4's luaD_call of it does, so "C stack overflow" comes at the
 * same depth. The count belongs to this activation of vm_execute (tfordepth): an error
 * unwinds it with the C frame (vm_rawrunprotected restores nCcalls) and a yield drops it
 * (lua_resume recounts), so a frame entered by an earlier activation, resumed by unroll,
 * returns without it. */
#define tforreturn() \
  do { if (tfordepth > 0) { tfordepth--; L->nCcalls--; } } while (0)

/* A Lua __index or __newindex function that vm_finishget_lua / vm_finishset_lua pushed at func
 * (its arguments up to L->top) is entered inline, as lua5.4's luaT_callTMres / luaT_callTM
 * would call it: one nested C call counted (CIST_TFOR, as for an iterator), no fuel charged
 * (vm_call charges none), nres results (1 for __index, 0 for __newindex). */
#define entermm(func, nres, status) \
  { \
    LClosure *ncl_ = clLvalue(s2v(func)); \
    Proto *p_ = ncl_->p; \
    L->nCcalls++;  /* tforreturn takes it back */ \
    tfordepth++; \
    ci = vm_precallLua(L, ci->next, func, L->top, func + 1 + p_->maxstacksize, nres, p_); \
    ci->callstatus = (status); \
    enterLua(ncl_, p_, func + 1); \
  }
/* The return of an __index or arithmetic metamethod entered inline (CIST_MMGET) to the Lua
 * frame caller: its one result, at L->top - 1, goes where the calling instruction (GETFIELD,
 * SELF or GETTABUP, the one before the caller's saved pc; for MMBIN* the arithmetic one before
 * that) puts its value, as vm_finishOp does after a yield. */
#define mmreturn(caller) \
  do { \
    if (ci->callstatus & CIST_MMGET) { \
      const Instruction *ipc_ = (caller)->u.l.savedpc - 1; \
      if (vm_baseop(*ipc_) >= OP_MMBIN && vm_baseop(*ipc_) <= OP_MMBINK) ipc_--; \
      setobjs2s(L, (caller)->func + 1 + GETARG_A(*ipc_), L->top - 1); \
    } \
  } while (0)

/* Runs the Lua frame ci that a call just pushed for closure ncl (prototype p, base fbase):
 * the call hook through startfunc, else what startfunc would load, from the registers that
 * hold it already (the trap is clear: a trapped caller with no hook was cleared before its
 * instruction ran). */
#define enterLua(ncl, p, fbase) \
  { \
    if (l_unlikely(L->hookmask)) goto startfunc; \
    cl = (ncl); \
    k = (p)->k; \
    pc = ci->u.l.savedpc; \
    base = (fbase); \
    vmbreak; \
  }

#if defined(VM_DISPATCH_SWITCH)
#define vmfetch() \
  { \
    if (l_unlikely(trap)) traceexec(); \
    i = *(pc++); \
  }
#define vmdispatch(o) switch (o)
#define vmcase(l) case l:
#define vmbreak break
#define vmgeneric(l) case l: G_##l:
#define gotogeneric(l) goto G_##l
#define skipbreak { pc++; break; }
#else
#define vmfetch() { i = *pc; pc++; }
#define vmdispatch(x) goto *disp[x];
#define vmcase(l) L_##l:
/* The tables have 256 entries, each opcode twice (A's low bit above the 7-bit opcode either
 * way), so the dispatch index is the instruction's low byte: one zero-extending move where
 * GET_OPCODE needs a move and a mask. */
#define DISPOP(i) ((uint8_t)(i))
#define vmbreak vmfetch(); vmdispatch(DISPOP(i));
#define vmgeneric(l) L_##l:
#define gotogeneric(l) goto L_##l
/* Skip the next instruction (an arithmetic fast path's MMBIN*, a test's jump) and dispatch
 * the one after: one load and one add of pc. Never inside a loop or do-while of a handler
 * (in the switch build it is `pc++; break`). */
#define skipbreak { i = pc[1]; pc += 2; vmdispatch(DISPOP(i)); }
#endif

/* Quickening (VM_QUICK_OPCODES in opcodes.h): the running instruction, at pc - 1, becomes the
 * specialised opcode q (NOQ: none), or goes back to its base opcode, whose handler (declared
 * with vmgeneric) then runs it. Only the opcode bits change, so `i` keeps its operands. */
#define NOQ NUM_ALLOPCODES
#define setop(op) (((Instruction *)pc)[-1] = (i & ~MASK1(SIZE_OP, POS_OP)) | ((Instruction)(op) << POS_OP))
#define quicken(q) do { if ((q) != NOQ) setop(q); } while (0)
#define unquicken(gen) do { setop(OP_##gen); gotogeneric(OP_##gen); } while (0)

/* Fast table reads: slot is NULL when t is not a table; true when the key is present. */
#define fastget(t, slot, get) \
  (l_unlikely(!ttistable(t)) ? ((slot) = NULL, 0) : ((slot) = (get), !isempty(slot)))
static inline const Value *getint(Table *h, lua_Integer n) {
  lua_Unsigned u = l_castS2U(n) - 1u;  /* indexes the slot too: one subtraction, not two */
  if (l_likely(u < h->asize)) return &h->array[u];
  return vm_tab_getint(h, n);
}

/* The key of GETI/SETI as a Value, built only where it is used (the slow paths): a local
 * Value filled before the fast path was stored to the stack on every execution. */
static inline Value *intkey(Value *o, lua_Integer n) { setivalue(o, n); return o; }
#define INTKEY(n) intkey(&(Value){0}, (n))

/* Store into a present slot: inline for plain tables; weak, read-only (which may raise, so
 * the state is saved) and watched ones go through tab.c. */
#define storeslot(h, slot, v) { \
    Table *h_ = (h); \
    if (l_likely(!h_->weakmode && !h_->guards)) \
      setobj(L, (Value *)(slot), v); \
    else \
      Protect(vm_tab_setslot(L, h_, slot, v)); \
  }

/* t[n] := v for an integer key n in the array part: stored inline into a present slot, or
 * into an empty one when t has no metatable (with one, an absent key may have __newindex);
 * everything else (hash part, new keys, metatables, non-tables) takes op_set's path. */
#define op_setint(t, key, n, v) { \
    Value *vi_ = (v); \
    lua_Unsigned ni_ = l_castS2U(n) - 1u; \
    Table *hi_; \
    if (l_likely(ttistable(t) && (hi_ = hvalue(t), ni_ < hi_->asize) && \
                 (hi_->metatable == NULL || !isempty(&hi_->array[ni_])))) \
      storeslot(hi_, &hi_->array[ni_], vi_) \
    else \
      op_set(t, key, vi_, vm_tab_getint(hvalue(t), n)) \
  }

/* R[A] := t[key]: the raw lookup `get` when t is a table and the key is present, else the
 * __index path. */
#define op_get(t, key, get) { \
    StkId ra = RA(i); \
    const Value *slot; \
    if (l_likely(fastget(t, slot, get))) \
      setobj2s(L, ra, slot); \
    else \
      Protect(vm_finishget(L, t, key, ra, slot)); \
  }
/* R[A] := t[key] for a short-string constant key: the raw lookup, else the index cache's
 * answer when t is a table with a metatable (vm_idxlookup), else the __index path. */
#define idxcached(t, key) \
  (hvalue(t)->metatable != NULL ? vm_idxlookup(L, hvalue(t)->metatable, tsvalue(key)) : NULL)
#define op_getfield(t, key) { \
    StkId ra = RA(i); \
    const Value *v_, *hit; \
    if (l_likely(ttistable(t) && (v_ = vm_tab_getshortstr_live(hvalue(t), tsvalue(key))) != NULL)) \
      setobj2s(L, ra, v_); \
    else if (ttistable(t) && (hit = idxcached(t, key)) != NULL) \
      setobj2s(L, ra, hit); \
    else \
      finishget_mm(t, key, ra, ttistable(t) ? &vm_absentkey : NULL) \
  }
/* The __index and __newindex paths of GETFIELD, SELF, GETTABUP, SETFIELD and SETTABUP:
 * vm_finishget / vm_finishset, but a Lua function metamethod is entered inline (entermm). */
#define finishget_mm(t, key, ra, slot) { \
    StkId mmf_; \
    savestate(L, ci); \
    if ((mmf_ = vm_finishget_lua(L, t, key, ra, slot)) != NULL) \
      entermm(mmf_, 1, CIST_TFOR | CIST_MMGET); \
    updatetrap(ci); \
  }
#define finishset_mm(t, key, v, slot) { \
    StkId mmf_; \
    savestate(L, ci); \
    if ((mmf_ = vm_finishset_lua(L, t, key, v, slot)) != NULL) entermm(mmf_, 0, CIST_TFOR); \
    updatetrap(ci); \
  }
/* op_set for SETFIELD and SETTABUP (a short-string constant key): a plain table's present
 * slot is stored to inline; a weak or guarded table's goes through vm_tab_setslot (its slot
 * looked up as reads do: a cleared weak value is absent). */
#define op_setfield(t, key, v) { \
    const Value *slot = NULL; \
    Value *v_ = (v); \
    Table *h_ = hvalue(t); \
    if (l_likely(ttistable(t) && !h_->weakmode && !h_->guards && \
                 !isempty(slot = vm_tab_getshortstr_raw(h_, tsvalue(key))))) \
      setobj(L, (Value *)slot, v_); \
    else if (ttistable(t) && slot == NULL && \
             !isempty(slot = vm_tab_getshortstr(h_, tsvalue(key)))) \
      Protect(vm_tab_setslot(L, h_, slot, v_)); \
    else \
      finishset_mm(t, key, v_, slot) \
  }
/* t[key] := v: a store into a present slot, else the __newindex / new-key path. */
#define op_set(t, key, v, get) { \
    const Value *slot; \
    Value *v_ = (v); \
    if (l_likely(fastget(t, slot, get))) \
      storeslot(hvalue(t), slot, v_) \
    else \
      Protect(vm_finishset(L, t, key, v_, slot)); \
  }

/* Integer modulo and floor division inline for the usual divisors; 0 and -1 (error and
 * overflow cases) go to the out-of-line versions, with the state saved there only, since
 * dividing by zero raises (the float versions never raise). */
#define imod(L, m, n) \
  (l_likely(l_castS2U(n) + 1u > 1u) ? vm_modcore(m, n) : (savestate(L, ci), vm_mod(L, m, n)))
#define iidiv(L, m, n) \
  (l_likely(l_castS2U(n) + 1u > 1u) ? vm_idivcore(m, n) : (savestate(L, ci), vm_idiv(L, m, n)))
#define fmodl_(L, a, b) vm_modfcore(a, b)

/* Arithmetic fast paths; on success pc++ skips the following MMBIN* instruction. */
#define l_addi(L, a, b) intop(+, a, b)
#define l_subi(L, a, b) intop(-, a, b)
#define l_muli(L, a, b) intop(*, a, b)
#define vm_shiftr(x, y) vm_shiftl(x, intop(-, 0, y))
#define l_band(a, b) intop(&, a, b)
#define l_bor(a, b) intop(|, a, b)
#define l_bxor(a, b) intop(^, a, b)
#define n_add(L, a, b) ((a) + (b))
#define n_sub(L, a, b) ((a) - (b))
#define n_mul(L, a, b) ((a) * (b))
#define n_div(L, a, b) ((a) / (b))
#define n_pow(L, a, b) ((b) == 2 ? (a) * (a) : pow(a, b))
#define n_idiv(L, a, b) (floor((a) / (b)))

#define tonumberns(o, n) \
  (ttisfloat(o) ? ((n) = fltvalue(o), 1) : (ttisinteger(o) ? ((n) = cast_num(ivalue(o)), 1) : 0))
#define tointegerns(o, pi) \
  (l_likely(ttisinteger(o)) ? (*(pi) = ivalue(o), 1) : vm_tointegerns(o, pi, F2Ieq))

#define op_arithI(L, iop, fop) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  int imm = GETARG_sC(i); \
  if (ttisinteger(v1)) { \
    lua_Integer iv1 = ivalue(v1); \
    setivalue(s2v(ra), iop(L, iv1, imm)); skipbreak; \
  } else if (ttisfloat(v1)) { \
    lua_Number nb = fltvalue(v1); \
    lua_Number fimm = cast_num(imm); \
    setfltvalue(s2v(ra), fop(L, nb, fimm)); skipbreak; \
  } }

#define op_arithf_aux(L, v1, v2, fop, qn) { \
  lua_Number n1, n2; \
  if (tonumberns(v1, n1) && tonumberns(v2, n2)) { \
    quicken(qn); setfltvalue(s2v(ra), fop(L, n1, n2)); skipbreak; \
  } }

/* A constant operand of ADDK...IDIVK as a float (the verifier checks it is a number). */
#define knumber(v) (ttisfloat(v) ? fltvalue(v) : cast_num(ivalue(v)))

/* The generic forms quicken themselves (qf: both floats, or a float register with a constant;
 * qi: both integers; qn: numbers of mixed types, or an integer register with a constant that
 * makes the result a float; NOQ: stay). */
#define op_arithf(L, fop, qf, qn) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = vRC(i); \
  if (ttisfloat(v1) && ttisfloat(v2)) { \
    quicken(qf); setfltvalue(s2v(ra), fop(L, fltvalue(v1), fltvalue(v2))); skipbreak; \
  } else op_arithf_aux(L, v1, v2, fop, qn); }

#define op_arithfK(L, fop, qf, qn) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = KC(i); \
  if (ttisfloat(v1)) { \
    quicken(qf); setfltvalue(s2v(ra), fop(L, fltvalue(v1), knumber(v2))); skipbreak; \
  } else op_arithf_aux(L, v1, v2, fop, qn); }

#define op_arith_aux(L, v1, v2, iop, fop, qf, qi, qn) { \
  StkId ra = RA(i); \
  if (ttisfloat(v1) && ttisfloat(v2)) { \
    quicken(qf); setfltvalue(s2v(ra), fop(L, fltvalue(v1), fltvalue(v2))); skipbreak; \
  } else if (ttisinteger(v1) && ttisinteger(v2)) { \
    lua_Integer i1 = ivalue(v1); \
    lua_Integer i2 = ivalue(v2); \
    quicken(qi); setivalue(s2v(ra), iop(L, i1, i2)); skipbreak; \
  } else op_arithf_aux(L, v1, v2, fop, qn); }

#define op_arith(L, iop, fop, qf, qi, qn) { \
  Value *v1 = vRB(i); \
  Value *v2 = vRC(i); \
  op_arith_aux(L, v1, v2, iop, fop, qf, qi, qn); }

#define op_arithK(L, iop, fop, qf, qn) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = KC(i); \
  if (ttisfloat(v1)) { \
    quicken(qf); setfltvalue(s2v(ra), fop(L, fltvalue(v1), knumber(v2))); skipbreak; \
  } else if (ttisinteger(v1) && ttisinteger(v2)) { \
    lua_Integer i1 = ivalue(v1); \
    lua_Integer i2 = ivalue(v2); \
    setivalue(s2v(ra), iop(L, i1, i2)); skipbreak; \
  } else op_arithf_aux(L, v1, v2, fop, qn); }

/* Quickened arithmetic: the guard, else back to the base opcode `gen` and its handler (the
 * instruction was fetched and counted once; the base handler runs it). Two registers of the
 * type tested by `is` (read by `get`, result written by `set`): */
#define op_arithQ(is, get, set, op, gen) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = vRC(i); \
  if (l_likely(is(v1) && is(v2))) { \
    set(s2v(ra), op(L, get(v1), get(v2))); skipbreak; \
  } else { unquicken(gen); } }
#define op_arithFF(fop, gen) op_arithQ(ttisfloat, fltvalue, setfltvalue, fop, gen)
#define op_arithII(iop, gen) op_arithQ(ttisinteger, ivalue, setivalue, iop, gen)
/* A float register with a constant: */
#define op_arithKF(fop, gen) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = KC(i); \
  if (l_likely(ttisfloat(v1))) { \
    setfltvalue(s2v(ra), fop(L, fltvalue(v1), knumber(v2))); skipbreak; \
  } else { unquicken(gen); } }
/* Two numbers as floats (iiok: two integers too, for DIV; else at least one must be a
 * float, or the result would be an integer): */
#define op_arithN(fop, gen, iiok) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = vRC(i); \
  lua_Number n1, n2; \
  if (ttisfloat(v1)) { \
    n1 = fltvalue(v1); \
    if (ttisfloat(v2)) n2 = fltvalue(v2); \
    else if (l_likely(ttisinteger(v2))) n2 = cast_num(ivalue(v2)); \
    else unquicken(gen); \
  } else if (l_likely(ttisinteger(v1) && (ttisfloat(v2) || ((iiok) && ttisinteger(v2))))) { \
    n1 = cast_num(ivalue(v1)); \
    n2 = ttisfloat(v2) ? fltvalue(v2) : cast_num(ivalue(v2)); \
  } else unquicken(gen); \
  setfltvalue(s2v(ra), fop(L, n1, n2)); skipbreak; }
/* An integer register with a constant, as floats (kget reads the constant: ADDK_I...MULK_I
 * were quickened with a float there, and constants do not change): */
#define op_arithKI(fop, kget, gen) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = KC(i); \
  if (l_likely(ttisinteger(v1))) { \
    setfltvalue(s2v(ra), fop(L, cast_num(ivalue(v1)), kget(v2))); skipbreak; \
  } else { unquicken(gen); } }

/* Integer bit operations: integer operands (a shift count of 0..63) take the inline path;
 * anything else converts through vm_tointegerns (a float with an integral value, a string
 * never: it falls through to the MMBIN* after, for the metamethod or the error). The inline
 * path reads the operands directly: an operand converted through a pointer on the same path
 * was kept on the stack (a store and a load per instruction). */
#define anycount(n) 1
#define shcount(n) (l_castS2U(n) < 64u)
#define l_shl(x, n) l_castU2S(l_castS2U(x) << (n))
#define l_shr(x, n) l_castU2S(l_castS2U(x) >> (n))

#define op_bitwiseK(L, op) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  lua_Integer i2 = ivalue(KC(i)); \
  lua_Integer i1; \
  if (l_likely(ttisinteger(v1))) { \
    setivalue(s2v(ra), op(ivalue(v1), i2)); skipbreak; \
  } else if (vm_tointegerns(v1, &i1, F2Ieq)) { \
    setivalue(s2v(ra), op(i1, i2)); skipbreak; \
  } }

/* Two registers; fop is op for the counts `ok` accepts (all, or a shift's 0..63). */
#define op_bitwise(L, op, ok, fop) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  Value *v2 = vRC(i); \
  lua_Integer i1, i2; \
  if (l_likely(ttisinteger(v1) && ttisinteger(v2) && ok(ivalue(v2)))) { \
    setivalue(s2v(ra), fop(ivalue(v1), ivalue(v2))); skipbreak; \
  } else if (tointegerns(v1, &i1) && tointegerns(v2, &i2)) { \
    setivalue(s2v(ra), op(i1, i2)); skipbreak; \
  } }

/* Shifts with an immediate sC (ic): `fast` when the register holds an integer and `ok`
 * holds, else expr combines the converted register ib with ic. */
#define op_shiftI(L, ok, fast, expr) { \
  StkId ra = RA(i); \
  Value *v1 = vRB(i); \
  lua_Integer ib; \
  int ic = GETARG_sC(i); \
  if (l_likely(ttisinteger(v1) && (ok))) { \
    setivalue(s2v(ra), fast); skipbreak; \
  } else if (tointegerns(v1, &ib)) { \
    setivalue(s2v(ra), expr); skipbreak; \
  } }

/* MMBIN*: the arithmetic instruction before (at pc - 2) failed its fast path; the
 * metamethod C of p1 and p2 computes that instruction's target, a Lua function entered
 * inline (as an __index function is: mmreturn stores its result). */
#define op_mmbin(p1, p2) { \
  StkId mmf_; \
  savestate(L, ci); \
  if ((mmf_ = vm_trybin_lua(L, p1, p2, RA(*(pc - 2)), (TMS)GETARG_C(i))) != NULL) \
    entermm(mmf_, 1, CIST_TFOR | CIST_MMGET); \
  updatetrap(ci); }

#define l_lti(a, b) ((a) < (b))
#define l_lei(a, b) ((a) <= (b))
#define l_gti(a, b) ((a) > (b))
#define l_gei(a, b) ((a) >= (b))

/* Two integers or two floats compare inline (C's < and <= on doubles are Lua's, NaN
 * included; two floats quicken into qf); an integer against a float goes to
 * vm_LTnum/vm_LEnum for the exact result. */
#define op_order(L, opi, opn, other, qf) { \
  StkId ra = RA(i); \
  int cond; \
  Value *rb = vRB(i); \
  if (ttisinteger(s2v(ra)) && ttisinteger(rb)) { \
    lua_Integer ia = ivalue(s2v(ra)); \
    lua_Integer ib = ivalue(rb); \
    condjump(opi(ia, ib)); \
  } else if (ttisfloat(s2v(ra)) && ttisfloat(rb)) { \
    quicken(qf); \
    condjump(opi(fltvalue(s2v(ra)), fltvalue(rb))); \
  } else if (ttisnumber(s2v(ra)) && ttisnumber(rb)) { \
    cond = opn(s2v(ra), rb); \
  } else { \
    Protect(cond = other(L, s2v(ra), rb)); \
  } \
  docondjump(); }

#define op_orderI(L, opi, opf, inv, tm, qf) { \
  StkId ra = RA(i); \
  int cond; \
  int im = GETARG_sB(i); \
  if (ttisinteger(s2v(ra))) { \
    condjump(opi(ivalue(s2v(ra)), im)); \
  } else if (ttisfloat(s2v(ra))) { \
    lua_Number fa = fltvalue(s2v(ra)); \
    lua_Number fim = cast_num(im); \
    quicken(qf); \
    condjump(opf(fa, fim)); \
  } else { \
    int isf = GETARG_C(i); \
    Protect(cond = vm_tm_callorderi(L, s2v(ra), im, inv, isf, tm)); \
  } \
  docondjump(); }

/* Quickened comparisons: floats only, else back to the base opcode `gen`. R[A] with R[B]: */
#define op_orderFF(op, gen) { \
  StkId ra = RA(i); \
  Value *rb = vRB(i); \
  if (l_likely(ttisfloat(s2v(ra)) && ttisfloat(rb))) \
    condjump(op(fltvalue(s2v(ra)), fltvalue(rb))) \
  else unquicken(gen); }
/* R[A] with the immediate sB: */
#define op_orderIF(op, gen) { \
  StkId ra = RA(i); \
  if (l_likely(ttisfloat(s2v(ra)))) \
    condjump(op(fltvalue(s2v(ra)), cast_num(GETARG_sB(i)))) \
  else unquicken(gen); }

void vm_execute(lua_State *L, CallInfo *ci) {
  LClosure *cl;
  Value *k;
  StkId base;
  const Instruction *pc;
#if defined(VM_DISPATCH_SWITCH)
  int trap;
#else
  /* Indexed by an instruction's low byte (DISPOP): every 7-bit opcode has an entry in both
   * halves; values past the list land on the error case. */
  _Static_assert(POS_OP == 0 && SIZE_OP == 7, "DISPOP assumes the opcode in the low 7 bits");
  static const void *const disptab[256] = {
#define VM_OP_LABEL(name, mode, mm, ot, it, t, a) &&L_OP_##name,
#define VM_OP_QLABEL(name, base) &&L_OP_##name,
    VM_OPCODES(VM_OP_LABEL) VM_QUICK_OPCODES(VM_OP_QLABEL)
    [NUM_ALLOPCODES ... 127] = &&L_BADOP,
    VM_OPCODES(VM_OP_LABEL) VM_QUICK_OPCODES(VM_OP_QLABEL)  /* from 128 on */
    [128 + NUM_ALLOPCODES ... 255] = &&L_BADOP
#undef VM_OP_LABEL
#undef VM_OP_QLABEL
  };
  static const void *const traptab[256] = { [0 ... 255] = &&L_TRAP };
  const void *const *disp;
#endif
  int tfordepth = 0;  /* CIST_TFOR frames this activation entered (tforreturn) */
startfunc:
  settrap(L->hookmask);
returning:  /* trap already set */
  cl = clLvalue(s2v(ci->func));
  k = cl->p->k;
  pc = ci->u.l.savedpc;
  if (l_unlikely(trapped())) {
    if (pc == cl->p->code) {  /* entering, not resuming */
      if (cl->p->is_vararg)
        settrap(0);  /* the call hook runs after OP_VARARGPREP */
      else
        vm_debug_hookcall(L, ci);
    }
    ci->u.l.trap = 1;
  }
  base = ci->func + 1;
  for (;;) {
    Instruction i;
    vmfetch();
#if defined(VM_DISPATCH_SWITCH)
    vmdispatch (GET_OPCODE(i)) {
#else
    vmdispatch (DISPOP(i)) {
#endif
      vmcase(OP_MOVE) { StkId ra = RA(i); setobjs2s(L, ra, RB(i)); vmbreak; }
      vmcase(OP_LOADI) { StkId ra = RA(i); setivalue(s2v(ra), GETARG_sBx(i)); vmbreak; }
      vmcase(OP_LOADF) { StkId ra = RA(i); setfltvalue(s2v(ra), cast_num(GETARG_sBx(i))); vmbreak; }
      vmcase(OP_LOADK) { StkId ra = RA(i); setobj2s(L, ra, k + GETARG_Bx(i)); vmbreak; }
      vmcase(OP_LOADKX) {
        StkId ra = RA(i);
        Value *rb = k + GETARG_Ax(*pc);
        pc++;
        setobj2s(L, ra, rb);
        vmbreak;
      }
      vmcase(OP_LOADFALSE) { setbfvalue(s2v(RA(i))); vmbreak; }
      vmcase(OP_LFALSESKIP) { setbfvalue(s2v(RA(i))); skipbreak; }
      vmcase(OP_LOADTRUE) { setbtvalue(s2v(RA(i))); vmbreak; }
      vmcase(OP_LOADNIL) {
        StkId ra = RA(i);
        int b = GETARG_B(i);
        do {
          setnilvalue(s2v(ra++));
        } while (b--);
        vmbreak;
      }
      vmcase(OP_GETUPVAL) { StkId ra = RA(i); setobj2s(L, ra, cl->upvals[GETARG_B(i)]->v.p); vmbreak; }
      vmcase(OP_SETUPVAL) {
        StkId ra = RA(i);
        UpVal *uv = cl->upvals[GETARG_B(i)];
        setobj(L, uv->v.p, s2v(ra));
        gc_barrier(L, uv, s2v(ra));
        vmbreak;
      }
      vmcase(OP_GETTABUP) {
        Value *upval = cl->upvals[GETARG_B(i)]->v.p;
        Value *rc = KC(i);
        StkId ra = RA(i);
        const Value *v;
        if (l_likely(ttistable(upval) &&
                     (v = vm_tab_getshortstr_live(hvalue(upval), tsvalue(rc))) != NULL))
          setobj2s(L, ra, v);
        else
          finishget_mm(upval, rc, ra, ttistable(upval) ? &vm_absentkey : NULL)
        vmbreak;
      }
      vmcase(OP_GETTABLE) {
        Value *rb = vRB(i);
        Value *rc = vRC(i);
        if (l_likely(ttisinteger(rc)))  /* arrays; constant string keys use GETFIELD */
          op_get(rb, rc, getint(hvalue(rb), ivalue(rc)))
        else
          op_get(rb, rc, vm_tab_get(hvalue(rb), rc))
        vmbreak;
      }
      vmcase(OP_GETI) {
        Value *rb = vRB(i);
        op_get(rb, INTKEY(GETARG_C(i)), getint(hvalue(rb), GETARG_C(i)));
        vmbreak;
      }
      vmcase(OP_GETFIELD) {
        Value *rb = vRB(i);
        Value *rc = KC(i);
        op_getfield(rb, rc);
        vmbreak;
      }
      vmcase(OP_SETTABUP) {
        Value *upval = cl->upvals[GETARG_A(i)]->v.p;
        Value *rb = KB(i);
        op_setfield(upval, rb, RKC(i));
        vmbreak;
      }
      vmcase(OP_SETTABLE) {
        Value *t = s2v(RA(i));
        Value *rb = vRB(i);
        if (l_likely(ttisinteger(rb)))
          op_setint(t, rb, ivalue(rb), RKCsel(i))
        else
          op_set(t, rb, RKC(i), vm_tab_get(hvalue(t), rb))
        vmbreak;
      }
      vmcase(OP_SETI) {
        Value *t = s2v(RA(i));
        op_setint(t, INTKEY(GETARG_B(i)), GETARG_B(i), RKCsel(i));
        vmbreak;
      }
      vmcase(OP_SETFIELD) {
        Value *t = s2v(RA(i));
        Value *rb = KB(i);
        op_setfield(t, rb, RKC(i));
        vmbreak;
      }
      vmcase(OP_NEWTABLE) {
        StkId ra = RA(i);
        int b = GETARG_B(i);  /* log2(hash size) + 1 */
        unsigned int c = (unsigned int)GETARG_C(i);  /* array size */
        if (b > 0) b = 1 << (b - 1);
        if (TESTARG_k(i)) c += (unsigned int)GETARG_Ax(*pc) * (MAXARG_C + 1);
        pc++;  /* skip the extra argument */
        L->top = ra + 1;  /* keep the registers below alive; nothing above matters */
        savepc(L);  /* allocation may raise a memory error */
        sethvalue(L, s2v(ra), vm_tab_newsized(L, c, (unsigned int)b));
        checkGC(L, ra + 1);
        vmbreak;
      }
      vmcase(OP_SELF) {
        Value *rb = vRB(i);
        setobj2s(L, RA(i) + 1, rb);
        /* A constant key is a string (verified): a short one is GETFIELD's lookup, a method
         * found through __index before being the index cache's hit. A long name, or a
         * register key (the verifier's LOADK pattern, or whatever debug.setlocal put there),
         * takes the generic lookup. */
        if (l_likely(TESTARG_k(i) && ttisshrstring(KC(i)))) {
          const Value *m;
          /* s:method(...): the index cache's answer for the strings' metatable, as
           * vm_finishget would find it there (inline: no call); a miss takes that path */
          if (l_unlikely(ttisstring(rb)) &&
              (m = vm_idxlookup(L, G(L)->mt[LUA_TSTRING], tsvalue(KC(i)))) != NULL) {
            setobj2s(L, RA(i), m);
            vmbreak;
          }
          op_getfield(rb, KC(i))
        } else
          Protect(vm_gettable(L, rb, RKC(i), RA(i)));
        vmbreak;
      }
      vmcase(OP_ADDI) { op_arithI(L, l_addi, n_add); vmbreak; }
      vmgeneric(OP_ADDK) { op_arithK(L, l_addi, n_add, OP_ADDK_F, OP_ADDK_I); vmbreak; }
      vmgeneric(OP_SUBK) { op_arithK(L, l_subi, n_sub, OP_SUBK_F, OP_SUBK_I); vmbreak; }
      vmgeneric(OP_MULK) { op_arithK(L, l_muli, n_mul, OP_MULK_F, OP_MULK_I); vmbreak; }
      vmcase(OP_MODK) { op_arithK(L, imod, fmodl_, NOQ, NOQ); vmbreak; }
      vmcase(OP_POWK) { op_arithfK(L, n_pow, NOQ, NOQ); vmbreak; }
      vmgeneric(OP_DIVK) { op_arithfK(L, n_div, OP_DIVK_F, OP_DIVK_I); vmbreak; }
      vmcase(OP_IDIVK) { op_arithK(L, iidiv, n_idiv, NOQ, NOQ); vmbreak; }
      vmcase(OP_BANDK) { op_bitwiseK(L, l_band); vmbreak; }
      vmcase(OP_BORK) { op_bitwiseK(L, l_bor); vmbreak; }
      vmcase(OP_BXORK) { op_bitwiseK(L, l_bxor); vmbreak; }
      vmcase(OP_SHRI) {  /* `x >> n`, and `x << n` as x >> -n */
        op_shiftI(L, l_castS2U(ic) + 63u < 127u,
                  ic >= 0 ? l_shr(ivalue(v1), ic) : l_shl(ivalue(v1), -ic), vm_shiftl(ib, -ic));
        vmbreak;
      }
      vmcase(OP_SHLI) {
        op_shiftI(L, shcount(ivalue(v1)), l_shl(ic, ivalue(v1)), vm_shiftl(ic, ib));
        vmbreak;
      }
      vmgeneric(OP_ADD) { op_arith(L, l_addi, n_add, OP_ADD_FF, OP_ADD_II, OP_ADD_N); vmbreak; }
      vmgeneric(OP_SUB) { op_arith(L, l_subi, n_sub, OP_SUB_FF, OP_SUB_II, OP_SUB_N); vmbreak; }
      vmgeneric(OP_MUL) { op_arith(L, l_muli, n_mul, OP_MUL_FF, OP_MUL_II, OP_MUL_N); vmbreak; }
      vmcase(OP_MOD) { op_arith(L, imod, fmodl_, NOQ, NOQ, NOQ); vmbreak; }
      vmcase(OP_POW) { op_arithf(L, n_pow, NOQ, NOQ); vmbreak; }
      vmgeneric(OP_DIV) { op_arithf(L, n_div, OP_DIV_FF, OP_DIV_N); vmbreak; }
      vmcase(OP_IDIV) { op_arith(L, iidiv, n_idiv, NOQ, NOQ, NOQ); vmbreak; }
      vmcase(OP_BAND) { op_bitwise(L, l_band, anycount, l_band); vmbreak; }
      vmcase(OP_BOR) { op_bitwise(L, l_bor, anycount, l_bor); vmbreak; }
      vmcase(OP_BXOR) { op_bitwise(L, l_bxor, anycount, l_bxor); vmbreak; }
      vmcase(OP_SHR) { op_bitwise(L, vm_shiftr, shcount, l_shr); vmbreak; }
      vmcase(OP_SHL) { op_bitwise(L, vm_shiftl, shcount, l_shl); vmbreak; }
      vmcase(OP_MMBIN) { op_mmbin(s2v(RA(i)), vRB(i)); vmbreak; }
      vmcase(OP_MMBINI) {  /* k: the immediate was the left operand */
        Value imm;
        setivalue(&imm, GETARG_sB(i));
        if (GETARG_k(i)) op_mmbin(&imm, s2v(RA(i))) else op_mmbin(s2v(RA(i)), &imm)
        vmbreak;
      }
      vmcase(OP_MMBINK) {  /* k: the constant was the left operand */
        if (GETARG_k(i)) op_mmbin(KB(i), s2v(RA(i))) else op_mmbin(s2v(RA(i)), KB(i))
        vmbreak;
      }
      vmcase(OP_UNM) {
        StkId ra = RA(i);
        Value *rb = vRB(i);
        lua_Number nb;
        if (ttisinteger(rb)) {
          lua_Integer ib = ivalue(rb);
          setivalue(s2v(ra), intop(-, 0, ib));
        } else if (tonumberns(rb, nb)) {
          setfltvalue(s2v(ra), -nb);
        } else {
          Protect(vm_tm_trybin(L, rb, rb, ra, TM_UNM));
        }
        vmbreak;
      }
      vmcase(OP_BNOT) {
        StkId ra = RA(i);
        Value *rb = vRB(i);
        lua_Integer ib;
        if (l_likely(ttisinteger(rb)))  /* not through ib: see op_bitwiseK */
          setivalue(s2v(ra), intop(^, ~l_castS2U(0), ivalue(rb)));
        else if (vm_tointegerns(rb, &ib, F2Ieq))
          setivalue(s2v(ra), intop(^, ~l_castS2U(0), ib));
        else
          Protect(vm_tm_trybin(L, rb, rb, ra, TM_BNOT));
        vmbreak;
      }
      vmcase(OP_NOT) {
        StkId ra = RA(i);
        Value *rb = vRB(i);
        if (l_isfalse(rb))
          setbtvalue(s2v(ra));
        else
          setbfvalue(s2v(ra));
        vmbreak;
      }
      vmcase(OP_LEN) {
        StkId ra = RA(i);
        Value *rb = vRB(i);
        if (ttistable(rb) && hvalue(rb)->metatable == NULL)  /* no __len to look for */
          setivalue(s2v(ra), l_castU2S(vm_tab_len(L, hvalue(rb))));
        else
          Protect(vm_objlen(L, ra, rb));
        vmbreak;
      }
      vmcase(OP_CONCAT) {
        StkId ra = RA(i);
        int n = GETARG_B(i);  /* number of values to concatenate */
        L->top = ra + n;
        ProtectNT(vm_concat(L, n));
        checkGC(L, L->top);  /* vm_concat left top just above the result */
        vmbreak;
      }
      vmcase(OP_CLOSE) { StkId ra = RA(i); Protect(vm_func_close(L, ra, LUA_OK, 1)); vmbreak; }
      vmcase(OP_TBC) { StkId ra = RA(i); halfProtect(vm_func_newtbcupval(L, ra)); vmbreak; }
      vmcase(OP_JMP) { dojump(ci, i, 0); vmbreak; }
      vmcase(OP_EQ) {
        StkId ra = RA(i);
        int cond;
        Value *rb = vRB(i);
        /* same-type numbers and short strings (interned: one object per contents) inline,
         * and with the same tag nil, false, true and one object (no __eq is asked for an
         * object compared with itself); mixed numbers, long strings and two different
         * objects (__eq) through vm_equalobj */
        if (ttisinteger(s2v(ra)) && ttisinteger(rb))
          condjump(ivalue(s2v(ra)) == ivalue(rb))
        else if (ttisfloat(s2v(ra)) && ttisfloat(rb))
          cond = (fltvalue(s2v(ra)) == fltvalue(rb));
        else if (ttisshrstring(s2v(ra)) && ttisshrstring(rb))
          cond = eqshrstr(tsvalue(s2v(ra)), tsvalue(rb));
        else if (rawtt(s2v(ra)) == rawtt(rb) &&
                 (ttisnil(rb) || ttisboolean(rb) || (iscollectable(rb) && gcvalue(s2v(ra)) == gcvalue(rb))))
          cond = 1;
        else
          Protect(cond = vm_equalobj(L, s2v(ra), rb));
        docondjump();
        vmbreak;
      }
      vmgeneric(OP_LT) { op_order(L, l_lti, vm_LTnum, vm_lessthanothers, OP_LT_FF); vmbreak; }
      vmgeneric(OP_LE) { op_order(L, l_lei, vm_LEnum, vm_lessequalothers, OP_LE_FF); vmbreak; }
      vmcase(OP_EQK) {
        StkId ra = RA(i);
        Value *rb = KB(i);
        int cond;
        /* constants have no __eq: a different tag is unequal unless both are numbers; with
         * the same tag, nil, false and true are equal (`x == nil`), short strings by
         * identity, numbers of one type by value; long strings and an integer against a
         * float through vm_rawequalobj */
        if (rawtt(s2v(ra)) != rawtt(rb)) {
          if (l_likely(!(ttisnumber(s2v(ra)) && ttisnumber(rb)))) cond = 0;
          else cond = vm_rawequalobj(s2v(ra), rb);
        } else if (ttisshrstring(rb))
          condjump(eqshrstr(tsvalue(s2v(ra)), tsvalue(rb)))
        else if (ttisnil(rb) || ttisboolean(rb))
          condjump(1)
        else if (ttisinteger(rb))
          condjump(ivalue(s2v(ra)) == ivalue(rb))
        else if (ttisfloat(rb))
          cond = (fltvalue(s2v(ra)) == fltvalue(rb));
        else
          cond = vm_rawequalobj(s2v(ra), rb);
        docondjump();
        vmbreak;
      }
      vmcase(OP_EQI) {
        StkId ra = RA(i);
        int cond;
        int im = GETARG_sB(i);
        if (ttisinteger(s2v(ra)))
          condjump(ivalue(s2v(ra)) == im)
        else if (ttisfloat(s2v(ra)))
          cond = (fltvalue(s2v(ra)) == cast_num(im));
        else
          cond = 0;
        docondjump();
        vmbreak;
      }
      vmgeneric(OP_LTI) { op_orderI(L, l_lti, l_lti, 0, TM_LT, OP_LTI_F); vmbreak; }
      vmgeneric(OP_LEI) { op_orderI(L, l_lei, l_lei, 0, TM_LE, OP_LEI_F); vmbreak; }
      vmgeneric(OP_GTI) { op_orderI(L, l_gti, l_gti, 1, TM_LT, OP_GTI_F); vmbreak; }
      vmgeneric(OP_GEI) { op_orderI(L, l_gei, l_gei, 1, TM_LE, OP_GEI_F); vmbreak; }
      vmcase(OP_TEST) {
        StkId ra = RA(i);
        condjump(!l_isfalse(s2v(ra)));
      }
      vmcase(OP_TESTSET) {
        StkId ra = RA(i);
        Value *rb = vRB(i);
        if (l_isfalse(rb) == GETARG_k(i)) {
          pc++;
        } else {
          setobj2s(L, ra, rb);
          donextjump(ci);
        }
        vmbreak;
      }
      vmcase(OP_CALL) {
        StkId ra = RA(i);
        CallInfo *newci;
        int b = GETARG_B(i);
        int nresults = GETARG_C(i) - 1;
        StkId top = (b != 0) ? ra + b : L->top;  /* B == 0: the previous instruction set top */
        savepc(L);
        if (l_likely(ttisLclosure(s2v(ra)))) {  /* a Lua function: enter it inline if there is room */
          LClosure *ncl = clLvalue(s2v(ra));
          Proto *p = ncl->p;
          CallInfo *nci = ci->next;
          /* the arguments at or below top were checked at the caller's frame: the callee's
           * frame needs room up to its own top */
          StkId ftop = ra + 1 + p->maxstacksize;
          if (l_likely(ftop < L->stack_last && nci != NULL)) {
            charge_call(L, top);
            ci = vm_precallLua(L, nci, ra, top, ftop, nresults, p);
            enterLua(ncl, p, ra + 1);
          }
        }
        L->top = top;
        vm_charge(L);
        if (ttislcf(s2v(ra))) {  /* a light C function: straight to its call */
          vm_precallC(L, ra, nresults, fvalue(s2v(ra)));
          updatetrap(ci);
          vmbreak;
        }
        if (ttisCclosure(s2v(ra))) {  /* a C closure: a fast function is tried inline first */
          vm_callCclosure(L, ra, nresults, clCvalue(s2v(ra)));
          updatetrap(ci);
          vmbreak;
        }
        if ((newci = vm_precall(L, ra, nresults)) == NULL) {
          updatetrap(ci);  /* a C function ran to completion */
        } else {
          ci = newci;
          goto startfunc;
        }
        vmbreak;
      }
      vmcase(OP_TAILCALL) {
        StkId ra = RA(i);
        int b = GETARG_B(i);  /* number of arguments + 1 */
        int n;
        int nparams1 = GETARG_C(i);
        /* delta: how far a vararg function's frame was shifted up */
        int delta = (nparams1) ? ci->u.l.nextraargs + nparams1 : 0;
        if (b != 0)
          L->top = ra + b;
        else
          b = cast_int(L->top - ra);
        savepc(ci);
        vm_charge(L);
        if (TESTARG_k(i)) vm_func_closeupval(L, base);  /* no tbc variables can be pending */
        if (l_likely(ttisLclosure(s2v(ra)))) {  /* a Lua function: inline if there is room */
          LClosure *ncl = clLvalue(s2v(ra));
          Proto *p = ncl->p;
          if (l_likely(ci->func - delta + 1 + p->maxstacksize < L->stack_last)) {
            vm_pretailLua(L, ci, ra, b, delta, p);
            enterLua(ncl, p, ci->func + 1);
          }
        }
        if (ttisCclosure(s2v(ra)))  /* a fast function is tried inline first */
          n = vm_callCclosure(L, ra, LUA_MULTRET, clCvalue(s2v(ra)));
        else if ((n = vm_pretailcall(L, ci, ra, b, delta)) < 0)
          goto startfunc;
        ci->func -= delta;  /* a C function ran: finish the caller */
        if (l_likely(!L->hookmask))
          poscall_nohook(L, ci, L->top - n, n);
        else
          vm_poscall(L, ci, n);
        updatetrap(ci);
        goto ret;
      }
      vmcase(OP_RETURN) {
        StkId ra = RA(i);
        int n = GETARG_B(i) - 1;
        int nparams1 = GETARG_C(i);
        if (n < 0) n = cast_int(L->top - ra);
        savepc(ci);
        if (TESTARG_k(i) && L->tbclist < base) {  /* only upvalues: no __close to run */
          vm_func_closeupval(L, base);
        } else if (TESTARG_k(i)) {  /* tbc variables */
          ci->u2.nres = n;  /* for vm_finishOp if a __close yields */
          if (L->top < ci->top) L->top = ci->top;
          vm_func_close(L, base, CLOSEKTOP, 1);
          updatetrap(ci);
          updatestack(ci);
        }
        if (nparams1) ci->func -= ci->u.l.nextraargs + nparams1;
        if (l_likely(!L->hookmask)) {
          poscall_nohook(L, ci, ra, n);
        } else {
          L->top = ra + n;
          vm_poscall(L, ci, n);
        }
        updatetrap(ci);
      ret:
        if (ci->callstatus & CIST_FRESH) return;  /* back to the C caller */
        if (ci->callstatus & CIST_TFOR) {
          tforreturn();
          mmreturn(ci->previous);
        }
        ci = ci->previous;
        goto returning;
      }
      vmcase(OP_RETURN0) {
        if (l_unlikely(L->hookmask)) {
          StkId ra = RA(i);
          L->top = ra;
          savepc(ci);
          vm_poscall(L, ci, 0);
          settrap(1);
          goto ret;
        }
        StkId res = base - 1;
        CallInfo *prev = ci->previous;
        L->ci = prev;
        for (int nres = ci->nresults; l_unlikely(nres > 0); nres--) setnilvalue(s2v(res++));
        L->top = res;
        return_plain();
      }
      vmcase(OP_RETURN1) {
        if (l_unlikely(L->hookmask)) {
          StkId ra = RA(i);
          L->top = ra + 1;
          savepc(ci);
          vm_poscall(L, ci, 1);
          settrap(1);
          goto ret;
        }
        int nres = ci->nresults;
        StkId res = base - 1;
        CallInfo *prev = ci->previous;
        L->ci = prev;
        if (nres != 0) {
          setobjs2s(L, res, RA(i));  /* not the whole slot: one 16-byte load of a value
                                        just stored in two parts stalls store forwarding */
          res++;
          for (; l_unlikely(nres > 1); nres--) setnilvalue(s2v(res++));
        }
        L->top = res;
        return_plain();
      }
      vmcase(OP_FORLOOP) {
        StkId ra = RA(i);
        if (ttisinteger(s2v(ra + 2))) {
          lua_Unsigned count = l_castS2U(ivalue(s2v(ra + 1)));
          if (count > 0) {
            lua_Integer step = ivalue(s2v(ra + 2));
            lua_Integer idx = ivalue(s2v(ra));
            s2v(ra + 1)->v.i = l_castU2S(count - 1);
            idx = intop(+, idx, step);
            s2v(ra)->v.i = idx;
            setivalue(s2v(ra + 3), idx);
            pc -= GETARG_Bx(i);
            charge_backedge(L, (void)0);
          }
        } else if (floatforloop(ra)) {
          pc -= GETARG_Bx(i);
          charge_backedge(L, (void)0);
        }
        vmbreak;
      }
      vmcase(OP_FORPREP) {
        StkId ra = RA(i);
        /* `for i = a, b` with integers inline: forprep's count for step 1 is b - a */
        if (ttisinteger(s2v(ra)) && ttisinteger(s2v(ra + 1)) && ttisinteger(s2v(ra + 2)) &&
            ivalue(s2v(ra + 2)) == 1) {
          lua_Integer init = ivalue(s2v(ra));
          lua_Integer limit = ivalue(s2v(ra + 1));
          setivalue(s2v(ra + 3), init);
          if (init > limit)
            pc += GETARG_Bx(i) + 1;
          else
            s2v(ra + 1)->v.i = l_castU2S(l_castS2U(limit) - l_castS2U(init));
          vmbreak;
        }
        savestate(L, ci);
        if (forprep(L, ra)) pc += GETARG_Bx(i) + 1;
        vmbreak;
      }
      vmcase(OP_TFORPREP) {
        StkId ra = RA(i);
        if (!l_isfalse(s2v(ra + 3)))  /* a closing value (nil and false need nothing) */
          halfProtect(vm_func_newtbcupval(L, ra + 3));
        ra[2].tfor.nexthint = 0;  /* any guess works (vm_tab_fornext checks it): a fixed one */
        pc += GETARG_Bx(i);
        i = *(pc++);  /* always OP_TFORCALL */
        goto l_tforcall;
      }
      vmcase(OP_TFORCALL) {
      l_tforcall: {
        StkId ra = RA(i);
        /* ra: iterator, ra+1: state, ra+2: control, ra+3: closing value; call at ra+4 */
        StkId func = ra + 4;
        StkId top = func + 3;
        int nresults = GETARG_C(i);
        if (ttisCclosure(s2v(ra)) && ttistable(s2v(ra + 1)) &&
            l_likely(!L->hookmask && getCcalls(L) < LUAI_MAXCCALLS - 1 &&
                     L->stack_last - top > LUA_MINSTACK)) {
          int more = tforff(L, ra, clCvalue(s2v(ra))->ffid, nresults);
          if (l_likely(more > 0)) {  /* OP_TFORLOOP's jump back, its test known */
            setobjs2s(L, ra + 2, ra + 4);
            i = *(pc++);  /* always OP_TFORLOOP */
            pc -= GETARG_Bx(i);
            charge_backedge(L, (void)0);
            vmbreak;
          }
          if (more == 0) {  /* the end: past OP_TFORLOOP */
            pc++;
            vmbreak;
          }
        }
        memcpy(func, ra, 3 * sizeof(*ra));
        savepc(L);  /* at OP_TFORLOOP, where the iterator returns */
        if (ttisLclosure(s2v(func))) {  /* a Lua iterator: entered inline, as by OP_CALL */
          LClosure *ncl = clLvalue(s2v(func));
          Proto *p = ncl->p;
          CallInfo *nci = ci->next;
          StkId ftop = func + 1 + p->maxstacksize;
          if (l_likely(ftop < L->stack_last && nci != NULL &&
                       getCcalls(L) < LUAI_MAXCCALLS - 1)) {
            L->nCcalls++;  /* tforreturn takes it back */
            tfordepth++;
            ci = vm_precallLua(L, nci, func, top, ftop, nresults, p);
            ci->callstatus = CIST_TFOR;
            enterLua(ncl, p, func + 1);
          }
        }
        L->top = top;
        if (ttislcf(s2v(func)) || ttisCclosure(s2v(func))) {  /* straight to the C function */
          L->nCcalls++;  /* counted and checked as vm_call does */
          if (l_unlikely(getCcalls(L) >= LUAI_MAXCCALLS)) vm_checkCstack(L);
          if (ttislcf(s2v(func)))
            vm_precallC(L, func, nresults, fvalue(s2v(func)));
          else if (clCvalue(s2v(func))->ffid != 0)  /* next, ipairs' step */
            vm_ffcall(L, func, nresults, clCvalue(s2v(func)));
          else
            vm_precallC(L, func, nresults, clCvalue(s2v(func))->f);
          L->nCcalls--;
        } else {
          vm_call(L, func, nresults);
        }
        updatetrap(ci);
        updatestack(ci);
        i = *(pc++);  /* always OP_TFORLOOP */
        goto l_tforloop;
      }}
      vmcase(OP_TFORLOOP) {
      l_tforloop: {
        StkId ra = RA(i);
        if (!ttisnil(s2v(ra + 4))) {
          setobjs2s(L, ra + 2, ra + 4);
          pc -= GETARG_Bx(i);
          charge_backedge(L, (void)0);
        }
        vmbreak;
      }}
      vmcase(OP_SETLIST) {
        StkId ra = RA(i);
        int n = GETARG_B(i);
        unsigned int last = (unsigned int)GETARG_C(i);
        Table *h;
        /* R[A] holds the constructor's table, unless debug.setlocal (or a forged chunk the
         * verifier could not see through) replaced it: never trust the tag blindly. */
        if (l_unlikely(!ttistable(s2v(ra)))) {
          savepc(L);
          vm_debug_runerror(L, "table constructor register holds a %s value", vm_tm_objtypename(L, s2v(ra)));
        }
        h = hvalue(s2v(ra));
        if (n == 0)
          n = cast_int(L->top - ra) - 1;
        else
          L->top = ci->top;
        last += (unsigned int)n;
        if (TESTARG_k(i)) {
          last += (unsigned int)GETARG_Ax(*pc) * (MAXARG_C + 1);
          pc++;
        }
        savepc(L);
        if (last > h->asize) vm_tab_resizearray(L, h, last);
        if (l_likely(last <= h->asize && !h->guards && !h->weakmode)) {
          for (; n > 0; n--) {
            Value *val = s2v(ra + n);
            setobj(L, &h->array[last - 1], val);
            last--;
            gc_barrier(L, h, val);
          }
        } else {  /* not the fresh table the compiler made (see the check above) */
          for (; n > 0; n--, last--) vm_tab_setint(L, h, last, s2v(ra + n));
        }
        vmbreak;
      }
      vmcase(OP_CLOSURE) {
        StkId ra = RA(i);
        Proto *p = cl->p->p[GETARG_Bx(i)];
        halfProtect(pushclosure(L, p, cl->upvals, base, ra));
        checkGC(L, ra + 1);
        vmbreak;
      }
      vmcase(OP_VARARG) {
        StkId ra = RA(i);
        int n = GETARG_C(i) - 1;  /* wanted, or -1 for all */
        int nextra = ci->u.l.nextraargs;
        if (n < 0) {  /* all of them: top marks the end */
          if (l_unlikely(L->stack_last - ci->top <= nextra)) {  /* the stack must grow */
            Protect(vm_tm_getvarargs(L, ci, ra, n));
            vmbreak;
          }
          n = nextra;
          L->top = ra + n;
        }
        vm_tm_copyvarargs(ci, ra, n);  /* inline: the extra arguments sit just below the frame */
        vmbreak;
      }
      vmcase(OP_VARARGPREP) {
        /* The frame moves above the arguments: the function and the fixed parameters are
         * copied up, the extra arguments stay below (vm_tm_adjustvarargs, inline when the
         * stack has room and no hook is set: the call hook runs here). */
        if (l_likely(L->stack_last - L->top > cl->p->maxstacksize + 1 && !L->hookmask)) {
          vm_tm_shiftframe(L, ci, GETARG_A(i));
          base = ci->func + 1;
          vmbreak;
        }
        ProtectNT(vm_tm_adjustvarargs(L, GETARG_A(i), ci, cl->p));
        if (l_unlikely(trapped())) {  /* hooks: the call hook was postponed to here */
          vm_debug_hookcall(L, ci);
          L->oldpc = 1;  /* the next instruction counts as a new line */
        }
        updatebase(ci);  /* the frame moved up */
        vmbreak;
      }
      vmcase(OP_ADD_FF) { op_arithFF(n_add, ADD); vmbreak; }
      vmcase(OP_SUB_FF) { op_arithFF(n_sub, SUB); vmbreak; }
      vmcase(OP_MUL_FF) { op_arithFF(n_mul, MUL); vmbreak; }
      vmcase(OP_DIV_FF) { op_arithFF(n_div, DIV); vmbreak; }
      vmcase(OP_ADD_II) { op_arithII(l_addi, ADD); vmbreak; }
      vmcase(OP_SUB_II) { op_arithII(l_subi, SUB); vmbreak; }
      vmcase(OP_MUL_II) { op_arithII(l_muli, MUL); vmbreak; }
      vmcase(OP_ADDK_F) { op_arithKF(n_add, ADDK); vmbreak; }
      vmcase(OP_SUBK_F) { op_arithKF(n_sub, SUBK); vmbreak; }
      vmcase(OP_MULK_F) { op_arithKF(n_mul, MULK); vmbreak; }
      vmcase(OP_DIVK_F) { op_arithKF(n_div, DIVK); vmbreak; }
      vmcase(OP_ADD_N) { op_arithN(n_add, ADD, 0); vmbreak; }
      vmcase(OP_SUB_N) { op_arithN(n_sub, SUB, 0); vmbreak; }
      vmcase(OP_MUL_N) { op_arithN(n_mul, MUL, 0); vmbreak; }
      vmcase(OP_DIV_N) { op_arithN(n_div, DIV, 1); vmbreak; }
      vmcase(OP_ADDK_I) { op_arithKI(n_add, fltvalue, ADDK); vmbreak; }
      vmcase(OP_SUBK_I) { op_arithKI(n_sub, fltvalue, SUBK); vmbreak; }
      vmcase(OP_MULK_I) { op_arithKI(n_mul, fltvalue, MULK); vmbreak; }
      vmcase(OP_DIVK_I) { op_arithKI(n_div, knumber, DIVK); vmbreak; }
      vmcase(OP_LT_FF) { op_orderFF(l_lti, LT); vmbreak; }
      vmcase(OP_LE_FF) { op_orderFF(l_lei, LE); vmbreak; }
      vmcase(OP_LTI_F) { op_orderIF(l_lti, LTI); vmbreak; }
      vmcase(OP_LEI_F) { op_orderIF(l_lei, LEI); vmbreak; }
      vmcase(OP_GTI_F) { op_orderIF(l_gti, GTI); vmbreak; }
      vmcase(OP_GEI_F) { op_orderIF(l_gei, GEI); vmbreak; }
      vmcase(OP_EXTRAARG) {
        /* never executed: always consumed by the instruction before it */
        vmbreak;
      }
      backedge_trapped:  /* charge_backedge found the frame's trap set */
        settrap(1);
        vmbreak;
#if defined(VM_DISPATCH_SWITCH)
      default:
#else
      L_TRAP:
        pc--;  /* back on the instruction just fetched */
        traceexec();
        pc++;
        goto *disptab[DISPOP(i)];
      L_BADOP:
#endif
        savepc(L);
        vm_debug_runerror(L, "invalid instruction (opcode %d)", (int)GET_OPCODE(i));
    }
  }
}
