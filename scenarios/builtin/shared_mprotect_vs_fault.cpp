// shared-mprotect-vs-fault: a thin wrapper over scenarios/shared-mprotect-vs-fault.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_shared_mprotect_vs_fault() { return file::builtin_file_scenario("shared-mprotect-vs-fault"); }

}  // namespace tagrace::scenarios::detail
