/* The memory limit, part of the collector seam: a soft limit where allocation fails with the
 * ordinary, catchable "not enough memory" error (as when Lua's allocator fails), and a hard cap
 * on the collected heap (Boehm's maximum heap size) whose breach the runtime turns into an
 * uncatchable exit. See docs/sandbox.md. */
#include <gc/gc.h>

#include "vm/do.h"
#include "vm/gc.h"

size_t gc_softlimit;
static void (*onbreach)(void);

void gc_setlimit(size_t soft, size_t hard, void (*breach)(void)) {
  gc_softlimit = soft;
  onbreach = breach;
  GC_set_max_heap_size(hard);
}

size_t gc_heapsize(void) {
  return GC_get_heap_size();
}

/* Bytes the heap holds in live (or not yet collected) objects. */
static size_t in_use(void) {
  GC_word heap, freeb, unmapped, since, total;
  GC_get_heap_usage_safe(&heap, &freeb, &unmapped, &since, &total);
  return (size_t)(heap - freeb);
}

void gc_limit_precheck(lua_State *L, size_t size) {
  if (GC_get_heap_size() + size <= gc_softlimit) return;
  if (in_use() + size <= gc_softlimit) return;
  if (GC_get_bytes_since_gc() > gc_softlimit / 32) {
    GC_gcollect();
    if (in_use() + size <= gc_softlimit) return;
  }
  vm_throw(L, LUA_ERRMEM);
}

void gc_limit_failed(lua_State *L) {
  if (gc_softlimit && onbreach) onbreach();
  vm_throw(L, LUA_ERRMEM);
}
