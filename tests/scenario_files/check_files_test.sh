#!/usr/bin/env bash
# `tagrace check FILE|DIR` exit codes and messages: 0 when every expected result holds,
# 1 when one does not, 2 with file:line:col for a malformed file; never a crash.
set -u
bin=$1; data=$2; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {  # expect RC REGEX -- ARGS...
  local rc=$1 re=$2; shift 3
  "$bin" "$@" >"$tmp/out" 2>&1; local got=$?
  if [ "$got" != "$rc" ] || ! grep -Eq -- "$re" "$tmp/out"; then
    echo "FAIL: tagrace $* -> rc $got (want $rc), output:"; cat "$tmp/out"; fails=$((fails+1))
  fi
}
expect 0 "as expected, 0 not" -- check "$data/good.mte"
expect 1 "FAILED" -- check "$data/wrong-expectation.mte"
mkdir -p "$tmp/dir/sub" && cp "$data/good.mte" "$tmp/dir/" && cp "$data/wrong-expectation.mte" "$tmp/dir/sub/"
expect 1 "2 file\(s\), 2 run\(s\): 1 as expected, 1 not" -- check "$tmp/dir"
cp "$data/bad-syntax.mte.txt" "$tmp/bad.mte"
expect 2 "bad.mte:7:1: expected '}' to close the block, found end of file" -- check "$tmp/bad.mte"
cp "$tmp/bad.mte" "$tmp/dir/"
expect 2 "bad.mte:7:1" -- check "$tmp/dir"
printf 'MTE x\nkernel v9.9\nthread T0 { }\n' >"$tmp/k.mte"
expect 2 "k.mte:2:1: unknown kernel version 'v9.9': expected one of v5.10" -- check "$tmp/k.mte"
expect 2 "no such file" -- check "$tmp/missing.mte"
expect 0 "VERDICT   verified" -- check --scenario "$data/good.mte"
expect 0 "VIOLATION tag-loss" -- check "$data/../../../scenarios/shared-mprotect-vs-fault.mte" --strategy per-mm-lock --kernel v6.2 --search exhaustive
expect 0 "as expected" -- check "$data/../../../scenarios/regressions/B10-swap-free-before-restore.mte" --kernel v6.4
# the replay command of a file counterexample reloads the file with its variants
"$bin" check --scenario "$data/../../../scenarios/regressions/B17-pfn-valid-zone-device.mte@+b17_pfn_valid_zone_device" --kernel v6.2 >"$tmp/b17" 2>&1
cmd=$(grep -m1 -o "tagrace replay .*" "$tmp/b17" | sed "s#^tagrace#$bin#")
eval "$cmd" >"$tmp/r" 2>&1
if [ -z "$cmd" ] || ! grep -q "VIOLATION stage2-safety" "$tmp/r"; then
  echo "FAIL: replay of a file counterexample: $cmd"; cat "$tmp/r"; fails=$((fails+1))
fi
[ $fails = 0 ] && echo "all file-check CLI tests passed"
exit $fails
