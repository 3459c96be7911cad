// thp-abort-vs-fault: a thin wrapper over scenarios/thp-abort-vs-fault.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_thp_abort_vs_fault() { return file::builtin_file_scenario("thp-abort-vs-fault"); }

}  // namespace tagrace::scenarios::detail
