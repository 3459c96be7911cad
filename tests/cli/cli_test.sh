#!/usr/bin/env bash
# End-to-end checks of the tagrace command: exit codes (0 verified, 1 violation, 2 bad
# input), messages that list the valid choices, and that the printed replay command
# reproduces the identical counterexample trace.
set -uo pipefail
bin=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() {  # expect CODE PATTERN -- ARGS...
  local code=$1 pattern=$2; shift 3
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL: tagrace $* exited $rc, expected $code"; cat "$tmp/err"; fail=1; return
  fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/out" "$tmp/err"; then
    echo "FAIL: tagrace $*: output lacks /$pattern/"; fail=1
  fi
}

expect 0 "shared-mprotect-vs-fault" -- list
expect 0 "pg-mte-lock" -- list
expect 2 "valid: .*shared-mprotect-vs-fault" -- check --scenario nope --strategy pg-mte-lock
expect 2 "valid: .*pg-mte-lock" -- check --scenario shared-mprotect-vs-fault --strategy nope
expect 2 "valid: .*v6.2" -- check --scenario shared-mprotect-vs-fault --kernel v9.9
expect 2 "out of range" -- check --scenario shared-mprotect-vs-fault -p mms=99
expect 2 "not an integer" -- check --scenario shared-mprotect-vs-fault -p mms=two
expect 2 "unknown parameter 'bogus'" -- check --scenario shared-mprotect-vs-fault -p bogus=1
expect 2 "KEY=VALUE" -- check --scenario shared-mprotect-vs-fault -p mms
expect 2 "valid: exhaustive" -- check --scenario shared-mprotect-vs-fault --search bfs
expect 2 "malformed --schedule" -- replay --scenario shared-mprotect-vs-fault --schedule 'x*y'
expect 2 "" -- check
expect 2 "" -- frobnicate
expect 0 "VERDICT   verified" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock
expect 1 "VIOLATION tag-loss" -- check --scenario shared-mprotect-vs-fault --strategy flag-after-init
expect 2 "valid: none, pages" -- check --scenario shared-mprotect-vs-fault --decompose threads
expect 2 "needs --search exhaustive" -- check --scenario shared-mprotect-vs-fault --decompose pages --search random
expect 0 "3 per-page components" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock -p mms=3 -p pages=3 --decompose pages
expect 1 "VIOLATION tag-loss" -- check --scenario shared-mprotect-vs-fault --strategy flag-after-init -p pages=3 --decompose pages
# Local-access merging: on by default for exhaustive proofs, off on request, same verdict.
expect 0 "merged +[1-9][0-9]* local steps" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock
expect 0 "VERDICT +verified" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock --no-local-merge
if grep -q "local steps" "$tmp/out"; then echo "FAIL: --no-local-merge still merged"; fail=1; fi
expect 1 "VIOLATION stale-exposure" -- check --scenario shared-mprotect-vs-fault --strategy flag-first --no-local-merge
# Proofs (exhaustive, dfs) default to the weak memory model, bug-finding searches to sc;
# every verdict line names its model.
expect 0 "kernel    v6.2 \(memory model: weak\)" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock
expect 0 "weak \(C11-style approximation" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock --search dfs
expect 0 "memory model: sc" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock --search bounded
expect 0 "sequentially consistent memory model" -- check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock --memory-model sc
expect 1 "VIOLATION tag-loss \(weak memory model\)" -- check --scenario shared-mprotect-vs-fault --strategy flag-after-init

# The replay line printed with a counterexample reproduces the identical trace, under
# either memory model.
replay_identical() {  # replay_identical CHECK-ARGS...
  "$bin" check "$@" >"$tmp/check" 2>/dev/null
  local replay
  replay=$(grep '^replay:' "$tmp/check" | head -1 | sed 's/^replay: *//; s/^tagrace //')
  if [ -z "$replay" ]; then echo "FAIL: no replay line for $*"; fail=1; return; fi
  # shellcheck disable=SC2086
  "$bin" $replay >"$tmp/replay" 2>/dev/null
  local rc=$?
  [ "$rc" -eq 1 ] || { echo "FAIL: replay of $* exited $rc, expected 1"; fail=1; }
  # the first counterexample (a weak check may add what a data race leads to)
  awk '/^VIOLATION/{on=1} /^replay:/{if (on) exit} on' "$tmp/check" >"$tmp/a"
  awk '/^VIOLATION/{on=1} /^replay:/{if (on) exit} on' "$tmp/replay" >"$tmp/b"
  # The check says how it minimised; the replay has nothing to minimise.
  sed 's/, fewest preemptions found: [0-9]*//' "$tmp/a" >"$tmp/a2"
  sed 's/, fewest preemptions found: [0-9]*//' "$tmp/b" >"$tmp/b2"
  if [ ! -s "$tmp/a2" ] || ! diff -q "$tmp/a2" "$tmp/b2" >/dev/null; then
    echo "FAIL: replay trace differs from the check's for $*"; diff "$tmp/a2" "$tmp/b2" | head -20; fail=1
  fi
}
replay_identical --scenario shared-mprotect-vs-fault --strategy flag-first --memory-model sc
grep -q -- "--memory-model sc" "$tmp/check" || { echo "FAIL: sc replay line lacks --memory-model sc"; fail=1; }
replay_identical --scenario shared-mprotect-vs-fault --strategy flag-first
replay_identical --scenario shared-mprotect-vs-fault --strategy flag-first --memory-model weak
expect 2 "valid: sc, weak" -- check --scenario shared-mprotect-vs-fault --memory-model tso
grep -q -- "--memory-model weak" "$tmp/check" || { echo "FAIL: weak replay line lacks --memory-model weak"; fail=1; }
# JSON output parses and carries the schema version and context.
"$bin" check --scenario shared-mprotect-vs-fault --strategy pg-mte-lock --json >"$tmp/j" 2>/dev/null
python3 -c "import json,sys; d=json.load(open('$tmp/j')); assert d['schema_version']==1; assert d['result']['verdict']=='verified'; assert d['context']['git_revision']" \
  || { echo "FAIL: JSON output"; fail=1; }
[ "$fail" -eq 0 ] && echo "cli: all checks passed"
exit "$fail"
