// libFuzzer target for the .mte front end: tokenize, parse, validate and compile the
// plan at default parameters. Any input must end in a Scenario or a FileError with a
// position; a crash, a sanitizer report or another exception is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenarios/file/file_scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto s = tagrace::scenarios::file::load_scenario_text(text, "fuzz.mte");
    (void)s->params();
  } catch (const tagrace::scenarios::file::FileError& e) {
    if (e.loc.line < 1 || e.loc.col < 1) __builtin_trap();
  }
  return 0;
}
