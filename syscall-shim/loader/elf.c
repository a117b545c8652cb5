/* ELF64 validation and mapping. Every header field that becomes an address, size or offset
 * is checked before use, so a hostile or truncated file gets a clear error and never touches
 * memory outside what it asked to map. */
#include <stdio.h>
#include <string.h>

#include "syscall-shim/host/host.h"
#include "syscall-shim/loader/loader.h"

enum { PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62 };
enum { PF_X = 1, PF_W = 2, PF_R = 4 };

typedef struct {
  uint8_t ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} Ehdr;

typedef struct {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
} Phdr;

_Static_assert(sizeof(Ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(Phdr) == 56, "ELF64 program header");

/* A program header table larger than this is not a real executable (Linux caps it at 64 KiB). */
#define MAX_PHNUM 1024
/* One segment may not claim more than this: the guest has 128 TiB, a real binary far less. */
#define MAX_SEGMENT (1ull << 40)

#define FAIL(code, ...) do { snprintf(err, errlen, __VA_ARGS__); return -(code); } while (0)

static long read_exact(int fd, void *buf, size_t n, int64_t off) {
  size_t done = 0;
  while (done < n) {
    long r = host_pread(fd, (char *)buf + done, n - done, off + (int64_t)done);
    if (r < 0) return r;
    if (r == 0) return -EIO_LINUX;
    done += (size_t)r;
  }
  return 0;
}

static int prot_of(uint32_t f) {
  return ((f & PF_R) ? SX_PROT_READ : 0) | ((f & PF_W) ? SX_PROT_WRITE : 0) |
         ((f & PF_X) ? SX_PROT_EXEC : 0);
}

/* Reads the PT_INTERP path: NUL-terminated inside the segment, a sane length. */
static long read_interp(int fd, const Phdr *p, uint64_t size, char *out, char *err,
                        size_t errlen) {
  if (p->filesz < 2 || p->filesz > SX_INTERP_MAX || p->offset > size ||
      p->filesz > size - p->offset)
    FAIL(ENOEXEC_LINUX, "bad interpreter path (PT_INTERP)");
  if (read_exact(fd, out, p->filesz, (int64_t)p->offset) < 0)
    FAIL(EIO_LINUX, "cannot read the interpreter path");
  if (out[p->filesz - 1] != 0 || strlen(out) != p->filesz - 1 || out[0] == 0)
    FAIL(ENOEXEC_LINUX, "bad interpreter path (PT_INTERP)");
  return 0;
}

long sx_load_elf(SxMem *m, int fd, int is_interp, SxImage *img, char *err, size_t errlen) {
  StatLinux st;
  Ehdr eh;
  Phdr ph[MAX_PHNUM]; /* 56 KiB: fine on any thread stack, and no shared state */
  long r = host_fstat(fd, &st);
  if (r < 0) FAIL(-r, "cannot stat");
  if ((st.st_mode & S_IFMT_LINUX) != S_IFREG_LINUX) FAIL(EACCES_LINUX, "Permission denied");
  uint64_t size = (uint64_t)st.st_size;
  if (size < 4) FAIL(ENOEXEC_LINUX, "not an ELF file (too short)");
  if (size < sizeof eh) {
    uint8_t magic[4];
    if (read_exact(fd, magic, 4, 0) == 0 && memcmp(magic, "\177ELF", 4) == 0)
      FAIL(ENOEXEC_LINUX, "truncated ELF header");
    FAIL(ENOEXEC_LINUX, "not an ELF file");
  }
  if (read_exact(fd, &eh, sizeof eh, 0) < 0) FAIL(EIO_LINUX, "cannot read ELF header");
  if (memcmp(eh.ident, "\177ELF", 4) != 0) FAIL(ENOEXEC_LINUX, "not an ELF file");
  if (eh.ident[4] != 2) FAIL(ENOEXEC_LINUX, "not a 64-bit ELF file");
  if (eh.ident[5] != 1) FAIL(ENOEXEC_LINUX, "not a little-endian ELF file");
  if (eh.ident[6] != 1 || eh.version != 1) FAIL(ENOEXEC_LINUX, "unknown ELF version");
  if (eh.machine != EM_X86_64)
    FAIL(ENOEXEC_LINUX, "ELF file is for another machine (e_machine %u, need x86-64)", eh.machine);
  if (eh.type != ET_EXEC && eh.type != ET_DYN)
    FAIL(ENOEXEC_LINUX, "not an executable ELF file (e_type %u)", eh.type);
  if (eh.phentsize != sizeof(Phdr)) FAIL(ENOEXEC_LINUX, "bad program header size %u", eh.phentsize);
  if (eh.phnum == 0 || eh.phnum > MAX_PHNUM)
    FAIL(ENOEXEC_LINUX, "bad program header count %u", eh.phnum);
  if (eh.phoff > size || (uint64_t)eh.phnum * sizeof(Phdr) > size - eh.phoff)
    FAIL(ENOEXEC_LINUX, "program headers lie past the end of the file");
  if (read_exact(fd, ph, (size_t)eh.phnum * sizeof(Phdr), (int64_t)eh.phoff) < 0)
    FAIL(EIO_LINUX, "cannot read program headers");

  uint64_t lo = ~0ull, hi = 0, prev_end = 0, phdr_vaddr = 0;
  int nload = 0, have_phdr = 0;
  for (int i = 0; i < eh.phnum; i++) {
    const Phdr *p = &ph[i];
    if (p->type == PT_INTERP) {
      if (is_interp) FAIL(ENOEXEC_LINUX, "the program interpreter has an interpreter itself");
      if (img->interp[0]) FAIL(ENOEXEC_LINUX, "more than one PT_INTERP");
      r = read_interp(fd, p, size, img->interp, err, errlen);
      if (r < 0) return r;
    }
    if (p->type == PT_PHDR) { phdr_vaddr = p->vaddr; have_phdr = 1; }
    if (p->type != PT_LOAD || p->memsz == 0) continue;
    if (p->filesz > p->memsz) FAIL(ENOEXEC_LINUX, "segment %d: file size exceeds memory size", i);
    if (p->memsz > MAX_SEGMENT) FAIL(ENOEXEC_LINUX, "segment %d: absurd size %#llx", i,
                                     (unsigned long long)p->memsz);
    if (p->offset > size || p->filesz > size - p->offset)
      FAIL(ENOEXEC_LINUX, "segment %d: file data lies past the end of the file", i);
    if ((p->vaddr & SX_PAGE_MASK) != (p->offset & SX_PAGE_MASK))
      FAIL(ENOEXEC_LINUX, "segment %d: address and file offset are not congruent", i);
    if (p->vaddr >= SX_ADDR_LIMIT || p->memsz > SX_ADDR_LIMIT - p->vaddr)
      FAIL(ENOEXEC_LINUX, "segment %d: address out of range", i);
    if (nload && p->vaddr < prev_end)
      FAIL(ENOEXEC_LINUX, "segment %d overlaps the previous one or is out of order", i);
    prev_end = p->vaddr + p->memsz;
    if (p->vaddr < lo) lo = p->vaddr;
    if (prev_end > hi) hi = prev_end;
    nload++;
  }
  if (!nload) FAIL(ENOEXEC_LINUX, "no loadable segments");

  /* A PIE goes where Linux puts it without ASLR; an interpreter (ld.so) goes to the top of
   * the mmap area, as the kernel maps it. */
  uint64_t base = 0;
  if (eh.type == ET_DYN && !is_interp) base = SX_PIE_BASE(m) - (lo & ~SX_PAGE_MASK);
  if (eh.type == ET_DYN && is_interp) {
    uint64_t span = ((hi + SX_PAGE_MASK) & ~SX_PAGE_MASK) - (lo & ~SX_PAGE_MASK);
    uint64_t at = sx_mem_find_free(m, 0, span);
    if (!at) FAIL(ENOMEM_LINUX, "no room for the program interpreter");
    base = at - (lo & ~SX_PAGE_MASK);
  }
  if (base + hi > SX_STACK_TOP(m) - SX_STACK_SIZE || base + hi < base)
    FAIL(ENOEXEC_LINUX, "segments collide with the stack");
  if (eh.entry < lo || eh.entry >= hi) FAIL(ENOEXEC_LINUX, "entry point outside the segments");

  /* Map every page writable while copying, then apply the final protections; a page shared
   * by two segments gets the union of theirs. */
  uint64_t mapped_end = 0;
  for (int i = 0; i < eh.phnum; i++) {
    const Phdr *p = &ph[i];
    if (p->type != PT_LOAD || p->memsz == 0) continue;
    uint64_t start = (base + p->vaddr) & ~SX_PAGE_MASK;
    uint64_t end = (base + p->vaddr + p->memsz + SX_PAGE_MASK) & ~SX_PAGE_MASK;
    if (start < mapped_end) start = mapped_end;
    if (start < end) {
      r = sx_mem_map(m, start, end - start, SX_PROT_READ | SX_PROT_WRITE);
      if (r < 0) FAIL(-r, "cannot map segment %d", i);
      mapped_end = end;
    }
    /* Read straight into the new image (mapped writable just above). */
    if (p->filesz) {
      void *dst = sx_mem_ptr(m, base + p->vaddr, p->filesz, SX_PROT_WRITE);
      if (!dst) FAIL(ENOEXEC_LINUX, "cannot write segment %d", i);
      if (read_exact(fd, dst, p->filesz, (int64_t)p->offset) < 0) FAIL(EIO_LINUX, "read error");
    }
  }
  int prev_prot = 0;
  uint64_t prev_last = ~0ull;
  for (int i = 0; i < eh.phnum; i++) {
    const Phdr *p = &ph[i];
    if (p->type != PT_LOAD || p->memsz == 0) continue;
    uint64_t start = (base + p->vaddr) & ~SX_PAGE_MASK;
    uint64_t end = (base + p->vaddr + p->memsz + SX_PAGE_MASK) & ~SX_PAGE_MASK;
    int prot = prot_of(p->flags);
    sx_mem_protect(m, start, end - start, prot);
    if (start == prev_last) sx_mem_protect(m, start, SX_PAGE_SIZE, prot | prev_prot);
    prev_last = end - SX_PAGE_SIZE;
    prev_prot = prot;
  }

  img->base = base;
  img->entry = base + eh.entry;
  img->start = img->entry;
  img->phnum = eh.phnum;
  img->phent = sizeof(Phdr);
  img->brk = (base + hi + SX_PAGE_MASK) & ~SX_PAGE_MASK;
  img->phdr = 0;
  if (have_phdr) {
    img->phdr = base + phdr_vaddr;
  } else {
    for (int i = 0; i < eh.phnum; i++) {
      const Phdr *p = &ph[i];
      if (p->type == PT_LOAD && eh.phoff >= p->offset && eh.phoff - p->offset < p->filesz) {
        img->phdr = base + p->vaddr + (eh.phoff - p->offset);
        break;
      }
    }
  }
  return 0;
}

long sx_load_interp(SxMem *m, int fd, SxImage *img, char *err, size_t errlen) {
  SxImage ld;
  ld.interp[0] = 0;
  long r = sx_load_elf(m, fd, 1, &ld, err, errlen);
  if (r < 0) return r;
  img->start = ld.entry;
  img->interp_base = ld.base;
  return 0;
}
