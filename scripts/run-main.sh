#!/usr/bin/env bash
# The main job: install what is missing, build, run the verification matrix (every
# scenario x every strategy), a short stress comparison on real threads and the
# many-core projection, then draw the report: reports/report.html (self-contained,
# inline SVG), reports/report.md and reports/report.json, with matrix.*, stress.json
# and projection.json beside them. Takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
out=reports
./build/app/tagrace matrix --out "$out" "$@"
echo "run-main: stress comparison (real threads, load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
./build/app/tagrace stress --workload all --strategy all --threads 1,2 --duration 0.25 --out "$out" >"$out/stress.md"
echo "run-main: many-core projection" >&2
# exit 4 = validation outside the 20% tolerance, 5 = too noisy to decide at 20%: the
# report shows either, the run goes on. 5 short runs per cell (medians) instead of one.
./build/app/tagrace project --topology "package:2 numa:2 core:32 pu:1" --workload vm-startup --strategy all \
  --duration 0.05 --repetitions 5 --out "$out" >"$out/projection.md" ||
  { rc=$?; [ $rc -eq 4 ] || [ $rc -eq 5 ]; }
./build/app/tagrace report --in "$out"
echo "run-main: report at $(pwd)/$out/report.html (and report.md, report.json)" >&2
