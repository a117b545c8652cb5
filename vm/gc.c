/* The seam between the VM and the Boehm collector (libgc): object allocation (short strings in
 * their own kind, whose sweep tells the intern table), __gc finalizers run at safe points in
 * registration order (newest first), disappearing links for weak references, extra roots,
 * and lua_gc, and registering the other OS threads that run states. docs/gc.md explains where
 * this differs from PUC-Lua. */
#define _GNU_SOURCE /* gettid */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Threads register with the collector themselves (nacre_thread_attach): no pthread_create
 * redirection. */
#define GC_THREADS
#define GC_NO_THREAD_REDIRECTS
/* GC_INIT grows the heap to this size (libgc starts with 64 KB). Opening the standard
 * libraries takes about 70 KB of blocks; with libgc's own start the heap had to grow twice, and
 * the second time libgc ran a collection that found nothing: 3% of `nacre -e ''` and 4 page
 * faults. Heap pages cost memory only once used. */
#define GC_INITIAL_HEAP_SIZE (192 * 1024)
#include <gc/gc.h>
#include <gc/gc_disclaim.h>
#include <gc/gc_inline.h>
#include <gc/gc_mark.h>
#include <gc/gc_typed.h>

#include "vm/gc.h"
#include "vm/do.h"
#include "vm/state.h"
#include "vm/str.h"
#include "vm/tab.h"

_Atomic int gc_pending;
_Atomic uint8_t gc_cycle;
int gc_threaded;
/* Guards what states share across OS threads: the list of states, every state's finalizer
 * records and pending list (a collection on any thread fires finalizers of every state), and
 * the extra roots. Taken before the collector's own lock, never while Lua code runs. */
static pthread_mutex_t shared = PTHREAD_MUTEX_INITIALIZER;
static int shrstrkind;       /* Boehm object kind of short strings: pointer-free, disclaimed */
static int smallkind;        /* scanned small blocks of exactly their size (gc_newobj, gc_alloc) */
static int arenakind;        /* start-up arena chunks: scanned as far as filled, not cleared */
/* Blocks of GC_BIGBLOCK bytes or more: scanned and cleared, scanned and not cleared
 * (gc_alloc_uncleared), pointer-free. Each has a disclaim procedure that gives a dead block's
 * pages back to the OS when the sweep frees it (releasebig). */
static int bigkind, unclearedkind, bigatomkind;
static uintptr_t pagesize;
/* The heap's size after a collection, as a percentage of what the collection left in use
 * (applypause), and the least room it leaves for allocation. */
static _Atomic int heappct = 150;
static int pacing;                 /* off when GC_FREE_SPACE_DIVISOR is set (libgc's own pacing) */
#define HEAP_MINROOM ((GC_word)256 * 1024)

/* One registered finalizer. Kept in uncollectable, unscanned collector memory with the object
 * pointer hidden, so the record itself never keeps its object alive and counts against the
 * memory limit like the object it belongs to. */
typedef struct FinRec {
  struct FinRec *prev, *next;
  GC_hidden_pointer obj;
  unsigned long long seq;     /* registration order: newest finalizes first */
  struct GcState *gs;         /* NULL once its state closed while the finalizer was firing */
} FinRec;

/* An object whose finalizer fired and that waits for its __gc call. Stored in scanned memory,
 * which resurrects the object until the call is done. */
typedef struct Pending {
  GCObject *obj;
  unsigned long long seq;
} Pending;

/* Coroutine blocks (vm/state.c: thread, CallInfos, first stack) come in sizes that fill a
 * heap block with 3 to 8 of them (in granules). libgc's own size classes
 * depend on the order sizes were first asked for (an 808-byte coroutine was given 1344). */
static const uint8_t threadgrans[] = {32, 36, 42, 51, 64, 85};
#define NTHREADCLASSES (sizeof(threadgrans) / sizeof(threadgrans[0]))
#define THREADHEAD (LUA_EXTRASPACE + sizeof(lua_State))

typedef struct GcState {
  struct GcState *nextstate; /* list of live states (a static root keeps them reachable) */
  GlobalState *g;
  FinRec *reg;               /* registered, not yet fired */
  Pending *pend;             /* scanned array */
  size_t npend, cappend;
  unsigned long long seq;
  size_t debt;               /* bytes of LUA_GCSTEP requests since the last full cycle */
  int infinalizer;           /* a __gc is running: no nested finalization or lua_gc */
  int closing;               /* lua_close started: no new finalizers */
  int stopped;               /* LUA_GCSTOP in effect (GC_disable called once) */
  int mode;                  /* LUA_GCINC or LUA_GCGEN, remembered for lua_gc's answers */
  int pause, stepmul;
  lua_State **threads;       /* atomic array of disappearing links to coroutines */
  size_t nthreads, capthreads;  /* slots in use (live or cleared by Boehm), allocated */
  size_t threadcursor;       /* trackthread reuses cleared slots from here up to nthreads */
  uint8_t stackcycle;        /* gc_cycle when the dead parts of the stacks were last cleared */
  int arenaopen;             /* gc_arena_open (and gc_newstate) to gc_arena_close, or full */
  struct Arena *arena;       /* the start-up arena (NULL if none), held for the state's life */
  void *stash[GCFAST_GRANULES + 1];  /* the state's free lists while the arena is open */
  void *threadfree[NTHREADCLASSES];  /* free coroutine blocks, one list per class */
} GcState;

static GcState *states;      /* static data is a Boehm root */

static void GC_CALLBACK notify(void) {
  gc_pending = 1;
}

static void GC_CALLBACK onevent(GC_EventType e) {
  if (e == GC_EVENT_MARK_START) {
    gc_cycle++;
    vm_idxbump();  /* what the index cache points at may be freed from now on */
  }
  else if (e == GC_EVENT_END) gc_pending = 1;  /* the next safe point clears dead stack slots */
}

/* Called by the sweep for each unmarked object of the short-string kind, after finalization
 * marked everything a finalizer can reach. Boehm passes free-list fragments too; their
 * first word is a granule-aligned link or zero, so their first byte is never a string tag.
 * Returning nonzero keeps the object. */
static int GC_CALLBACK disclaimstr(void *obj) {
  if (((GCObject *)obj)->tt != VT_SHRSTR) return 0;
  return vm_str_disclaim((TString *)obj);
}

static void applypause(int pause);
static int GC_CALLBACK releasebig(void *obj);

static int newbigkind(int scanned, int cleared) {
  int k = (int)GC_new_kind(GC_new_free_list(), 0 | GC_DS_LENGTH, scanned, cleared);
  GC_register_disclaim_proc(k, releasebig, 0);
  return k;
}
static struct GC_ms_entry *markarena(GC_word *addr, struct GC_ms_entry *msp,
                                     struct GC_ms_entry *lim, GC_word env);

/* "GC_NPROCS=<n>" in buf (n >= 0), without snprintf, whose code would be paged in for it. */
static char *nprocs_var(char buf[32], int n) {
  char digits[12];
  size_t k = 0, len = sizeof "GC_NPROCS=" - 1;
  memcpy(buf, "GC_NPROCS=", len);
  do digits[k++] = (char)('0' + n % 10); while ((n /= 10) > 0);
  while (k > 0) buf[len++] = digits[--k];
  buf[len] = '\0';
  return buf;
}

/* GC_INIT, with GC_NPROCS set when libgc would otherwise count the processors by parsing
 * /proc/stat (a few percent of `nacre -e ''`). The affinity mask gives the count in one system
 * call. setenv would allocate with malloc (its first use costs more page faults than this
 * saves), so environ is a small array instead for the duration: libgc reads only GC_*
 * variables, and those are carried over. Only for the executable's start, before any other
 * thread exists. */
static void init_counting_cpus(void) {
  char **saved = environ, *env[32], count[32];
  cpu_set_t cpus;
  size_t n = 0;
  if (getenv("GC_NPROCS") != NULL || sched_getaffinity(0, sizeof cpus, &cpus) != 0) {
    GC_INIT();
    return;
  }
  for (char **e = environ; *e != NULL; e++) {
    if (strncmp(*e, "GC_", 3) != 0) continue;
    if (n == sizeof env / sizeof env[0] - 2) { /* implausibly many: let libgc count */
      GC_INIT();
      return;
    }
    env[n++] = *e;
  }
  env[n++] = nprocs_var(count, CPU_COUNT(&cpus));
  env[n] = NULL;
  environ = env;
  GC_INIT();
  environ = saved;
}

/* libgc scans the writable data of the executable and of every loaded library at each
 * collection. The C library's own (libc, libm, libpthread, libdl, librt and the dynamic
 * loader: some 70 KB, a sixth of a collection over a small heap) never holds the only pointer
 * to a Lua object: nacre hands the C library no collected memory that it keeps (no putenv,
 * setvbuf buffers or atexit arguments from the heap). Everything else stays scanned: nacre's
 * own statics (the executable, or libnacre.so), libgc's, C modules and the libraries they
 * load. */
static int GC_CALLBACK scanlibrary(const char *name, void *start, size_t size) {
  static const char *const libc[] = {"libc.so.", "libm.so.", "libpthread.so.", "libdl.so.",
                                     "librt.so.", "ld-linux", "ld64.so."};
  const char *base = strrchr(name, '/');
  (void)start;
  (void)size;
  base = base != NULL ? base + 1 : name;
  for (size_t i = 0; i < sizeof libc / sizeof libc[0]; i++)
    if (strncmp(base, libc[i], strlen(libc[i])) == 0) return 0;
  return 1;
}

static void init(int main_program) {
  static int done;
  if (done) return;
  done = 1;
  /* The collection Boehm runs inside GC_INIT by default finds nothing (nothing is allocated
   * yet) but scans every root segment: a third of nacre's start-up time. */
  GC_set_dont_precollect(1);
  /* On the main thread, the stack's cold end is where the process started: telling Boehm
   * saves it parsing /proc/self/maps (through pthread_getattr_np), a tenth of start-up. */
  if (gettid() == getpid()) {
    extern void *__libc_stack_end;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    GC_stackbottom = (char *)__libc_stack_end;
#pragma GCC diagnostic pop
  }
  GC_register_has_static_roots_callback(scanlibrary);
  pagesize = (uintptr_t)sysconf(_SC_PAGESIZE);  /* before GC_INIT, which clears black lists */
  if (main_program) init_counting_cpus();
  else GC_INIT();
  /* Finalizers may only run where the VM is in a consistent state (gc_checkpoint). */
  GC_set_finalize_on_demand(1);
  GC_set_finalizer_notifier(notify);
  /* Short strings get their own kind so the intern table can drop them as they are swept
   * (vm/str.c), instead of holding one disappearing link per string. */
  GC_set_on_collection_event(onevent);
  shrstrkind = (int)GC_new_kind(GC_new_free_list(), 0 | GC_DS_LENGTH, 0, 0);
  GC_register_disclaim_proc(shrstrkind, disclaimstr, 0);
  /* Boehm's NORMAL kind pads every object by a byte (so a pointer just past an object does not
   * keep the next one alive) and leaves each object's last word unscanned, as if that were the
   * padding. Small VM blocks get a kind of their own, scanned whole and allocated at exactly
   * their size: the VM holds its objects and their parts by their start. A pointer just past
   * an object only keeps its neighbour alive (extra retention, never a lost object); replaced
   * table parts are zeroed (vm/tab.c) so such a pointer to one retains nothing it held. */
  smallkind = (int)GC_new_kind(GC_new_free_list(), 0 | GC_DS_LENGTH, 1, 1);
  arenakind = (int)GC_new_kind(GC_new_free_list(), GC_MAKE_PROC(GC_new_proc(markarena), 0), 0, 0);
  bigkind = newbigkind(1, 1);
  unclearedkind = newbigkind(1, 0);
  bigatomkind = newbigkind(0, 0);
  /* libgc prints warnings ("Repeated allocation of very large block", out-of-memory notes)
   * on stderr, which a Lua program's output must not contain; NACRE_GC_DEBUG keeps them. */
  if (getenv("NACRE_GC_DEBUG") == NULL) GC_set_warn_proc(GC_ignore_warn_proc);
  /* The free-space divisor for 5.4's default pause (200%, see applypause). Boehm's own
   * environment variable still wins. */
  if (getenv("GC_FREE_SPACE_DIVISOR") == NULL) {
    applypause(200);
    GC_set_dont_expand(1);         /* the heap grows in pace(), after collections */
    pacing = 1;
  }
}

void gc_init(void) {
  init(0);
}

void gc_init_program(void) {
  init(1);
}

/* ---- the start-up arena --------------------------------------------------------------- */

/* A new state and its standard libraries make a few hundred objects of some twenty sizes that
 * live as long as the state: the GlobalState, the main thread and its stack, the registry, the
 * library tables and their node arrays, C closures, metatables. From libgc every size (and
 * kind) starts a fresh 4 KB block, one page fault and one object map each; from the arena
 * they share a few pages. The arena is one large block of its own kind, which libgc does not
 * clear (its pages are touched only as the arena fills) and scans only as far as it is filled
 * (markarena). It is open while lua_newstate builds the state and while luaL_openlibs runs
 * (the nacre executable keeps it open until its program runs), until it is full: what it
 * holds lives as long as the state, so nothing else goes there. Arena objects are interior
 * addresses of the block, which libgc's finalizers and disappearing links cannot take: they carry
 * GCF_ARENA, weak links to them are not registered and a __gc set on one runs at lua_close
 * (they live as long as the block, which the state holds); gc_free and gc_realloc leave arena
 * blocks in place. */
/* 32 KB with libgc's extra byte (all interior pointers); the standard libraries take 15 KB */
#define ARENA_BLOCK (32 * 1024 - GC_GRANULE_BYTES)
#define ARENA_SIZE (ARENA_BLOCK - sizeof(Arena))
#define ARENA_MAXOBJ 2048                /* bigger blocks get libgc blocks of their own anyway */

typedef struct Arena {
  size_t used;                           /* bytes handed out after the header */
  size_t pad;                            /* keeps the objects 16-byte aligned */
} Arena;

/* libgc's mark procedure for the arena: the words handed out, each a possible pointer. `used`
 * is bounded because a collection may come between the block's allocation and the first
 * store to its header (the block is not cleared). */
static struct GC_ms_entry *markarena(GC_word *addr, struct GC_ms_entry *msp,
                                     struct GC_ms_entry *lim, GC_word env) {
  Arena *a = (Arena *)addr;
  size_t used = a->used < ARENA_SIZE ? a->used : ARENA_SIZE;
  GC_word *p = (GC_word *)(a + 1), *end = p + used / sizeof(GC_word);
  /* The heap's bounds do not change while marking: one unsigned compare per word. */
  GC_word lo = (GC_word)GC_least_plausible_heap_addr;
  GC_word span = (GC_word)GC_greatest_plausible_heap_addr - lo;
  (void)env;
  for (; p < end; p++) {
    /* Most words that look like pointers point into the arena itself (the library tables,
     * their nodes and closures), which is being marked: only the others go to libgc. */
    if (*p - lo > span || *p - (GC_word)addr < ARENA_BLOCK) continue;
    msp = GC_mark_and_push((void *)*p, msp, lim, (void **)p);
  }
  return msp;
}

static int inarena(const GcState *gs, const void *p) {
  const char *start;
  if (gs == NULL || gs->arena == NULL) return 0;
  start = (const char *)(gs->arena + 1);
  return (const char *)p >= start && (const char *)p < start + ARENA_SIZE;
}

/* A zeroed block of `size` bytes from an open arena, or NULL (closed, too big, full). */
static void *carve(Arena *a, size_t size) {
  char *p;
  size = (size + GC_GRANULE_BYTES - 1) & ~(size_t)(GC_GRANULE_BYTES - 1);
  if (size > ARENA_SIZE - a->used) return NULL;
  p = (char *)(a + 1) + a->used;
  memset(p, 0, size);                    /* a reused block holds old contents */
  a->used += size;
  return p;
}

static void *arenaalloc(lua_State *L, size_t size) {
  GcState *gs = G(L)->gc;
  void *p;
  if (gs == NULL || !gs->arenaopen || size > ARENA_MAXOBJ) return NULL;
  if ((p = carve(gs->arena, size)) == NULL) gs->arenaopen = 0;
  return p;
}

static void setupstate(GcState *gs, GlobalState *g) {
  gs->g = g;
  gs->mode = LUA_GCINC;
  gs->pause = 200;
  gs->stepmul = 100;
  g->gc = gs;
}

lua_State *gc_newstate(size_t gsize) {
  Arena *a = GC_generic_malloc(ARENA_BLOCK, arenakind);
  GcState *gs;
  GlobalState *g;
  char *p;
  lua_State *L;
  if (a == NULL) return NULL;
  a->used = 0;
  gs = carve(a, sizeof(GcState));
  g = carve(a, gsize);
  p = carve(a, LUA_EXTRASPACE + sizeof(lua_State));
  if (gs == NULL || g == NULL || p == NULL) return NULL;
  gs->arena = a;
  gs->arenaopen = 1;
  setupstate(gs, g);
  L = (lua_State *)(p + LUA_EXTRASPACE);
  L->tt = VT_THREAD;
  L->gcflags = GCF_ARENA;
  L->l_G = g;
  return L;
}

/* While the arena is open, the blocks waiting in the state's free lists are set aside: the
 * inline allocation would take them first. */
void gc_arena_open(lua_State *L) {
  GcState *gs = G(L)->gc;
  void **fl = G(L)->gcfree;
  if (gs == NULL || gs->arena == NULL || gs->arenaopen) return;
  for (size_t i = 0; i <= GCFAST_GRANULES; i++) {
    if (gs->stash[i] == NULL) {
      gs->stash[i] = fl[i];
      fl[i] = NULL;
    }
  }
  gs->arenaopen = 1;
}

void gc_arena_close(lua_State *L) {
  GcState *gs = G(L)->gc;
  void **fl = G(L)->gcfree;
  if (gs == NULL) return;
  gs->arenaopen = 0;
  for (size_t i = 0; i <= GCFAST_GRANULES; i++) {
    if (fl[i] == NULL) fl[i] = gs->stash[i];  /* else the arena filled up: the stash is garbage */
    gs->stash[i] = NULL;
  }
}

/* An allocation failed: an ordinary memory error, or a breach of the hard memory cap. */
static l_noret memerror(lua_State *L) {
  gc_limit_failed(L);
}

/* Under a memory limit, an allocation past the soft limit fails like an exhausted allocator. */
#define limitcheck(L, size) \
  do { if (l_unlikely(gc_softlimit != 0) && (L) != NULL) gc_limit_precheck(L, size); } while (0)

/* Small scanned blocks come from free lists kept in the GlobalState (scanned memory, so the
 * blocks waiting there stay allocated), refilled a batch at a time by GC_generic_malloc_many:
 * the common allocation is the inline pop in gc.h, where GC_MALLOC costs a call, a
 * thread-local lookup and its own bookkeeping. libgc clears the batch; the pop clears the
 * link word. */
void *gc_allocsmall_slow(lua_State *L, size_t size) {
  size_t grans = (size + GC_GRANULE_BYTES - 1) / GC_GRANULE_BYTES;
  void **fl = &G(L)->gcfree[grans];
  void *o;
  limitcheck(L, size);
  if (*fl == NULL) {
    if ((o = arenaalloc(L, grans * GC_GRANULE_BYTES)) != NULL) return o;
    GC_generic_malloc_many(grans * GC_GRANULE_BYTES, smallkind, fl);
    if (*fl == NULL) memerror(L);
  }
  o = *fl;
  *fl = *(void **)o;
  *(void **)o = NULL;
  return o;
}

GCObject *gc_newobj_slow(lua_State *L, uint8_t tt, size_t size) {
  GCObject *o;
  if (tt == VT_SHRSTR) {           /* never in the arena: the intern table is per process */
    limitcheck(L, size);
    o = GC_malloc_kind(size, shrstrkind);
    if (o != NULL) memset(o, 0, sizeof(TString));
  } else if (tt == VT_LNGSTR) {
    o = L != NULL ? gc_alloc_atomic(L, size) : GC_MALLOC_ATOMIC(size);
    if (o != NULL) memset(o, 0, size < sizeof(TString) ? size : sizeof(TString));
  } else if (L != NULL) {
    o = size - 1 < GC_SMALLMAX ? gc_allocsmall_slow(L, size) : gc_alloc_slow(L, size);
  } else {
    o = GC_MALLOC(size);
  }
  if (o == NULL) {
    if (L != NULL) memerror(L);
    return NULL;
  }
  o->tt = tt;
  o->gcflags = L != NULL && inarena(G(L)->gc, o) ? GCF_ARENA : 0;
  return o;
}

/* A block of GC_BIGBLOCK bytes or more. When no free run of the heap can hold it, libgc
 * collects and then grows the heap by a free-space-divisor'th of its size plus the block: with
 * 5.4's default pause a third of the heap. For a 6 MB node array over a 17 MB heap that was
 * 12 MB, which the program then filled before collecting again (knucleotide's peak 32 MB
 * against lua5.4's 25). While the block is allocated the divisor is GC_BIGDIV, so the heap
 * grows by about the block; pace() gives the room for the next cycle. growlock keeps two
 * threads from each restoring the other's setting, and applypause from being overwritten. */
#define GC_BIGDIV 1000
static pthread_mutex_t growlock = PTHREAD_MUTEX_INITIALIZER;

static void *allocbig(size_t size, int kind) {
  GC_word div;
  void *p;
  if (!pacing) return GC_malloc_kind(size, kind);
  pthread_mutex_lock(&growlock);
  div = GC_get_free_space_divisor();
  GC_set_free_space_divisor(GC_BIGDIV);
  p = GC_malloc_kind(size, kind);
  GC_set_free_space_divisor(div);
  pthread_mutex_unlock(&growlock);
  return p;
}

void *gc_alloc_slow(lua_State *L, size_t size) {
  void *p;
  limitcheck(L, size);
  if (L != NULL && (p = arenaalloc(L, size)) != NULL) return p;
  p = size >= GC_BIGBLOCK ? allocbig(size, bigkind) : GC_MALLOC(size ? size : 1);
  if (p == NULL && L != NULL) memerror(L);
  return p;
}

void *gc_alloc_atomic(lua_State *L, size_t size) {
  void *p;
  limitcheck(L, size);
  if (L != NULL && (p = arenaalloc(L, size)) != NULL) return p;  /* scanned there, harmlessly */
  p = size >= GC_BIGBLOCK ? allocbig(size, bigatomkind) : GC_MALLOC_ATOMIC(size ? size : 1);
  if (p == NULL && L != NULL) memerror(L);
  return p;
}

void *gc_realloc(lua_State *L, void *block, size_t oldsize, size_t newsize) {
  void *p;
  if (block == NULL) return gc_alloc(L, newsize);
  if (L != NULL && inarena(G(L)->gc, block)) {  /* arena blocks stay where they are */
    p = gc_alloc(L, newsize);
    memcpy(p, block, oldsize < newsize ? oldsize : newsize);
    return p;
  }
  if (newsize > oldsize) limitcheck(L, newsize - oldsize);
  p = GC_REALLOC(block, newsize ? newsize : 1);
  if (p == NULL) {
    if (L != NULL) memerror(L);
    return NULL;
  }
  if (newsize > oldsize) memset((char *)p + oldsize, 0, newsize - oldsize);
  return p;
}

/* Gives the whole pages inside [from, to) back to the OS (their contents are dead; libgc
 * clears a block when it hands it out again, or the caller overwrites it). Returns the end of
 * the last page released (or the start of the range when none was). */
static uintptr_t releasepages(uintptr_t from, uintptr_t to) {
  uintptr_t lo = (from + pagesize - 1) & ~(pagesize - 1), hi = to & ~(pagesize - 1);
  if (hi <= lo) return lo;
  madvise((void *)lo, hi - lo, MADV_DONTNEED);
  return hi;
}

/* The disclaim procedure of the big kinds: the sweep found obj dead. Its pages go back now,
 * as free() gives back a big malloc block, instead of staying resident until libgc reuses the
 * space (which a fragmented heap may never do before growing). */
static int GC_CALLBACK releasebig(void *obj) {
  releasepages((uintptr_t)obj, (uintptr_t)obj + GC_size(obj));
  return 0;
}

/* libgc clears its black lists, 32 KB tables in its own anonymous memory, with memset: two at
 * start-up and one after every collection. The executable links a copy of libgc's blacklst.o
 * whose memset calls come here (Makefile, GC_BL), and the tables' whole pages go back to the
 * kernel instead, which zero-fills a page when it is next touched: the tables take memory only
 * where addresses were black-listed since (few, in most programs). At start-up that is 64 KB of
 * resident memory, 16 page faults and a tenth of `nacre -e ''`'s instructions less. */
void *gc_blzero(void *p, int c, size_t n);
void *gc_blzero(void *p, int c, size_t n) {
  uintptr_t from = (uintptr_t)p, to = from + n, lo, hi;
  if (c != 0 || pagesize == 0) return memset(p, c, n);
  lo = (from + pagesize - 1) & ~(pagesize - 1);
  hi = to & ~(pagesize - 1);
  if (hi <= lo || madvise((void *)lo, hi - lo, MADV_DONTNEED) != 0) return memset(p, 0, n);
  memset(p, 0, lo - from);
  memset((void *)hi, 0, to - hi);
  return p;
}

void gc_free(lua_State *L, void *block) {
  size_t size;
  if (block == NULL || (L != NULL && inarena(G(L)->gc, block))) return;
  size = GC_size(block);
  if (size >= GC_BIGBLOCK) releasepages((uintptr_t)block, (uintptr_t)block + size);
  GC_FREE(block);
}

void *gc_alloc_uncleared(lua_State *L, size_t size) {
  void *p;
  limitcheck(L, size);
  p = allocbig(size ? size : 1, unclearedkind);
  if (p == NULL && L != NULL) memerror(L);
  return p;
}

void gc_move_big(lua_State *L, void *dst, void *src, size_t size) {
  const size_t chunk = (size_t)64 * 1024;
  uintptr_t lo = (uintptr_t)src;   /* the pages below lo are released */
  int release = !(L != NULL && inarena(G(L)->gc, src));
  size_t done;
  for (done = 0; done < size; done += chunk) {
    size_t n = size - done < chunk ? size - done : chunk;
    memcpy((char *)dst + done, (char *)src + done, n);
    if (release) lo = releasepages(lo, (uintptr_t)src + done + n);
  }
}

/* A free slot of the weak thread array: a cleared one at or above the cursor, else a
 * fresh one; SIZE_MAX when full. Reusing slots in place keeps each coroutine at one link
 * registration (moving a live link costs an unregister, a free and a register). */
static size_t threadslot(GcState *gs) {
  size_t i;
  for (i = gs->threadcursor; i < gs->nthreads; i++)
    if (gs->threads[i] == NULL) return i;
  if (gs->nthreads < gs->capthreads) return gs->nthreads++;
  return SIZE_MAX;
}

/* Remembers a coroutine (weakly) so full cycles can clear the dead part of its stack too.
 * When the array is full it is rescanned from the start if at least a quarter of it was
 * cleared by collections (each rescan pays for that many insertions), else the live links
 * move to an array twice their number. */
static void trackthread(lua_State *L, lua_State *th, void *base) {
  GcState *gs = G(L)->gc;
  size_t i, k = 0, slot;
  if (gs == NULL) return;
  slot = threadslot(gs);
  if (slot == SIZE_MAX) {
    size_t live = 0, ncap;
    lua_State **na;
    for (i = 0; i < gs->nthreads; i++)
      if (gs->threads[i] != NULL) live++;
    if (gs->nthreads - live >= gs->capthreads / 4 && live < gs->nthreads) {
      gs->threadcursor = 0;
      slot = threadslot(gs);
    } else {
      ncap = live * 2 + 16;
      na = GC_MALLOC_ATOMIC(ncap * sizeof(lua_State *));
      if (na == NULL) return;      /* not tracking it only costs some retention */
      for (i = 0; i < gs->nthreads; i++) {
        lua_State *t = gs->threads[i];
        if (t != NULL) {
          gc_unweaklink((void **)&gs->threads[i]);
          na[k] = t;
          GC_GENERAL_REGISTER_DISAPPEARING_LINK((void **)&na[k], (char *)t - LUA_EXTRASPACE);
          k++;
        }
      }
      gs->threads = na;
      gs->nthreads = k + 1;
      gs->capthreads = ncap;
      slot = k;
    }
  }
  gs->threads[slot] = th;
  GC_GENERAL_REGISTER_DISAPPEARING_LINK((void **)&gs->threads[slot], base);
  gs->threadcursor = slot + 1;
}

/* The class of a block of `size` bytes, NTHREADCLASSES if none holds it. */
static size_t threadclass(size_t size) {
  size_t c = 0;
  while (c < NTHREADCLASSES && size > (size_t)threadgrans[c] * GC_GRANULE_BYTES) c++;
  return c;
}

/* A coroutine block from its class's free list, refilled a heap block at a time. */
static void *threadblock(lua_State *L, GcState *gs, size_t c) {
  size_t size = (size_t)threadgrans[c] * GC_GRANULE_BYTES;  /* whole granules, as libgc wants */
  void **fl = &gs->threadfree[c];
  void *o;
  limitcheck(L, size);
  if (*fl == NULL) {
    if ((o = arenaalloc(L, size)) != NULL) return o;
    GC_generic_malloc_many(size, smallkind, fl);
    if (*fl == NULL) memerror(L);
  }
  o = *fl;
  *fl = *(void **)o;
  *(void **)o = NULL;
  return o;
}

lua_State *gc_newthread(lua_State *L, size_t *extra) {
  size_t size = THREADHEAD + *extra, c;
  char *p;
  lua_State *th;
  if (L != NULL) {
    GcState *gs = G(L)->gc;
    if (gs != NULL && (c = threadclass(size)) < NTHREADCLASSES) {
      p = threadblock(L, gs, c);
      *extra = (size_t)threadgrans[c] * GC_GRANULE_BYTES - THREADHEAD;
    } else {
      p = gc_alloc(L, size);  /* raises on failure */
    }
  } else if ((p = GC_MALLOC(size)) == NULL) {
    return NULL;
  }
  th = (lua_State *)(p + LUA_EXTRASPACE);
  th->tt = VT_THREAD;
  return th;
}

void gc_trackthread(lua_State *L, lua_State *th) {
  char *p = (char *)th - LUA_EXTRASPACE;
  if (th->gcflags & GCF_TRACKED) return;
  th->gcflags |= GCF_TRACKED;
  /* an arena block takes no disappearing link (it lives as long as the state anyway) */
  if (!inarena(G(L)->gc, p)) trackthread(L, th, p);
}

/* ---- per-state bookkeeping ------------------------------------------------------------ */

void gc_initstate(lua_State *L) {
  GcState *gs = G(L)->gc;
  if (gs == NULL) {                /* no arena: gc_newstate failed */
    gs = gc_alloc(L, sizeof(GcState));
    setupstate(gs, G(L));
  }
  pthread_mutex_lock(&shared);
  gs->nextstate = states;
  states = gs;
  pthread_mutex_unlock(&shared);
}

static void unlinkstate(GcState *gs) {
  GcState **p = &states;
  while (*p != NULL && *p != gs) p = &(*p)->nextstate;
  if (*p == gs) *p = gs->nextstate;
}

static void unlinkrec(GcState *gs, FinRec *r) {
  if (r->prev) r->prev->next = r->next;
  else gs->reg = r->next;
  if (r->next) r->next->prev = r->prev;
}

/* Boehm calls this from GC_invoke_finalizers (inside gc_runpending) for an unreachable
 * object; queueing it in scanned memory keeps it alive until __gc has run. */
static void GC_CALLBACK onfinalize(void *obj, void *cd) {
  FinRec *r = cd;
  GcState *gs;
  pthread_mutex_lock(&shared);
  gs = r->gs;
  if (gs == NULL) goto done;       /* its state closed meanwhile: nothing left to call */
  unlinkrec(gs, r);
  if (gs->npend == gs->cappend) {
    size_t ncap = gs->cappend ? 2 * gs->cappend : 16;
    Pending *np = GC_MALLOC(ncap * sizeof(Pending));
    if (np == NULL) goto done;     /* cannot queue it: lost without its __gc, as if it failed */
    if (gs->npend) {
      memcpy(np, gs->pend, gs->npend * sizeof(Pending));
      /* A stale pointer to the old array (conservative stack scanning) must not keep the
       * objects alive after their __gc ran. */
      memset(gs->pend, 0, gs->npend * sizeof(Pending));
    }
    gs->pend = np;
    gs->cappend = ncap;
  }
  gs->pend[gs->npend].obj = obj;
  gs->pend[gs->npend].seq = r->seq;
  gs->npend++;
done:
  pthread_mutex_unlock(&shared);
  GC_FREE(r);
}

void gc_setfinalizer(lua_State *L, GCObject *o) {
  GcState *gs = G(L)->gc;
  FinRec *r;
  GC_finalization_proc ofn;
  void *ocd;
  if (gs == NULL || gs->closing || (o->gcflags & GCF_FINALIZE)) return;
  limitcheck(L, sizeof(FinRec));
  /* An arena object's record may share the arena: it is never freed before the state is. */
  r = (o->gcflags & GCF_ARENA) ? arenaalloc(L, sizeof(FinRec)) : NULL;
  if (r == NULL) r = GC_MALLOC_ATOMIC_UNCOLLECTABLE(sizeof(FinRec));
  if (r == NULL) memerror(L);
  r->obj = GC_HIDE_POINTER(o);
  r->seq = ++gs->seq;
  r->gs = gs;
  r->prev = NULL;
  pthread_mutex_lock(&shared);
  r->next = gs->reg;
  if (gs->reg) gs->reg->prev = r;
  gs->reg = r;
  pthread_mutex_unlock(&shared);
  /* An arena object is an interior address of a chunk, which libgc cannot finalize; it lives
   * as long as the state, so its __gc runs at lua_close, from the record alone. */
  if (!(o->gcflags & GCF_ARENA)) GC_REGISTER_FINALIZER_NO_ORDER(o, onfinalize, r, &ofn, &ocd);
  o->gcflags = (uint8_t)((o->gcflags | GCF_FINALIZE) & ~GCF_FINALIZED);
}

static int cmppend(const void *a, const void *b) {
  const Pending *x = a, *y = b;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static Table *metaof(GCObject *o) {
  if (o->tt == VT_TABLE) return ((Table *)o)->metatable;
  if (o->tt == VT_USERDATA) return ((Udata *)o)->metatable;
  return NULL;
}

static void dothecall(lua_State *L, void *ud) {
  (void)ud;
  vm_callnoyield(L, L->top - 2, 0);
}

/* Calls o's __gc (if its metatable still has one) protected; errors become warnings. */
static void callgc(lua_State *L, GCObject *o) {
  Table *mt = metaof(o);
  const Value *tm;
  int status, oldah;
  o->gcflags = (uint8_t)((o->gcflags & ~GCF_FINALIZE) | GCF_FINALIZED);
  if (mt == NULL) return;
  tm = vm_tab_getshortstr(mt, G(L)->tmname[TM_GC]);
  if (ttisnil(tm)) return;
  oldah = L->allowhook;
  L->allowhook = 0;                /* no hooks inside finalizers, as in 5.4 */
  setobj2s(L, L->top, tm);
  L->top++;
  setgcovalue(s2v(L->top), o, o->tt);
  L->top++;
  L->ci->callstatus |= CIST_FIN;
  status = vm_pcall(L, dothecall, NULL, savestack(L, L->top - 2), 0);
  L->ci->callstatus &= (unsigned short)~CIST_FIN;
  L->allowhook = (uint8_t)oldah;
  if (status != LUA_OK) {
    vm_state_warnerror(L, "__gc");
    L->top--;                      /* the error object */
  }
}

/* The dead parts of stacks (vm/state.h) are cleared at safe points (where the running thread's
 * top is exact, as in 5.4's luaC_checkGC; every other thread stopped in a C call or has not
 * started), once after each cycle and before an explicit full one: the main thread's, the
 * running coroutine's and its resumers', and the tracked coroutines'. */
static void cleardeadstack(lua_State *th) {
  if (th->stack != NULL) vm_state_cleardead(th);  /* else not built yet */
}

static void cleardeadstacks(lua_State *L, GcState *gs) {
  size_t i;
  gs->stackcycle = gc_cycle;
  cleardeadstack(G(L)->mainthread);
  /* the running coroutine and those resuming it (the other untracked ones stopped clean) */
  for (lua_State *th = L; th != NULL && th != G(L)->mainthread; th = th->resumer)
    cleardeadstack(th);
  for (i = 0; i < gs->nthreads; i++)
    if (gs->threads[i] != NULL) cleardeadstack(gs->threads[i]);
}

/* Pacing against live data, once after each collection (at the first safe point): libgc may
 * not grow the heap by itself (GC_set_dont_expand: a full heap means a collection), so the heap
 * is grown here to heappct% of what is in use, at least HEAP_MINROOM more. Left alone, libgc
 * grows a heap that has no room for a block by a third of its size plus the block, without
 * collecting while little was allocated since the last collection, and the program then fills
 * that too: a peak swinging by a third with the moment collections happen. libgc still grows
 * the heap itself when a collection did not make room for a block (by a third plus the block). */
static void pace(void) {
  GC_word heap, freeb, unmapped, since, total, inuse, want;
  if (!pacing) return;
  GC_get_heap_usage_safe(&heap, &freeb, &unmapped, &since, &total);
  inuse = heap > freeb + since ? heap - freeb - since : 0;
  want = inuse / 100 * (GC_word)heappct;
  if (want < inuse + HEAP_MINROOM) want = inuse + HEAP_MINROOM;
  heap += unmapped;                /* libgc maps the pages it returned again before new ones */
  if (want > heap) GC_expand_hp(want - heap);
}

void gc_runpending(lua_State *L) {
  GcState *gs = G(L)->gc;
  gc_pending = 0;
  if (gs == NULL || gs->infinalizer) return;
  if (gs->stackcycle != gc_cycle) {
    cleardeadstacks(L, gs);
    gc_clearcstack();  /* and stale copies below this frame, where the next cycle's frames go */
    pace();
  }
  GC_invoke_finalizers();
  for (;;) {
    /* One batch, newest registration first (5.4 finalizes in reverse order of marking). */
    size_t n, i;
    Pending *batch;
    pthread_mutex_lock(&shared);
    n = gs->npend;
    batch = gs->pend;
    gs->pend = NULL;
    gs->npend = gs->cappend = 0;
    pthread_mutex_unlock(&shared);
    if (n == 0) break;
    qsort(batch, n, sizeof(Pending), cmppend);
    gs->infinalizer = 1;
    for (i = n; i-- > 0;) {
      GCObject *o = batch[i].obj;
      batch[i].obj = NULL;
      callgc(L, o);
    }
    gs->infinalizer = 0;
    GC_invoke_finalizers();
  }
  /* Finalizers invoked here may belong to other states of this process: keep the flag up so
   * their safe points run them. */
  pthread_mutex_lock(&shared);
  for (gs = states; gs != NULL; gs = gs->nextstate)
    if (gs->npend > 0) gc_pending = 1;
  pthread_mutex_unlock(&shared);
}

/* Takes every registered finalizer of gs back from the collector into all[k..] (or only
 * unregisters them when all is NULL); returns the new k. A record still listed whose
 * finalizer is no longer registered was taken by GC_invoke_finalizers on another thread,
 * which waits for `shared` to call onfinalize: its object still goes into all[] (the __gc
 * must run at close), and the record is left to onfinalize, which only frees it. Called with
 * `shared` held. */
static size_t takeback(GcState *gs, Pending *all, size_t k) {
  FinRec *r;
  while ((r = gs->reg) != NULL) {
    GCObject *o = GC_REVEAL_POINTER(r->obj);
    GC_finalization_proc ofn;
    void *ocd = r;                 /* an arena object's record only ever was in the list */
    unlinkrec(gs, r);
    if (!(o->gcflags & GCF_ARENA)) GC_REGISTER_FINALIZER_NO_ORDER(o, 0, 0, &ofn, &ocd);
    if (all != NULL) {
      all[k].obj = o;
      all[k].seq = r->seq;
      k++;
    }
    if (ocd != r) r->gs = NULL;
    else if (!inarena(gs, r)) GC_FREE(r);
  }
  return k;
}

void gc_closestate(lua_State *L) {
  GcState *gs = G(L)->gc;
  size_t n = 0, i;
  Pending few[16], *all;         /* the C stack is scanned too: no allocation at every exit */
  FinRec *r;
  if (gs == NULL) return;
  gs->closing = 1;
  gc_pending = 0;
  /* No collection until every finalizer is taken back: one started by the allocation below
   * would queue the unreachable objects inside libgc, out of reach of both lists. */
  GC_disable();
  GC_invoke_finalizers();          /* fired ones join the pending list first */
  pthread_mutex_lock(&shared);
  for (r = gs->reg; r != NULL; r = r->next) n++;
  n += gs->npend;
  all = n <= sizeof few / sizeof few[0] ? few : GC_MALLOC(n * sizeof(Pending));
  if (all != NULL) {
    size_t k = 0;
    for (i = 0; i < gs->npend; i++) all[k++] = gs->pend[i];
    n = takeback(gs, all, k);
  } else {
    takeback(gs, NULL, 0);         /* no room to call them: unregister only */
  }
  gs->pend = NULL;
  gs->npend = gs->cappend = 0;
  pthread_mutex_unlock(&shared);
  GC_enable();
  if (all != NULL) {
    qsort(all, n, sizeof(Pending), cmppend);
    gs->infinalizer = 1;
    for (i = n; i-- > 0;) callgc(L, all[i].obj);
    gs->infinalizer = 0;
  }
  if (gs->stopped) GC_enable();
  gs->stopped = 0;
  pthread_mutex_lock(&shared);
  unlinkstate(gs);
  pthread_mutex_unlock(&shared);
  G(L)->gc = NULL;
}

/* ---- weak references and roots -------------------------------------------------------- */

/* An arena object lives as long as its state, so a link to it would never be cleared (and
 * libgc cannot take links to interior addresses). */
#define inarenaobj(obj) ((((const GCObject *)(obj))->gcflags & GCF_ARENA) != 0)

void gc_weaklink(void **slot, const void *obj) {
  if (!inarenaobj(obj)) GC_GENERAL_REGISTER_DISAPPEARING_LINK(slot, obj);
}

void gc_weaklink_long(void **slot, const void *obj) {
  if (!inarenaobj(obj)) GC_REGISTER_LONG_LINK(slot, obj);
}

void gc_unweaklink(void **slot) {
  GC_unregister_disappearing_link(slot);
  GC_unregister_long_link(slot);
}

typedef struct Root {
  const void *obj;
  size_t count;
} Root;
/* Static data is scanned, so the first roots need no block of their own; more go to
 * GC_MALLOC_UNCOLLECTABLE memory (scanned and never collected). */
static Root firstroots[32];
static Root *roots = firstroots;
static size_t nroots, caproots = sizeof firstroots / sizeof firstroots[0];

void gc_addroot(const void *obj) {
  size_t i;
  pthread_mutex_lock(&shared);
  for (i = 0; i < nroots; i++) {
    if (roots[i].obj == obj) {
      roots[i].count++;
      pthread_mutex_unlock(&shared);
      return;
    }
  }
  if (nroots == caproots) {
    size_t ncap = 2 * caproots;
    Root *nr = GC_MALLOC_UNCOLLECTABLE(ncap * sizeof(Root));
    if (nr == NULL) abort();       /* no lua_State to raise in; cannot lose a root */
    memcpy(nr, roots, nroots * sizeof(Root));
    if (roots != firstroots) GC_FREE(roots);
    roots = nr;
    caproots = ncap;
  }
  roots[nroots].obj = obj;
  roots[nroots].count = 1;
  nroots++;
  pthread_mutex_unlock(&shared);
}

void gc_removeroot(const void *obj) {
  size_t i;
  pthread_mutex_lock(&shared);
  for (i = 0; i < nroots; i++) {
    if (roots[i].obj == obj) {
      if (--roots[i].count == 0) {
        roots[i] = roots[--nroots];
        roots[nroots].obj = NULL;
      }
      break;
    }
  }
  pthread_mutex_unlock(&shared);
}

/* ---- other OS threads ----------------------------------------------------------------- */

LUA_API void nacre_threads_enable(void) {
  if (gc_threaded) return;
  gc_init();
  GC_allow_register_threads();
  gc_threaded = 1;
}

LUA_API int nacre_thread_attach(void) {
  struct GC_stack_base sb;
  int ret;
  if (GC_get_stack_base(&sb) != GC_SUCCESS) return -1;
  ret = GC_register_my_thread(&sb);
  return ret == GC_SUCCESS ? 0 : ret == GC_DUPLICATE ? 1 : -1;
}

LUA_API void nacre_thread_detach(void) {
  GC_unregister_my_thread();
}

/* ---- lua_gc --------------------------------------------------------------------------- */

/* Heap bytes not on a free list: live objects plus garbage not yet swept. Both counts leave out
 * the pages libgc returned to the OS. (GC_get_memory_use over-counts large blocks in libgc
 * 8.2.) */
size_t gc_inuse(void) {
  size_t heap = GC_get_heap_size(), fr = GC_get_free_bytes();
  return heap > fr ? heap - fr : 0;
}

/* Lua's pause p lets the heap grow to p% of live before a cycle starts, and 5.4's incremental
 * cycle goes on while the program allocates. Here a cycle stops the program, and pace() grows
 * the heap to 3p/4 % of what a collection left in use (150% for 5.4's default 200), which keeps
 * the peak resident size at or below lua5.4's on the bench programs. Boehm's free-space divisor
 * still decides when a block may be split out of a bigger free one rather than collecting
 * (after about (2 * live + roots) / divisor bytes) and how much libgc grows the heap by itself:
 * divisor 600 / p (3, Boehm's own default, for 5.4's default 200). */
static void applypause(int pause) {
  int div = pause > 0 ? 600 / pause : 50;
  if (div < 1) div = 1;
  if (div > 50) div = 50;
  pthread_mutex_lock(&growlock);
  GC_set_free_space_divisor((GC_word)div);
  pthread_mutex_unlock(&growlock);
  heappct = pause > 0 ? (pause < 4000 ? pause : 4000) / 4 * 3 : 0;  /* at most 30x in use */
}


/* Boehm scans the C stack conservatively, including never-written slots of the frames that
 * lead to GC_gcollect, where earlier deep calls (e.g. registering a finalizer) left stale
 * object pointers. lua_gc calls this first: it zeroes the region those frames will occupy
 * so a full cycle finds what 5.4 would find. Not instrumented by ASan, whose redzones above
 * buf left the 0x150 bytes below the caller's frame as they were (a stale table there
 * outlived collectgarbage()); under ASan the stores are volatile, so that no memset
 * interceptor checks them. */
#if defined(__SANITIZE_ADDRESS__)
#define CLEARSTACK_VOLATILE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLEARSTACK_VOLATILE 1
#endif
#endif
__attribute__((noinline, no_sanitize_address)) void gc_clearcstack(void) {
#ifdef CLEARSTACK_VOLATILE
  volatile uint64_t buf[32 * 1024 / 8];
  for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) buf[i] = 0;
#else
  /* 32-byte stores, a quarter of the 8-byte volatile ones (this runs after every
   * collection). The empty asm, which might read the block, keeps the stores and keeps the
   * compiler from making the loop a memset call (ASan's interceptor, rep stosb). */
  typedef uint64_t Chunk __attribute__((vector_size(32)));
  Chunk buf[32 * 1024 / sizeof(Chunk)];
  for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) {
    buf[i] = (Chunk){0, 0, 0, 0};
    __asm__ volatile("" : : "r"(&buf[i]) : "memory");
  }
#endif
}

static void fullcollect(lua_State *L, GcState *gs) {
  cleardeadstacks(L, gs);
  GC_gcollect();
  gs->debt = 0;
  gc_runpending(L);
}

int gc_control(lua_State *L, int what, int arg1, int arg2, int arg3) {
  GcState *gs = G(L)->gc;
  int res = 0;
  (void)arg3;
  if (gs == NULL || gs->infinalizer) return -1;  /* 5.4: no lua_gc inside a finalizer */
  switch (what) {
    case LUA_GCSTOP:
      if (!gs->stopped) GC_disable();
      gs->stopped = 1;
      break;
    case LUA_GCRESTART:
      if (gs->stopped) GC_enable();
      gs->stopped = 0;
      break;
    case LUA_GCCOLLECT:
      fullcollect(L, gs);
      break;
    case LUA_GCCOUNT:
      res = (int)(gc_inuse() >> 10);
      break;
    case LUA_GCCOUNTB:
      res = (int)(gc_inuse() & 0x3ff);
      break;
    case LUA_GCSTEP: {
      /* Boehm has no resumable incremental step here; a step pays down "debt" and runs a
       * whole cycle once the requested work reaches a fraction of the heap, so loops of
       * `repeat until collectgarbage("step")` always end. */
      size_t unit = arg1 > 0 ? (size_t)arg1 * 1024 : (size_t)64 * 1024;
      size_t inuse = gc_inuse();
      unit = unit / 100 * (size_t)(gs->stepmul > 0 ? gs->stepmul : 1);
      gs->debt += unit ? unit : 1;
      if (gs->debt >= inuse / 4 || (arg1 > 0 && (size_t)arg1 * 1024 >= inuse)) {
        int stopped = gs->stopped;
        if (stopped) GC_enable();
        fullcollect(L, gs);
        if (stopped) GC_disable();
        res = 1;
      } else {
        gc_runpending(L);
      }
      break;
    }
    case LUA_GCSETPAUSE:
      res = gs->pause;
      gs->pause = arg1;
      applypause(arg1);
      break;
    case LUA_GCSETSTEPMUL:
      res = gs->stepmul;
      gs->stepmul = arg1;
      break;
    case LUA_GCISRUNNING:
      res = !gs->stopped;
      break;
    case LUA_GCGEN:
      res = gs->mode;
      gs->mode = LUA_GCGEN;
      (void)arg2;
      break;
    case LUA_GCINC:
      res = gs->mode;
      gs->mode = LUA_GCINC;
      if (arg1 != 0) {
        gs->pause = arg1;
        applypause(arg1);
      }
      if (arg2 != 0) gs->stepmul = arg2;
      break;
    default:
      res = -1;
  }
  return res;
}
