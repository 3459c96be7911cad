// swap-in-shared: a thin wrapper over scenarios/swap-in-shared.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_swap_in_shared() { return file::builtin_file_scenario("swap-in-shared"); }

}  // namespace tagrace::scenarios::detail
