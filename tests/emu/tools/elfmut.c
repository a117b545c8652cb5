/* Writes a damaged copy of an ELF64 executable for the loader's hostile-input checks:
 *   elfmut IN OUT overlap|hugemem|offpast|entry|filesz
 * Runs natively on the host (it only edits bytes), never under nacre. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: elfmut IN OUT MODE\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  unsigned char *b = malloc((size_t)n);
  if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) return 1;
  fclose(f);
  Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
  Elf64_Phdr *ph = (Elf64_Phdr *)(b + eh->e_phoff);
  int loads[8], nl = 0;
  for (int i = 0; i < eh->e_phnum && nl < 8; i++)
    if (ph[i].p_type == PT_LOAD) loads[nl++] = i;
  if (nl < 2) { fprintf(stderr, "need two PT_LOAD segments\n"); return 1; }
  Elf64_Phdr *a = &ph[loads[0]], *z = &ph[loads[nl - 1]];
  const char *m = argv[3];
  if (!strcmp(m, "overlap")) { z->p_vaddr = a->p_vaddr; z->p_offset = a->p_offset; }
  else if (!strcmp(m, "hugemem")) z->p_memsz = 0x7fffffffffffull;
  else if (!strcmp(m, "offpast")) z->p_offset = (Elf64_Off)n + 0x10000;
  else if (!strcmp(m, "filesz")) z->p_filesz = z->p_memsz + 4096;
  else if (!strcmp(m, "entry")) eh->e_entry = 0x10;
  else { fprintf(stderr, "unknown mode %s\n", m); return 2; }
  f = fopen(argv[2], "wb");
  if (!f || fwrite(b, 1, (size_t)n, f) != (size_t)n) return 1;
  fclose(f);
  return 0;
}
