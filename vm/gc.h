/* The seam to the Boehm collector: allocation of every VM object, finalizers (__gc),
 * disappearing links for weak references, memory accounting and collectgarbage control.
 * Nothing outside vm/gc.c calls libgc directly, so a precise collector can replace it. */
#ifndef VM_GC_H
#define VM_GC_H

#include "vm/core.h"

/* Write barrier seam: Boehm needs none; a generational collector would hook in here.
 * Call after storing a collectable value v into object o. */
#define gc_barrier(L, o, v) ((void)(L), (void)(o), (void)(v))

void gc_init(void);                              /* once per process; idempotent */
/* gc_init for the nacre executable, called by main before any other thread exists: cheaper
 * (it briefly swaps environ, which an embedder's other threads could be reading). */
void gc_init_program(void);
/* Allocates a zeroed object of `size` bytes with tag tt. `atomic` objects are never scanned
 * for pointers (strings, numeric arrays). Raises LUA_ERRMEM ("not enough memory") on failure. */
static inline GCObject *gc_newobj(lua_State *L, uint8_t tt, size_t size);
static inline void *gc_alloc(lua_State *L, size_t size); /* scanned, zeroed block (arrays of Values) */
void *gc_alloc_atomic(lua_State *L, size_t size); /* unscanned block (code, line info) */
void *gc_realloc(lua_State *L, void *block, size_t oldsize, size_t newsize); /* scanned */
/* Optional early release. The pages of a block of GC_BIGBLOCK bytes or more go back to the OS
 * at once (as malloc does with big blocks), as they do when the collector frees such a block,
 * so dead big blocks do not count in the resident size while the heap waits to reuse them. */
void gc_free(lua_State *L, void *block);
#define GC_BIGBLOCK ((size_t)64 * 1024)
/* Growing a big part without old plus new resident at once: a scanned block libgc does not
 * clear (stale contents only retain what they point to until the caller overwrites them), and
 * a copy out of a block about to be freed that releases its pages as it goes. */
void *gc_alloc_uncleared(lua_State *L, size_t size);
void gc_move_big(lua_State *L, void *dst, void *src, size_t size);
/* The allocation functions above accept L == NULL (while lua_newstate builds the first
 * objects): they then return NULL on failure instead of raising. */

/* Allocates a zeroed thread object (tag VT_THREAD) with LUA_EXTRASPACE bytes in front of it
 * and *extra bytes after it (a coroutine's first CallInfos and stack, vm/state.c), for
 * lua_newstate and lua_newthread; *extra becomes the room there is (coroutine blocks come in a
 * few sizes, vm/gc.c). L may be NULL (NULL is then returned on failure). */
lua_State *gc_newthread(lua_State *L, size_t *extra);
/* Has the collector clear the dead part of coroutine th's stack after every cycle (GCF_TRACKED,
 * vm/state.h), holding th weakly. */
void gc_trackthread(lua_State *L, lua_State *th);

/* Registers the state's collector data (finalizer lists, lua_gc settings), made by
 * gc_newstate (or here if that failed); called by vm_api_initregistry. */
void gc_initstate(lua_State *L);

/* Registers o (a table or full userdata whose metatable has __gc) for finalization. */
void gc_setfinalizer(lua_State *L, GCObject *o);
/* Runs pending finalizers (at safe points: allocation checks, collectgarbage, close). */
void gc_runpending(lua_State *L);
/* Safe point for the interpreter and API (where 5.4 calls luaC_checkGC): runs pending
 * finalizers if the collector has queued any. Cheap when nothing is pending. */
extern _Atomic int gc_pending;
/* Counts collections (mod 256), stepped as each one starts marking. */
extern _Atomic uint8_t gc_cycle;
/* Set for good by nacre_threads_enable, before a second OS thread runs a state: from then on
 * the intern table takes its lock (vm/str.c). */
extern int gc_threaded;
#define gc_checkpoint(L) \
  do { if (l_unlikely(gc_pending)) gc_runpending(L); } while (0)
/* A new state's GlobalState (gsize bytes, zeroed) and main thread (tag VT_THREAD, l_G set),
 * made in the state's start-up arena, which is left open for lua_newstate. Returns NULL if out
 * of memory. While the arena is open (and not full), the scanned blocks the state makes come
 * from it and live as long as the state: lua_newstate closes it, luaL_openlibs opens it for
 * the libraries (vm/gc.c, docs/gc.md). */
lua_State *gc_newstate(size_t gsize);
void gc_arena_open(lua_State *L);
void gc_arena_close(lua_State *L);
/* Runs every outstanding finalizer, newest first (lua_close). */
void gc_closestate(lua_State *L);

/* A weak reference: *slot is cleared when the object it points to becomes unreachable. obj
 * is a GCObject (made by gc_newobj or gc_newthread). */
void gc_weaklink(void **slot, const void *obj);
/* Like gc_weaklink, but cleared only when obj is reclaimed, i.e. after its finalizer ran and
 * did not resurrect it (5.4 keeps such objects as weak keys until the next cycle). */
void gc_weaklink_long(void **slot, const void *obj);
void gc_unweaklink(void **slot);

/* Roots for pointers to GC objects kept only in memory Boehm does not scan (malloc'd memory of
 * libuv/libffi): the object stays alive until gc_removeroot. Counted: add n times, remove n. */
void gc_addroot(const void *obj);
void gc_removeroot(const void *obj);

/* collectgarbage / lua_gc support. */
size_t gc_inuse(void);
/* Zeroes unused C stack below the caller so stale pointers there do not retain garbage in
 * the next full cycle (call it at API entry, before descending into the collector). */
void gc_clearcstack(void);                            /* bytes in use by live objects (approx.) */
int gc_control(lua_State *L, int what, int arg1, int arg2, int arg3); /* lua_gc semantics */

/* Memory limit (vm/gclimit.c). Allocations past `soft` raise "not enough memory"; the heap never
 * grows past `hard`, and an allocation that would needs calls breach (which does not return). */
void gc_setlimit(size_t soft, size_t hard, void (*breach)(void));
size_t gc_heapsize(void);                         /* bytes the collected heap occupies */
extern size_t gc_softlimit;                        /* 0: no memory limit */

/* The allocation fast path, inline so a constant size costs nothing to classify: scanned blocks
 * of 1..GC_SMALLMAX bytes are popped from the state's free lists (vm/gc.c); the rest, an empty
 * list and a memory limit take the calls below. */
#define GC_SMALLMAX (GCFAST_GRANULES * 16)
void *gc_allocsmall_slow(lua_State *L, size_t size);
GCObject *gc_newobj_slow(lua_State *L, uint8_t tt, size_t size);
void *gc_alloc_slow(lua_State *L, size_t size);

static inline void *gc_allocsmall(lua_State *L, size_t size) {
  void **fl = &G(L)->gcfree[(size + 15) / 16];
  void *o = *fl;
  if (l_unlikely(o == NULL || gc_softlimit != 0)) return gc_allocsmall_slow(L, size);
  *fl = *(void **)o;
  *(void **)o = NULL;  /* the free-list link; libgc cleared the rest */
  return o;
}

static inline GCObject *gc_newobj(lua_State *L, uint8_t tt, size_t size) {
  if (novariant(tt) != LUA_TSTRING && size - 1 < GC_SMALLMAX && L != NULL) {
    void **fl = &G(L)->gcfree[(size + 15) / 16];
    GCObject *o = (GCObject *)*fl;
    if (l_likely(o != NULL && gc_softlimit == 0)) {
      *fl = *(void **)o;
      *(void **)o = NULL;  /* the free-list link, which also held the header */
      o->tt = tt;
      return o;
    }
  }
  return gc_newobj_slow(L, tt, size);
}

static inline void *gc_alloc(lua_State *L, size_t size) {
  if (size - 1 < GC_SMALLMAX && L != NULL) return gc_allocsmall(L, size);
  return gc_alloc_slow(L, size);
}
void gc_limit_precheck(lua_State *L, size_t size); /* before an allocation of size bytes */
l_noret gc_limit_failed(lua_State *L);             /* the collector returned NULL */
int gc_limit_hit(void);                            /* whether the limit ever refused memory */

#endif
