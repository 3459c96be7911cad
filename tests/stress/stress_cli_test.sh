#!/usr/bin/env bash
# End-to-end checks of `tagrace stress/project/report`: bad names and out-of-range
# values exit 2 with a clear message; a short run writes JSON that the report reads.
set -u
T=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() {  # run EXPECTED_CODES... -- ARGS...
  local codes=()
  while [ "$1" != "--" ]; do codes+=("$1"); shift; done
  shift
  "$T" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  for c in "${codes[@]}"; do [ "$rc" -eq "$c" ] && return 0; done
  echo "FAIL: tagrace $* exited $rc (want ${codes[*]})"; sed 's/^/  /' "$tmp/err"; fail=1
}
says() { grep -q "$1" "$tmp/err" || { echo "FAIL: expected message '$1'"; sed 's/^/  /' "$tmp/err"; fail=1; }; }

run 2 -- stress --workload nope;                 says "unknown workload 'nope' (valid: vm-startup"
run 2 -- stress --strategy nope;                 says "unknown strategy 'nope'"
run 2 -- stress --threads 0;                     says "not a thread count"
run 2 -- stress --threads 1,x;                   says "not a thread count"
run 2 -- stress --duration -1
run 2 -- stress --pages 1
run 2 -- stress --init bogus;                    says "unknown --init 'bogus'"
run 2 -- stress --kernel v9.9;                   says "unknown kernel version"
run 2 -- project --workload steady
run 2 -- project --topology "banana:3";          says "invalid hwloc synthetic topology"
run 2 -- project --topology "core:4" --workload nope; says "unknown workload"
run 2 -- project --topology "core:4" --repetitions 0;   says "repetitions: Value 0 not in range 1 to 100"
run 2 -- project --topology "core:4" --repetitions 101; says "repetitions: Value 101 not in range"
run 2 -- project --topology "core:4" --repetitions five; says "repetitions: Value five not in range"
run 2 -- report --in "$tmp/missing";            says "no such folder"

run 0 -- stress --workload steady --strategy pg-mte-lock flag-first --threads 1 --duration 0.05 --json --out "$tmp/r"
grep -q '"schema_version"' "$tmp/out" || { echo "FAIL: stress --json has no schema_version"; fail=1; }
grep -q '"ops_per_s"' "$tmp/r/stress.json" || { echo "FAIL: stress.json has no ops_per_s"; fail=1; }
# 4 = validation outside tolerance, 5 = too noisy to decide: reported, and still a valid
# record with every repetition's run, the noise and the verdict (stated on stderr too)
run 0 4 5 -- project --topology "package:1 core:4 pu:1" --workload steady --strategy pg-mte-lock --duration 0.02 \
  --repetitions 3 --out "$tmp/r"
says "project: validation .*max |error| .*medians of 3 runs per cell.*noise up to"
python3 - "$tmp/r/projection.json" <<'PY' || { echo "FAIL: projection.json lacks the repeated runs or verdict"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["repetitions"] == 3 and d["verdict"] in ("within", "unresolved", "OUTSIDE")
for v in d["series"][0]["validation"]:
    assert len(v["measured_runs"]) == 3 and len(v["error_runs"]) == 3 and v["noise"] >= 0
    assert v["verdict"] in ("within", "unresolved", "OUTSIDE")
PY
run 0 -- report --in "$tmp/r"
for id in plot-throughput plot-projection plot-latency plot-lock-wait plot-tag-losses plot-validation; do
  grep -q "id=\"$id\"" "$tmp/r/report.html" || { echo "FAIL: report.html lacks $id"; fail=1; }
done
[ -s "$tmp/r/report.md" ] && [ -s "$tmp/r/report.json" ] || { echo "FAIL: report.md/json missing"; fail=1; }
[ $fail -eq 0 ] && echo "stress CLI: all checks passed"
exit $fail
