/* The initial process stack: strings at the top, then (16-byte aligned at argc) argc, argv[],
 * NULL, envp[], NULL, and the auxiliary vector, in the layout the x86-64 psABI specifies. */
#include <string.h>

#include "syscall-shim/host/host.h"
#include "syscall-shim/loader/loader.h"

/* Pushes a string (with its NUL) below *sp; returns its guest address or 0. */
static uint64_t push_str(SxMem *m, uint64_t *sp, uint64_t floor, const char *s) {
  size_t n = strlen(s) + 1;
  if (*sp - floor < n + 4096) return 0;
  *sp -= n;
  return sx_mem_write(m, *sp, s, n, 0) < 0 ? 0 : *sp;
}

uint64_t sx_build_stack(SxMem *m, SxImage *img, int argc, char *const *argv,
                        char *const *envp, const char *execfn) {
  uint64_t floor = SX_STACK_TOP(m) - SX_STACK_SIZE;
  if (sx_mem_map(m, floor, SX_STACK_SIZE, SX_PROT_READ | SX_PROT_WRITE) < 0) return 0;
  int envc = 0;
  while (envp && envp[envc]) envc++;
  uint64_t sp = SX_STACK_TOP(m) - 8;   /* Linux leaves a NULL word at the very top */
  uint64_t fn = push_str(m, &sp, floor, execfn);
  uint64_t env_at[envc + 1], arg_at[argc + 1];
  for (int i = envc - 1; i >= 0; i--)
    if (!(env_at[i] = push_str(m, &sp, floor, envp[i]))) return 0;
  for (int i = argc - 1; i >= 0; i--)
    if (!(arg_at[i] = push_str(m, &sp, floor, argv[i]))) return 0;
  img->arg_start = argc ? arg_at[0] : sp;
  img->arg_end = img->env_start = envc ? env_at[0] : fn;
  img->env_end = fn;
  if (!argc) img->arg_end = img->arg_start;
  uint64_t platform = push_str(m, &sp, floor, "x86_64");
  if (!fn || !platform) return 0;
  unsigned char rnd[16];
  host_random(rnd, sizeof rnd);
  sp = (sp - 16) & ~15ull;
  uint64_t random_at = sp;
  if (sx_mem_write(m, random_at, rnd, 16, 0) < 0) return 0;

  uint64_t aux[][2] = {
    {AT_PHDR_LINUX, img->phdr}, {AT_PHENT_LINUX, img->phent}, {AT_PHNUM_LINUX, img->phnum},
    {AT_PAGESZ_LINUX, SX_PAGE_SIZE}, {AT_BASE_LINUX, img->interp_base}, {AT_FLAGS_LINUX, 0},
    {AT_ENTRY_LINUX, img->entry}, {AT_UID_LINUX, host_getuid()}, {AT_EUID_LINUX, host_geteuid()},
    {AT_GID_LINUX, host_getgid()}, {AT_EGID_LINUX, host_getegid()}, {AT_SECURE_LINUX, 0},
    /* SSE2-class baseline: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat
     * pse36 clflush mmx fxsr sse sse2, which is what cpuid advertises. */
    {AT_HWCAP_LINUX, 0x078bfbff}, {AT_HWCAP2_LINUX, 0}, {AT_CLKTCK_LINUX, 100},
    {AT_PLATFORM_LINUX, platform}, {AT_RANDOM_LINUX, random_at}, {AT_EXECFN_LINUX, fn},
    {AT_NULL_LINUX, 0},
  };
  size_t naux = sizeof aux / sizeof aux[0];
  uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * naux;
  sp = (sp - words * 8) & ~15ull;
  if (sp < floor + 4096) return 0;
  uint64_t w = sp, v = (uint64_t)argc;
  if (sx_mem_write(m, w, &v, 8, 0) < 0) return 0;
  w += 8;
  for (int i = 0; i < argc; i++, w += 8)
    if (sx_mem_write(m, w, &arg_at[i], 8, 0) < 0) return 0;
  v = 0;
  if (sx_mem_write(m, w, &v, 8, 0) < 0) return 0;
  w += 8;
  for (int i = 0; i < envc; i++, w += 8)
    if (sx_mem_write(m, w, &env_at[i], 8, 0) < 0) return 0;
  if (sx_mem_write(m, w, &v, 8, 0) < 0) return 0;
  w += 8;
  if (sx_mem_write(m, w, aux, naux * 16, 0) < 0) return 0;
  img->auxv_start = w;
  img->auxv_end = w + naux * 16;
  return sp;
}
