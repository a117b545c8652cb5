/* The memory limit, part of the collector seam: a soft limit where allocation fails with the
 * ordinary, catchable "not enough memory" error (as when Lua's allocator fails), and a hard cap
 * on the collected heap (Boehm's maximum heap size) whose breach the runtime turns into an
 * uncatchable exit. See docs/sandbox.md. States on other OS threads share the heap, so they
 * share the limit too. */
#include <pthread.h>

#include <gc/gc.h>

#include "vm/do.h"
#include "vm/gc.h"

size_t gc_softlimit;
static size_t hardlimit;
/* Set when an allocation was refused and cleared once a collection makes room again. */
static _Atomic int refused;
/* Set for good by the first refusal: an uncaught "not enough memory" after it is a breach. */
static _Atomic int ever_refused;
/* An emergency reserve held while memory is plentiful. When the collector cannot serve an
 * allocation at the cap, the reserve is given back and the script gets the catchable error
 * (its handlers and the error report have room to run); failing again at the cap before the
 * reserve could be taken back means the script pressed on: that is the uncatchable breach. */
static void *reserve;
static size_t reserve_size;
static pthread_mutex_t reserve_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*onbreach)(void);

/* Boehm reports a refused heap expansion on stderr; under a limit that is the expected outcome
 * and the script sees the error (or the breach message) instead. */
static void quiet(char *msg, GC_word arg) {
  (void)msg;
  (void)arg;
}

void gc_setlimit(size_t soft, size_t hard, void (*breach)(void)) {
  gc_softlimit = soft;
  hardlimit = hard;
  onbreach = breach;
  GC_set_max_heap_size(hard);
  GC_set_max_retries(3); /* collect before refusing an expansion at the cap */
  GC_set_warn_proc(quiet);
  reserve_size = hard > soft ? hard - soft : 0;
  reserve = reserve_size ? GC_MALLOC_ATOMIC(reserve_size) : NULL;
}

size_t gc_heapsize(void) {
  return GC_get_heap_size();
}

/* Whether size more bytes fit: live data stays under the soft limit, and the block either fits
 * in free heap space or the heap may still grow by it without passing the hard cap. */
static int fits(size_t size) {
  GC_word heap, freeb, unmapped, since, total;
  GC_get_heap_usage_safe(&heap, &freeb, &unmapped, &since, &total);
  if ((size_t)(heap - freeb) + size > gc_softlimit) return 0;
  /* growth happens in whole blocks and increments: keep half the slack in reserve */
  return freeb >= size || (size_t)heap + size + (hardlimit - gc_softlimit) / 2 <= hardlimit;
}

void gc_limit_precheck(lua_State *L, size_t size) {
  /* After a refusal the script may have dropped what filled the heap without allocating
   * since: collect before judging again. */
  if (GC_get_heap_size() + size <= gc_softlimit) return;
  if (fits(size)) return;
  if (refused || GC_get_bytes_since_gc() > gc_softlimit / 8 || size > gc_softlimit / 8) {
    GC_gcollect();
    if (fits(size)) {
      refused = 0;
      pthread_mutex_lock(&reserve_lock);
      if (reserve == NULL && reserve_size && fits(size + reserve_size))
        reserve = GC_MALLOC_ATOMIC(reserve_size);
      pthread_mutex_unlock(&reserve_lock);
      return;
    }
  }
  refused = ever_refused = 1;
  vm_throw(L, LUA_ERRMEM);
}

int gc_limit_hit(void) {
  return ever_refused;
}

l_noret gc_limit_failed(lua_State *L) {
  if (gc_softlimit && onbreach) {
    pthread_mutex_lock(&reserve_lock);
    if (reserve == NULL) onbreach();
    GC_FREE(reserve);
    reserve = NULL;
    pthread_mutex_unlock(&reserve_lock);
  }
  refused = ever_refused = 1;
  vm_throw(L, LUA_ERRMEM);
}
