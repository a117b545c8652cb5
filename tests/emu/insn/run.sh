#!/usr/bin/env bash
# Instruction differential test: builds the harness against the CPU and memory sources and
# runs it; prints one PASS/FAIL line per instruction family. INSN_SCALE scales case counts.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../../.." && pwd)}
CC=${CC:-cc}
BUILD=${BUILD:-$TOP/build}
out=$BUILD/tests/insn
mkdir -p "$out"
src="$TOP/tests/emu/insn/harness.c $TOP/tests/emu/insn/int_cases.c $TOP/tests/emu/insn/sse_cases.c
     $TOP/tests/emu/insn/x87_cases.c $TOP/tests/emu/insn/mem_cases.c $TOP/syscall-shim/cpu/*.c $TOP/syscall-shim/guest/mem.c
     $TOP/syscall-shim/host/mem.c $TOP/syscall-shim/host/thread.c $TOP/syscall-shim/host/errno.c"
# The harness itself runs native code with fixed mappings, so it is built without sanitizers.
if ! $CC -std=gnu11 -O2 -g -Wall -Wextra -Werror -fno-strict-aliasing -I"$TOP" -o "$out/insn" $src -lm -lpthread \
     2> "$out/build.log"; then
  cat "$out/build.log"
  echo "FAIL insn-build: the harness did not compile"
  exit 0
fi
"$out/insn" "${INSN_SCALE:-1}"
status=$?
if [ $status -ne 0 ]; then echo "FAIL insn-harness: exited with status $status"; fi

# The emulator-only families again under ASan and UBSan: random code and API misuse must
# never touch memory outside the guest's.
if [ -z "${INSN_ONLY:-}" ]; then
  if $CC -std=gnu11 -O1 -g -fno-strict-aliasing -fsanitize=address,undefined -fno-sanitize-recover=undefined \
       -fno-omit-frame-pointer -I"$TOP" -o "$out/insn-san" $src -lm -lpthread 2> "$out/build-san.log"; then
    ASAN_OPTIONS=detect_leaks=1 INSN_ONLY=mem,junk INSN_TAG=-sanitized "$out/insn-san" "${INSN_SCALE:-1}"
    status=$?
    if [ $status -ne 0 ]; then echo "FAIL insn-sanitized: exited with status $status"; fi
  else
    echo "  (sanitizer build unavailable with $CC; skipped)"
  fi
fi
exit 0
