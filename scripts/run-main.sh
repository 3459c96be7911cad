#!/usr/bin/env bash
# The main job: install what is missing, build, and run the verification matrix
# (every scenario x every strategy); writes reports/matrix.md and reports/matrix.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/app/tagrace matrix --out reports "$@"
