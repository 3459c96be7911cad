#!/usr/bin/env bash
# Installs what is missing, builds, and runs the default test suite (ctest, all tests
# but the long labelled groups: ctest -L long runs those).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" -LE long --output-junit junit.xml "$@"
