// disjoint-faults: a thin wrapper over scenarios/disjoint-faults.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_disjoint_faults() { return file::builtin_file_scenario("disjoint-faults"); }

}  // namespace tagrace::scenarios::detail
