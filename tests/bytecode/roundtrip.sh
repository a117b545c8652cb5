#!/usr/bin/env bash
# Round trip: every check of tests/lua/*.lua is compiled, dumped with string.dump, loaded back
# from the binary file and run. Unstripped, the output (stdout, stderr, status) must equal
# running the source under nacre. Stripped, it must equal lua5.4 running its own stripped dump
# (both lose line numbers the same way); that comparison is made only for checks where nacre and
# lua5.4 already agree on the source, so a failure here is a bytecode failure.
# Usage: roundtrip.sh [file.lua ...]   Env: NACRE, TOP, JOBS, ORACLE, ROUNDTRIP_EVERY (only every
# Nth check, counted over all files; default 1).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:-$(cd "$HERE/../.." && pwd)}
NACRE=${NACRE:-$TOP/build/nacre}
ORACLE=${ORACLE:-lua5.4}
JOBS=${JOBS:-2}
export NACRE ORACLE

work=$(mktemp -d "${TMPDIR:-/tmp}/nacre-bc-rt.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/c"

files=("$@")
[ ${#files[@]} -eq 0 ] && files=("$TOP"/tests/lua/*.lua)
: >"$work/jobs"
for f in "${files[@]}"; do
  stem=$(basename "$f" .lua)
  awk -v dir="$work/c" -v stem="$stem" -v jobs="$work/jobs" '
    /^--## / {
      if (out) close(out)
      n++
      name = substr($0, 6); gsub(/[ \t]+$/, "", name)
      out = sprintf("%s/%s_%04d", dir, stem, n)
      printf "%s_%04d\t%s/%s\n", stem, n, stem, name >> jobs
    }
    out { print > out }
  ' "$f"
done
every=${ROUNDTRIP_EVERY:-1}
if [ "$every" -gt 1 ]; then
  awk -v e="$every" '(NR - 1) % e == 0' "$work/jobs" >"$work/jobs.some" && mv "$work/jobs.some" "$work/jobs"
  echo "roundtrip: one check in $every (ROUNDTRIP_EVERY=$every)"
fi

# Dump everything in three processes (nacre full, nacre stripped, lua5.4 stripped).
(cd "$work/c" && "$NACRE" "$HERE/dumpall.lua" .nb 0 * >/dev/null 2>&1)
(cd "$work/c" && "$NACRE" "$HERE/dumpall.lua" .ns 1 $(ls | grep -v '\.') >/dev/null 2>&1)
if command -v "$ORACLE" >/dev/null 2>&1; then
  (cd "$work/c" && "$ORACLE" "$HERE/dumpall.lua" .ls 1 $(ls | grep -v '\.') >/dev/null 2>&1)
fi

# run_as <work> <id> <tag> <program> <file>: runs file as test.lua in a fresh dir; the
# combined result (stdout, normalised stderr, status) goes to <work>/r/<id>.<tag>
run_as() {
  local work=$1 id=$2 tag=$3 prog=$4 file=$5
  local d=$work/d/$id.$tag
  mkdir -p "$d" "$work/r"
  cp "$file" "$d/test.lua"
  local clean=(env -u LUA_INIT -u LUA_INIT_5_4 -u LUA_PATH -u LUA_PATH_5_4 -u LUA_CPATH -u LUA_CPATH_5_4)
  # lua5.4 crashes on some stripped dumps (counted below): the subshell's own stderr, where
  # bash reports the crash, is dropped; the program's stderr is in $d/err.
  (cd "$d" && "${clean[@]}" timeout 30 "$prog" test.lua >"$d/out" 2>"$d/err" </dev/null; echo "status $?" >"$d/rc") 2>/dev/null
  sed -i -e 's/^nacre: /LUA: /' -e 's/^lua5\.4: /LUA: /' "$d/err"
  cat "$d/out" "$d/err" "$d/rc" >"$work/r/$id.$tag"
  rm -rf "$d"
}
# Per check: the dumped runs (nacre) and lua5.4 on the source and on its own stripped dump
# (lua5.4 starts faster than nacre). nacre on the source runs only when needed to tell a
# bytecode failure from a check where nacre and lua5.4 differ anyway.
one() {
  local work=$1 id=$2 c=$1/c/$2 r=$1/r/$2
  [ -f "$c.nb" ] || return 0
  run_as "$work" "$id" nb "$NACRE" "$c.nb"
  [ -f "$c.ns" ] && run_as "$work" "$id" ns "$NACRE" "$c.ns"
  if [ -f "$c.ls" ]; then
    run_as "$work" "$id" lsrc "$ORACLE" "$c"
    run_as "$work" "$id" ls "$ORACLE" "$c.ls"
  fi
  if ! { [ -f "$r.lsrc" ] && cmp -s "$r.nb" "$r.lsrc"; } || \
     { [ -f "$r.ls" ] && ! cmp -s "$r.ns" "$r.ls"; }; then
    run_as "$work" "$id" src "$NACRE" "$c"
  else
    cp "$r.lsrc" "$r.src"  # nacre's dumped run equals lua5.4's source run: stands for both
  fi
  return 0
}
export -f run_as one
cut -f1 "$work/jobs" | xargs -P "$JOBS" -n 1 bash -c 'one "$0" "$1"' "$work"

r=$work/r
skipped=0
while IFS=$'\t' read -r id name; do
  if [ ! -f "$work/c/$id.nb" ]; then
    skipped=$((skipped + 1))  # does not compile: nothing to dump
    continue
  fi
  if cmp -s "$r/$id.src" "$r/$id.nb"; then
    echo "PASS roundtrip/$name"
  else
    echo "FAIL roundtrip/$name: output differs after dump+load"
    diff "$r/$id.src" "$r/$id.nb" | head -n 8 | sed 's/^/  /'
  fi
  if [ -f "$r/$id.ls" ] && [ -f "$r/$id.ns" ]; then
    if cmp -s "$r/$id.ns" "$r/$id.ls"; then
      echo "PASS roundtrip-stripped/$name"
    elif grep -qE '^status (1[3-9][0-9])$' "$r/$id.ls"; then
      skipped=$((skipped + 1))  # lua5.4 itself crashes on its stripped dump (5.4.4 activelines bug)
    elif ! cmp -s "$r/$id.src" "$r/$id.lsrc"; then
      skipped=$((skipped + 1))  # nacre and lua5.4 differ on the source itself
    else
      echo "FAIL roundtrip-stripped/$name: stripped output differs from lua5.4's stripped run"
      diff "$r/$id.ls" "$r/$id.ns" | head -n 8 | sed 's/^/  /'
    fi
  fi
done <"$work/jobs"
echo "roundtrip: $skipped comparisons skipped (check does not compile, nacre differs from lua5.4 on the source, or lua5.4 crashes on its stripped dump)"
