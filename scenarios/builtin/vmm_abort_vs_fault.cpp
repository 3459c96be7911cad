// vmm-abort-vs-fault: a thin wrapper over scenarios/vmm-abort-vs-fault.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_vmm_abort_vs_fault() { return file::builtin_file_scenario("vmm-abort-vs-fault"); }

}  // namespace tagrace::scenarios::detail
