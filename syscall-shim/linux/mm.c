/* Memory syscalls: mmap (anonymous and private file mappings, MAP_FIXED, MAP_FIXED_NOREPLACE),
 * munmap, mprotect, mremap, brk, madvise, msync, all on the guest's software page table. File
 * mappings are copies: MAP_SHARED writes do not reach the file (one process, so only the file's
 * other readers could tell). */
#include <string.h>

#include "syscall-shim/linux/sys.h"
#include "syscall-shim/vfs/vfs.h"

#define COPY_CHUNK (256u * 1024u)
static unsigned char copybuf[COPY_CHUNK];

static uint64_t page_up(uint64_t x) { return (x + SX_PAGE_MASK) & ~SX_PAGE_MASK; }

static int range_ok(uint64_t addr, uint64_t len) {
  return len <= SX_ADDR_LIMIT && addr <= SX_ADDR_LIMIT - len;
}

static int range_free(SxProc *p, uint64_t addr, uint64_t len) {
  return sx_mem_find_free(p->mem, addr, len) == addr;
}

/* Copies file bytes [off, off+len) into guest memory at addr (already mapped writable);
 * bytes past end of file stay zero, as in a real mapping. */
static long fill_from_file(SxProc *p, int host_fd, uint64_t addr, uint64_t len, int64_t off) {
  uint64_t done = 0;
  while (done < len) {
    uint64_t n = len - done > COPY_CHUNK ? COPY_CHUNK : len - done;
    long r = host_pread(host_fd, copybuf, n, off + (int64_t)done);
    if (r < 0) return r;
    if (r == 0) break;
    if (sx_put(p, addr + done, copybuf, (uint64_t)r) < 0) return -EFAULT_LINUX;
    done += (uint64_t)r;
  }
  return 0;
}

long sx_sys_mmap(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = a[1], off = a[5];
  int prot = ARG_INT(2), flags = ARG_INT(3), fd = ARG_INT(4);
  int type = flags & MAP_TYPE_LINUX;
  if (type != MAP_PRIVATE_LINUX && type != MAP_SHARED_LINUX && type != MAP_SHARED_VALIDATE_LINUX)
    return -EINVAL_LINUX;
  if (len == 0 || (off & SX_PAGE_MASK) || (prot & ~7)) return -EINVAL_LINUX;
  len = page_up(len);
  if (len == 0 || len > SX_ADDR_LIMIT) return -ENOMEM_LINUX;
  SxFd *f = NULL;
  if (!(flags & MAP_ANONYMOUS_LINUX)) {
    f = sx_fd_get(p, fd);
    if (!f) return -EBADF_LINUX;
    long fl = host_getfl(f->host_fd);
    if (fl >= 0 && (fl & O_ACCMODE_LINUX) == O_WRONLY_LINUX) return -EACCES_LINUX;
    StatLinux st;
    if (host_fstat(f->host_fd, &st) == 0 && (st.st_mode & S_IFMT_LINUX) == S_IFDIR_LINUX)
      return -ENODEV_LINUX;
  }
  uint64_t target;
  if (flags & (MAP_FIXED_LINUX | MAP_FIXED_NOREPLACE_LINUX)) {
    if (addr & SX_PAGE_MASK) return -EINVAL_LINUX;
    if (!range_ok(addr, len)) return -ENOMEM_LINUX;
    if (!(flags & MAP_FIXED_LINUX) && !range_free(p, addr, len)) return -EEXIST_LINUX;
    target = addr;
  } else {
    target = 0;
    addr &= ~SX_PAGE_MASK;
    if (addr && range_ok(addr, len) && range_free(p, addr, len)) target = addr;
    if (!target) target = sx_mem_find_free(p->mem, 0, len);
    if (!target) return -ENOMEM_LINUX;
  }
  int fill_prot = f ? (prot | SX_PROT_WRITE) : prot;
  long r = sx_mem_map(p->mem, target, len, fill_prot);
  if (r < 0) return r;
  if (f) {
    r = fill_from_file(p, f->host_fd, target, len, (int64_t)off);
    if (r < 0) { sx_mem_unmap(p->mem, target, len); return r; }
    if (fill_prot != prot) sx_mem_protect(p->mem, target, len, prot);
  }
  return (long)target;
}

long sx_sys_munmap(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  if ((addr & SX_PAGE_MASK) || len == 0 || !range_ok(addr, len)) return -EINVAL_LINUX;
  return sx_mem_unmap(p->mem, addr, len);
}

long sx_sys_mprotect(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  int prot = ARG_INT(2);
  if ((addr & SX_PAGE_MASK) || (prot & ~(7 | 0x01000000 | 0x02000000))) return -EINVAL_LINUX;
  if (len == 0) return 0;
  if (!range_ok(addr, len)) return -ENOMEM_LINUX;
  for (uint64_t pg = addr; pg < addr + len; pg += SX_PAGE_SIZE)
    if (sx_mem_prot_at(p->mem, pg) < 0) return -ENOMEM_LINUX;
  return sx_mem_protect(p->mem, addr, len, prot & 7);
}

long sx_sys_brk(SxProc *p, const uint64_t *a) {
  uint64_t want = a[0];
  if (want < p->brk_start) return (long)p->brk;
  uint64_t end = page_up(want);
  if (end > p->brk_mapped) {
    if (!range_ok(p->brk_mapped, end - p->brk_mapped) ||
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

long sx_sys_mremap(SxProc *p, const uint64_t *a) {
  uint64_t old = a[0], oldlen = page_up(a[1]), newlen = page_up(a[2]), fixed = a[4];
  int flags = ARG_INT(3);
  if ((old & SX_PAGE_MASK) || newlen == 0 || (flags & ~3)) return -EINVAL_LINUX;
  if ((flags & MREMAP_FIXED_LINUX) && !(flags & MREMAP_MAYMOVE_LINUX)) return -EINVAL_LINUX;
  if (!range_ok(old, oldlen) || !range_ok(old, newlen)) return -EINVAL_LINUX;
  if (oldlen == 0) return -EINVAL_LINUX;   /* duplicating shared mappings is not supported */
  int prot = sx_mem_prot_at(p->mem, old);
  if (prot < 0) return -EFAULT_LINUX;
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
    if ((fixed & SX_PAGE_MASK) || !range_ok(fixed, newlen)) return -EINVAL_LINUX;
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
  if (!range_ok(addr, len)) return -ENOMEM_LINUX;
  if (advice == 4 /* MADV_DONTNEED */ || advice == 8 /* MADV_FREE */) {
    /* The guest may rely on DONTNEED pages reading back as zero (private anonymous memory).
     * File-backed private pages would be re-read from the file on Linux; here they read as 0. */
    for (uint64_t pg = addr; pg < addr + len; pg += SX_PAGE_SIZE) {
      int prot = sx_mem_prot_at(p->mem, pg);
      if (prot < 0) return -ENOMEM_LINUX;
      if (advice == 4) sx_mem_map(p->mem, pg, SX_PAGE_SIZE, prot);
    }
  }
  return 0;
}

long sx_sys_msync(SxProc *p, const uint64_t *a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  if (addr & SX_PAGE_MASK) return -EINVAL_LINUX;
  if (!range_ok(addr, len)) return -ENOMEM_LINUX;
  for (uint64_t pg = addr; pg < addr + len; pg += SX_PAGE_SIZE)
    if (sx_mem_prot_at(p->mem, pg) < 0) return -ENOMEM_LINUX;
  return 0;
}
