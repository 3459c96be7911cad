#!/usr/bin/env bash
# Renders a freshly generated report page in headless Debian Chromium (no network,
# throw-away profile) and checks that every plot is in the rendered DOM with its SVG
# drawn, and that a screenshot can be taken. Exit 77 (skipped) without chromium.
set -u
T=$1
CHROME=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROME" ] || { echo "no $CHROME: skipped (scripts/setup.sh installs it)"; exit 77; }
tmp=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$tmp" "$profile"' EXIT
"$T" matrix --scenario disjoint-faults --out "$tmp" --time-limit 20 >/dev/null 2>&1 || true
"$T" stress --workload vm-startup --strategy global-lock pg-mte-lock --threads 1,2 --duration 0.05 --out "$tmp" >/dev/null 2>&1 || exit 1
"$T" project --topology "package:1 core:8 pu:1" --workload vm-startup --strategy global-lock pg-mte-lock \
  --duration 0.05 --out "$tmp" >/dev/null 2>&1
"$T" report --in "$tmp" 2>/dev/null || exit 1
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$profile")
timeout 120 "$CHROME" "${flags[@]}" --dump-dom "file://$tmp/report.html" >"$tmp/dom.html" 2>"$tmp/chrome.err"
timeout 120 "$CHROME" "${flags[@]}" --window-size=1200,5000 --screenshot="$tmp/shot.png" \
  "file://$tmp/report.html" >/dev/null 2>>"$tmp/chrome.err"
fail=0
[ -s "$tmp/dom.html" ] || { echo "FAIL: chromium rendered nothing"; tail -5 "$tmp/chrome.err"; exit 1; }
for id in plot-matrix plot-throughput plot-projection plot-latency plot-lock-wait plot-tag-losses plot-validation; do
  # the figure, then an <svg> with drawn content before the figure closes
  block=$(awk -v id="id=\"$id\"" 'index($0, id) {on=1} on {print} on && /<\/figure>/ {exit}' "$tmp/dom.html")
  [ -n "$block" ] || { echo "FAIL: $id not in the rendered DOM"; fail=1; continue; }
  grep -q "<svg" <<<"$block" || { echo "FAIL: $id has no svg"; fail=1; }
  echo "$block" | grep -Eq "<(polyline|rect|circle)" || { echo "FAIL: $id draws nothing"; fail=1; }
done
[ -s "$tmp/shot.png" ] || { echo "FAIL: no screenshot"; fail=1; }
[ $fail -eq 0 ] && echo "report renders in $("$CHROME" --version 2>/dev/null): every plot present"
exit $fail
