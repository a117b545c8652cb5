#!/usr/bin/env bash
# Cross-endianness: builds tests/bytecode/endian_host.c with the real vm/bytecode/ sources for a
# 32-bit big-endian host (powerpc, Debian's gcc-powerpc-linux-gnu) and runs it under qemu-ppc.
# Chunks dumped by this (x86-64) build must list identically there, and the big-endian
# writer's output must be byte-identical to the input and run here unchanged.
# usage: endian.sh WORKDIR     Env: NACRE, TOP, CROSS_CC, CROSS_QEMU
set -u
work=$1/endian
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:-$(cd "$HERE/../.." && pwd)}
CROSS_CC=${CROSS_CC:-powerpc-linux-gnu-gcc}
CROSS_QEMU=${CROSS_QEMU:-qemu-ppc}
NACRE=${NACRE:-$TOP/build/nacre}
mkdir -p "$work"
if ! command -v "$CROSS_CC" >/dev/null 2>&1 || ! command -v "$CROSS_QEMU" >/dev/null 2>&1; then
  echo "bytecode: cross-endianness check not run: needs $CROSS_CC (apt-get install gcc-powerpc-linux-gnu) and $CROSS_QEMU (qemu-user)"
  exit 0
fi
if ! "$CROSS_CC" -std=gnu11 -O1 -static -Wall -Wextra -Werror -I"$TOP/include" -I"$TOP" \
     "$HERE/endian_host.c" "$TOP"/vm/bytecode/*.c "$TOP/vm/opcodes.c" -o "$work/eh" 2>"$work/cc.log"; then
  echo "FAIL bytecode/endian_build: $(head -5 "$work/cc.log" | tr '\n' ' ')"
  exit 0
fi
cp "$HERE"/seeds/*.lua "$work/"
(cd "$work" && "$NACRE" "$HERE/dumpall.lua" .bin 0 *.lua && "$NACRE" "$HERE/dumpall.lua" .sbin 1 *.lua)
for chunk in "$work"/*.bin "$work"/*.sbin; do
  name=$(basename "$chunk")
  "$CROSS_QEMU" "$work/eh" "$chunk" "$chunk.be" >"$chunk.be.txt" 2>&1
  if ! grep -aq "^host: big-endian, 32-bit pointers" "$chunk.be.txt"; then
    echo "FAIL bytecode/endian_host_$name: $(tail -2 "$chunk.be.txt" | tr '\n' ' ')"
    continue
  fi
  grep -av "^host: " "$chunk.be.txt" >"$chunk.be.list"
  "$NACRE" disasm "$chunk" >"$chunk.list" 2>&1
  if cmp -s "$chunk.list" "$chunk.be.list"; then
    echo "PASS bytecode/endian_listing_$name"
  else
    echo "FAIL bytecode/endian_listing_$name: big-endian host reads it differently"
    diff "$chunk.list" "$chunk.be.list" | head -6 | sed 's/^/  /'
  fi
  if cmp -s "$chunk" "$chunk.be"; then
    echo "PASS bytecode/endian_rewrite_$name"
  else
    echo "FAIL bytecode/endian_rewrite_$name: big-endian writer's output differs"
  fi
  a=$(cd "$work" && "$NACRE" "$chunk" 2>&1 | od -c); b=$(cd "$work" && "$NACRE" "$chunk.be" 2>&1 | od -c)
  if [ -n "$a" ] && [ "$a" = "$b" ]; then
    echo "PASS bytecode/endian_run_$name"
  else
    echo "FAIL bytecode/endian_run_$name: runs differently"
  fi
done
