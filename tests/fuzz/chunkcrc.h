/* Shared by the bytecode mutation test and the undump fuzz target: recomputing a mutated
 * chunk's CRC-32 (docs/bytecode.md) so mutations reach the verifier, not just the checksum. */
#ifndef TESTS_CHUNKCRC_H
#define TESTS_CHUNKCRC_H

#include <stddef.h>
#include <stdint.h>

static uint32_t crc32(const unsigned char *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

static void put32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

#endif
