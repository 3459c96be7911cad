#!/usr/bin/env bash
# Installs tagrace's build and test dependencies from Debian's packages (idempotent).
set -euo pipefail
pkgs=(g++-12 cmake ninja-build pkg-config libgtest-dev libgmock-dev libbenchmark-dev
      libtbb-dev libhwloc-dev libboost-context-dev libcli11-dev nlohmann-json3-dev libfmt-dev
      chromium)  # chromium: headless rendering test of the report page (ctest label browser)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all dependencies present" >&2
