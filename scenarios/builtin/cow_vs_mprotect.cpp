// cow-vs-mprotect: a thin wrapper over scenarios/cow-vs-mprotect.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_cow_vs_mprotect() { return file::builtin_file_scenario("cow-vs-mprotect"); }

}  // namespace tagrace::scenarios::detail
