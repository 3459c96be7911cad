#!/usr/bin/env bash
# Builds and runs the libFuzzer target of the .mte scenario parser with clang
# (-fsanitize=fuzzer,address,undefined). The main build uses g++, so this compiles the
# model and scenario sources itself. Usage:
#   scripts/fuzz_scenario_parser.sh [BUILD_DIR] [SECONDS] [extra libFuzzer args]
# e.g. a long run: scripts/fuzz_scenario_parser.sh build-fuzz 3600 -jobs=4 -workers=4
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-fuzz}
secs=${2:-30}
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$out/corpus" "$out/objs"
CXX=${CXX_FUZZ:-clang++}
flags="-std=c++20 -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -I$root"
srcs=$(cd "$root" && ls model/*.cpp model/paths/*.cpp model/strategies/*.cpp model/backends/*.cpp \
  model/policy/*.cpp scenarios/*.cpp scenarios/builtin/*.cpp scenarios/file/*.cpp 2>/dev/null)
cat > "$out/embedded_stub.cpp" <<'STUB'
#include "scenarios/file/builtin_files.hpp"
namespace tagrace::scenarios::file {
const std::vector<std::pair<const char*, const char*>>& embedded_builtin_files() {
  static const std::vector<std::pair<const char*, const char*>> none;
  return none;
}
}  // namespace tagrace::scenarios::file
STUB
# stale OBJ SRC: the object is missing, or older than its source or than any project
# header it read (its -MMD dependency file): a header that changes a class's layout must
# rebuild every object that uses the class.
stale() {
  local o=$1 src=$2 dep
  [ -f "$o" ] && [ -f "$o.d" ] && [ ! "$src" -nt "$o" ] || return 0
  for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$o.d"); do
    [ "$dep" -nt "$o" ] && return 0
  done
  return 1
}
objs=()
for s in $srcs "$out/embedded_stub.cpp" "$root/tests/scenario_files/fuzz_scenario_parser.cpp"; do
  case "$s" in /*) src=$s ;; *) src=$root/$s ;; esac
  o="$out/objs/$(echo "$s" | tr '/' '_').o"
  if stale "$o" "$src"; then $CXX $flags -MMD -MF "$o.d" -c "$src" -o "$o"; fi
  objs+=("$o")
done
$CXX -fsanitize=fuzzer,address,undefined "${objs[@]}" -o "$out/fuzz_scenario_parser" -lpthread
find "$root/scenarios" "$root/tests/scenario_files" -name '*.mte' -exec cp {} "$out/corpus/" \; 2>/dev/null || true
cat > "$out/mte.dict" <<'DICT'
"MTE"
"kernel"
"strategy"
"granules"
"variant"
"config"
"param"
"check"
"requires"
"init"
"thread"
"for"
"in"
"if"
"else"
"exists"
"forall"
"Result"
"Never"
"Sometimes"
"Refused"
"USER("
"STALE"
"INIT"
"/\\"
"\\/"
"$("
".."
"tags("
"PG_mte_tagged("
"stage2("
"mmap"
"memfd"
"page"
"pagecache"
"memslot"
"vm"
"mm"
"mprotect"
"write_read_tags"
"user_mem_abort"
DICT
exec "$out/fuzz_scenario_parser" "$out/corpus" -dict="$out/mte.dict" -max_total_time="$secs" -max_len=4096 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
