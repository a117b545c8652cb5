/* Memory syscalls: mmap (anonymous and file mappings, private and shared, MAP_FIXED,
 * MAP_FIXED_NOREPLACE), munmap, mprotect, mremap, brk, madvise, msync, all on the guest's
 * reservation (syscall-shim/guest/mem.c): file and shared mappings are the host's own, so
 * MAP_SHARED reaches the file and other processes, and sizes the host would refuse (its
 * overcommit rules) are refused to the guest the same way. */
#include <string.h>

#include "syscall-shim/linux/sys.h"
#include "syscall-shim/vfs/vfs.h"

static uint64_t page_up(uint64_t x) { return (x + SX_PAGE_MASK) & ~SX_PAGE_MASK; }

/* Does [addr, addr+len) lie inside the guest's address space? */
static int range_ok(SxProc *p, uint64_t addr, uint64_t len) {
  uint64_t limit = sx_mem_limit(p->mem);
  return len <= limit && addr <= limit - len;
}

static int range_free(SxProc *p, uint64_t addr, uint64_t len) {
  return sx_mem_find_free(p->mem, addr, len) == addr;
}

/* The flags MAP_SHARED_VALIDATE accepts for a file (the kernel's LEGACY_MAP_MASK): others,
 * MAP_SYNC and MAP_FIXED_NOREPLACE among them, are EOPNOTSUPP, as the host kernel answers. */
#define MAP_VALIDATE_UNKNOWN 0x83f80600u

long sx_sys_mmap(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = a[1], off = a[5];
  int prot = ARG_INT(2), flags = ARG_INT(3), fd = ARG_INT(4);
  int type = flags & MAP_TYPE_LINUX;
  /* Linux's order: the descriptor, then the arguments. */
  SxFd *f = NULL;
  if (!(flags & MAP_ANONYMOUS_LINUX) && !(f = sx_fd_get(p, fd))) return -EBADF_LINUX;
  if (type != MAP_PRIVATE_LINUX && type != MAP_SHARED_LINUX && type != MAP_SHARED_VALIDATE_LINUX)
    return -EINVAL_LINUX;
  if (type == MAP_SHARED_VALIDATE_LINUX && !f) return -EINVAL_LINUX;   /* as Linux: files only */
  if (len == 0 || (off & SX_PAGE_MASK) || (prot & ~7)) return -EINVAL_LINUX;
  if (type == MAP_SHARED_VALIDATE_LINUX && ((unsigned)flags & MAP_VALIDATE_UNKNOWN))
    return -EOPNOTSUPP_LINUX;
  len = page_up(len);
  if (len == 0 || len > sx_mem_limit(p->mem)) return -ENOMEM_LINUX;
  if (f) {
    long fl = host_getfl(f->host_fd);
    if (fl >= 0 && (fl & O_ACCMODE_LINUX) == O_WRONLY_LINUX) return -EACCES_LINUX;
    StatLinux st;
    if (host_fstat(f->host_fd, &st) == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFDIR_LINUX)
      return -ENODEV_LINUX;
  }
  uint64_t target;
  if (flags & (MAP_FIXED_LINUX | MAP_FIXED_NOREPLACE_LINUX)) {
    if (addr & SX_PAGE_MASK) return -EINVAL_LINUX;
    if (!range_ok(p, addr, len)) return -ENOMEM_LINUX;
    if (!(flags & MAP_FIXED_LINUX) && !range_free(p, addr, len)) return -EEXIST_LINUX;
    target = addr;
  } else {
    target = 0;
    addr &= ~SX_PAGE_MASK;
    if (addr && range_ok(p, addr, len) && range_free(p, addr, len)) target = addr;
    if (!target) target = sx_mem_find_free(p->mem, 0, len);
    if (!target) return -ENOMEM_LINUX;
  }
  int kind = type == MAP_PRIVATE_LINUX ? 0 : SX_MAP_SHARED;
  long r = sx_mem_map_file(p->mem, target, len, prot, kind, f ? f->host_fd : -1, (int64_t)off);
  if (r < 0) return r;
  if ((flags & MAP_LOCKED_LINUX) && (r = sx_mem_lock(p, target, len, 1, 0)) < 0) {
    sx_mem_unmap(p->mem, target, len);   /* as Linux: a mapping it could not lock is not made */
    return r;
  }
  return (long)target;
}

long sx_sys_munmap(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  if ((addr & SX_PAGE_MASK) || len == 0 || addr >= SX_ADDR_LIMIT || len > SX_ADDR_LIMIT - addr)
    return -EINVAL_LINUX;
  /* Beyond the guest's space nothing is mapped, so there is nothing to remove. */
  uint64_t limit = sx_mem_limit(p->mem);
  if (addr >= limit) return 0;
  if (len > limit - addr) len = limit - addr;
  return sx_mem_unmap(p->mem, addr, len);
}

long sx_sys_mprotect(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  int prot = ARG_INT(2);
  if ((addr & SX_PAGE_MASK) || (prot & ~(7 | 0x01000000 | 0x02000000))) return -EINVAL_LINUX;
  if (len == 0) return 0;
  if (!range_ok(p, addr, len)) return -ENOMEM_LINUX;
  return sx_mem_protect(p->mem, addr, len, prot & 7);
}

long sx_sys_brk(SxProc *p, const uint64_t *a) {
  uint64_t want = a[0];
  if (want < p->brk_start) return (long)p->brk;
  uint64_t end = page_up(want);
  if (end > p->brk_mapped) {
    if (!range_ok(p, p->brk_mapped, end - p->brk_mapped) ||
        !range_free(p, p->brk_mapped, end - p->brk_mapped))
      return (long)p->brk;
    if (sx_mem_map(p->mem, p->brk_mapped, end - p->brk_mapped, SX_PROT_READ | SX_PROT_WRITE) < 0)
      return (long)p->brk;
  } else if (end < p->brk_mapped) {
    sx_mem_unmap(p->mem, end, p->brk_mapped - end);
  }
  p->brk_mapped = end;
  p->brk = want;
  return (long)want;
}

/* Moves [old, old+len) to [dst, dst+len), which is already mapped writable. */
static long move_pages(SxProc *p, uint64_t old, uint64_t dst, uint64_t len) {
  for (uint64_t pg = 0; pg < len; pg += SX_PAGE_SIZE) {
    int prot = sx_mem_prot_at(p->mem, old + pg);
    if (prot < 0) continue;
    if (!(prot & SX_PROT_READ)) sx_mem_protect(p->mem, old + pg, SX_PAGE_SIZE, SX_PROT_READ);
    unsigned char page[SX_PAGE_SIZE];
    if (sx_get(p, old + pg, page, SX_PAGE_SIZE) < 0 || sx_put(p, dst + pg, page, SX_PAGE_SIZE) < 0)
      return -EFAULT_LINUX;
    sx_mem_protect(p->mem, dst + pg, SX_PAGE_SIZE, prot);
  }
  return 0;
}

/* A shared mapping moves or grows with the host's mremap, so it stays shared (with the file,
 * forked processes, other mappings of it); oldlen 0 maps its pages a second time. */
static long remap_shared(SxProc *p, uint64_t old, uint64_t oldlen, uint64_t newlen, int flags,
                         uint64_t fixed) {
  if (oldlen == 0 && !(flags & MREMAP_MAYMOVE_LINUX)) return -EINVAL_LINUX;
  if (!(flags & MREMAP_FIXED_LINUX) && oldlen) {
    if (newlen <= oldlen) {
      if (newlen < oldlen) sx_mem_unmap(p->mem, old + newlen, oldlen - newlen);
      return (long)old;
    }
    if (range_free(p, old + oldlen, newlen - oldlen)) {
      long r = sx_mem_remap(p->mem, old, oldlen, old, newlen);
      if (r == 0 || !(flags & MREMAP_MAYMOVE_LINUX)) return r < 0 ? r : (long)old;
    } else if (!(flags & MREMAP_MAYMOVE_LINUX)) {
      return -ENOMEM_LINUX;
    }
  }
  uint64_t dst = fixed;
  if (flags & MREMAP_FIXED_LINUX) {
    if ((fixed & SX_PAGE_MASK) || !range_ok(p, fixed, newlen)) return -EINVAL_LINUX;
    if (fixed < old + oldlen && old < fixed + newlen) return -EINVAL_LINUX;
  } else {
    dst = sx_mem_find_free(p->mem, 0, newlen);
    if (!dst) return -ENOMEM_LINUX;
  }
  long r = sx_mem_remap(p->mem, old, oldlen, dst, newlen);
  return r < 0 ? r : (long)dst;
}

long sx_sys_mremap(SxProc *p, const uint64_t *a) {
  uint64_t old = a[0], oldlen = page_up(a[1]), newlen = page_up(a[2]), fixed = a[4];
  int flags = ARG_INT(3);
  if ((old & SX_PAGE_MASK) || newlen == 0 || (flags & ~3)) return -EINVAL_LINUX;
  if ((flags & MREMAP_FIXED_LINUX) && !(flags & MREMAP_MAYMOVE_LINUX)) return -EINVAL_LINUX;
  if (!range_ok(p, old, oldlen) || !range_ok(p, old, newlen)) return -EINVAL_LINUX;
  SxRegion reg;
  if (!sx_mem_region_at(p->mem, old, &reg)) return -EFAULT_LINUX;
  int prot = reg.prot;
  if (reg.flags & SX_MAP_SHARED) return remap_shared(p, old, oldlen, newlen, flags, fixed);
  if (oldlen == 0) return -EINVAL_LINUX;   /* only shared mappings can be duplicated */
  if (!(flags & MREMAP_FIXED_LINUX)) {
    if (newlen <= oldlen) {
      if (newlen < oldlen) sx_mem_unmap(p->mem, old + newlen, oldlen - newlen);
      return (long)old;
    }
    int tail = sx_mem_prot_at(p->mem, old + oldlen - SX_PAGE_SIZE);
    if (range_free(p, old + oldlen, newlen - oldlen)) {
      long r = sx_mem_map(p->mem, old + oldlen, newlen - oldlen, tail < 0 ? prot : tail);
      return r < 0 ? r : (long)old;
    }
    if (!(flags & MREMAP_MAYMOVE_LINUX)) return -ENOMEM_LINUX;
  }
  uint64_t dst;
  if (flags & MREMAP_FIXED_LINUX) {
    if ((fixed & SX_PAGE_MASK) || !range_ok(p, fixed, newlen)) return -EINVAL_LINUX;
    if (fixed < old + oldlen && old < fixed + newlen) return -EINVAL_LINUX;
    dst = fixed;
  } else {
    dst = sx_mem_find_free(p->mem, 0, newlen);
    if (!dst) return -ENOMEM_LINUX;
  }
  long r = sx_mem_map(p->mem, dst, newlen, SX_PROT_READ | SX_PROT_WRITE);
  if (r < 0) return r;
  r = move_pages(p, old, dst, oldlen < newlen ? oldlen : newlen);
  if (r < 0) { sx_mem_unmap(p->mem, dst, newlen); return r; }
  if (newlen > oldlen) {
    int tail = sx_mem_prot_at(p->mem, dst + oldlen - SX_PAGE_SIZE);
    sx_mem_protect(p->mem, dst + oldlen, newlen - oldlen, tail < 0 ? prot : tail);
  }
  sx_mem_unmap(p->mem, old, oldlen);
  return (long)dst;
}

long sx_sys_madvise(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  int advice = ARG_INT(2);
  if (addr & SX_PAGE_MASK) return -EINVAL_LINUX;
  if (!range_ok(p, addr, len)) return -ENOMEM_LINUX;
  if (len && !sx_mem_check(p->mem, addr, len, 0)) return -ENOMEM_LINUX;
  /* DONTNEED: private pages read back as zero (anonymous) or as the file's bytes. */
  if (advice == 4 /* MADV_DONTNEED */ && len) return sx_mem_discard(p->mem, addr, len);
  return 0;
}

long sx_sys_msync(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  int flags = ARG_INT(2);
  if (flags & ~(MS_ASYNC_LINUX | MS_INVALIDATE_LINUX | MS_SYNC_LINUX)) return -EINVAL_LINUX;
  if ((flags & MS_ASYNC_LINUX) && (flags & MS_SYNC_LINUX)) return -EINVAL_LINUX;
  if (addr & SX_PAGE_MASK) return -EINVAL_LINUX;
  if (!range_ok(p, addr, len)) return -ENOMEM_LINUX;
  if (len && !sx_mem_check(p->mem, addr, len, 0)) return -ENOMEM_LINUX;
  return 0;   /* shared mappings are the host's page cache already */
}
